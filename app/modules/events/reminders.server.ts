import { sql } from "kysely";
import type { AppContext } from "~/context";
import { loadSnapshot } from "./load.server";
import { loadRecipients, mailAttendees } from "./mail.server";
import { tellEvent } from "./notify.server";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";

/**
 * Reminders: `reminder_hours` (default 24) before the start, everyone going gets one message (with the current
 * ICS). A periodic pass (server/start.ts, every minute) finds published events inside their reminder window and
 * people going who were not yet reminded for this start time; each message's idempotency key
 * (…:REQUEST:reminder-<start ms>) makes it once per person and start time even if two instances run the pass at
 * the same moment. Moving the event re-arms the reminder for the new time. Each person reminded also gets an in-app
 * `rsvp_reminder` (once per start time), pushed live after COMMIT.
 */
export async function sendDueReminders(ctx: Pick<AppContext, "db" | "config" | "mail" | "realtime">, now = new Date()): Promise<number> {
  const due = await ctx.db
    .selectFrom("event as e")
    .select(["e.id", "e.starts_at"])
    .where("e.status", "=", "published")
    .where("e.reminder_hours", ">", 0)
    .where("e.starts_at", ">", now)
    .where(sql<boolean>`e.starts_at - make_interval(hours => e.reminder_hours) <= ${now}`)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("event_attendance as a")
          .select("a.id")
          .whereRef("a.event_id", "=", "e.id")
          .where("a.status", "=", "going")
          .where(sql<boolean>`a.reminded_for is distinct from e.starts_at`),
      ),
    )
    .limit(100)
    .execute();
  let sent = 0;
  for (const ev of due) {
    sent += await unitOfWork(ctx, async (trx, fx) => {
      // Lock the event: an edit or cancellation committing meanwhile is seen consistently.
      const e = await trx.selectFrom("event").select(["status", "starts_at"]).where("id", "=", ev.id).forUpdate().executeTakeFirstOrThrow();
      if (e.status !== "published") return 0;
      const ids = (
        await trx
          .selectFrom("event_attendance")
          .select("id")
          .where("event_id", "=", ev.id)
          .where("status", "=", "going")
          .where(sql<boolean>`reminded_for is distinct from ${e.starts_at}::timestamptz`)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      const recipients = await loadRecipients(trx, ev.id, { ids });
      const snap = await loadSnapshot(trx, ev.id);
      const startMs = new Date(e.starts_at).getTime();
      const n = await mailAttendees(trx, ctx, snap, recipients, "reminder", { variant: () => `reminder-${startMs}` });
      await trx.updateTable("event_attendance").set({ reminded_for: e.starts_at }).where("id", "in", ids).execute();
      await tellEvent(trx, fx, { kind: "rsvp_reminder", eventId: ev.id, personIds: recipients.map((r) => r.personId), key: `rsvp_reminder:${startMs}` });
      return n;
    });
  }
  return sent;
}
