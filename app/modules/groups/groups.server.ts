import { sql } from "kysely";
import { z } from "zod";
import type { AppContext, Executor } from "~/context";
import type { GroupRole, GroupVisibility, JoinPolicy } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { newTermLabel, termKeysField } from "~/modules/vocabulary/fields";
import type { Term } from "~/modules/vocabulary/terms";
import { asTerms, resolveTermChoice, termsByKey, withTerms } from "~/modules/vocabulary/vocabulary.server";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import { demand, notFound } from "~/modules/policy/authorize.server";
import { groupAccess, type GroupAccess } from "./access.server";
import { searchKey, slugify } from "~/modules/text";
import { recheckThreadRooms, revokeThreadRooms } from "~/modules/threads/threads.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

export const GROUP_LIMITS = { nameMax: 120, descriptionMax: 5000, tagsMax: 8, pageSize: 20, membersPerPage: 50 };
const RESERVED_SLUGS = new Set(["new"]);

// ---------------------------------------------------------------------------------------------------------------
// Input

const name = z
  .string()
  .trim()
  .min(3, "groups.error.nameRequired")
  .max(GROUP_LIMITS.nameMax, "groups.error.nameTooLong")
  .regex(/^[^\r\n<>\u0000-\u001f]*$/, "groups.error.fieldInvalid");
const description = z.string().trim().max(GROUP_LIMITS.descriptionMax, "groups.error.descriptionTooLong");

/** The fields of the create and edit forms (routes add their intent or the acknowledgement). */
export const GROUP_FIELDS = {
  nameLv: name,
  nameEn: name,
  descriptionLv: description.default(""),
  descriptionEn: description.default(""),
  // topics: keys of the group-topic vocabulary (checkboxes), plus a new topic in Latvian and/or English
  tags: termKeysField(GROUP_LIMITS.tagsMax, "groups.error.tagsTooMany", "vocabulary.error.invalid"),
  tagsNewLv: newTermLabel,
  tagsNewEn: newTermLabel,
  visibility: z.enum(["public", "private"], { message: "groups.error.fieldInvalid" }),
  joinPolicy: z.enum(["open", "request", "invite"], { message: "groups.error.fieldInvalid" }),
};

/** A private group is joined by invitation only (a superRefine for every schema with GROUP_FIELDS). */
export function privateInviteOnly(v: { visibility?: string; joinPolicy?: string }, ctx: z.RefinementCtx): void {
  if (v.visibility === "private" && v.joinPolicy !== "invite") {
    ctx.addIssue({ code: "custom", path: ["joinPolicy"], message: "groups.error.privateInviteOnly" });
  }
}

export const GroupInputSchema = z.object(GROUP_FIELDS).superRefine(privateInviteOnly);
export type GroupInput = z.infer<typeof GroupInputSchema>;

/** The topics a form chose, checked against the vocabulary (a new topic is added). */
function chosenTopics(trx: Executor, viewer: Viewer, input: GroupInput): Promise<string[]> {
  return resolveTermChoice(
    trx,
    "group_topic",
    viewer.id,
    { keys: input.tags, newLv: input.tagsNewLv, newEn: input.tagsNewEn },
    { field: "tags", max: GROUP_LIMITS.tagsMax, tooMany: "groups.error.tagsTooMany" },
  );
}

function requireAck(ack: boolean): void {
  if (!ack) throw new ActionError(400, "groups.error.ackRequired", {}, "ack");
}

async function accessOr404(exec: Executor, viewer: Viewer, groupId: string): Promise<GroupAccess> {
  const a = await groupAccess(exec, viewer, { id: groupId });
  if (!a) notFound();
  return a;
}

function label(g: { name_lv: string; name_en: string }) {
  return { lv: g.name_lv, en: g.name_en };
}

// ---------------------------------------------------------------------------------------------------------------
// Create, edit, archive

async function freeSlug(exec: Executor, base: string, exceptId?: string): Promise<string> {
  const root = (base || "grupa").slice(0, 60);
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 && !RESERVED_SLUGS.has(root) ? root : `${root}-${n}`;
    const taken = await exec
      .selectFrom("working_group")
      .select("id")
      .where("slug", "=", slug)
      .$if(!!exceptId, (q) => q.where("id", "!=", exceptId!))
      .executeTakeFirst();
    if (!taken) return slug;
  }
  throw new Error("no free slug");
}

/** A group's topics as terms (for its page). */
export async function groupTopics(exec: Executor, keys: string[]): Promise<Term[]> {
  return asTerms(keys, await termsByKey(exec, "group_topic", keys));
}

/** Organisers and cluster admins create a group; they become its first lead (with the competition-law ack). */
export async function createGroup(ctx: Ctx, viewer: Viewer, input: GroupInput, ack: boolean): Promise<{ id: string; slug: string }> {
  demand(viewer, { action: "group.create" });
  requireAck(ack);
  return ctx.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, slugify(input.nameLv));
    const tags = await chosenTopics(trx, viewer, input);
    const g = await trx
      .insertInto("working_group")
      .values({
        slug,
        name_lv: input.nameLv,
        name_en: input.nameEn,
        description_lv: input.descriptionLv,
        description_en: input.descriptionEn,
        tags,
        visibility: input.visibility,
        join_policy: input.joinPolicy,
        created_by: viewer.id,
        search_key: searchKey(input.nameLv, input.nameEn),
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    await trx.insertInto("working_group_member").values({ group_id: g.id, person_id: viewer.id, role: "lead", competition_ack_at: new Date() }).execute();
    return g;
  });
}

/**
 * Leads and admins edit a group. Turning a public group private takes effect for pages at once, and sockets of
 * non-members already in its thread rooms are re-authorised (and leave) right after the change.
 */
export async function updateGroup(ctx: Ctx, viewer: Viewer, groupId: string, input: GroupInput): Promise<{ slug: string }> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  await ctx.db.transaction().execute(async (trx) => {
    const tags = await chosenTopics(trx, viewer, input);
    await trx
      .updateTable("working_group")
      .set({
        name_lv: input.nameLv,
        name_en: input.nameEn,
        description_lv: input.descriptionLv,
        description_en: input.descriptionEn,
        tags,
        visibility: input.visibility,
        join_policy: input.joinPolicy,
        search_key: searchKey(input.nameLv, input.nameEn),
        updated_at: sql`now()`,
      })
      .where("id", "=", groupId)
      .execute();
  });
  if (a.group.visibility === "public" && input.visibility === "private") await recheckThreadRooms(ctx, "group", groupId);
  return { slug: a.group.slug };
}

/** An archived group is read-only: no joins, no new topics or posts; it can be restored. */
export async function setArchived(ctx: Ctx, viewer: Viewer, groupId: string, archived: boolean): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  await ctx.db
    .updateTable("working_group")
    .set({ archived_at: archived ? sql`coalesce(archived_at, now())` : null, updated_at: sql`now()` })
    .where("id", "=", groupId)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export interface GroupListItem {
  id: string;
  slug: string;
  nameLv: string;
  nameEn: string;
  descriptionLv: string;
  descriptionEn: string;
  /** Topics (vocabulary terms; stored as keys, filtered by key). */
  tags: Term[];
  visibility: GroupVisibility;
  joinPolicy: JoinPolicy;
  archived: boolean;
  role: GroupRole | null;
  invited: boolean;
  members: number;
}

function groupListQuery(exec: Executor, viewer: Viewer) {
  return exec
    .selectFrom("working_group as g")
    .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "g.id").on("m.person_id", "=", viewer.id))
    .select([
      "g.id",
      "g.slug",
      "g.name_lv",
      "g.name_en",
      "g.description_lv",
      "g.description_en",
      "g.tags",
      "g.visibility",
      "g.join_policy",
      "g.archived_at",
      "g.search_key",
      "m.role",
      sql<boolean>`exists (select 1 from working_group_invite i where i.group_id = g.id and i.accepted_at is null
        and (i.person_id = ${viewer.id} or i.organisation_id = ${viewer.orgId}))
        and not exists (select 1 from working_group_exclusion x where x.group_id = g.id and x.person_id = ${viewer.id})`.as("invited"),
      sql<number>`(select count(*)::int from working_group_member c where c.group_id = g.id)`.as("members"),
    ]);
}

/**
 * The working-group list: the viewer's groups first, then the others they may see and join (public groups,
 * groups they are invited to unless a lead removed them; cluster admins see every group). Keyset-paginated on
 * (section, search_key, id); the SQL filter mirrors the `group.preview` rule (tests compare both).
 */
export async function listGroups(exec: Executor, viewer: Viewer, opts: { tag?: string | null; after?: string | null }): Promise<{ items: GroupListItem[]; next: string | null }> {
  const size = GROUP_LIMITS.pageSize;
  const tag = opts.tag ? opts.tag.trim().slice(0, 64) : null;
  const cur = decodeCursor(opts.after, 3, [(p) => p === "mine" || p === "other", (p) => typeof p === "string", isUuid]);
  const section = cur ? (cur[0] as "mine" | "other") : "mine";
  const after = cur ? { key: cur[1] as string, id: cur[2] as string } : null;
  const admin = viewer.clusterRole === "admin";

  const rows: (Awaited<ReturnType<ReturnType<typeof groupListQuery>["execute"]>>[number] & { section: "mine" | "other" })[] = [];
  if (section === "mine") {
    const mine = await groupListQuery(exec, viewer)
      .where("m.person_id", "is not", null)
      .$if(!!tag, (q) => q.where(sql<boolean>`g.tags @> array[${tag}]::text[]`))
      .$if(!!after, (q) => q.where(sql<boolean>`(g.search_key, g.id) > (${after!.key}, ${after!.id}::uuid)`))
      .orderBy("g.search_key")
      .orderBy("g.id")
      .limit(size + 1)
      .execute();
    rows.push(...mine.map((r) => ({ ...r, section: "mine" as const })));
  }
  if (rows.length <= size) {
    const otherAfter = section === "other" ? after : null;
    const others = await groupListQuery(exec, viewer)
      .where("m.person_id", "is", null)
      .where("g.archived_at", "is", null)
      .$if(!admin, (q) =>
        q.where((eb) =>
          eb.or([
            eb("g.visibility", "=", "public"),
            eb.exists(
              eb
                .selectFrom("working_group_invite as i")
                .select(sql`1`.as("x"))
                .whereRef("i.group_id", "=", "g.id")
                .where("i.accepted_at", "is", null)
                .where((e) => e.or([e("i.person_id", "=", viewer.id), e("i.organisation_id", "=", viewer.orgId)]))
                .where((e) =>
                  e.not(
                    e.exists(
                      e
                        .selectFrom("working_group_exclusion as x")
                        .select(sql`1`.as("x"))
                        .whereRef("x.group_id", "=", "g.id")
                        .where("x.person_id", "=", viewer.id),
                    ),
                  ),
                ),
            ),
          ]),
        ),
      )
      .$if(!!tag, (q) => q.where(sql<boolean>`g.tags @> array[${tag}]::text[]`))
      .$if(!!otherAfter, (q) => q.where(sql<boolean>`(g.search_key, g.id) > (${otherAfter!.key}, ${otherAfter!.id}::uuid)`))
      .orderBy("g.search_key")
      .orderBy("g.id")
      .limit(size + 1 - rows.length)
      .execute();
    rows.push(...others.map((r) => ({ ...r, section: "other" as const })));
  }
  const { items: page, next } = keysetPage(rows, size, (r) => [r.section, r.search_key, r.id]);
  const items = await withTerms(exec, "group_topic", page, "tags");
  return {
    items: items.map((r) => ({
      id: r.id,
      slug: r.slug,
      nameLv: r.name_lv,
      nameEn: r.name_en,
      descriptionLv: r.description_lv,
      descriptionEn: r.description_en,
      tags: r.tags,
      visibility: r.visibility,
      joinPolicy: r.join_policy,
      archived: r.archived_at !== null,
      role: r.role ?? null,
      invited: !!r.invited,
      members: r.members,
    })),
    next,
  };
}

/** Topics in use on groups the viewer may see (for the filter; the page sorts them by the reader's label). */
export async function groupTags(exec: Executor, viewer: Viewer): Promise<Term[]> {
  const admin = viewer.clusterRole === "admin";
  const rows = await sql<{ tag: string }>`
    select distinct unnest(g.tags) as tag from working_group g
    where ${admin ? sql`true` : sql`(g.visibility = 'public' or exists (select 1 from working_group_member m where m.group_id = g.id and m.person_id = ${viewer.id}))`}
    order by 1 limit 200`.execute(exec);
  return [
    ...(
      await termsByKey(
        exec,
        "group_topic",
        rows.rows.map((r) => r.tag),
      )
    ).values(),
  ];
}

export interface MemberItem {
  personId: string;
  name: string;
  org: string;
  role: GroupRole;
  joinedAt: string;
}

/** Members, leads first then by joining time; keyset on (role, joined_at, person_id) (working_group_member_list_idx). */
export async function listMembers(exec: Executor, groupId: string, after: string | null): Promise<{ items: MemberItem[]; next: string | null }> {
  const size = GROUP_LIMITS.membersPerPage;
  const cur = decodeCursor(after, 3, [(p) => p === "lead" || p === "member", isTimestampText, isUuid]);
  const rows = await exec
    .selectFrom("working_group_member as m")
    .innerJoin("person as p", "p.id", "m.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["m.person_id", "p.name", "o.name as org", "m.role", "m.joined_at", sql<string>`m.joined_at::text`.as("ts")])
    .where("m.group_id", "=", groupId)
    .$if(!!cur, (q) => q.where(sql<boolean>`(m.role, m.joined_at, m.person_id) > (${cur![0]}, ${cur![1]}::timestamptz, ${cur![2]}::uuid)`))
    .orderBy("m.role")
    .orderBy("m.joined_at")
    .orderBy("m.person_id")
    .limit(size + 1)
    .execute();
  const { items, next } = keysetPage(rows, size, (r) => [r.role, r.ts, r.person_id]);
  return {
    items: items.map((r) => ({ personId: r.person_id, name: r.name, org: r.org, role: r.role, joinedAt: new Date(r.joined_at).toISOString() })),
    next,
  };
}

export interface RequestItem {
  id: string;
  name: string;
  org: string;
  createdAt: string;
}

export async function listPendingRequests(exec: Executor, groupId: string): Promise<RequestItem[]> {
  const rows = await exec
    .selectFrom("working_group_request as r")
    .innerJoin("person as p", "p.id", "r.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["r.id", "p.name", "o.name as org", "r.created_at"])
    .where("r.group_id", "=", groupId)
    .where("r.status", "=", "pending")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, org: r.org, createdAt: new Date(r.created_at).toISOString() }));
}

export interface InviteItem {
  id: string;
  /** The invited person, or null for an organisation's invitation. */
  person: string | null;
  org: string | null;
  createdAt: string;
}

export async function listInvites(exec: Executor, groupId: string): Promise<InviteItem[]> {
  const rows = await exec
    .selectFrom("working_group_invite as i")
    .leftJoin("person as p", "p.id", "i.person_id")
    .leftJoin("organisation as o", "o.id", "i.organisation_id")
    .select(["i.id", "p.name as person", "o.name as org", "i.created_at"])
    .where("i.group_id", "=", groupId)
    .where("i.accepted_at", "is", null)
    .orderBy("i.created_at")
    .orderBy("i.id")
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, person: r.person, org: r.org, createdAt: new Date(r.created_at).toISOString() }));
}

export interface ExclusionItem {
  personId: string;
  name: string;
  org: string;
  by: string | null;
  createdAt: string;
}

/** People a lead or admin removed (newest first; working_group_exclusion_list_idx), for the lead to let back in. */
export async function listExclusions(exec: Executor, groupId: string): Promise<ExclusionItem[]> {
  const rows = await exec
    .selectFrom("working_group_exclusion as x")
    .innerJoin("person as p", "p.id", "x.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .leftJoin("person as b", "b.id", "x.excluded_by")
    .select(["x.person_id", "p.name", "o.name as org", "b.name as by", "x.created_at"])
    .where("x.group_id", "=", groupId)
    .orderBy("x.created_at", "desc")
    .orderBy("x.person_id")
    .limit(100)
    .execute();
  return rows.map((r) => ({ personId: r.person_id, name: r.name, org: r.org, by: r.by, createdAt: new Date(r.created_at).toISOString() }));
}

/** Approved organisations for the "invite an organisation" choice. */
export async function invitableOrganisations(exec: Executor) {
  return exec.selectFrom("organisation").select(["id", "name"]).where("status", "=", "approved").orderBy("search_key").limit(2000).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Joining

async function leadsOf(exec: Executor, groupId: string) {
  return exec
    .selectFrom("working_group_member as m")
    .innerJoin("person as p", "p.id", "m.person_id")
    .select(["p.id", "p.name", "p.email", "p.locale", "p.notify_email"])
    .where("m.group_id", "=", groupId)
    .where("m.role", "=", "lead")
    .where("p.deactivated_at", "is", null)
    .limit(50)
    .execute();
}

/**
 * Joins at once: an open public group, or any group the viewer (or their organisation) is invited to.
 * Records the competition-law acknowledgement; a person invitation is marked accepted.
 */
export async function joinGroup(ctx: Ctx, viewer: Viewer, groupId: string, ack: boolean): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  if (a.facts.role) return;
  demand(viewer, { action: "group.join", group: a.facts });
  requireAck(ack);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("working_group_member")
      .values({ group_id: groupId, person_id: viewer.id, role: "member", competition_ack_at: new Date() })
      .onConflict((oc) => oc.columns(["group_id", "person_id"]).doNothing())
      .execute();
    await trx
      .updateTable("working_group_invite")
      .set({ accepted_at: sql`now()` })
      .where("group_id", "=", groupId)
      .where("person_id", "=", viewer.id)
      .where("accepted_at", "is", null)
      .execute();
    // A pending request is moot once one is in.
    await trx
      .updateTable("working_group_request")
      .set({ status: "approved", decided_at: sql`now()` })
      .where("group_id", "=", groupId)
      .where("person_id", "=", viewer.id)
      .where("status", "=", "pending")
      .execute();
  });
}

/** Asks to join a group with the "request" policy; its leads are told in-app. */
export async function requestToJoin(ctx: Ctx, viewer: Viewer, groupId: string, ack: boolean): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  if (a.facts.role || a.facts.pendingRequest) return;
  demand(viewer, { action: "group.request", group: a.facts });
  requireAck(ack);
  await unitOfWork(ctx, async (trx, fx) => {
    const r = await trx
      .insertInto("working_group_request")
      .values({ group_id: groupId, person_id: viewer.id, competition_ack_at: new Date() })
      .onConflict((oc) => oc.columns(["group_id", "person_id"]).where("status", "=", "pending").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!r) return;
    // In-app only: leads are not mailed about each request.
    await fx.tell({
      kind: "group_request",
      to: await leadsOf(trx, groupId),
      key: `group-request:${r.id}`,
      payload: { group: label(a.group), slug: a.group.slug, name: viewer.name, org: viewer.orgName, href: `/groups/${a.group.slug}#requests` },
      scope: { type: "group", id: groupId },
    });
  });
}

/** A lead approves or declines a request; the requester is told in-app and by email (unless emails are off). */
export async function decideRequest(ctx: Ctx, viewer: Viewer, groupId: string, requestId: string, approve: boolean): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  // Approving lets someone in (not into an archived group); declining is plain management.
  demand(viewer, { action: approve ? "group.admit" : "group.manage", group: a.facts });
  if (!isUuid(requestId)) throw new ActionError(400, "groups.error.requestGone");
  await unitOfWork(ctx, async (trx, fx) => {
    const r = await trx
      .updateTable("working_group_request")
      .set({ status: approve ? "approved" : "declined", decided_by: viewer.id, decided_at: sql`now()` })
      .where("id", "=", requestId)
      .where("group_id", "=", groupId)
      .where("status", "=", "pending")
      .returning(["person_id", "competition_ack_at"])
      .executeTakeFirst();
    if (!r) throw new ActionError(400, "groups.error.requestGone");
    if (approve) {
      await trx
        .insertInto("working_group_member")
        .values({ group_id: groupId, person_id: r.person_id, role: "member", competition_ack_at: r.competition_ack_at })
        .onConflict((oc) => oc.columns(["group_id", "person_id"]).doNothing())
        .execute();
    }
    const requester = await trx.selectFrom("person").select(["id", "email", "name", "locale", "notify_email"]).where("id", "=", r.person_id).executeTakeFirstOrThrow();
    const key = `group-request-decided:${requestId}`;
    await fx.tell({
      kind: approve ? "group_request_approved" : "group_request_declined",
      to: [requester],
      key,
      payload: { group: label(a.group), slug: a.group.slug, href: `/groups/${a.group.slug}` },
      mail: { template: "group_request_decided", params: { group: label(a.group), slug: a.group.slug, approved: approve }, key: () => key },
    });
  });
}

/** Finds an active, approved person by email or @handle (for invitations). */
async function findPerson(exec: Executor, who: string) {
  const q = who.trim().replace(/^@/, "").toLowerCase();
  if (!q || q.length > 254) return null;
  return exec
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.name", "p.email", "p.locale", "p.notify_email"])
    .where((eb) => eb.or([eb(sql`lower(p.email)`, "=", q), eb("p.handle", "=", q)]))
    .where("p.membership_status", "=", "approved")
    .where("p.email_verified_at", "is not", null)
    .where("p.deactivated_at", "is", null)
    .where("o.status", "=", "approved")
    .executeTakeFirst();
}

/**
 * Leads invite one person (by email or @handle); the invitee is told in-app and by email. Inviting someone a lead
 * removed earlier is the explicit way back: it lifts their exclusion.
 */
export async function invitePerson(ctx: Ctx, viewer: Viewer, groupId: string, who: string): Promise<{ name: string }> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.admit", group: a.facts });
  const person = await findPerson(ctx.db, who);
  if (!person) throw new ActionError(400, "groups.error.personUnknown", {}, "who");
  await unitOfWork(ctx, async (trx, fx) => {
    const member = await trx.selectFrom("working_group_member").select("person_id").where("group_id", "=", groupId).where("person_id", "=", person.id).executeTakeFirst();
    if (member) throw new ActionError(400, "groups.error.alreadyMember", {}, "who");
    await trx.deleteFrom("working_group_exclusion").where("group_id", "=", groupId).where("person_id", "=", person.id).execute();
    const inv = await trx
      .insertInto("working_group_invite")
      .values({ group_id: groupId, person_id: person.id, invited_by: viewer.id })
      .onConflict((oc) => oc.columns(["person_id", "group_id"]).where(sql.ref("person_id"), "is not", null).where("accepted_at", "is", null).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inv) return;
    const key = `group-invite:${inv.id}`;
    await fx.tell({
      kind: "group_invite",
      to: [person],
      key,
      payload: { group: label(a.group), slug: a.group.slug, by: viewer.name, href: `/groups/${a.group.slug}` },
      mail: { template: "group_invite", params: { group: label(a.group), slug: a.group.slug, by: viewer.name }, key: () => key },
    });
  });
  return { name: person.name };
}

/** Leads invite a whole organisation: each of its approved people may accept; they are told in-app. */
export async function inviteOrganisation(ctx: Ctx, viewer: Viewer, groupId: string, orgId: string): Promise<{ name: string }> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.admit", group: a.facts });
  if (!isUuid(orgId)) throw new ActionError(400, "groups.error.orgUnknown", {}, "orgId");
  const org = await ctx.db.selectFrom("organisation").select(["id", "name"]).where("id", "=", orgId).where("status", "=", "approved").executeTakeFirst();
  if (!org) throw new ActionError(400, "groups.error.orgUnknown", {}, "orgId");
  await unitOfWork(ctx, async (trx, fx) => {
    const inv = await trx
      .insertInto("working_group_invite")
      .values({ group_id: groupId, organisation_id: org.id, invited_by: viewer.id })
      .onConflict((oc) => oc.columns(["organisation_id", "group_id"]).where(sql.ref("organisation_id"), "is not", null).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inv) return;
    const people = await trx
      .selectFrom("person")
      .select(["id", "name", "email", "locale", "notify_email"])
      .where("organisation_id", "=", org.id)
      .where("membership_status", "=", "approved")
      .where("deactivated_at", "is", null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("working_group_member as m").select("m.person_id").whereRef("m.person_id", "=", "person.id").where("m.group_id", "=", groupId))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom("working_group_exclusion as x").select("x.person_id").whereRef("x.person_id", "=", "person.id").where("x.group_id", "=", groupId))))
      .limit(500)
      .execute();
    // In-app only: an organisation's people are not mailed one by one.
    await fx.tell({
      kind: "group_invite",
      to: people,
      key: `group-invite:${inv.id}`,
      payload: { group: label(a.group), slug: a.group.slug, by: viewer.name, org: org.name, href: `/groups/${a.group.slug}` },
    });
  });
  return { name: org.name };
}

export async function withdrawInvite(ctx: Ctx, viewer: Viewer, groupId: string, inviteId: string): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  if (!isUuid(inviteId)) return;
  await ctx.db.deleteFrom("working_group_invite").where("id", "=", inviteId).where("group_id", "=", groupId).where("accepted_at", "is", null).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Leaving, removal, leads

async function afterLosingMembership(ctx: Ctx, a: GroupAccess, personId: string): Promise<void> {
  // Pages check membership on every request; open sockets leave the private group's thread rooms now (RT-7).
  if (a.group.visibility === "private") await revokeThreadRooms(ctx, personId, "group", a.group.id);
}

/** Leaves a group. The last lead cannot leave while other members remain (hand the lead over first). */
export async function leaveGroup(ctx: Ctx, viewer: Viewer, groupId: string): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  if (!a.facts.role) return;
  await ctx.db.transaction().execute(async (trx) => {
    if (a.facts.role === "lead") {
      const counts = await trx
        .selectFrom("working_group_member")
        .select([sql<number>`count(*) filter (where role = 'lead')::int`.as("leads"), sql<number>`count(*)::int`.as("all")])
        .where("group_id", "=", groupId)
        .executeTakeFirstOrThrow();
      if (counts.leads <= 1 && counts.all > 1) throw new ActionError(400, "groups.error.lastLead");
    }
    await trx.deleteFrom("working_group_member").where("group_id", "=", groupId).where("person_id", "=", viewer.id).execute();
  });
  await afterLosingMembership(ctx, a, viewer.id);
}

/**
 * Leads remove members (a lead only by a cluster admin); access ends at once, and it sticks: the removal is recorded
 * as an exclusion, so an invitation of the person's organisation, an open group or a request does not let them back
 * (group.join/request/preview). Their open personal invitation and pending request go with it.
 */
export async function removeMember(ctx: Ctx, viewer: Viewer, groupId: string, personId: string): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  if (!isUuid(personId)) throw new ActionError(400, "groups.error.notMember");
  if (personId === viewer.id) throw new ActionError(400, "groups.error.useLeave");
  await ctx.db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom("working_group_member").select("role").where("group_id", "=", groupId).where("person_id", "=", personId).executeTakeFirst();
    if (!m) throw new ActionError(400, "groups.error.notMember");
    demand(viewer, { action: "group.removeMember", group: a.facts, memberRole: m.role });
    await trx.deleteFrom("working_group_member").where("group_id", "=", groupId).where("person_id", "=", personId).execute();
    await trx
      .insertInto("working_group_exclusion")
      .values({ group_id: groupId, person_id: personId, excluded_by: viewer.id })
      .onConflict((oc) => oc.columns(["group_id", "person_id"]).doUpdateSet({ excluded_by: viewer.id }))
      .execute();
    await trx.deleteFrom("working_group_invite").where("group_id", "=", groupId).where("person_id", "=", personId).where("accepted_at", "is", null).execute();
    await trx
      .updateTable("working_group_request")
      .set({ status: "declined", decided_by: viewer.id, decided_at: sql`now()` })
      .where("group_id", "=", groupId)
      .where("person_id", "=", personId)
      .where("status", "=", "pending")
      .execute();
  });
  await afterLosingMembership(ctx, a, personId);
}

/** A lead lets a removed person back: the usual ways in (organisation invitation, open group, request) work again. */
export async function liftExclusion(ctx: Ctx, viewer: Viewer, groupId: string, personId: string): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  if (!isUuid(personId)) throw new ActionError(400, "groups.error.notExcluded");
  const r = await ctx.db.deleteFrom("working_group_exclusion").where("group_id", "=", groupId).where("person_id", "=", personId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new ActionError(400, "groups.error.notExcluded");
}

/** Hands the lead to another member: they become lead, the acting lead becomes a member (admins just appoint). */
export async function transferLead(ctx: Ctx, viewer: Viewer, groupId: string, personId: string): Promise<void> {
  const a = await accessOr404(ctx.db, viewer, groupId);
  demand(viewer, { action: "group.manage", group: a.facts });
  if (!isUuid(personId) || personId === viewer.id) throw new ActionError(400, "groups.error.notMember");
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable("working_group_member").set({ role: "lead" }).where("group_id", "=", groupId).where("person_id", "=", personId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new ActionError(400, "groups.error.notMember");
    if (a.facts.role === "lead") {
      await trx.updateTable("working_group_member").set({ role: "member" }).where("group_id", "=", groupId).where("person_id", "=", viewer.id).execute();
    }
  });
}
