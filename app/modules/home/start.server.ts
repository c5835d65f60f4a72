import { sql } from "kysely";
import type { Executor } from "~/context";
import type { AttendanceStatus, CampaignStatus, GroupRole, GroupVisibility, JoinPolicy, ParticipantStatus, ThreadSubjectType } from "#db/schema";
import { can } from "~/modules/policy/authorize.server";
import type { CampaignFacts, GroupFacts, Viewer } from "~/modules/policy/facts";
import { factsOf } from "~/modules/events/access.server";
import { THREAD_LIMITS } from "~/modules/threads/threads.server";

/**
 * The signed-in member's start page: what needs them, their next events, unread discussions, recent activity in
 * their groups and, for cluster admins, the cluster's pending work. Every block is a LIMIT n+1 query over an index
 * (the EXPLAIN test in tests/home-start.test.ts checks the plans on PostgreSQL), never a query per row; rows are
 * re-checked with can() over facts loaded in the same query, so nothing appears that the viewer's pages would refuse.
 */

/** How many rows each block shows (one more is read to know whether there are more). */
export const START_LIMITS = { needs: 8, events: 5, unread: 8, activity: 8, activityDays: 30, deliverableDays: 14 } as const;

export type Bi = { lv: string; en: string };

export type NeedItem =
  | { kind: "groupInvite"; href: string; name: Bi; at: string }
  | { kind: "eventInvite"; href: string; name: Bi; at: string }
  | { kind: "joinRequests"; href: string; name: Bi; count: number }
  | { kind: "orgPeople"; href: string; count: number }
  | { kind: "deliverable"; href: string; name: Bi; campaign: Bi; dueOn: string; overdue: boolean }
  | { kind: "applications"; href: string; name: Bi; count: number }
  | { kind: "poolInvite"; href: string; code: string }
  | { kind: "poolRequests"; href: string; code: string; count: number }
  | { kind: "poolQuote"; href: string; code: string };

export interface NextEvent {
  slug: string;
  href: string;
  icsHref: string;
  title: Bi;
  startsAt: string;
  endsAt: string;
  venue: string;
  /** The viewer's answer; null: not answered (an event of one of their groups). */
  rsvp: AttendanceStatus | null;
}

export interface UnreadThread {
  id: string;
  title: string;
  subjectType: ThreadSubjectType;
  subject: Bi;
  unread: number;
  lastAuthor: string | null;
  lastPostAt: string;
  /** The thread page positioned on the first unread post. */
  href: string;
}

export type ActivityItem = { kind: "post"; at: string; who: string | null; title: string; group: Bi; href: string } | { kind: "joined"; at: string; who: string; group: Bi; href: string };

export interface StartPage {
  name: string;
  org: string;
  orgs: number;
  people: number;
  clusterAdmin: boolean;
  needs: { items: NeedItem[]; more: boolean };
  events: { items: NextEvent[]; more: boolean };
  unread: { items: UnreadThread[]; threads: number; posts: number };
  activity: { items: ActivityItem[] };
  /** Cluster admins: what waits for the cluster office; null for everyone else. */
  cluster: { pendingOrgs: number; pendingPeople: number; erasures: number } | null;
  /** For the empty states: what a new member could do next. */
  hints: { groups: number; profileIncomplete: boolean };
}

const iso = (d: Date | string) => new Date(d).toISOString();

interface MyGroup {
  id: string;
  slug: string;
  name_lv: string;
  name_en: string;
  visibility: GroupVisibility;
  join_policy: JoinPolicy;
  archived_at: Date | null;
  role: GroupRole;
}

function memberFacts(g: MyGroup): GroupFacts {
  return { visibility: g.visibility, joinPolicy: g.join_policy, archived: g.archived_at !== null, role: g.role, invited: false, pendingRequest: false, excluded: false };
}

function campaignFacts(viewer: Viewer, c: { status: CampaignStatus; coordinator_id: string; participant: ParticipantStatus | null; publish_full_table: boolean }): CampaignFacts {
  return { status: c.status, coordinator: c.coordinator_id === viewer.id, participant: c.participant ?? null, publishFullTable: c.publish_full_table };
}

/** The thread page positioned so that the first unread post (seq after lastRead) is on it (as postLocation does). */
export function firstUnreadHref(href: string, lastRead: number, lastSeq: number): string {
  const first = lastRead + 1;
  const before = first + Math.floor(THREAD_LIMITS.pageSize / 2);
  return before > lastSeq ? `${href}#p${first}` : `${href}?before=${before}#p${first}`;
}

/** The groups the viewer belongs to (working_group_member_person_idx). */
async function myGroups(db: Executor, viewer: Viewer): Promise<MyGroup[]> {
  return (
    db
      .selectFrom("working_group_member as m")
      // lateral: one primary-key lookup per membership (the person has dozens), never a scan of every group
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("working_group as wg")
            .select(["wg.id", "wg.slug", "wg.name_lv", "wg.name_en", "wg.visibility", "wg.join_policy", "wg.archived_at"])
            .whereRef("wg.id", "=", "m.group_id")
            .offset(0) // an optimisation fence: the subquery is not pulled up into a hash join over every group
            .as("g"),
        (j) => j.onTrue(),
      )
      .select(["g.id", "g.slug", "g.name_lv", "g.name_en", "g.visibility", "g.join_policy", "g.archived_at", "m.role"])
      .where("m.person_id", "=", viewer.id)
      .execute()
  );
}

interface Subjects {
  group: Map<string, { name: Bi; href: string }>;
  event: Map<string, { name: Bi; href: string }>;
  campaign: Map<string, { name: Bi; href: string }>;
  pool: Map<string, { name: Bi; href: string }>;
}

/**
 * The subjects whose discussions are "mine": my groups, events I answered or was invited to, campaigns I coordinate
 * or my organisation takes part in, pools my organisation is in or coordinates — each kept only if the rules let me
 * read its discussion.
 */
async function mySubjects(db: Executor, viewer: Viewer, groups: MyGroup[]): Promise<Subjects> {
  const [events, campaigns, pools] = await Promise.all([
    db
      .selectFrom("event_attendance as a")
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("event as ev")
            .select(["ev.id", "ev.slug", "ev.title_lv", "ev.title_en", "ev.status", "ev.visibility", "ev.created_by", "ev.host_group_id"])
            .whereRef("ev.id", "=", "a.event_id")
            .offset(0) // as in myGroups: a primary-key lookup per attendance, not a hash join over every event
            .as("e"),
        (j) => j.onTrue(),
      )
      .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "e.host_group_id").on("m.person_id", "=", viewer.id))
      .select(["e.id", "e.slug", "e.title_lv", "e.title_en", "e.status", "e.visibility", "e.created_by", "m.role as group_role", "a.invited_at", "a.status as attendance"])
      .where("a.person_id", "=", viewer.id)
      .where("a.status", "<>", "declined")
      .execute(),
    db
      .selectFrom("campaign as c")
      .leftJoin("campaign_participant as p", (j) => j.onRef("p.campaign_id", "=", "c.id").on("p.organisation_id", "=", viewer.orgId))
      .select(["c.id", "c.slug", "c.title_lv", "c.title_en", "c.status", "c.coordinator_id", "c.publish_full_table", "p.status as participant"])
      .where((eb) =>
        eb.or([
          eb("c.coordinator_id", "=", viewer.id),
          eb("c.id", "in", eb.selectFrom("campaign_participant").select("campaign_id").where("organisation_id", "=", viewer.orgId).where("status", "=", "accepted")),
        ]),
      )
      .execute(),
    db
      .selectFrom("logistics_pool as p")
      .select([
        "p.id",
        "p.code",
        "p.status",
        "p.coordinator_org_id",
        sql<boolean>`exists (select 1 from logistics_pool_member pm join logistics_request r on r.id = pm.request_id
          where pm.pool_id = p.id and pm.state in ('pending','accepted') and r.organisation_id = ${viewer.orgId})`.as("participant"),
      ])
      .where((eb) =>
        eb.or([
          eb("p.coordinator_org_id", "=", viewer.orgId),
          eb(
            "p.id",
            "in",
            eb
              .selectFrom("logistics_pool_member as pm")
              .innerJoin("logistics_request as r", "r.id", "pm.request_id")
              .select("pm.pool_id")
              .where("r.organisation_id", "=", viewer.orgId)
              .where("pm.state", "in", ["pending", "accepted"]),
          ),
        ]),
      )
      .execute(),
  ]);
  const s: Subjects = { group: new Map(), event: new Map(), campaign: new Map(), pool: new Map() };
  for (const g of groups) {
    if (can(viewer, { action: "group.view", group: memberFacts(g) })) s.group.set(g.id, { name: { lv: g.name_lv, en: g.name_en }, href: `/groups/${g.slug}` });
  }
  for (const e of events) {
    if (can(viewer, { action: "event.view", event: factsOf(viewer, e) })) s.event.set(e.id, { name: { lv: e.title_lv, en: e.title_en }, href: `/events/${e.slug}/discussion` });
  }
  for (const c of campaigns) {
    if (can(viewer, { action: "campaign.participate", campaign: campaignFacts(viewer, c) })) s.campaign.set(c.id, { name: { lv: c.title_lv, en: c.title_en }, href: `/campaigns/${c.slug}` });
  }
  for (const p of pools) {
    const facts = { participant: !!p.participant, coordinator: p.coordinator_org_id === viewer.orgId, status: p.status };
    if (can(viewer, { action: "logistics.pool.view", pool: facts })) s.pool.set(p.id, { name: { lv: `Apvienotā krava ${p.code}`, en: `Pool ${p.code}` }, href: `/logistics/pools/${p.id}` });
  }
  return s;
}

/** `(t.subject_type = 'group' and t.subject_id = any(…)) or …`: one index scan (thread_subject_idx) per kind. */
function subjectFilter(s: Partial<Subjects>) {
  const parts = (Object.keys(s) as ThreadSubjectType[]).filter((k) => (s[k]?.size ?? 0) > 0).map((k) => sql`(t.subject_type = ${k} and t.subject_id = any(${[...s[k]!.keys()]}::uuid[]))`);
  return parts.length ? sql.join(parts, sql` or `) : sql`false`;
}

function subjectOf(s: Partial<Subjects>, type: ThreadSubjectType, id: string) {
  return s[type]?.get(id) ?? null;
}

function threadHref(type: ThreadSubjectType, subjectHref: string, threadId: string): string {
  return type === "group" ? `${subjectHref}/threads/${threadId}` : subjectHref;
}

/** Threads with posts after the viewer's read position, newest activity first; the totals over all of them. */
async function unreadThreads(db: Executor, viewer: Viewer, s: Subjects): Promise<StartPage["unread"]> {
  const limit = START_LIMITS.unread;
  const { rows } = await sql<{
    id: string;
    title: string;
    subject_type: ThreadSubjectType;
    subject_id: string;
    last_seq: number;
    read_seq: number;
    last_post_at: Date;
    threads: number;
    posts: number;
    author: string | null;
  }>`
    select x.*, (select a.name from post p join person a on a.id = p.author_id where p.thread_id = x.id and p.seq = x.last_seq) as author
    from (
      select t.id, t.title, t.subject_type, t.subject_id, t.last_seq, coalesce(r.last_read_seq, 0) as read_seq, t.last_post_at,
        count(*) over ()::int as threads, (sum(t.last_seq - coalesce(r.last_read_seq, 0)) over ())::int as posts
      from thread t
      left join thread_read r on r.thread_id = t.id and r.person_id = ${viewer.id}
      where (${subjectFilter(s)}) and t.last_seq > coalesce(r.last_read_seq, 0)
      order by t.last_post_at desc, t.id desc
      limit ${limit}
    ) x
    order by x.last_post_at desc, x.id desc`.execute(db);
  const items: UnreadThread[] = [];
  for (const r of rows) {
    const subj = subjectOf(s, r.subject_type, r.subject_id);
    if (!subj) continue;
    items.push({
      id: r.id,
      title: r.title,
      subjectType: r.subject_type,
      subject: subj.name,
      unread: r.last_seq - r.read_seq,
      lastAuthor: r.author,
      lastPostAt: iso(r.last_post_at),
      href: firstUnreadHref(threadHref(r.subject_type, subj.href, r.id), r.read_seq, r.last_seq),
    });
  }
  return { items, threads: rows[0]?.threads ?? 0, posts: rows[0]?.posts ?? 0 };
}

/** Latest discussion activity and newcomers in the viewer's groups, merged newest first. */
async function groupActivity(db: Executor, viewer: Viewer, s: Subjects): Promise<StartPage["activity"]> {
  const limit = START_LIMITS.activity;
  const groupIds = [...s.group.keys()];
  if (groupIds.length === 0) return { items: [] };
  const since = new Date(Date.now() - START_LIMITS.activityDays * 86_400_000);
  const [threads, joined] = await Promise.all([
    sql<{ id: string; title: string; subject_id: string; last_post_at: Date; author: string | null }>`
      select x.*, (select a.name from post p join person a on a.id = p.author_id where p.thread_id = x.id and p.seq = x.last_seq) as author
      from (
        select t.id, t.title, t.subject_id, t.last_seq, t.last_post_at from thread t
        where t.subject_type = 'group' and t.subject_id = any(${groupIds}::uuid[]) and t.last_seq > 0 and t.last_post_at > ${since}
        order by t.last_post_at desc, t.id desc
        limit ${limit}
      ) x`.execute(db),
    db
      .selectFrom("working_group_member as m")
      .innerJoin("person as p", "p.id", "m.person_id")
      .select(["m.group_id", "m.joined_at", "p.name"])
      .where("m.group_id", "=", sql<string>`any(${groupIds}::uuid[])`)
      .where("m.joined_at", ">", since)
      .where("m.person_id", "<>", viewer.id)
      .where("p.erased_at", "is", null)
      .orderBy("m.joined_at", "desc")
      .limit(limit)
      .execute(),
  ]);
  const items: ActivityItem[] = [];
  for (const t of threads.rows) {
    const g = s.group.get(t.subject_id);
    if (g) items.push({ kind: "post", at: iso(t.last_post_at), who: t.author, title: t.title, group: g.name, href: `${g.href}/threads/${t.id}` });
  }
  for (const j of joined) {
    const g = s.group.get(j.group_id);
    if (g) items.push({ kind: "joined", at: iso(j.joined_at), who: j.name, group: g.name, href: g.href });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { items: items.slice(0, limit) };
}

/** Upcoming events I answered or was invited to, and those of my groups; soonest first (event_attendance_mine_idx, event_group_idx). */
async function nextEvents(db: Executor, viewer: Viewer, groups: MyGroup[]): Promise<StartPage["events"]> {
  const limit = START_LIMITS.events;
  const now = new Date();
  const groupIds = groups.map((g) => g.id);
  const { rows } = await sql<{
    id: string;
    slug: string;
    title_lv: string;
    title_en: string;
    starts_at: Date;
    ends_at: Date;
    venue: string;
    status: "draft" | "published" | "cancelled";
    visibility: "all_members" | "group_members" | "invitees_only";
    created_by: string | null;
    registration_deadline: Date | null;
    group_role: GroupRole | null;
    invited_at: Date | null;
    attendance: AttendanceStatus | null;
  }>`
    select e.id, e.slug, e.title_lv, e.title_en, e.starts_at, e.ends_at, e.venue, e.status, e.visibility, e.created_by,
      e.registration_deadline, m.role as group_role, a.invited_at, a.status as attendance
    from (
      select a.event_id from event_attendance a where a.person_id = ${viewer.id} and a.status <> 'declined'
      union
      select e.id from event e where e.host_group_id = any(${groupIds}::uuid[]) and e.starts_at > ${new Date(now.getTime() - 7 * 86_400_000)}
    ) s
    cross join lateral (select * from event ev where ev.id = s.event_id offset 0) e
    left join working_group_member m on m.group_id = e.host_group_id and m.person_id = ${viewer.id}
    left join event_attendance a on a.event_id = e.id and a.person_id = ${viewer.id}
    where e.status = 'published' and e.ends_at > ${now} and a.status is distinct from 'declined'
    order by e.starts_at, e.id
    limit ${limit + 1}`.execute(db);
  const items: NextEvent[] = [];
  for (const r of rows.slice(0, limit)) {
    if (!can(viewer, { action: "event.view", event: factsOf(viewer, r, now) })) continue;
    items.push({
      slug: r.slug,
      href: `/events/${r.slug}`,
      icsHref: `/events/${r.slug}/calendar.ics`,
      title: { lv: r.title_lv, en: r.title_en },
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
      venue: r.venue,
      rsvp: r.attendance,
    });
  }
  return { items, more: rows.length > limit };
}

/** Invitations to answer, requests and applications to decide, deliverables due, pools waiting on my organisation. */
async function needsMe(db: Executor, viewer: Viewer, groups: MyGroup[]): Promise<StartPage["needs"]> {
  const limit = START_LIMITS.needs;
  const now = new Date();
  const led = groups.filter((g) => can(viewer, { action: "group.manage", group: memberFacts(g) }) && g.archived_at === null);
  const orgAdmin = viewer.clusterRole !== "admin" && can(viewer, { action: "membership.approve", orgId: viewer.orgId });
  const [groupInvites, eventInvites, requests, orgPeople, deliverables, applications, poolInvites, pools] = await Promise.all([
    db
      .selectFrom("working_group_invite as i")
      .innerJoin("working_group as g", "g.id", "i.group_id")
      .select([
        "g.id",
        "g.slug",
        "g.name_lv",
        "g.name_en",
        "g.visibility",
        "g.join_policy",
        "g.archived_at",
        sql<Date>`max(i.created_at)`.as("at"),
        sql<boolean>`exists (select 1 from working_group_exclusion x where x.group_id = g.id and x.person_id = ${viewer.id})`.as("excluded"),
      ])
      .where("i.accepted_at", "is", null)
      .where((eb) => eb.or([eb("i.person_id", "=", viewer.id), eb("i.organisation_id", "=", viewer.orgId)]))
      .where("g.archived_at", "is", null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("working_group_member as m").select("m.person_id").whereRef("m.group_id", "=", "g.id").where("m.person_id", "=", viewer.id))))
      .groupBy(["g.id"])
      .orderBy("at", "desc")
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom("event_attendance as a")
      .innerJoin("event as e", "e.id", "a.event_id")
      .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "e.host_group_id").on("m.person_id", "=", viewer.id))
      .select([
        "e.slug",
        "e.title_lv",
        "e.title_en",
        "e.starts_at",
        "e.status",
        "e.visibility",
        "e.created_by",
        "e.registration_deadline",
        "m.role as group_role",
        "a.invited_at",
        "a.status as attendance",
      ])
      .where("a.person_id", "=", viewer.id)
      .where("a.status", "=", "invited")
      .where("e.status", "=", "published")
      .where("e.starts_at", ">", now)
      .orderBy("e.starts_at")
      .limit(limit + 1)
      .execute(),
    led.length
      ? db
          .selectFrom("working_group_request")
          .select(["group_id", sql<number>`count(*)::int`.as("n")])
          .where(
            "group_id",
            "in",
            led.map((g) => g.id),
          )
          .where("status", "=", "pending")
          .groupBy("group_id")
          .execute()
      : Promise.resolve([]),
    orgAdmin
      ? db
          .selectFrom("person")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("organisation_id", "=", viewer.orgId)
          .where("membership_status", "=", "pending")
          .executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
    db
      .selectFrom("campaign_deliverable as d")
      .innerJoin("campaign as c", "c.id", "d.campaign_id")
      .leftJoin("campaign_participant as p", (j) => j.onRef("p.campaign_id", "=", "c.id").on("p.organisation_id", "=", viewer.orgId))
      .select([
        "d.id",
        "d.title_lv",
        "d.title_en",
        "d.owner_org_id",
        sql<string>`d.due_on::text`.as("due_on"),
        "c.slug",
        "c.title_lv as c_lv",
        "c.title_en as c_en",
        "c.status",
        "c.coordinator_id",
        "c.publish_full_table",
        "p.status as participant",
      ])
      .where("d.owner_org_id", "=", viewer.orgId)
      .where("d.status", "<>", "done")
      .where("d.due_on", "<=", sql<string>`(current_date + ${START_LIMITS.deliverableDays}::int)`)
      .where("c.status", "in", ["confirmed", "running"])
      .orderBy("d.due_on")
      .orderBy("d.id")
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom("campaign as c")
      .leftJoin("campaign_participant as own", (j) => j.onRef("own.campaign_id", "=", "c.id").on("own.organisation_id", "=", viewer.orgId))
      .select([
        "c.slug",
        "c.title_lv",
        "c.title_en",
        "c.status",
        "c.coordinator_id",
        "c.publish_full_table",
        "own.status as participant",
        sql<number>`(select count(*)::int from campaign_participant p where p.campaign_id = c.id and p.status = 'applied')`.as("n"),
      ])
      .where("c.coordinator_id", "=", viewer.id)
      .where("c.status", "in", ["recruiting", "confirmed", "running"])
      .execute(),
    db
      .selectFrom("logistics_pool_member as pm")
      .innerJoin("logistics_request as r", "r.id", "pm.request_id")
      .innerJoin("logistics_pool as p", "p.id", "pm.pool_id")
      .select(["p.id", "p.code", "p.status", "p.coordinator_org_id"])
      .where("r.organisation_id", "=", viewer.orgId)
      .where("pm.state", "=", "pending")
      .where("pm.joined", "=", false)
      .where("p.status", "in", ["proposed", "confirmed"])
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom("logistics_pool as p")
      .select(["p.id", "p.code", "p.status", sql<number>`(select count(*)::int from logistics_pool_member pm where pm.pool_id = p.id and pm.state = 'pending' and pm.joined)`.as("requests")])
      .where("p.coordinator_org_id", "=", viewer.orgId)
      .where("p.status", "in", ["proposed", "confirmed"])
      .orderBy("p.created_at", "desc")
      .limit(limit + 1)
      .execute(),
  ]);

  const items: NeedItem[] = [];
  for (const g of groupInvites) {
    const facts: GroupFacts = { visibility: g.visibility, joinPolicy: g.join_policy, archived: false, role: null, invited: true, pendingRequest: false, excluded: !!g.excluded };
    if (can(viewer, { action: "group.join", group: facts })) items.push({ kind: "groupInvite", href: `/groups/${g.slug}`, name: { lv: g.name_lv, en: g.name_en }, at: iso(g.at) });
  }
  for (const e of eventInvites) {
    if (can(viewer, { action: "event.rsvp", event: factsOf(viewer, e, now) }))
      items.push({ kind: "eventInvite", href: `/events/${e.slug}`, name: { lv: e.title_lv, en: e.title_en }, at: iso(e.starts_at) });
  }
  for (const r of requests) {
    const g = led.find((x) => x.id === r.group_id);
    if (g && r.n > 0) items.push({ kind: "joinRequests", href: `/groups/${g.slug}#requests`, name: { lv: g.name_lv, en: g.name_en }, count: r.n });
  }
  if (orgPeople.n > 0) items.push({ kind: "orgPeople", href: "/approvals", count: orgPeople.n });
  for (const a of applications) {
    if (a.n > 0 && can(viewer, { action: "campaign.manage", campaign: campaignFacts(viewer, a) }))
      items.push({ kind: "applications", href: `/campaigns/${a.slug}#participants`, name: { lv: a.title_lv, en: a.title_en }, count: a.n });
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const d of deliverables) {
    if (can(viewer, { action: "campaign.deliverable.update", campaign: campaignFacts(viewer, d), ownerOrgId: d.owner_org_id }))
      items.push({
        kind: "deliverable",
        href: `/campaigns/${d.slug}#deliverables`,
        name: { lv: d.title_lv, en: d.title_en },
        campaign: { lv: d.c_lv, en: d.c_en },
        dueOn: d.due_on,
        overdue: d.due_on < today,
      });
  }
  for (const p of poolInvites) {
    if (can(viewer, { action: "logistics.pool.view", pool: { participant: true, coordinator: p.coordinator_org_id === viewer.orgId, status: p.status } }))
      items.push({ kind: "poolInvite", href: `/logistics/pools/${p.id}`, code: p.code });
  }
  for (const p of pools) {
    const facts = { participant: false, coordinator: true, status: p.status };
    if (!can(viewer, { action: "logistics.pool.coordinate", pool: facts })) continue;
    if (p.requests > 0) items.push({ kind: "poolRequests", href: `/logistics/pools/${p.id}`, code: p.code, count: p.requests });
    if (p.status === "confirmed") items.push({ kind: "poolQuote", href: `/logistics/pools/${p.id}`, code: p.code });
  }
  return { items: items.slice(0, limit), more: items.length > limit };
}

async function clusterWork(db: Executor, viewer: Viewer): Promise<StartPage["cluster"]> {
  if (!can(viewer, { action: "org.approve" })) return null;
  const row = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from organisation where status = 'pending')`.as("orgs"),
      // proposers of a pending organisation are decided together with it (listed under the organisation)
      sql<number>`(select count(*)::int from person p join organisation o on o.id = p.organisation_id
        where p.membership_status = 'pending' and o.status = 'approved')`.as("people"),
      can(viewer, { action: "erasure.confirm" }) ? sql<number>`(select count(*)::int from erasure_request where status = 'pending')`.as("erasures") : sql<number>`0`.as("erasures"),
    ])
    .executeTakeFirstOrThrow();
  return { pendingOrgs: row.orgs, pendingPeople: row.people, erasures: row.erasures };
}

/** The members' start page (see the module comment). */
export async function startPage(db: Executor, viewer: Viewer): Promise<StartPage> {
  const groups = await myGroups(db, viewer);
  const [counts, me, subjects, needs, events, cluster] = await Promise.all([
    db
      .selectFrom("organisation")
      .select([sql<number>`count(*)::int`.as("orgs"), sql<number>`(select count(*)::int from person where membership_status = 'approved' and deactivated_at is null)`.as("people")])
      .where("status", "=", "approved")
      .executeTakeFirstOrThrow(),
    db.selectFrom("person").select(["job_title", "expertise_tags"]).where("id", "=", viewer.id).executeTakeFirst(),
    mySubjects(db, viewer, groups),
    needsMe(db, viewer, groups),
    nextEvents(db, viewer, groups),
    clusterWork(db, viewer),
  ]);
  const [unread, activity] = await Promise.all([unreadThreads(db, viewer, subjects), groupActivity(db, viewer, subjects)]);
  return {
    name: viewer.name,
    org: viewer.orgName,
    orgs: counts.orgs,
    people: counts.people,
    clusterAdmin: viewer.clusterRole === "admin",
    needs,
    events,
    unread,
    activity,
    cluster,
    hints: { groups: groups.length, profileIncomplete: !me || me.job_title.trim() === "" || me.expertise_tags.length === 0 },
  };
}
