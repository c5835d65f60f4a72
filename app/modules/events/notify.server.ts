// In-app notifications about events (issue 13): invitation, cancellation, waiting-list promotion. The email for these
// is the event's own calendar mail (mail.server.ts), so tell() sends none; the notification carries the event's
// scope, so a digest re-checks access. Without a unit of work (these transactions are the events module's own),
// pushNotified() sends `notification:new` after COMMIT to the people told.
import type { AppContext, Executor } from "~/context";
import type { NotificationKind } from "~/modules/notifications/notifications.server";
import { peopleByIds, tell } from "~/modules/notifications/tell.server";

export async function tellEvent(
  trx: Executor,
  ctx: Pick<AppContext, "config" | "mail">,
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
  return tell(trx, ctx, {
    kind: msg.kind,
    to,
    except: msg.except ?? null,
    key: msg.key,
    payload: { event: { lv: ev.title_lv, en: ev.title_en }, href: `/events/${ev.slug}`, by: msg.by ?? "" },
    mail: null,
    scope: { type: "event", id: msg.eventId },
  });
}

/** After COMMIT: the badge of each person told goes up in their open tabs. */
export function pushNotified(realtime: AppContext["realtime"], personIds: string[], kind: NotificationKind): void {
  for (const id of personIds) realtime.toUser(id, "notification:new", { kind });
}
