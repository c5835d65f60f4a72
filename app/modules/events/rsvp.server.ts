import { sql } from "kysely";
import type { AppContext, Executor, Tx } from "~/context";
import { unitOfWork, type Effects } from "~/modules/effects/unit-of-work.server";
import type { AttendanceStatus, EventStatus } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { demand, notFound } from "~/modules/policy/authorize.server";
import { eventAccess, registrationOpen } from "./access.server";
import type { RsvpAnswer } from "./constants";
import { loadRecipients, mailAttendees } from "./mail.server";
import { countsOf, loadSnapshot } from "./load.server";
import { tellEvent } from "./notify.server";
import { TOKEN_PATTERN, tokenHash } from "./tokens.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

/**
 * RSVP with capacity enforced atomically (docs/requirements.md PEER-1, PEER-13): every answer runs in a transaction that
 * first locks the event row (SELECT … FOR UPDATE), so concurrent answers are serialised per event: the count of
 * people going is exact, nobody is overbooked, and waitlist positions come from a counter on the locked row in
 * arrival order. A place that frees up (a decline, a removal, more capacity) goes to the first person waiting in the
 * same transaction, and the invitation for the promoted person is enqueued with it.
 */

interface LockedEvent {
  id: string;
  status: EventStatus;
  capacity: number | null;
  starts_at: Date;
  registration_deadline: Date | null;
}

async function lockEvent(trx: Tx, eventId: string): Promise<LockedEvent> {
  const e = await trx.selectFrom("event").select(["id", "status", "capacity", "starts_at", "registration_deadline"]).where("id", "=", eventId).forUpdate().executeTakeFirst();
  if (!e) notFound();
  return e;
}

async function goingLocked(trx: Tx, eventId: string): Promise<number> {
  const r = await trx
    .selectFrom("event_attendance")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "going")
    .executeTakeFirstOrThrow();
  return r.n;
}

async function nextWaitlistPos(trx: Tx, eventId: string): Promise<number> {
  const r = await trx
    .updateTable("event")
    .set({ waitlist_counter: sql`waitlist_counter + 1` })
    .where("id", "=", eventId)
    .returning("waitlist_counter")
    .executeTakeFirstOrThrow();
  return r.waitlist_counter;
}

/**
 * Gives free places to the first people waiting (by position) and enqueues their invitation with PARTSTAT
 * ACCEPTED. Call inside a transaction that holds the event row lock (or that just updated the event row).
 * Returns the attendance ids promoted.
 */
export async function promoteWaitlisted(trx: Executor, ctx: Pick<AppContext, "config" | "mail">, fx: Pick<Effects, "tell">, eventId: string): Promise<string[]> {
  const e = await trx.selectFrom("event").select(["capacity", "status"]).where("id", "=", eventId).executeTakeFirstOrThrow();
  if (e.status === "cancelled") return [];
  const going = (
    await trx
      .selectFrom("event_attendance")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("event_id", "=", eventId)
      .where("status", "=", "going")
      .executeTakeFirstOrThrow()
  ).n;
  const free = e.capacity === null ? Number.MAX_SAFE_INTEGER : e.capacity - going;
  if (free <= 0) return [];
  const waiting = await trx
    .selectFrom("event_attendance")
    .select(["id", "waitlist_pos"])
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .orderBy("waitlist_pos")
    .limit(Math.min(free, 10_000))
    .execute();
  if (waiting.length === 0) return [];
  const ids = waiting.map((w) => w.id);
  const before = await loadRecipients(trx, eventId, { ids });
  await trx
    .updateTable("event_attendance")
    .set({ status: "going", waitlist_pos: null, responded_at: sql`clock_timestamp()` })
    .where("id", "in", ids)
    .execute();
  await tellEvent(trx, fx, { kind: "event_promoted", eventId, personIds: before.map((r) => r.personId), key: `event-promoted:${eventId}:${Date.now()}` });
  if (e.status === "published") {
    const snap = await loadSnapshot(trx, eventId);
    await mailAttendees(trx, ctx, snap, before, "promoted", {
      status: () => "going",
      variant: (r) => `promoted-${r.waitlistPos}`,
    });
  }
  return ids;
}

export interface RsvpResult {
  status: AttendanceStatus;
  waitlistPos: number | null;
  promoted: number;
}

/** Applies an answer to one attendance row (created if missing) under the event lock. */
async function applyAnswer(
  trx: Tx,
  ctx: Pick<AppContext, "config" | "mail">,
  fx: Pick<Effects, "tell">,
  ev: LockedEvent,
  current: { id: string; status: AttendanceStatus; waitlist_pos: number | null; last_mail_key: string | null } | null,
  answer: RsvpAnswer,
  insert: () => Promise<string>,
  origin: AnswerOrigin = "web",
): Promise<RsvpResult> {
  let status: AttendanceStatus;
  let pos: number | null = null;
  if (answer === "going") {
    if (current?.status === "going") return { status: "going", waitlistPos: null, promoted: 0 };
    if (current?.status === "waitlisted") return { status: "waitlisted", waitlistPos: current.waitlist_pos, promoted: 0 };
    const going = await goingLocked(trx, ev.id);
    if (ev.capacity === null || going < ev.capacity) status = "going";
    else {
      status = "waitlisted";
      pos = await nextWaitlistPos(trx, ev.id);
    }
  } else {
    status = answer;
  }
  const id = current ? current.id : await insert();
  await trx
    .updateTable("event_attendance")
    .set({ status, waitlist_pos: pos, responded_at: sql`clock_timestamp()` })
    .where("id", "=", id)
    .execute();
  const promoted = current?.status === "going" && status !== "going" ? await promoteWaitlisted(trx, ctx, fx, ev.id) : [];
  // Issue 16 item 4: the person's calendar follows their answer. After a web answer an invitee gets the invitation again
  // with their PARTSTAT (same SEQUENCE, newer DTSTAMP — RFC 5546 §2.1.5 lets the organiser restate the attendee's
  // status). A calendar reply already changed their calendar: it is mailed only when the answer is not what they
  // asked for (an Accept for a full event puts them on the waiting list).
  // Only people whose calendar holds the event (they were sent an invitation): someone who registered on the page
  // without one has no calendar entry to update, and gets no mail for answering.
  if (current?.last_mail_key && current.status !== status && (origin === "web" || status !== answer)) await mailAnswer(trx, ctx, ev.id, id, pos);
  return { status, waitlistPos: pos, promoted: promoted.length };
}

/** Where an answer came from: the platform's pages, or a reply from a calendar app (issue 16). */
export type AnswerOrigin = "web" | "calendar";

async function mailAnswer(trx: Tx, ctx: Pick<AppContext, "config" | "mail">, eventId: string, attendanceId: string, pos: number | null): Promise<void> {
  const [recipient] = await loadRecipients(trx, eventId, { ids: [attendanceId] });
  if (!recipient) return;
  const snap = await loadSnapshot(trx, eventId);
  const place = pos === null ? null : await waitlistPlace(trx, eventId, pos);
  await mailAttendees(trx, ctx, snap, [recipient], "answer", {
    variant: (r) => `answer-${r.status}-${Date.now()}`,
    waitlistPlace: () => place,
  });
}

function checkOpen(ev: LockedEvent): void {
  if (ev.status === "cancelled") throw new ActionError(409, "events.error.eventCancelled");
  if (ev.status !== "published" || !registrationOpen(ev)) throw new ActionError(409, "events.error.registrationClosed");
}

export function parseAnswer(v: unknown): RsvpAnswer {
  if (v === "going" || v === "maybe" || v === "declined") return v;
  throw new ActionError(400, "events.error.rsvpInvalid");
}

/** A member answers on the event page. */
export async function rsvp(ctx: Ctx, viewer: Viewer, eventId: string, answerInput: unknown): Promise<RsvpResult> {
  const answer = parseAnswer(answerInput);
  const a = await eventAccess(ctx.db, viewer, { id: eventId });
  if (!a) notFound();
  return unitOfWork(ctx, async (trx, fx) => {
    const ev = await lockEvent(trx, eventId);
    // Re-checked under the lock: a cancellation or a lost right that committed meanwhile wins.
    const again = await eventAccess(trx, viewer, { id: eventId });
    if (!again) notFound();
    checkOpen(ev);
    const current = await trx
      .selectFrom("event_attendance")
      .select(["id", "status", "waitlist_pos", "last_mail_key"])
      .where("event_id", "=", eventId)
      .where("person_id", "=", viewer.id)
      .executeTakeFirst();
    return applyAnswer(trx, ctx, fx, ev, current ?? null, answer, async () => {
      const r = await trx.insertInto("event_attendance").values({ event_id: eventId, person_id: viewer.id, status: "maybe" }).returning("id").executeTakeFirstOrThrow();
      return r.id;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Guests (personal link, no account)

export interface GuestView {
  attendanceId: string;
  eventId: string;
  name: string;
  email: string;
  locale: "lv" | "en";
  status: AttendanceStatus;
  waitlistPos: number | null;
}

/** The guest behind a personal RSVP link, or null (→ 404) for an unknown, revoked or malformed token. */
export async function guestByToken(exec: Executor, token: string): Promise<GuestView | null> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const r = await exec
    .selectFrom("event_attendance")
    .select(["id", "event_id", "guest_name", "guest_email", "guest_locale", "status", "waitlist_pos"])
    .where("guest_token_hash", "=", tokenHash(token))
    .where("guest_email", "is not", null)
    .executeTakeFirst();
  if (!r) return null;
  return {
    attendanceId: r.id,
    eventId: r.event_id,
    name: r.guest_name,
    email: r.guest_email!,
    locale: r.guest_locale,
    status: r.status,
    waitlistPos: r.waitlist_pos,
  };
}

/** A guest's personal page: who they are, the event at its current revision, and whether answers are open; null → 404. */
export async function guestPage(exec: Executor, token: string) {
  const g = await guestByToken(exec, token);
  if (!g) return null;
  const [ev, counts, row] = await Promise.all([
    loadSnapshot(exec, g.eventId),
    countsOf(exec, g.eventId),
    exec.selectFrom("event").select(["status", "starts_at", "registration_deadline", "capacity"]).where("id", "=", g.eventId).executeTakeFirstOrThrow(),
  ]);
  const place = g.status === "waitlisted" ? await waitlistPlace(exec, g.eventId, g.waitlistPos) : null;
  return { guest: g, event: ev, going: counts.going, capacity: row.capacity, open: registrationOpen(row), place };
}

/** A guest answers with a POST from their personal page (a GET of the link never changes anything, F10). */
export async function guestRsvp(ctx: Ctx, token: string, answerInput: unknown): Promise<RsvpResult> {
  const answer = parseAnswer(answerInput);
  const g = await guestByToken(ctx.db, token);
  if (!g) notFound();
  return unitOfWork(ctx, (trx, fx) => answerInvitation(trx, ctx, fx, g.eventId, g.attendanceId, answer, "web"));
}

/**
 * The answer of one existing invitation (attendance row), inside the caller's unit of work: the guest page and
 * calendar replies (app/modules/events/replies) use it, so both follow the same capacity, waitlist and promotion
 * rules as a member's answer. Throws ActionError (409) when the event is cancelled or answers are closed.
 */
export async function answerInvitation(
  trx: Tx,
  ctx: Pick<AppContext, "config" | "mail">,
  fx: Pick<Effects, "tell">,
  eventId: string,
  attendanceId: string,
  answer: RsvpAnswer,
  origin: AnswerOrigin,
): Promise<RsvpResult & { before: AttendanceStatus }> {
  const ev = await lockEvent(trx, eventId);
  checkOpen(ev);
  const current = await trx.selectFrom("event_attendance").select(["id", "status", "waitlist_pos", "last_mail_key"]).where("id", "=", attendanceId).where("event_id", "=", eventId).executeTakeFirst();
  if (!current) notFound();
  const r = await applyAnswer(trx, ctx, fx, ev, current, answer, async () => current.id, origin);
  return { ...r, before: current.status };
}

/** A person's place in the waitlist (1 = next), counting only people still waiting. */
export async function waitlistPlace(exec: Executor, eventId: string, pos: number | null): Promise<number | null> {
  if (pos === null) return null;
  const r = await exec
    .selectFrom("event_attendance")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .where("waitlist_pos", "<=", pos)
    .executeTakeFirstOrThrow();
  return r.n;
}

// ---------------------------------------------------------------------------------------------------------------
// Check-in at the door

export async function setCheckedIn(ctx: Ctx, viewer: Viewer, eventId: string, attendanceId: string, checkedIn: boolean): Promise<void> {
  const a = await eventAccess(ctx.db, viewer, { id: eventId });
  if (!a) notFound();
  demand(viewer, { action: "event.manage", event: a.facts });
  if (!isUuid(attendanceId)) throw new ActionError(404, "events.error.attendeeNotFound");
  const r = await ctx.db
    .updateTable("event_attendance")
    .set(checkedIn ? { checked_in_at: sql`coalesce(checked_in_at, now())`, checked_in_by: viewer.id } : { checked_in_at: null, checked_in_by: null })
    .where("id", "=", attendanceId)
    .where("event_id", "=", eventId)
    .returning("id")
    .executeTakeFirst();
  if (!r) throw new ActionError(404, "events.error.attendeeNotFound");
}
