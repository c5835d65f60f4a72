import { registerThreadSubject } from "~/modules/threads/subjects.server";
import { campaignSubjectAccess } from "~/modules/policy/campaign-access.server";

// A campaign's discussion: one thread per campaign, shown on the campaign page (/campaigns/:slug#thread).
// Who sees it is decided by the policy rules (campaign.participate / campaign.manage), see campaign-access.server.ts.
registerThreadSubject("campaign", {
  access: (exec, viewer, campaignId) => campaignSubjectAccess(exec, viewer, campaignId),
  async href(exec, campaignId) {
    const c = await exec.selectFrom("campaign").select("slug").where("id", "=", campaignId).executeTakeFirst();
    return c ? `/campaigns/${c.slug}` : null;
  },
  async threadHref(exec, campaignId) {
    const c = await exec.selectFrom("campaign").select("slug").where("id", "=", campaignId).executeTakeFirst();
    return c ? `/campaigns/${c.slug}` : null;
  },
  async label(exec, campaignId) {
    const c = await exec.selectFrom("campaign").select(["title_lv", "title_en"]).where("id", "=", campaignId).executeTakeFirst();
    return c ? { lv: c.title_lv, en: c.title_en } : null;
  },
});
