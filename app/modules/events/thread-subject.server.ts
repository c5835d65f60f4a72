import { can } from "~/modules/policy/authorize.server";
import type { ThreadSubject } from "~/modules/threads/subject";
import { NO_ACCESS } from "~/modules/threads/subject";
import { eventAccess } from "./access.server";

/**
 * Each event has one discussion thread (created with the event), shown at /events/:slug/discussion. Whoever may see
 * the event reads it; who posts is the rule event.discuss (while published; a draft's thread is for its organisers,
 * a cancelled event's is read-only); the organisers moderate. Rules: policy/authorize.server.ts.
 */
export const eventSubject: ThreadSubject = {
  async access(exec, viewer, eventId) {
    const a = await eventAccess(exec, viewer, { id: eventId });
    if (!a) return NO_ACCESS;
    return {
      view: true,
      post: can(viewer, { action: "event.discuss", event: a.facts }),
      moderate: a.may.manage,
    };
  },
  async href(exec, eventId) {
    const e = await exec.selectFrom("event").select("slug").where("id", "=", eventId).executeTakeFirst();
    return e ? `/events/${e.slug}` : null;
  },
  async threadHref(exec, eventId) {
    const e = await exec.selectFrom("event").select("slug").where("id", "=", eventId).executeTakeFirst();
    return e ? `/events/${e.slug}/discussion` : null;
  },
  async label(exec, eventId) {
    const e = await exec.selectFrom("event").select(["title_lv", "title_en"]).where("id", "=", eventId).executeTakeFirst();
    return e ? { lv: e.title_lv, en: e.title_en } : null;
  },
};
