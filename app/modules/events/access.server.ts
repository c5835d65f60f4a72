import { sql } from "kysely";
import type { Executor } from "~/context";
import type { AttendanceStatus, EventLanguage, EventStatus, EventType, EventVisibility, GroupRole } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { isUuid } from "~/lib/ids";
import { can } from "~/modules/policy/authorize.server";
import type { EventFacts } from "~/modules/policy/facts";

/**
 * Events as the one rule set sees them: each helper loads the event with the viewer's relation to it in one query
 * and asks app/modules/policy/authorize.server.ts. Pages, actions, the thread subject and the calendar feeds all
 * come here, so a feed never shows what the event page would refuse (CAL-15).
 */

export interface EventRecord {
  id: string;
  slug: string;
  uid: string;
  title_lv: string;
  title_en: string;
  description_lv: string;
  description_en: string;
  type: EventType;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  all_day: boolean;
  venue: string;
  online_url: string | null;
  capacity: number | null;
  registration_deadline: Date | null;
  language: EventLanguage;
  host_group_id: string | null;
  visibility: EventVisibility;
  status: EventStatus;
  sequence: number;
  reminder_hours: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

export const EVENT_COLUMNS = [
  "e.id",
  "e.slug",
  "e.uid",
  "e.title_lv",
  "e.title_en",
  "e.description_lv",
  "e.description_en",
  "e.type",
  "e.starts_at",
  "e.ends_at",
  "e.time_zone",
  "e.all_day",
  "e.venue",
  "e.online_url",
  "e.capacity",
  "e.registration_deadline",
  "e.language",
  "e.host_group_id",
  "e.visibility",
  "e.status",
  "e.sequence",
  "e.reminder_hours",
  "e.created_by",
  "e.created_at",
  "e.updated_at",
  "e.published_at",
] as const;

export interface EventAccess {
  event: EventRecord;
  facts: EventFacts;
  may: { view: true; manage: boolean; rsvp: boolean; seeOnline: boolean; seeAttendees: boolean };
}

/** Registration is open while published, before the deadline (if any) and before the start. */
export function registrationOpen(e: { status: EventStatus; starts_at: Date | string; registration_deadline: Date | string | null }, now = new Date()): boolean {
  if (e.status !== "published") return false;
  const t = now.getTime();
  if (t >= new Date(e.starts_at).getTime()) return false;
  return !e.registration_deadline || t < new Date(e.registration_deadline).getTime();
}

/** Facts from a row that carries the viewer's host-group role, invitation and attendance (see viewerRelation). */
export function factsOf(
  viewer: Viewer,
  r: {
    status: EventStatus;
    visibility: EventVisibility;
    created_by: string | null;
    /** Without them (feeds), registration counts as closed: only seeing is decided. */
    starts_at?: Date | string;
    registration_deadline?: Date | string | null;
    group_role: GroupRole | null;
    /** The invitation time, or whether there is one. */
    invited_at: Date | string | boolean | null;
    attendance: AttendanceStatus | null;
  },
  now = new Date(),
): EventFacts {
  return {
    status: r.status,
    visibility: r.visibility,
    own: r.created_by === viewer.id,
    hostGroupRole: r.group_role ?? null,
    invited: r.invited_at !== null && r.invited_at !== undefined && r.invited_at !== false,
    attendance: r.attendance ?? null,
    registrationOpen: r.starts_at !== undefined ? registrationOpen({ status: r.status, starts_at: r.starts_at, registration_deadline: r.registration_deadline ?? null }, now) : false,
  };
}

export function mayOf(viewer: Viewer, facts: EventFacts): Omit<EventAccess["may"], "view"> {
  return {
    manage: can(viewer, { action: "event.manage", event: facts }),
    rsvp: can(viewer, { action: "event.rsvp", event: facts }),
    seeOnline: can(viewer, { action: "event.seeOnline", event: facts }),
    seeAttendees: can(viewer, { action: "event.seeAttendees", event: facts }),
  };
}

/** Select list: the event plus the viewer's relation (alias e; joins m = host-group membership, a = attendance). */
export function eventWithRelation(exec: Executor, viewer: Viewer) {
  return exec
    .selectFrom("event as e")
    .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "e.host_group_id").on("m.person_id", "=", viewer.id))
    .leftJoin("event_attendance as a", (j) => j.onRef("a.event_id", "=", "e.id").on("a.person_id", "=", viewer.id))
    .select([...EVENT_COLUMNS, "m.role as group_role", "a.invited_at", "a.status as attendance", "a.waitlist_pos"]);
}

/**
 * SQL mirror of the `event.view` rule, for lists and feeds (the rows are re-checked with can() afterwards; tests
 * compare both).
 */
export function visibleTo(viewer: Viewer) {
  if (viewer.clusterRole === "admin") return sql<boolean>`true`;
  return sql<boolean>`(
    e.created_by = ${viewer.id}
    or m.role = 'lead'
    or (e.status <> 'draft' and (
      a.invited_at is not null
      or e.visibility = 'all_members'
      or (e.visibility = 'group_members' and m.role is not null)
    ))
  )`;
}

/** The event with the viewer's rights, or null (→ 404) when it does not exist or the viewer may not see it. */
export async function eventAccess(exec: Executor, viewer: Viewer, by: { id: string } | { slug: string }, now = new Date()): Promise<EventAccess | null> {
  if ("id" in by && !isUuid(by.id)) return null;
  if ("slug" in by && (typeof by.slug !== "string" || by.slug.length === 0 || by.slug.length > 100)) return null;
  const row = await eventWithRelation(exec, viewer)
    .$if("id" in by, (q) => q.where("e.id", "=", (by as { id: string }).id))
    .$if("slug" in by, (q) => q.where("e.slug", "=", (by as { slug: string }).slug))
    .executeTakeFirst();
  if (!row) return null;
  const { group_role, invited_at, attendance, waitlist_pos: _w, ...event } = row;
  const facts = factsOf(viewer, { ...event, group_role, invited_at, attendance }, now);
  if (!can(viewer, { action: "event.view", event: facts })) return null;
  return { event: event as EventRecord, facts, may: { view: true, ...mayOf(viewer, facts) } };
}

/** Does the viewer lead this group (for "may create an event hosted by it")? */
export async function leadsGroup(exec: Executor, viewer: Viewer, groupId: string | null): Promise<boolean> {
  if (!groupId || !isUuid(groupId)) return false;
  const r = await exec.selectFrom("working_group_member").select("role").where("group_id", "=", groupId).where("person_id", "=", viewer.id).where("role", "=", "lead").executeTakeFirst();
  return !!r;
}

/**
 * Groups the viewer may pick as host (not archived): every group for admins; for organisers the groups they may see
 * (public ones and their own); for everyone else the groups they lead.
 */
/**
 * Groups the viewer may pick as host; `keep` (the event's current host group) stays selectable even if the editor
 * could not pick it today.
 */
export async function hostGroupChoices(exec: Executor, viewer: Viewer, keep: string | null = null): Promise<{ id: string; name_lv: string; name_en: string }[]> {
  const admin = viewer.clusterRole === "admin";
  const organiser = viewer.clusterRole === "organiser";
  const groups = await exec
    .selectFrom("working_group as g")
    .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "g.id").on("m.person_id", "=", viewer.id))
    .select(["g.id", "g.name_lv", "g.name_en"])
    .where("g.archived_at", "is", null)
    .$if(!admin && organiser, (q) => q.where((eb) => eb.or([eb("g.visibility", "=", "public"), eb("m.role", "is not", null)])))
    .$if(!admin && !organiser, (q) => q.where("m.role", "=", "lead"))
    .orderBy("g.search_key")
    .orderBy("g.id")
    .execute();
  if (!keep || groups.some((g) => g.id === keep)) return groups;
  const current = await exec.selectFrom("working_group").select(["id", "name_lv", "name_en"]).where("id", "=", keep).execute();
  return [...current, ...groups];
}
