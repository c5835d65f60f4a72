import { can } from "~/modules/policy/authorize.server";
import { loadCampaignFacts } from "~/modules/campaigns/access.server";
import type { ThreadSubject } from "~/modules/threads/subject";
import { NO_ACCESS } from "~/modules/threads/subject";

/**
 * A campaign's discussion: one thread per campaign, shown on the campaign page (/campaigns/:slug#thread). The
 * coordinator, cluster admins and the people of accepted organisations read it (campaign.participate) and post while
 * the campaign runs (campaign.discuss); the coordinator and admins moderate. Rules: policy/authorize.server.ts.
 */
export const campaignSubject: ThreadSubject = {
  async access(exec, viewer, campaignId) {
    const loaded = await loadCampaignFacts(exec, viewer, { id: campaignId });
    if (!loaded) return NO_ACCESS;
    const campaign = loaded.facts;
    const view = can(viewer, { action: "campaign.participate", campaign });
    return {
      view,
      post: view && can(viewer, { action: "campaign.discuss", campaign }),
      moderate: view && can(viewer, { action: "campaign.manage", campaign }),
    };
  },
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
};
