import { can } from "~/modules/policy/authorize.server";
import type { ThreadSubject } from "~/modules/threads/subject";
import { NO_ACCESS } from "~/modules/threads/subject";
import { loadGroupFacts } from "./access.server";

/**
 * Threads of a working group (many topics per group, /groups/:slug/threads/:id): members and, for a public group,
 * every active member see them; members post unless the group is archived; group leads and cluster admins moderate.
 * Rules: policy/authorize.server.ts (group.view, group.post, group.manage).
 */
export const groupSubject: ThreadSubject = {
  async access(exec, viewer, groupId) {
    const loaded = await loadGroupFacts(exec, viewer, { id: groupId });
    if (!loaded) return NO_ACCESS;
    const group = loaded.facts;
    const view = can(viewer, { action: "group.view", group });
    return {
      view,
      post: view && can(viewer, { action: "group.post", group }),
      moderate: view && can(viewer, { action: "group.manage", group }),
    };
  },
  async href(exec, groupId) {
    const g = await exec.selectFrom("working_group").select("slug").where("id", "=", groupId).executeTakeFirst();
    return g ? `/groups/${g.slug}` : null;
  },
  async threadHref(exec, groupId, threadId) {
    const g = await exec.selectFrom("working_group").select("slug").where("id", "=", groupId).executeTakeFirst();
    return g ? `/groups/${g.slug}/threads/${threadId}` : null;
  },
  async label(exec, groupId) {
    const g = await exec.selectFrom("working_group").select(["name_lv", "name_en"]).where("id", "=", groupId).executeTakeFirst();
    return g ? { lv: g.name_lv, en: g.name_en } : null;
  },
};
