import crypto from "node:crypto";
import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import type { AttendanceStatus, Locale, MailStatus } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { activePeople } from "~/modules/notifications/tell.server";
import { groupAccess } from "~/modules/groups/access.server";
import { fold } from "~/modules/text";
import { EVENT_LIMITS } from "./constants";
import { demand } from "~/modules/policy/authorize.server";
import { accessOr404 } from "./events.server";
import { loadSnapshot } from "./load.server";
import { loadRecipients, mailAttendees, mailKey, parseMailbox, type Recipient } from "./mail.server";
import { promoteWaitlisted } from "./rsvp.server";
import { issueToken } from "./tokens.server";
import { tellEvent } from "./notify.server";
import { revokeReplyToken } from "./reply-address.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

// ---------------------------------------------------------------------------------------------------------------
// Guest lists

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** A strict, ASCII-only address check (no quoted local parts, no IP literals, no comments). */
export function isStrictEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf("@");
  if (at < 1) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return local.length <= 64 && domain.length <= 253 && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

export interface ParsedGuests {
  /** `locale`: from the list's language column, when the line has one. */
  guests: { email: string; name: string; locale?: Locale }[];
  invalid: string[];
  /** Repeated addresses in the pasted list (merged into one). */
  merged: number;
}

/** Splits on commas, semicolons and line breaks outside "quoted names" and <angle brackets>. */
function splitAddressList(raw: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let angle = false;
  for (const ch of raw.replace(/\r\n?/g, "\n")) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === "<" && !quoted) angle = true;
    else if (ch === ">" && !quoted) angle = false;
    if ((ch === "," || ch === ";" || ch === "\n") && !quoted && !angle) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      // A line break ends an unbalanced quote: one bad line cannot swallow the rest.
      if (ch === "\n") quoted = angle = false;
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A language column's value (as typed in an invitee list or spreadsheet) → the invitation's language. */
const LANGUAGE_WORDS: Record<string, Locale> = { lv: "lv", lav: "lv", latviski: "lv", latviešu: "lv", latvian: "lv", en: "en", eng: "en", angliski: "en", angļu: "en", english: "en" };
const languageOf = (word: string): Locale | undefined => LANGUAGE_WORDS[word.trim().toLowerCase()];
const TRAILING_LANGUAGE = new RegExp(`^(.*?)[\\s,;]+(${Object.keys(LANGUAGE_WORDS).join("|")})$`, "i");

/**
 * A pasted list: one address per line, or several separated by commas, semicolons or spaces, or one
 * `Name <address>` / `"Surname, Name" <address>` per line. Addresses are compared case-insensitively. A line may end
 * with a language column (`lv`/`en`, also `latviešu`, `English`…, after a tab, comma, semicolon or space, as copied
 * from a spreadsheet): it sets the language of that line's invitations.
 */
export function parseGuestList(raw: string): ParsedGuests {
  const seen = new Map<string, { email: string; name: string; locale?: Locale }>();
  const invalid: string[] = [];
  let merged = 0;
  let lineLocale: Locale | undefined;
  const add = (emailRaw: string, nameRaw: string) => {
    const email = emailRaw.trim();
    if (!isStrictEmail(email)) {
      if (email) invalid.push(email.slice(0, 80));
      return;
    }
    const key = email.toLowerCase();
    const name = nameRaw
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ")
      .replace(/^["'\s]+|["'\s]+$/g, "")
      .replace(/\s+/g, " ")
      .slice(0, EVENT_LIMITS.guestNameMax);
    const prev = seen.get(key);
    if (prev) {
      merged++;
      if (!prev.name && name) prev.name = name;
      if (!prev.locale && lineLocale) prev.locale = lineLocale;
      return;
    }
    seen.set(key, { email: key, name, ...(lineLocale ? { locale: lineLocale } : {}) });
  };
  for (const line of raw.replace(/\r\n?/g, "\n").split("\n")) {
    const segments: string[] = [];
    lineLocale = undefined;
    for (const seg of splitAddressList(line)) {
      const alone = languageOf(seg);
      const trailing = alone ? null : TRAILING_LANGUAGE.exec(seg);
      if (alone) lineLocale = alone;
      else if (trailing) {
        lineLocale = languageOf(trailing[2]);
        if (trailing[1].trim()) segments.push(trailing[1].trim());
      } else segments.push(seg);
    }
    for (const segment of segments) {
      const named = /^(.*?)\s*<([^<>\s]+)>$/.exec(segment);
      if (named && !/[<>]/.test(named[1])) add(named[2], named[1]);
      else for (const part of segment.split(/\s+/)) if (part) add(part.replace(/^<|>$/g, ""), "");
    }
  }
  return { guests: [...seen.values()], invalid, merged };
}

// ---------------------------------------------------------------------------------------------------------------
// Inviting

/** A guest's invitation language when neither the form nor the list names one: the event's own language. */
export function defaultGuestLocale(language: string): Locale {
  return language === "en" ? "en" : "lv";
}

export interface GuestPreview {
  email: string;
  name: string;
  /** Proposed language: the list's column, else the event's language (never the organiser's page language). */
  locale: Locale;
  /** The address belongs to a member: they are invited as the member, in their own language. */
  member: boolean;
}

/**
 * The review step of inviting guests: the pasted list checked like invite() would, each guest with a proposed
 * language for the organiser to confirm or change one by one. Writes nothing.
 */
export async function previewGuests(ctx: Pick<Ctx, "db" | "config">, viewer: Viewer, eventId: string, raw: string): Promise<GuestPreview[]> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (a.event.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");
  const parsed = parseGuestList(raw);
  if (parsed.invalid.length) throw new ActionError(400, "events.error.guestsInvalid", { list: parsed.invalid.slice(0, 10).join(", ") }, "guests");
  if (parsed.guests.length > EVENT_LIMITS.guestsPerPaste) throw new ActionError(400, "events.error.guestsTooMany", { max: EVENT_LIMITS.guestsPerPaste }, "guests");
  if (parsed.guests.length === 0) throw new ActionError(400, "events.error.inviteNothing", {}, "guests");
  const platform = parseMailbox(ctx.config.mailFrom).email.toLowerCase();
  if (parsed.guests.some((g) => g.email === platform)) throw new ActionError(400, "events.error.guestsInvalid", { list: platform }, "guests");
  const members = new Set(
    (
      await activePeople(ctx.db)
        .where(
          sql`lower(p.email)`,
          "in",
          parsed.guests.map((g) => g.email),
        )
        .execute()
    ).map((m) => m.email.toLowerCase()),
  );
  const fallback = defaultGuestLocale(a.event.language);
  return parsed.guests.map((g) => ({ email: g.email, name: g.name, locale: g.locale ?? fallback, member: members.has(g.email) }));
}

export interface InviteRequest {
  groupIds?: string[];
  orgIds?: string[];
  personIds?: string[];
  /** Pasted guest addresses. */
  guests?: string;
  /** The language chosen in the form for each guest address (lower case); wins over the list's column. */
  guestLocales?: Record<string, Locale>;
  /** For guests with neither (an API-style call): the whole list's language. Else the event's language. */
  guestLocale?: Locale;
}

export interface InviteResult {
  invited: number;
  skipped: number;
  merged: number;
  mailed: number;
}

interface Candidate {
  personId: string | null;
  email: string;
  name: string;
  locale: Locale;
}

/**
 * Invites a working group, organisations, individual members and/or guests by email. Invitation rows, outbox rows
 * and delivery jobs are written in one transaction with batch inserts (no query per invitee); people and addresses
 * that already have a row for this event are skipped. Guests' addresses that belong to a member invite the member.
 * An invitation lets the person see the event even when its audience would not include them.
 */
export async function invite(ctx: Ctx, viewer: Viewer, eventId: string, req: InviteRequest): Promise<InviteResult> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (a.event.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");

  const parsed = parseGuestList(req.guests ?? "");
  if (parsed.invalid.length) throw new ActionError(400, "events.error.guestsInvalid", { list: parsed.invalid.slice(0, 10).join(", ") }, "guests");
  if (parsed.guests.length > EVENT_LIMITS.guestsPerPaste) throw new ActionError(400, "events.error.guestsTooMany", { max: EVENT_LIMITS.guestsPerPaste }, "guests");
  const platform = parseMailbox(ctx.config.mailFrom).email.toLowerCase();
  if (parsed.guests.some((g) => g.email === platform)) throw new ActionError(400, "events.error.guestsInvalid", { list: platform }, "guests");

  const groupIds = (req.groupIds ?? []).filter(Boolean);
  const orgIds = (req.orgIds ?? []).filter(Boolean);
  const personIds = (req.personIds ?? []).filter(Boolean);
  if (![...groupIds, ...orgIds, ...personIds].every(isUuid)) throw new ActionError(400, "events.error.inviteInvalid");
  for (const gid of groupIds) {
    const g = await groupAccess(ctx.db, viewer, { id: gid });
    if (!g || !g.may.view) throw new ActionError(400, "events.error.groupInvalid", {}, "groupId");
  }
  if (groupIds.length + orgIds.length + personIds.length + parsed.guests.length === 0) throw new ActionError(400, "events.error.inviteNothing");
  const fallbackLocale: Locale = req.guestLocale ?? defaultGuestLocale(a.event.language);
  const guestLocaleOf = (g: { email: string; locale?: Locale }): Locale => req.guestLocales?.[g.email] ?? g.locale ?? fallbackLocale;

  return unitOfWork(ctx, async (trx, fx) => {
    const ev = await trx.selectFrom("event").select(["id", "status", "created_by"]).where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
    if (ev.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");

    const candidates = new Map<string, Candidate>();
    const addPeople = (rows: { id: string; email: string; name: string; locale: Locale }[]) => {
      for (const r of rows) candidates.set(`p:${r.id}`, { personId: r.id, email: r.email, name: r.name, locale: r.locale });
    };
    // A group or an organisation the organisers belong to does not invite them to their own event.
    const organisers = new Set([viewer.id, ev.created_by].filter((x): x is string => !!x));
    const notOrganisers = <R extends { id: string }>(rows: R[]) => rows.filter((r) => !organisers.has(r.id));
    if (groupIds.length) {
      addPeople(notOrganisers(await activePeople(trx).innerJoin("working_group_member as m", "m.person_id", "p.id").where("m.group_id", "in", groupIds).execute()));
    }
    if (orgIds.length) addPeople(notOrganisers(await activePeople(trx).where("p.organisation_id", "in", orgIds).execute()));
    if (personIds.length) {
      const found = await activePeople(trx).where("p.id", "in", personIds).execute();
      if (found.length !== new Set(personIds).size) throw new ActionError(400, "events.error.personInvalid", {}, "personId");
      addPeople(found);
    }
    const guestEmails = parsed.guests.map((g) => g.email);
    if (guestEmails.length) {
      // An address of a member invites the member (their account, their language).
      const members = await activePeople(trx)
        .where(sql`lower(p.email)`, "in", guestEmails)
        .execute();
      addPeople(members);
      const memberEmails = new Set(members.map((m) => m.email.toLowerCase()));
      for (const g of parsed.guests) {
        if (!memberEmails.has(g.email)) candidates.set(`g:${g.email}`, { personId: null, email: g.email, name: g.name, locale: guestLocaleOf(g) });
      }
    }

    const all = [...candidates.values()];
    const pIds = all.filter((c) => c.personId).map((c) => c.personId!);
    const gEmails = all.filter((c) => !c.personId).map((c) => c.email);
    const existing = all.length
      ? await trx
          .selectFrom("event_attendance")
          .select(["person_id", "guest_email"])
          .where("event_id", "=", eventId)
          .where((eb) => eb.or([...(pIds.length ? [eb("person_id", "in", pIds)] : []), ...(gEmails.length ? [eb("guest_email", "in", gEmails)] : [])]))
          .execute()
      : [];
    const have = new Set(existing.map((r) => (r.person_id ? `p:${r.person_id}` : `g:${r.guest_email}`)));
    const fresh = [...candidates.entries()].filter(([k]) => !have.has(k)).map(([, c]) => c);
    if (fresh.length === 0) {
      if (parsed.guests.length && groupIds.length + orgIds.length + personIds.length === 0) {
        throw new ActionError(409, "events.error.allAlreadyInvited", {}, "guests");
      }
      return { invited: 0, skipped: all.length, merged: parsed.merged, mailed: 0 };
    }

    const now = new Date();
    // The revision the invitations carry (the event row is locked); the newest-delivery key goes in with the row.
    const snap = ev.status === "published" ? await loadSnapshot(trx, eventId) : null;
    const rows = fresh.map((c) => {
      const id = crypto.randomUUID();
      const tok = c.personId ? null : issueToken(ctx.config.sessionSecrets, "guest", id);
      const recipient: Recipient = {
        attendanceId: id,
        personId: c.personId,
        guestEmail: c.personId ? null : c.email,
        name: c.name,
        email: c.email,
        locale: c.locale,
        status: "invited",
        waitlistPos: null,
        guestSalt: tok?.salt ?? null,
        guestHash: tok?.hash ?? null,
        guestToken: tok?.token,
      };
      return { c, id, tok, recipient, key: snap ? mailKey(eventId, recipient, snap.sequence, "REQUEST") : null };
    });
    await trx
      .insertInto("event_attendance")
      .values(
        rows.map(({ c, id, tok, key }) => ({
          id,
          event_id: eventId,
          person_id: c.personId,
          guest_email: c.personId ? null : c.email,
          guest_name: c.personId ? "" : c.name,
          guest_locale: c.locale,
          guest_token_salt: tok?.salt ?? null,
          guest_token_hash: tok?.hash ?? null,
          status: "invited" as AttendanceStatus,
          invited_by: viewer.id,
          invited_at: now,
          last_mail_key: key,
        })),
      )
      .execute();

    const mailed = snap
      ? await mailAttendees(
          trx,
          ctx,
          snap,
          rows.map((r) => r.recipient),
          "invitation",
          { recordDelivery: false },
        )
      : 0;
    if (snap)
      await tellEvent(trx, fx, {
        kind: "event_invitation",
        eventId,
        personIds: rows.map((r) => r.c.personId),
        except: viewer.id,
        key: `event-invite:${eventId}:${snap.sequence}`,
        by: viewer.name,
      });
    return { invited: rows.length, skipped: all.length - rows.length, merged: parsed.merged, mailed };
  });
}

/**
 * Removes one attendee: their row goes, the event's sequence rises by one (every CANCEL increments it, RFC 5546
 * §2.1.4, so a later re-invitation outranks this cancellation in their calendar), and only they get a
 * METHOD:CANCEL without STATUS (CAL-10). A freed place goes to the first person waiting.
 */
export async function removeAttendee(ctx: Ctx, viewer: Viewer, eventId: string, attendanceId: string): Promise<{ mailed: number }> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (!isUuid(attendanceId)) throw new ActionError(404, "events.error.attendeeNotFound");
  return unitOfWork(ctx, async (trx, fx) => {
    const ev = await trx.selectFrom("event").select(["status"]).where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
    const recipients = await loadRecipients(trx, eventId, { ids: [attendanceId] });
    // Their reply address stops working with the invitation (a late calendar reply is logged as revoked).
    await revokeReplyToken(trx, attendanceId);
    const row = await trx.deleteFrom("event_attendance").where("id", "=", attendanceId).where("event_id", "=", eventId).returning(["status"]).executeTakeFirst();
    if (!row) throw new ActionError(404, "events.error.attendeeNotFound");
    let mailed = 0;
    if (ev.status === "published") {
      await trx
        .updateTable("event")
        .set({ sequence: sql`sequence + 1`, updated_at: sql`now()` })
        .where("id", "=", eventId)
        .execute();
      const snap = await loadSnapshot(trx, eventId);
      // The row is gone: mail through the outbox only (no last_mail_key to record).
      mailed = await mailRemoved(trx, ctx, snap, recipients);
    }
    if (row.status === "going") await promoteWaitlisted(trx, ctx, fx, eventId);
    return { mailed };
  });
}

async function mailRemoved(trx: Executor, ctx: Ctx, snap: Awaited<ReturnType<typeof loadSnapshot>>, recipients: Recipient[]): Promise<number> {
  return mailAttendees(trx, ctx, snap, recipients, "uninvite", { recordDelivery: false });
}

// ---------------------------------------------------------------------------------------------------------------
// Lists for organisers

export type DeliveryState = "queued" | "sent" | "failed" | null;

export interface AttendeeRow {
  id: string;
  personId: string | null;
  guest: boolean;
  name: string;
  email: string;
  org: string;
  status: AttendanceStatus;
  waitlistPos: number | null;
  invited: boolean;
  respondedAt: string | null;
  checkedInAt: string | null;
  delivery: DeliveryState;
  deliveryError: string | null;
}

function deliveryState(s: MailStatus | null): DeliveryState {
  if (!s) return null;
  if (s === "sent" || s === "captured") return "sent";
  if (s === "failed") return "failed";
  // A newer message to the same person replaced it (their newest state is that one's).
  if (s === "superseded") return null;
  return "queued";
}

function attendeeQuery(exec: Executor, eventId: string) {
  return exec
    .selectFrom("event_attendance as a")
    .leftJoin("person as p", "p.id", "a.person_id")
    .leftJoin("organisation as o", "o.id", "p.organisation_id")
    .leftJoin("mail_outbox as mo", "mo.idempotency_key", "a.last_mail_key")
    .select([
      "a.id",
      "a.person_id",
      "a.guest_email",
      "a.guest_name",
      "a.status",
      "a.waitlist_pos",
      "a.invited_at",
      "a.responded_at",
      "a.checked_in_at",
      "a.created_at",
      sql<string>`a.created_at::text`.as("ts"),
      "p.name",
      "p.email",
      "o.name as org",
      "mo.status as mail_status",
      "mo.last_error",
    ])
    .where("a.event_id", "=", eventId);
}

type AttendeeDbRow = Awaited<ReturnType<ReturnType<typeof attendeeQuery>["execute"]>>[number];

function toAttendee(r: AttendeeDbRow): AttendeeRow {
  return {
    id: r.id,
    personId: r.person_id,
    guest: !r.person_id,
    name: r.person_id ? (r.name ?? "") : r.guest_name || "",
    email: r.person_id ? (r.email ?? "") : (r.guest_email ?? ""),
    org: r.org ?? "",
    status: r.status,
    waitlistPos: r.waitlist_pos,
    invited: r.invited_at !== null,
    respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
    checkedInAt: r.checked_in_at ? new Date(r.checked_in_at).toISOString() : null,
    delivery: deliveryState(r.mail_status),
    deliveryError: r.mail_status === "failed" || r.mail_status === "queued" ? (r.last_error ?? null) : null,
  };
}

/**
 * One status list of an event for its organisers (going, maybe, waitlisted, invited-no-answer, declined) with each
 * person's newest delivery state, keyset-paginated: waitlist by position, the others by (created_at, id)
 * (event_attendance_list_idx).
 */
export async function listAttendees(exec: Executor, eventId: string, status: AttendanceStatus, after: string | null): Promise<{ items: AttendeeRow[]; next: string | null }> {
  const size = EVENT_LIMITS.attendeesPerPage;
  let q = attendeeQuery(exec, eventId).where("a.status", "=", status);
  if (status === "waitlisted") {
    // The waitlist pages by position: a one-part cursor, so a (created_at, id) cursor from another list never fits.
    const cur = decodeCursor(after, 1, [(p) => typeof p === "number" && Number.isInteger(p) && p >= 0]);
    if (cur) q = q.where("a.waitlist_pos", ">", cur[0] as number);
    q = q.orderBy("a.waitlist_pos");
  } else {
    const cur = decodeCursor(after, 2, [isTimestampText, isUuid]);
    if (cur) q = q.where(sql<boolean>`(a.created_at, a.id) > (${cur[0]}::timestamptz, ${cur[1]}::uuid)`);
    q = q.orderBy("a.created_at").orderBy("a.id");
  }
  const rows = await q.limit(size + 1).execute();
  const page = keysetPage(rows, size, (r) => (status === "waitlisted" ? [r.waitlist_pos] : [r.ts, r.id]));
  return { items: page.items.map(toAttendee), next: page.next };
}

/** Every attendee (CSV export), by status then name. */
export async function allAttendees(exec: Executor, eventId: string): Promise<AttendeeRow[]> {
  const rows = await attendeeQuery(exec, eventId).orderBy("a.created_at").orderBy("a.id").execute();
  const order: Record<AttendanceStatus, number> = { going: 0, waitlisted: 1, maybe: 2, invited: 3, declined: 4 };
  const coll = new Intl.Collator("lv");
  return rows
    .map(toAttendee)
    .sort((x, y) => order[x.status] - order[y.status] || (x.status === "waitlisted" ? (x.waitlistPos ?? 0) - (y.waitlistPos ?? 0) : coll.compare(x.name || x.email, y.name || y.email)));
}

/** People for the door: everyone not declined, searchable by name or address (diacritic-insensitive). */
export async function checkinList(exec: Executor, eventId: string, q: string | null): Promise<AttendeeRow[]> {
  const key = q ? fold(q.trim()).slice(0, 80) : "";
  const rows = await attendeeQuery(exec, eventId)
    .where("a.status", "in", ["going", "maybe", "waitlisted", "invited"])
    .$if(!!key, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("p.search_key", "like", `%${key.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
          eb(sql`lower(a.guest_email)`, "like", `%${key.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
          eb(sql`lower(a.guest_name)`, "like", `%${key.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
        ]),
      ),
    )
    .limit(300)
    .execute();
  const order: Record<AttendanceStatus, number> = { going: 0, maybe: 1, waitlisted: 2, invited: 3, declined: 4 };
  const coll = new Intl.Collator("lv");
  return rows.map(toAttendee).sort((x, y) => order[x.status] - order[y.status] || coll.compare(x.name || x.email, y.name || y.email));
}

/**
 * The door's counts, from the whole list (not a search): people going and how many of them arrived, and how many
 * others (invited, maybe, waiting list) were checked in anyway. Declined people are never counted.
 */
export async function checkinCounts(exec: Executor, eventId: string): Promise<{ going: number; arrived: number; arrivedOthers: number }> {
  const r = await exec
    .selectFrom("event_attendance")
    .select([
      sql<number>`count(*) filter (where status = 'going')::int`.as("going"),
      sql<number>`count(*) filter (where status = 'going' and checked_in_at is not null)::int`.as("arrived"),
      sql<number>`count(*) filter (where status in ('maybe', 'waitlisted', 'invited') and checked_in_at is not null)::int`.as("arrivedOthers"),
    ])
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return r;
}

/** Members to invite one by one: a search over names and addresses (diacritic-insensitive), at most 20. */
export async function searchInvitees(exec: Executor, eventId: string, q: string): Promise<{ id: string; name: string; org: string; invited: boolean }[]> {
  const key = fold(q.trim()).slice(0, 80);
  if (key.length < 2) return [];
  const rows = await activePeople(exec)
    .select(["o.name as org", sql<boolean>`exists (select 1 from event_attendance x where x.event_id = ${eventId} and x.person_id = p.id)`.as("has_row")])
    .where("p.search_key", "like", `%${key.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
    .orderBy("p.search_key")
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, org: r.org, invited: !!r.has_row }));
}

/** Organisations to invite as a whole. */
export async function invitableOrgs(exec: Executor): Promise<{ id: string; name: string }[]> {
  return exec.selectFrom("organisation").select(["id", "name"]).where("status", "=", "approved").orderBy("search_key").execute();
}
