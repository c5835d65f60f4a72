import { sql } from "kysely";
import type { Executor } from "~/context";
import type { GroupVisibility, JoinPolicy } from "#db/schema";
import type { Viewer } from "~/modules/auth/session.server";
import { isUuid } from "~/modules/ids";
import { subjectAccess } from "~/modules/threads/subjects.server";
import "~/modules/threads/all-subjects.server";
import { can } from "./authorize.server";
import type { GroupFacts, SubjectAccess } from "./facts";

/**
 * Data-dependent permission checks: each helper loads the facts it needs with one query scoped to the viewer,
 * then asks the one rule set in authorize.server.ts. Loaders, actions and socket room joins all come here.
 */

export interface GroupRecord {
  id: string;
  slug: string;
  name_lv: string;
  name_en: string;
  description_lv: string;
  description_en: string;
  tags: string[];
  visibility: GroupVisibility;
  join_policy: JoinPolicy;
  archived_at: Date | null;
  created_at: Date;
}

export interface GroupAccess {
  group: GroupRecord;
  facts: GroupFacts;
  may: { view: boolean; join: boolean; request: boolean; leave: boolean; post: boolean; manage: boolean };
}

/** Loads a group with the viewer's relation to it in one query. */
export async function loadGroupFacts(
  exec: Executor,
  viewer: Viewer,
  by: { id: string } | { slug: string },
): Promise<{ group: GroupRecord; facts: GroupFacts } | null> {
  if ("id" in by && !isUuid(by.id)) return null;
  if ("slug" in by && (typeof by.slug !== "string" || by.slug.length > 100)) return null;
  const row = await exec
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
      "g.created_at",
      "m.role",
      sql<boolean>`exists (select 1 from working_group_invite i where i.group_id = g.id and i.accepted_at is null
        and (i.person_id = ${viewer.id} or i.organisation_id = ${viewer.orgId}))`.as("invited"),
      sql<boolean>`exists (select 1 from working_group_request r where r.group_id = g.id and r.person_id = ${viewer.id}
        and r.status = 'pending')`.as("pending_request"),
      sql<boolean>`exists (select 1 from working_group_exclusion x where x.group_id = g.id and x.person_id = ${viewer.id})`.as("excluded"),
    ])
    .$if("id" in by, (q) => q.where("g.id", "=", (by as { id: string }).id))
    .$if("slug" in by, (q) => q.where("g.slug", "=", (by as { slug: string }).slug))
    .executeTakeFirst();
  if (!row) return null;
  const { role, invited, pending_request, excluded, ...group } = row;
  return {
    group,
    facts: {
      visibility: group.visibility,
      joinPolicy: group.join_policy,
      archived: group.archived_at !== null,
      role: role ?? null,
      invited: !!invited,
      pendingRequest: !!pending_request,
      excluded: !!excluded,
    },
  };
}

/** The group as this viewer may see it, or null (→ 404) when the viewer may not even know it exists. */
export async function groupAccess(exec: Executor, viewer: Viewer, by: { id: string } | { slug: string }): Promise<GroupAccess | null> {
  const loaded = await loadGroupFacts(exec, viewer, by);
  if (!loaded) return null;
  const group = loaded.facts;
  if (!can(viewer, { action: "group.preview", group })) return null;
  return {
    ...loaded,
    may: {
      view: can(viewer, { action: "group.view", group }),
      join: can(viewer, { action: "group.join", group }),
      request: can(viewer, { action: "group.request", group }),
      leave: can(viewer, { action: "group.leave", group }),
      post: can(viewer, { action: "group.post", group }),
      manage: can(viewer, { action: "group.manage", group }),
    },
  };
}

/** The 'group' thread subject's answer (registered in groups/thread-subject.server.ts). */
export async function groupSubjectAccess(exec: Executor, viewer: Viewer, groupId: string): Promise<SubjectAccess> {
  const loaded = await loadGroupFacts(exec, viewer, { id: groupId });
  if (!loaded) return { view: false, post: false, moderate: false };
  const group = loaded.facts;
  const view = can(viewer, { action: "group.view", group });
  return {
    view,
    post: view && can(viewer, { action: "group.post", group }),
    moderate: view && can(viewer, { action: "group.manage", group }),
  };
}

export interface ThreadRecord {
  id: string;
  subject_type: string;
  subject_id: string;
  title: string;
  created_by: string | null;
  created_at: Date;
  last_seq: number;
  post_count: number;
  last_post_at: Date;
  pinned: boolean;
  locked: boolean;
}

export interface ThreadAccess {
  thread: ThreadRecord;
  subject: SubjectAccess;
  may: { view: true; post: boolean; moderate: boolean };
}

export async function loadThread(exec: Executor, threadId: string): Promise<ThreadRecord | null> {
  if (!isUuid(threadId)) return null;
  const t = await exec
    .selectFrom("thread")
    .select(["id", "subject_type", "subject_id", "title", "created_by", "created_at", "last_seq", "post_count", "last_post_at", "pinned", "locked"])
    .where("id", "=", threadId)
    .executeTakeFirst();
  return t ?? null;
}

/** The thread with the viewer's rights, or null (→ 404) when it does not exist or the viewer may not see it. */
export async function threadAccess(exec: Executor, viewer: Viewer, threadId: string): Promise<ThreadAccess | null> {
  const thread = await loadThread(exec, threadId);
  if (!thread) return null;
  return threadAccessFor(exec, viewer, thread);
}

export async function threadAccessFor(exec: Executor, viewer: Viewer, thread: ThreadRecord): Promise<ThreadAccess | null> {
  const subject = await subjectAccess(exec, viewer, thread.subject_type, thread.subject_id);
  if (!can(viewer, { action: "thread.view", subject })) return null;
  return {
    thread,
    subject,
    may: {
      view: true,
      post: can(viewer, { action: "thread.post", subject, thread }),
      moderate: can(viewer, { action: "thread.moderate", subject }),
    },
  };
}

/** People as the rules see them (for "may this mentioned person see the thread?"). */
export async function peopleAsViewers(exec: Executor, personIds: string[]): Promise<Viewer[]> {
  if (personIds.length === 0) return [];
  const rows = await exec
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.email",
      "p.locale",
      "p.cluster_role",
      "p.org_role",
      "p.membership_status",
      "p.email_verified_at",
      "p.organisation_id",
      "o.name as org_name",
      "o.status as org_status",
    ])
    .where("p.id", "in", personIds)
    .where("p.deactivated_at", "is", null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    locale: r.locale,
    clusterRole: r.cluster_role,
    orgRole: r.org_role,
    orgId: r.organisation_id,
    orgName: r.org_name,
    orgStatus: r.org_status,
    membershipStatus: r.membership_status,
    emailVerified: r.email_verified_at !== null,
    sessionHash: "",
  }));
}
