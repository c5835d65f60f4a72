import { registerThreadSubject } from "~/modules/threads/subjects.server";
import { can } from "~/modules/policy/authorize.server";
import { eventAccess } from "./access.server";

// Each event has one discussion thread (created with the event). Whoever may see the event reads it; they post
// while it is published (a draft's thread is for its organisers, a cancelled event's thread is read-only); the
// event's organisers moderate. Rules: policy/authorize.server.ts (event.view, event.manage).
registerThreadSubject("event", {
  async access(exec, viewer, eventId) {
    const a = await eventAccess(exec, viewer, { id: eventId });
    if (!a) return { view: false, post: false, moderate: false };
    const manage = can(viewer, { action: "event.manage", event: a.facts });
    return {
      view: true,
      post: a.facts.status === "published" || (a.facts.status === "draft" && manage),
      moderate: manage,
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
});
