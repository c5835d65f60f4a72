import { sql } from "kysely";
import type { Executor } from "~/context";
import type { GroupVisibility, JoinPolicy } from "#db/schema";
import { isUuid } from "~/lib/ids";
import { can } from "~/modules/policy/authorize.server";
import type { GroupFacts, Viewer } from "~/modules/policy/facts";

/**
 * A working group's facts for the policy rules: one query loads the group with the viewer's relation to it, then
 * every "may" comes from can() in policy/authorize.server.ts. Pages, actions, the group thread subject and the
 * calendar feeds all come here.
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
export async function loadGroupFacts(exec: Executor, viewer: Viewer, by: { id: string } | { slug: string }): Promise<{ group: GroupRecord; facts: GroupFacts } | null> {
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
