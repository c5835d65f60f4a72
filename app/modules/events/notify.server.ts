// In-app notifications about events (issue 13): invitation, update, cancellation, waiting-list promotion, reminder.
// The email for these is the event's own calendar mail (mail.server.ts), so no mail goes with them; the notification
// carries the event's scope, so a digest re-checks access. Told through the caller's unit of work: the badge of
// each person told goes up after COMMIT.
import type { Executor } from "~/context";
import type { Effects } from "~/modules/effects/unit-of-work.server";
import type { NotificationKind } from "~/modules/notifications/notifications.server";
import { peopleByIds } from "~/modules/notifications/tell.server";

export async function tellEvent(
  trx: Executor,
  fx: Pick<Effects, "tell">,
  msg: {
    kind: Extract<NotificationKind, "event_invitation" | "event_update" | "event_cancelled" | "event_promoted" | "rsvp_reminder">;
    eventId: string;
    personIds: (string | null)[];
    except?: string | null;
    key: string;
    by?: string;
  },
): Promise<string[]> {
  const to = await peopleByIds(trx, msg.personIds);
  if (to.length === 0) return [];
  const ev = await trx.selectFrom("event").select(["slug", "title_lv", "title_en"]).where("id", "=", msg.eventId).executeTakeFirst();
  if (!ev) return [];
  return fx.tell({
    kind: msg.kind,
    to,
    except: msg.except ?? null,
    key: msg.key,
    payload: { event: { lv: ev.title_lv, en: ev.title_en }, href: `/events/${ev.slug}`, by: msg.by ?? "" },
    mail: null,
    scope: { type: "event", id: msg.eventId },
  });
}
