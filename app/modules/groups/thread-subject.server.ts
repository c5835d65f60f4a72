import { registerThreadSubject } from "~/modules/threads/subjects.server";
import { groupSubjectAccess } from "~/modules/policy/access.server";

// Threads of a working group: members and (for a public group) every active member see them; members post unless
// the group is archived (read-only); group leads and cluster admins moderate. Rules: policy/authorize.server.ts.
registerThreadSubject("group", {
  access: (exec, viewer, groupId) => groupSubjectAccess(exec, viewer, groupId),
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
});
