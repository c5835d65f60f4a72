import crypto from "node:crypto";
import ICAL from "ical.js";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AppContext, Tx } from "~/context";
import type { AttendanceStatus, InboundOutcome, InboundVia } from "#db/schema";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import { ActionError } from "~/modules/errors";
import { describeError } from "~/lib/log";
import type { RsvpAnswer } from "./constants";
import { loadSnapshot } from "./load.server";
import { loadRecipients, parseMailbox, type Recipient } from "./mail.server";
import { replyAddress, tokenOfAddress } from "./reply-address.server";
import { answerInvitation } from "./rsvp.server";
import { currentToken, tokenHash } from "./tokens.server";

/**
 * Calendar replies (issue 16; RFC 5546 §3.2.3 REPLY, §3.2.7 COUNTER; RFC 6047 iMIP). Both receivers — the inbound SMTP
 * listener and the IMAP poller (server/inbound.ts) — hand each raw message to handleInbound(), which:
 *
 * 1. parses the MIME (mailparser) and drops auto-replies and mail without a calendar part;
 * 2. finds the invitation by the token in the recipient address (events+<token>@…) and checks the UID;
 * 3. parses the iCalendar (ical.js): exactly one VEVENT, METHOD REPLY (or COUNTER), exactly one ATTENDEE;
 * 4. accepts the reply only when its ATTENDEE is the invitee (case-insensitive), or — a client that rewrote the
 *    address (an alias, another account) — an address that is no other attendee of the event and that the message's
 *    From agrees with; the From must be the invitee's or the ATTENDEE's address, and a DMARC failure recorded by the
 *    receiving server counts as forged;
 * 5. ignores a SEQUENCE older than the last one sent to that person;
 * 6. maps PARTSTAT ACCEPTED → going, TENTATIVE → maybe, DECLINED → declined through answerInvitation(), the same
 *    function the guest page uses (capacity, waitlist, promotion; an Accept for a full event waitlists the person and
 *    mails them); DELEGATED and COUNTER get a polite answer by mail (with DECLINECOUNTER for a COUNTER).
 *
 * Every message ends as one inbound_reply row (outcome + reason) and one log line. Idempotent: the Message-ID and a
 * hash of the reply's content are unique among the replies that changed something, and the row is written in the
 * same transaction as the change, so the same reply twice (a retry, the IMAP mailbox read again after a crash, a copy
 * with another Message-ID) changes nothing the second time.
 */

export type InboundCtx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

export interface InboundMessage {
  raw: Buffer;
  via: InboundVia;
  /** SMTP: the envelope's RCPT TO addresses. IMAP: none (taken from Delivered-To, X-Original-To, To, Cc). */
  recipients?: string[];
}

export interface InboundResult {
  outcome: InboundOutcome | "duplicate";
  reason: string;
  eventId?: string;
  attendanceId?: string;
  status?: AttendanceStatus;
}

/** A calendar object larger than this is not a reply (a REPLY is a few KB). */
const MAX_ICS_BYTES = 256 * 1024;

const PARTSTAT_ANSWER: Record<string, RsvpAnswer> = { ACCEPTED: "going", TENTATIVE: "maybe", DECLINED: "declined" };

/** Thrown inside the reply's transaction when the reply was handled before: rolls everything back. */
class Duplicate extends Error {}

class Drop extends Error {
  constructor(
    public reason: string,
    public refs: { eventId?: string; attendanceId?: string; partstat?: string } = {},
  ) {
    super(reason);
  }
}

const lower = (s: string | undefined | null) => (s ?? "").trim().toLowerCase();
const addressOf = (v: unknown): string => lower(String(v ?? "").replace(/^mailto:/i, ""));

function headerText(m: ParsedMail, name: string): string {
  const v = m.headers.get(name);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(String).join(", ");
  if (typeof v === "object" && "value" in (v as object)) return String((v as { value: unknown }).value);
  return String(v);
}

function addresses(m: ParsedMail, name: "to" | "cc"): string[] {
  const v = m[name];
  if (!v) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((a) => a.value.map((x) => x.address ?? ""));
}

/** RFC 3834 Auto-Submitted (anything but "no"), the common vacation headers, and out-of-office subjects. */
function autoReplyReason(m: ParsedMail): string | null {
  const auto = lower(headerText(m, "auto-submitted"));
  if (auto && auto !== "no") return `auto-reply (Auto-Submitted: ${auto})`;
  if (m.headers.has("x-autoreply") || m.headers.has("x-autorespond")) return "auto-reply (X-Autoreply)";
  const precedence = lower(headerText(m, "precedence"));
  if (["auto_reply", "bulk", "junk", "list"].includes(precedence)) return `auto-reply (Precedence: ${precedence})`;
  if (lower(headerText(m, "x-ms-exchange-inbox-rules-loop")) || /^(auto(matic)?[ -]?reply|out of (the )?office|autoreply|automātiskā atbilde|prombūtnē)/i.test(m.subject ?? "")) {
    return "out-of-office reply";
  }
  return null;
}

/** A multipart Content-Type without its boundary cannot be split into parts: malformed, whatever a parser makes of it. */
function malformedMime(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0) return "malformed MIME (no header/body separator)";
  const headers = head.slice(0, end).replace(/\r?\n[ \t]+/g, " ");
  const ct = /^content-type:\s*(.*)$/im.exec(headers)?.[1] ?? "";
  if (/^multipart\//i.test(ct.trim()) && !/boundary\s*=/i.test(ct)) return "malformed MIME (multipart without boundary)";
  return null;
}

interface CalendarReply {
  method: string;
  uid: string;
  sequence: number;
  dtstamp: string;
  attendee: string;
  partstat: string;
  text: string;
}

/** The one calendar object of the message: the text/calendar part (Outlook, Apple, Thunderbird) or invite.ics. */
function calendarPart(m: ParsedMail): string {
  const parts = m.attachments.filter((a) => {
    const ct = lower(a.contentType);
    return ct === "text/calendar" || ct === "application/ics" || lower(a.filename).endsWith(".ics");
  });
  if (parts.length === 0) throw new Drop("not a calendar reply (no text/calendar part)");
  // Gmail sends the same object twice (text/calendar and invite.ics): the text/calendar part wins.
  const part = parts.find((a) => lower(a.contentType) === "text/calendar") ?? parts[0];
  if (part.content.length > MAX_ICS_BYTES) throw new Drop("calendar part too large");
  return part.content.toString("utf8");
}

function parseReply(text: string): CalendarReply {
  let cal: ICAL.Component;
  try {
    cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new Drop(`malformed iCalendar (${describeError(err).slice(0, 120)})`);
  }
  if (cal.name !== "vcalendar") throw new Drop("malformed iCalendar (no VCALENDAR)");
  const method = String(cal.getFirstPropertyValue("method") ?? "").toUpperCase();
  if (method !== "REPLY" && method !== "COUNTER") throw new Drop(`not a reply (METHOD ${method || "missing"})`);
  const events = cal.getAllSubcomponents("vevent");
  if (events.length === 0) throw new Drop("no VEVENT");
  if (events.length > 1) throw new Drop(`several VEVENTs (${events.length})`);
  const ev = events[0];
  const uid = String(ev.getFirstPropertyValue("uid") ?? "");
  if (!uid) throw new Drop("VEVENT without UID");
  const attendees = ev.getAllProperties("attendee");
  if (attendees.length === 0) throw new Drop(`${method} without ATTENDEE`);
  if (attendees.length > 1 && method === "REPLY") throw new Drop(`REPLY with several ATTENDEEs (${attendees.length})`);
  const a = attendees[0];
  const seq = Number(ev.getFirstPropertyValue("sequence") ?? 0);
  const stamp = ev.getFirstPropertyValue("dtstamp");
  return {
    method,
    uid,
    sequence: Number.isInteger(seq) && seq >= 0 ? seq : 0,
    dtstamp: stamp ? String(stamp) : "",
    attendee: addressOf(a.getFirstValue()),
    partstat: String(a.getParameter("partstat") ?? "NEEDS-ACTION").toUpperCase(),
    text,
  };
}

/** The sequence of the newest message sent to this person, from its idempotency key event:<id>:<rcpt>:<seq>:<METHOD>…. */
function lastSentSequence(lastMailKey: string | null): number {
  const m = lastMailKey ? /^event:[^:]+:(?:guest:[^:]+|[^:]+):(\d+):/.exec(lastMailKey) : null;
  return m ? Number(m[1]) : 0;
}

export async function handleInbound(ctx: InboundCtx, msg: InboundMessage, log: (line: string) => void = () => {}): Promise<InboundResult> {
  let messageId: string | null = null;
  const finish = async (r: InboundResult, ids: { messageId?: string | null; hash?: string | null; partstat?: string } = {}): Promise<InboundResult> => {
    if (r.outcome !== "duplicate") {
      await ctx.db
        .insertInto("inbound_reply")
        .values({
          via: msg.via,
          message_id: ids.messageId ?? null,
          reply_hash: ids.hash ?? null,
          outcome: r.outcome,
          reason: r.reason.slice(0, 500),
          event_id: r.eventId ?? null,
          attendance_id: r.attendanceId ?? null,
          partstat: ids.partstat ?? null,
          status: r.status ?? null,
        })
        .execute();
    }
    log(`[inbound] ${msg.via} ${r.outcome}: ${r.reason}${messageId ? ` (${messageId.slice(0, 200)})` : ""}`);
    return r;
  };
  try {
    const inbound = ctx.config.inboundAddress;
    if (!inbound) throw new Drop("inbound replies are not configured");
    const malformed = malformedMime(msg.raw);
    if (malformed) throw new Drop(malformed);
    let m: ParsedMail;
    try {
      m = await simpleParser(msg.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
    } catch (err) {
      throw new Drop(`malformed MIME (${describeError(err).slice(0, 120)})`);
    }
    messageId = m.messageId ? m.messageId.slice(0, 500) : null;
    const auto = autoReplyReason(m);
    if (auto) throw new Drop(auto);

    const candidates = msg.recipients?.length
      ? msg.recipients
      : [headerText(m, "delivered-to"), headerText(m, "x-original-to"), ...addresses(m, "to"), ...addresses(m, "cc")].flatMap((s) => s.split(/[,\s]+/));
    const token = candidates.map((a) => tokenOfAddress(inbound, a.replace(/^<|>$/g, ""))).find((t): t is string => !!t);
    if (!token) throw new Drop("no reply token in the recipient address");

    const reply = parseReply(calendarPart(m));
    const row = await ctx.db
      .selectFrom("event_reply_token as t")
      .innerJoin("event as e", "e.id", "t.event_id")
      .leftJoin("event_attendance as a", "a.id", "t.attendance_id")
      .select(["t.attendance_id", "t.event_id", "t.event_uid", "t.invitee_email", "t.revoked_at", "e.status as event_status", "a.last_mail_key", "a.status as attendance_status"])
      .where("t.token_hash", "=", tokenHash(token))
      .executeTakeFirst();
    if (!row) throw new Drop("unknown reply token");
    const refs = { eventId: row.event_id, attendanceId: row.attendance_id ?? undefined, partstat: reply.partstat };
    if (row.revoked_at || !row.attendance_id) throw new Drop("revoked reply token (the invitee was removed)", { eventId: row.event_id, partstat: reply.partstat });
    if (reply.uid !== row.event_uid) throw new Drop("UID does not match the invitation", refs);
    if (row.event_status === "cancelled") throw new Drop("event cancelled", refs);
    if (row.event_status !== "published") throw new Drop("event not published", refs);

    const [invitee] = await loadRecipients(ctx.db, row.event_id, { ids: [row.attendance_id] });
    if (!invitee) throw new Drop("invitee no longer active", refs);
    const inviteeAddresses = new Set([lower(invitee.email), lower(row.invitee_email)]);
    const from = lower(m.from?.value[0]?.address);
    if (/\bdmarc=fail\b/i.test(headerText(m, "authentication-results"))) throw new Drop("forged sender (DMARC fail)", refs);
    if (!inviteeAddresses.has(reply.attendee)) {
      // Someone else of this event? Then the reply claims another attendee, whoever sent it.
      const other = await ctx.db
        .selectFrom("event_attendance as a")
        .leftJoin("person as p", "p.id", "a.person_id")
        .select("a.id")
        .where("a.event_id", "=", row.event_id)
        .where("a.id", "!=", row.attendance_id)
        .where((eb) => eb.or([eb("a.guest_email", "=", reply.attendee), eb(eb.fn("lower", ["p.email"]), "=", reply.attendee)]))
        .executeTakeFirst();
      if (other) throw new Drop("reply claims another attendee", refs);
      if (from !== reply.attendee && !inviteeAddresses.has(from)) throw new Drop(`forged sender (From ${from || "missing"} is neither the invitee nor the ATTENDEE)`, refs);
    } else if (!inviteeAddresses.has(from)) {
      throw new Drop(`forged sender (From ${from || "missing"} is not the invitee)`, refs);
    }
    const sent = lastSentSequence(row.last_mail_key);
    if (reply.sequence < sent) throw new Drop(`stale SEQUENCE ${reply.sequence} (last sent ${sent})`, refs);

    const hash = crypto.createHash("sha256").update([token, reply.method, reply.uid, reply.attendee, reply.partstat, reply.sequence, reply.dtstamp].join("\n")).digest("hex");
    const answer = reply.method === "REPLY" ? PARTSTAT_ANSWER[reply.partstat] : undefined;
    const notice: "delegated" | "counter" | null = reply.method === "COUNTER" ? "counter" : reply.partstat === "DELEGATED" ? "delegated" : null;
    if (!answer && !notice) throw new Drop(`PARTSTAT ${reply.partstat} is no answer`, refs);

    try {
      const result = await unitOfWork(ctx, async (trx, fx) => {
        let r: InboundResult;
        if (answer) {
          // answerInvitation() takes the event row lock first, like every answer.
          const a = await answerInvitation(trx, ctx, fx, row.event_id, row.attendance_id!, answer, "calendar");
          r = {
            outcome: "applied",
            reason: `${reply.partstat} → ${a.status}${a.status !== answer ? " (event full: waiting list, mailed)" : ""}${a.before === a.status ? " (unchanged)" : ""}${reply.attendee !== lower(invitee.email) ? ` (ATTENDEE ${reply.attendee} taken as the invitee)` : ""}`,
            eventId: row.event_id,
            attendanceId: row.attendance_id!,
            status: a.status,
          };
        } else {
          await trx.selectFrom("event").select("id").where("id", "=", row.event_id).forUpdate().execute();
          await mailNotice(trx, ctx, invitee, row.event_id, notice!, hash, replyAddress(inbound, token));
          r = { outcome: "answered", reason: `${reply.method} ${reply.partstat}: ${notice} explained by mail`, eventId: row.event_id, attendanceId: row.attendance_id!, status: invitee.status };
        }
        // The idempotency record, written after the event lock (its foreign key takes a key-share lock on the event;
        // before FOR UPDATE that would deadlock two replies to one event). A copy of a handled reply conflicts here and
        // the whole transaction is rolled back: nothing changed.
        const claimed = await trx
          .insertInto("inbound_reply")
          .values({
            via: msg.via,
            message_id: messageId,
            reply_hash: hash,
            outcome: r.outcome as InboundOutcome,
            reason: r.reason.slice(0, 500),
            event_id: row.event_id,
            attendance_id: row.attendance_id,
            partstat: reply.partstat,
            status: r.status ?? null,
          })
          .onConflict((oc) => oc.doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!claimed) throw new Duplicate();
        return r;
      }).catch((err) => {
        if (err instanceof Duplicate) return null;
        throw err;
      });
      if (!result) return await finish({ outcome: "duplicate", reason: "duplicate (this reply was already handled)", eventId: row.event_id, attendanceId: row.attendance_id });
      log(`[inbound] ${msg.via} ${result.outcome}: ${result.reason}${messageId ? ` (${messageId.slice(0, 200)})` : ""}`);
      return result;
    } catch (err) {
      if (err instanceof ActionError && err.status < 500)
        throw new Drop(err.key === "events.error.eventCancelled" ? "event cancelled" : "answers are closed (registration deadline or start passed)", refs);
      throw err;
    }
  } catch (err) {
    if (err instanceof Drop) return finish({ outcome: "dropped", reason: err.reason, eventId: err.refs.eventId, attendanceId: err.refs.attendanceId }, { partstat: err.refs.partstat });
    throw err;
  }
}

/** DELEGATED or COUNTER: a polite message on how to do it on the platform (COUNTER: with DECLINECOUNTER). */
async function mailNotice(trx: Tx, ctx: InboundCtx, r: Recipient, eventId: string, reason: "delegated" | "counter", hash: string, replyTo: string) {
  const ev = await loadSnapshot(trx, eventId);
  const platform = parseMailbox(ctx.config.mailFrom);
  const guestToken = r.guestSalt && r.guestHash ? currentToken(ctx.config.sessionSecrets, "guest", r.attendanceId, r.guestSalt, r.guestHash) : null;
  await enqueueMail(trx, ctx, [
    {
      idempotencyKey: `event-reply:${eventId}:${r.attendanceId}:${hash.slice(0, 32)}`,
      to: r.email,
      toName: r.name,
      locale: r.locale,
      template: "event_reply_notice",
      params: {
        reason,
        event: ev,
        stamp: new Date().toISOString(),
        attendee: { name: r.name, email: r.email, status: r.status },
        organizer: { name: ev.organiserName || platform.name || platform.email, email: replyTo },
        replyTo,
        answerPath: r.guestEmail ? (guestToken ? `/rsvp/${guestToken}` : `/events/${ev.slug}`) : `/events/${ev.slug}`,
      },
    },
  ]);
}

/** A message refused before it could be read (e.g. larger than INBOUND_MAX_KB): logged and recorded like a drop. */
export async function recordRefused(ctx: Pick<AppContext, "db">, via: InboundVia, reason: string, log: (line: string) => void = () => {}): Promise<void> {
  await ctx.db
    .insertInto("inbound_reply")
    .values({ via, outcome: "dropped", reason: reason.slice(0, 500) })
    .execute();
  log(`[inbound] ${via} dropped: ${reason}`);
}
