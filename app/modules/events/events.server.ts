import crypto from "node:crypto";
import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import type { AttendanceStatus, EventLanguage, EventStatus, EventType, EventVisibility } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { can, demand, notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { searchKey, slugify } from "~/modules/text";
import { tellEvent } from "./notify.server";
import { EVENT_COLUMNS, eventAccess, eventWithRelation, factsOf, leadsGroup, visibleTo, type EventAccess, type EventRecord } from "./access.server";
import { EVENT_LIMITS, RESERVED_EVENT_SLUGS } from "./constants";
import type { EventInput, LifecycleForm } from "./input.server";
import { loadRecipients, mailAttendees } from "./mail.server";
import { promoteWaitlisted } from "./rsvp.server";
import { goingCount, loadSnapshot } from "./load.server";
import { eventUid } from "./uid";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

/** Everyone who holds the event in a calendar and gets updates (not people who declined, CAL-9). */
export const UPDATE_AUDIENCE: AttendanceStatus[] = ["invited", "going", "maybe", "waitlisted"];
/** A cancellation reaches every invitee (those who declined may still hold the entry as declined). */
export const CANCEL_AUDIENCE: AttendanceStatus[] = ["invited", "going", "maybe", "waitlisted", "declined"];

// ---------------------------------------------------------------------------------------------------------------
// Reading

export async function accessOr404(exec: Executor, viewer: Viewer, by: { id: string } | { slug: string }): Promise<EventAccess> {
  const a = await eventAccess(exec, viewer, by);
  if (!a) notFound();
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Create and edit

async function freeSlug(exec: Executor, base: string): Promise<string> {
  const root = (base || "pasakums").slice(0, 70);
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 && !RESERVED_EVENT_SLUGS.has(root) ? root : `${root}-${n}`;
    const taken = await exec.selectFrom("event").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
  throw new Error("no free slug");
}

/**
 * May this viewer host an event in that group? Admins and organisers: any group they may see, or none; everyone
 * else: only a group they lead (and then one must be chosen).
 */
async function checkHostGroup(exec: Executor, viewer: Viewer, groupId: string | null): Promise<void> {
  const staff = viewer.clusterRole === "admin" || viewer.clusterRole === "organiser";
  const leads = await leadsGroup(exec, viewer, groupId);
  if (!groupId) {
    if (staff) return;
    if (await leadsAnyGroup(exec, viewer)) throw new ActionError(400, "events.error.hostGroupRequired", {}, "hostGroupId");
  }
  demand(viewer, { action: "event.create", leadOfHostGroup: leads });
  if (!groupId) return;
  const g = await groupAccess(exec, viewer, { id: groupId });
  if (!g || g.facts.archived || !(g.may.view || leads)) throw new ActionError(400, "events.error.hostGroupInvalid", {}, "hostGroupId");
}

async function writeAgenda(trx: Executor, eventId: string, input: EventInput): Promise<void> {
  await trx.deleteFrom("event_agenda_item").where("event_id", "=", eventId).execute();
  if (input.agenda.length === 0) return;
  await trx
    .insertInto("event_agenda_item")
    .values(
      input.agenda.map((a, i) => ({
        event_id: eventId,
        position: i + 1,
        starts_at: a.startsAt,
        ends_at: a.endsAt,
        title_lv: a.titleLv,
        title_en: a.titleEn,
        speaker: a.speaker,
      })),
    )
    .execute();
}

function columnsOf(input: EventInput) {
  return {
    title_lv: input.titleLv,
    title_en: input.titleEn,
    description_lv: input.descriptionLv,
    description_en: input.descriptionEn,
    type: input.type,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    time_zone: input.timeZone,
    all_day: input.allDay,
    venue: input.venue,
    online_url: input.onlineUrl,
    capacity: input.capacity,
    registration_deadline: input.registrationDeadline,
    language: input.language,
    host_group_id: input.hostGroupId,
    visibility: input.visibility,
    reminder_hours: input.reminderHours,
    search_key: searchKey(input.titleLv, input.titleEn),
  };
}

/**
 * Creates an event (a draft, or published at once) with its agenda and its discussion thread, in one transaction.
 * The thread row is created here, without a first post: threads of an event are opened by the event itself.
 */
export async function createEvent(ctx: Ctx, viewer: Viewer, input: EventInput, publish: boolean): Promise<{ id: string; slug: string }> {
  await checkHostGroup(ctx.db, viewer, input.hostGroupId);
  const id = crypto.randomUUID();
  return ctx.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, slugify(input.titleLv));
    await trx
      .insertInto("event")
      .values({
        id,
        slug,
        uid: eventUid(id, ctx.config.appOrigin),
        ...columnsOf(input),
        status: publish ? "published" : "draft",
        published_at: publish ? new Date() : null,
        created_by: viewer.id,
      })
      .execute();
    await writeAgenda(trx, id, input);
    await trx.insertInto("thread").values({ subject_type: "event", subject_id: id, title: input.titleLv, created_by: viewer.id }).execute();
    return { id, slug };
  });
}

/** A change any calendar must see: RFC 5546 §2.1.4 (times, status) plus our policy (venue, online link). */
export function isSignificant(before: EventRecord, input: EventInput): boolean {
  return (
    new Date(before.starts_at).getTime() !== input.startsAt.getTime() ||
    new Date(before.ends_at).getTime() !== input.endsAt.getTime() ||
    before.all_day !== input.allDay ||
    before.time_zone !== input.timeZone ||
    before.venue !== input.venue ||
    (before.online_url ?? null) !== input.onlineUrl
  );
}

export interface UpdateResult {
  slug: string;
  sequence: number;
  significant: boolean;
  mailed: number;
  promoted: number;
}

/**
 * Saves an edit. A significant change to a published event raises the sequence by exactly one in the same UPDATE
 * (atomic under concurrent edits, CAL-9) and sends the new revision to everyone invited, going, maybe or
 * waitlisted; a title/description-only edit keeps the sequence and mails only when the organiser asks (`notify`),
 * as a same-sequence REQUEST with a newer DTSTAMP. Capacity below the number already going is refused; more
 * capacity promotes people from the waitlist in the same transaction.
 */
export async function updateEvent(ctx: Ctx, viewer: Viewer, eventId: string, input: EventInput, opts: { notify: boolean }): Promise<UpdateResult> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (a.event.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");
  if (input.hostGroupId !== a.event.host_group_id) await checkHostGroup(ctx.db, viewer, input.hostGroupId);
  return unitOfWork(ctx, async (trx, fx) => {
    const before = (await trx
      .selectFrom("event as e")
      .select([...EVENT_COLUMNS])
      .where("e.id", "=", eventId)
      .forUpdate()
      .executeTakeFirstOrThrow()) as EventRecord;
    if (before.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");
    const going = await goingCount(trx, eventId);
    if (input.capacity !== null && input.capacity < going) throw new ActionError(400, "events.error.capacityBelowGoing", { going }, "capacity");
    const significant = before.status === "published" && isSignificant(before, input);
    const row = await trx
      .updateTable("event")
      .set({
        ...columnsOf(input),
        sequence: significant ? sql`sequence + 1` : sql`sequence`,
        updated_at: sql`now()`,
      })
      .where("id", "=", eventId)
      .returning(["sequence", "slug"])
      .executeTakeFirstOrThrow();
    await writeAgenda(trx, eventId, input);
    if (before.title_lv !== input.titleLv) {
      await trx.updateTable("thread").set({ title: input.titleLv }).where("subject_type", "=", "event").where("subject_id", "=", eventId).execute();
    }
    // Capacity grew (or was lifted): the first people waiting get the places, and their invitation.
    const promoted = await promoteWaitlisted(trx, ctx, fx, eventId);
    let mailed = 0;
    if (before.status === "published" && (significant || opts.notify)) {
      const snap = await loadSnapshot(trx, eventId);
      const promotedIds = new Set(promoted);
      const audience = (await loadRecipients(trx, eventId, { statuses: UPDATE_AUDIENCE })).filter((r) => !promotedIds.has(r.attendanceId));
      mailed = await mailAttendees(trx, ctx, snap, audience, significant ? "update" : "notice", {
        variant: significant ? undefined : () => `notice-${new Date(snap.updatedAt).getTime()}`,
      });
      // A change every calendar must see is also told in-app, once per revision (the key carries the sequence).
      if (significant) {
        await tellEvent(trx, fx, { kind: "event_update", eventId, personIds: audience.map((x) => x.personId), except: viewer.id, key: `event-update:${eventId}:${row.sequence}` });
      }
    }
    return { slug: row.slug, sequence: row.sequence, significant, mailed, promoted: promoted.length };
  });
}

/** Draft → published: people invited while it was a draft get their invitations now (sequence unchanged). */
export async function publishEvent(ctx: Ctx, viewer: Viewer, eventId: string): Promise<{ mailed: number }> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (a.event.status !== "draft") throw new ActionError(409, "events.error.notDraft");
  if (new Date(a.event.starts_at).getTime() <= Date.now()) throw new ActionError(400, "events.error.startInPast", {}, "startDate");
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("event")
      .set({ status: "published", published_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", eventId)
      .where("status", "=", "draft")
      .returning("id")
      .executeTakeFirst();
    if (!r) throw new ActionError(409, "events.error.notDraft");
    const snap = await loadSnapshot(trx, eventId);
    const mailed = await mailAttendees(trx, ctx, snap, await loadRecipients(trx, eventId, { statuses: UPDATE_AUDIENCE }), "invitation");
    return { mailed };
  });
}

/**
 * Cancels the event: STATUS cancelled and SEQUENCE + 1 in one statement, and a METHOD:CANCEL with STATUS:CANCELLED
 * to every invitee (CAL-10). A draft is cancelled quietly (nobody has it in a calendar).
 */
export async function cancelEvent(ctx: Ctx, viewer: Viewer, eventId: string, confirmed: boolean): Promise<{ mailed: number; sequence: number }> {
  const a = await accessOr404(ctx.db, viewer, { id: eventId });
  demand(viewer, { action: "event.manage", event: a.facts });
  if (a.event.status === "cancelled") throw new ActionError(409, "events.error.alreadyCancelled");
  if (!confirmed) throw new ActionError(400, "events.error.cancelConfirm", {}, "confirm");
  return unitOfWork(ctx, async (trx, fx) => {
    const r = await trx
      .updateTable("event")
      .set((eb) => ({
        status: "cancelled" as EventStatus,
        cancelled_at: sql`now()`,
        updated_at: sql`now()`,
        sequence: eb
          .case()
          .when("status", "=", "published")
          .then(sql<number>`sequence + 1`)
          .else(sql<number>`sequence`)
          .end(),
      }))
      .where("id", "=", eventId)
      .where("status", "<>", "cancelled")
      .returning(["sequence"])
      .executeTakeFirst();
    if (!r) throw new ActionError(409, "events.error.alreadyCancelled");
    if (a.event.status !== "published") return { mailed: 0, sequence: r.sequence };
    const snap = await loadSnapshot(trx, eventId);
    const audience = await loadRecipients(trx, eventId, { statuses: CANCEL_AUDIENCE });
    const mailed = await mailAttendees(trx, ctx, snap, audience, "cancellation");
    await tellEvent(trx, fx, { kind: "event_cancelled", eventId, personIds: audience.map((x) => x.personId), except: viewer.id, key: `event-cancelled:${eventId}` });
    return { mailed, sequence: r.sequence };
  });
}

/** Publish or cancel (the forms on the edit page and on the draft's own page): the `?done=` notice to show. */
export async function changeEventStatus(ctx: Ctx, viewer: Viewer, eventId: string, form: LifecycleForm): Promise<"published" | "cancelled"> {
  if (form.intent === "publish") {
    await publishEvent(ctx, viewer, eventId);
    return "published";
  }
  await cancelEvent(ctx, viewer, eventId, form.confirm);
  return "cancelled";
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export interface EventListItem {
  id: string;
  slug: string;
  titleLv: string;
  titleEn: string;
  type: EventType;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  venue: string;
  online: boolean;
  language: EventLanguage;
  status: EventStatus;
  visibility: EventVisibility;
  capacity: number | null;
  going: number;
  attendance: AttendanceStatus | null;
  hostGroup: { slug: string; nameLv: string; nameEn: string } | null;
}

export interface EventFilters {
  tab: "upcoming" | "past";
  type?: EventType | null;
  groupId?: string | null;
  language?: EventLanguage | null;
  /** Only events the viewer is going to, invited to, waitlisted for, maybe, or manages. */
  mine?: boolean;
  after?: string | null;
  limit?: number;
}

function listQuery(exec: Executor, viewer: Viewer) {
  return eventWithRelation(exec, viewer)
    .leftJoin("working_group as g", "g.id", "e.host_group_id")
    .select([
      "g.slug as group_slug",
      "g.name_lv as group_name_lv",
      "g.name_en as group_name_en",
      sql<string>`e.starts_at::text`.as("ts"),
      sql<number>`(select count(*)::int from event_attendance c where c.event_id = e.id and c.status = 'going')`.as("going"),
    ])
    .where(visibleTo(viewer));
}

/**
 * Upcoming (by start, soonest first, ongoing included) or past (newest first) events the viewer may see, with
 * filters, keyset-paginated on (starts_at, id) (event_list_idx). Drafts show only to those who manage them.
 */
export async function listEvents(exec: Executor, viewer: Viewer, f: EventFilters): Promise<{ items: EventListItem[]; next: string | null }> {
  const size = f.limit ?? EVENT_LIMITS.pageSize;
  const cur = decodeCursor(f.after, 2, [isTimestampText, isUuid]);
  const upcoming = f.tab === "upcoming";
  const now = new Date();
  const rows = await listQuery(exec, viewer)
    .$if(upcoming, (q) => q.where("e.ends_at", ">", now))
    .$if(!upcoming, (q) => q.where("e.ends_at", "<=", now))
    .$if(!!f.type, (q) => q.where("e.type", "=", f.type!))
    .$if(!!f.groupId, (q) => q.where("e.host_group_id", "=", f.groupId!))
    .$if(!!f.language, (q) => q.where("e.language", "=", f.language!))
    .$if(!!f.mine, (q) => q.where((eb) => eb.or([eb("a.status", "in", ["going", "maybe", "waitlisted", "invited"]), eb("e.created_by", "=", viewer.id), eb("m.role", "=", "lead")])))
    .$if(!!cur && upcoming, (q) => q.where(sql<boolean>`(e.starts_at, e.id) > (${cur![0]}::timestamptz, ${cur![1]}::uuid)`))
    .$if(!!cur && !upcoming, (q) => q.where(sql<boolean>`(e.starts_at, e.id) < (${cur![0]}::timestamptz, ${cur![1]}::uuid)`))
    .orderBy("e.starts_at", upcoming ? "asc" : "desc")
    .orderBy("e.id", upcoming ? "asc" : "desc")
    .limit(size + 1)
    .execute();
  const page = keysetPage(rows, size, (r) => [r.ts, r.id]);
  const items: EventListItem[] = [];
  for (const r of page.items) {
    // The same rule as the event page decides (the SQL above mirrors it).
    if (!can(viewer, { action: "event.view", event: factsOf(viewer, r) })) continue;
    items.push(toListItem(r));
  }
  return { items, next: page.next };
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>["execute"]>>[number];

function toListItem(r: ListRow): EventListItem {
  return {
    id: r.id,
    slug: r.slug,
    titleLv: r.title_lv,
    titleEn: r.title_en,
    type: r.type,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    timeZone: r.time_zone,
    allDay: r.all_day,
    venue: r.venue,
    online: !!r.online_url,
    language: r.language,
    status: r.status,
    visibility: r.visibility,
    capacity: r.capacity,
    going: r.going,
    attendance: r.attendance ?? null,
    hostGroup: r.group_slug ? { slug: r.group_slug, nameLv: r.group_name_lv!, nameEn: r.group_name_en! } : null,
  };
}

/** Events that overlap [from, to) (the month calendar), start order; capped. */
export async function eventsBetween(exec: Executor, viewer: Viewer, from: Date, to: Date): Promise<EventListItem[]> {
  const rows = await listQuery(exec, viewer).where("e.starts_at", "<", to).where("e.ends_at", ">", from).orderBy("e.starts_at").orderBy("e.id").limit(500).execute();
  return rows.filter((r) => can(viewer, { action: "event.view", event: factsOf(viewer, r) })).map(toListItem);
}

/** A working group's next events (its page). */
export async function upcomingForGroup(exec: Executor, viewer: Viewer, groupId: string, limit = 5): Promise<EventListItem[]> {
  const r = await listEvents(exec, viewer, { tab: "upcoming", groupId, limit });
  return r.items;
}

/** Does the viewer lead any working group (may create events for it)? */
export async function leadsAnyGroup(exec: Executor, viewer: Viewer): Promise<boolean> {
  const r = await exec.selectFrom("working_group_member").select("group_id").where("person_id", "=", viewer.id).where("role", "=", "lead").executeTakeFirst();
  return !!r;
}

/** Working groups the viewer may see (the list filter): public ones and their own; admins every group. */
export async function visibleGroups(exec: Executor, viewer: Viewer): Promise<{ id: string; slug: string; nameLv: string; nameEn: string }[]> {
  const rows = await exec
    .selectFrom("working_group as g")
    .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "g.id").on("m.person_id", "=", viewer.id))
    .select(["g.id", "g.slug", "g.name_lv", "g.name_en"])
    .$if(viewer.clusterRole !== "admin", (q) => q.where((eb) => eb.or([eb("g.visibility", "=", "public"), eb("m.role", "is not", null)])))
    .orderBy("g.search_key")
    .orderBy("g.id")
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, nameLv: r.name_lv, nameEn: r.name_en }));
}

/** Members going (names for people who may see the event) and how many guests; capped for the page. */
export async function goingPeople(exec: Executor, eventId: string, limit = 200): Promise<{ people: { id: string; name: string; org: string }[]; guests: number }> {
  const [people, guests] = await Promise.all([
    exec
      .selectFrom("event_attendance as a")
      .innerJoin("person as p", "p.id", "a.person_id")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["p.id", "p.name", "o.name as org"])
      .where("a.event_id", "=", eventId)
      .where("a.status", "=", "going")
      .where("p.deactivated_at", "is", null)
      .orderBy("p.search_key")
      .limit(limit)
      .execute(),
    exec
      .selectFrom("event_attendance")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("event_id", "=", eventId)
      .where("status", "=", "going")
      .where("person_id", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return { people, guests: guests.n };
}

/** The event's discussion thread (one per event). */
export async function eventThread(exec: Executor, eventId: string) {
  return exec.selectFrom("thread").select(["id", "post_count", "last_seq", "locked"]).where("subject_type", "=", "event").where("subject_id", "=", eventId).orderBy("created_at").executeTakeFirst();
}

/**
 * What the event page shows besides the event: the host group (named only to people who may know it: a private
 * group stays unnamed for others), the organiser, and the viewer's own answer.
 */
export async function eventPageFacts(
  exec: Executor,
  viewer: Viewer,
  a: EventAccess,
): Promise<{
  group: { slug: string; nameLv: string; nameEn: string } | null;
  organiser: { id: string; name: string } | null;
  mine: { status: AttendanceStatus; waitlist_pos: number | null } | null;
}> {
  const e = a.event;
  const [group, organiser, mine] = await Promise.all([
    e.host_group_id ? exec.selectFrom("working_group").select(["slug", "name_lv", "name_en", "visibility"]).where("id", "=", e.host_group_id).executeTakeFirst() : null,
    e.created_by ? exec.selectFrom("person").select(["id", "name"]).where("id", "=", e.created_by).executeTakeFirst() : null,
    exec.selectFrom("event_attendance").select(["status", "waitlist_pos"]).where("event_id", "=", e.id).where("person_id", "=", viewer.id).executeTakeFirst(),
  ]);
  const groupVisible = group && (group.visibility === "public" || a.facts.hostGroupRole !== null || viewer.clusterRole === "admin");
  return {
    group: groupVisible && group ? { slug: group.slug, nameLv: group.name_lv, nameEn: group.name_en } : null,
    organiser: organiser ?? null,
    mine: mine ?? null,
  };
}
