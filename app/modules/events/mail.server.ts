import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { AttendanceStatus, Locale } from "#db/schema";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import type { EventSnapshot } from "./snapshot";
import { currentToken, issueToken } from "./tokens.server";
import { replyAddressesFor } from "./reply-address.server";

/**
 * Event mail through the durable outbox (docs/requirements.md MAIL-1/MAIL-2): one message per recipient, enqueued in the
 * transaction that causes it, with the idempotency key
 *
 *     event:<event id>:<recipient>:<sequence>:<METHOD>[:<variant>]
 *
 * where <recipient> is the person id or guest:<email>. The key is the delivery record: unique in mail_outbox, so a
 * repeated request, a retry or a crashed worker never makes a second copy, and the row's status (queued, sent,
 * failed + reason) is what the organiser sees per invitee. Variants keep deliberately repeated messages of the same
 * revision apart: `notice-<ms>` (organiser re-sends after a title edit), `promoted-<waitlist pos>`,
 * `reminder-<start ms>`.
 */

export type EventMailKind = "invitation" | "update" | "notice" | "cancellation" | "uninvite" | "promoted" | "reminder" | "answer";

export const METHOD_OF: Record<EventMailKind, "REQUEST" | "CANCEL"> = {
  invitation: "REQUEST",
  update: "REQUEST",
  notice: "REQUEST",
  promoted: "REQUEST",
  reminder: "REQUEST",
  answer: "REQUEST",
  cancellation: "CANCEL",
  uninvite: "CANCEL",
};

export interface EventMailParams {
  kind: EventMailKind;
  method: "REQUEST" | "CANCEL";
  event: EventSnapshot;
  /** DTSTAMP: when this message was created (grows with every message for the UID, CAL-5). */
  stamp: string;
  attendee: { name: string; email: string; status: AttendanceStatus };
  organizer: { name: string; email: string };
  /** The event page for members, the personal RSVP page for guests. */
  answerPath: string;
  guest: boolean;
  showOnline: boolean;
  /**
   * The invitation's reply address (events+<token>@…) when INBOUND_ADDRESS is set: it is the ORGANIZER mailto and the
   * Reply-To, so Accept/Decline in a calendar reaches the platform (issue 16). Absent: replies are not read.
   */
  replyTo?: string;
  /** "answer" messages: the person's place on the waitlist (1 = next). */
  waitlistPlace?: number | null;
}

export interface Recipient {
  attendanceId: string;
  personId: string | null;
  guestEmail: string | null;
  name: string;
  email: string;
  locale: Locale;
  status: AttendanceStatus;
  waitlistPos: number | null;
  guestSalt: string | null;
  guestHash: string | null;
  /** Set when the caller has just issued the guest's token (saves deriving it again). */
  guestToken?: string;
}

type Ctx = Pick<AppContext, "config" | "mail">;

/** Attendees as mail recipients (deactivated people are skipped), in one query. */
export async function loadRecipients(exec: Executor, eventId: string, opts: { statuses?: AttendanceStatus[]; ids?: string[] } = {}): Promise<Recipient[]> {
  if (opts.ids && opts.ids.length === 0) return [];
  if (opts.statuses && opts.statuses.length === 0) return [];
  const rows = await exec
    .selectFrom("event_attendance as a")
    .leftJoin("person as p", "p.id", "a.person_id")
    .select(["a.id", "a.person_id", "a.guest_email", "a.guest_name", "a.guest_locale", "a.status", "a.waitlist_pos", "a.guest_token_salt", "a.guest_token_hash", "p.name", "p.email", "p.locale"])
    .where("a.event_id", "=", eventId)
    .where((eb) => eb.or([eb("a.person_id", "is", null), eb("p.deactivated_at", "is", null)]))
    .$if(!!opts.statuses, (q) => q.where("a.status", "in", opts.statuses!))
    .$if(!!opts.ids, (q) => q.where("a.id", "in", opts.ids!))
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
  return rows.map((r) => ({
    attendanceId: r.id,
    personId: r.person_id,
    guestEmail: r.guest_email,
    name: r.person_id ? (r.name ?? "") : r.guest_name,
    email: r.person_id ? r.email! : r.guest_email!,
    locale: (r.person_id ? r.locale : r.guest_locale) ?? "lv",
    status: r.status,
    waitlistPos: r.waitlist_pos,
    guestSalt: r.guest_token_salt,
    guestHash: r.guest_token_hash,
  }));
}

export function recipientKey(r: { personId: string | null; guestEmail: string | null }): string {
  return r.personId ?? `guest:${r.guestEmail}`;
}

export function mailKey(eventId: string, r: { personId: string | null; guestEmail: string | null }, sequence: number, method: string, variant?: string): string {
  return `event:${eventId}:${recipientKey(r)}:${sequence}:${method}${variant ? `:${variant}` : ""}`;
}

/** "Name <addr>" → its parts (the platform address is the ORGANIZER mailbox, see docs/events.md). */
export function parseMailbox(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1].trim(), email: m[2].trim() } : { name: "", email: from.trim() };
}

/** A guest's personal RSVP link; a token that can no longer be derived (secret replaced) is re-issued. */
async function guestPath(exec: Executor, ctx: Ctx, r: Recipient): Promise<string> {
  if (r.guestToken) return `/rsvp/${r.guestToken}`;
  const token = r.guestSalt && r.guestHash ? currentToken(ctx.config.sessionSecrets, "guest", r.attendanceId, r.guestSalt, r.guestHash) : null;
  if (token) return `/rsvp/${token}`;
  const fresh = issueToken(ctx.config.sessionSecrets, "guest", r.attendanceId);
  await exec.updateTable("event_attendance").set({ guest_token_salt: fresh.salt, guest_token_hash: fresh.hash }).where("id", "=", r.attendanceId).execute();
  return `/rsvp/${fresh.token}`;
}

/**
 * Enqueues one message of `kind` to each recipient at the snapshot's revision and records it as their newest
 * delivery, in the caller's transaction (batch inserts: one for the outbox rows, one for the jobs, one update).
 */
export async function mailAttendees(
  trx: Executor,
  ctx: Ctx,
  ev: EventSnapshot,
  recipients: Recipient[],
  kind: EventMailKind,
  opts: {
    variant?: (r: Recipient) => string | undefined;
    status?: (r: Recipient) => AttendanceStatus;
    recordDelivery?: boolean;
    waitlistPlace?: (r: Recipient) => number | null;
  } = {},
): Promise<number> {
  if (recipients.length === 0 || ev.status === "draft") return 0;
  const method = METHOD_OF[kind];
  const stamp = new Date().toISOString();
  const platform = parseMailbox(ctx.config.mailFrom);
  const organizer = { name: ev.organiserName || platform.name || platform.email, email: platform.email };
  const requests: MailRequest[] = [];
  // A removed invitee's CANCEL carries no reply address (theirs is revoked); every other message does.
  const replies = ctx.config.inboundAddress && kind !== "uninvite" ? await replyAddressesFor(trx, ctx.config.sessionSecrets, ctx.config.inboundAddress, ev, recipients) : null;
  for (const r of recipients) {
    const status = opts.status ? opts.status(r) : r.status;
    const replyTo = replies?.get(r.attendanceId);
    const params: EventMailParams = {
      kind,
      method,
      event: ev,
      stamp,
      attendee: { name: r.name, email: r.email, status },
      organizer: replyTo ? { name: organizer.name, email: replyTo } : organizer,
      ...(replyTo ? { replyTo } : {}),
      ...(opts.waitlistPlace ? { waitlistPlace: opts.waitlistPlace(r) } : {}),
      answerPath: r.guestEmail ? await guestPath(trx, ctx, r) : `/events/${ev.slug}`,
      guest: !!r.guestEmail,
      // Everyone who gets an invitation is an invitee: the join link is theirs (not after a cancellation).
      showOnline: method === "REQUEST" && status !== "declined",
    };
    requests.push({
      idempotencyKey: mailKey(ev.id, r, ev.sequence, method, opts.variant?.(r)),
      to: r.email,
      toName: r.name,
      locale: r.locale,
      template: "event_message",
      params: params as unknown as Record<string, unknown>,
      // One recipient's messages about this event arrive in order; a newer one supersedes any still unsent.
      orderKey: ev.uid,
    });
  }
  await enqueueMail(trx, ctx, requests);
  if (opts.recordDelivery === false) return requests.length;
  await sql`
    update event_attendance a set last_mail_key = v.key
    from unnest(${recipients.map((r) => r.attendanceId)}::uuid[], ${requests.map((q) => q.idempotencyKey)}::text[]) as v(id, key)
    where a.id = v.id`.execute(trx);
  return requests.length;
}
