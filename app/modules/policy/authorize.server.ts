import type { Viewer } from "~/modules/auth/session.server";
import { isActiveMember } from "~/modules/auth/session.server";
import type { CampaignFacts, EventFacts, GroupFacts, SubjectAccess, ThreadFacts, PostFacts, LogisticsRequestFacts, LogisticsPoolFacts } from "./facts";

/**
 * The one authorization module: "may this person do this to that".
 * Loaders, actions, socket room joins and calendar feeds all ask here. Later issues add their actions
 * (working groups, threads, events, campaigns, pools) to the same union.
 */
export type Permission =
  | { action: "member.area" }
  | { action: "directory.view" }
  | { action: "org.approve" }
  | { action: "org.edit"; orgId: string }
  | { action: "membership.approve"; orgId: string }
  | { action: "role.assign" }
  | { action: "orgRole.assign"; orgId: string }
  | { action: "audit.view" }
  | { action: "outbox.view" }
  | { action: "admin.area" }
  // Working groups (facts loaded by app/modules/policy/access.server.ts).
  | { action: "group.create" }
  | { action: "group.view"; group: GroupFacts }
  | { action: "group.preview"; group: GroupFacts }
  | { action: "group.join"; group: GroupFacts }
  | { action: "group.request"; group: GroupFacts }
  | { action: "group.leave"; group: GroupFacts }
  | { action: "group.post"; group: GroupFacts }
  | { action: "group.manage"; group: GroupFacts }
  // Threads of any subject (the subject's own rules decide view/post/moderate, see threads/subjects.server.ts).
  | { action: "thread.view"; subject: SubjectAccess }
  | { action: "thread.post"; subject: SubjectAccess; thread: ThreadFacts }
  | { action: "thread.moderate"; subject: SubjectAccess }
  | { action: "post.edit"; subject: SubjectAccess; thread: ThreadFacts; post: PostFacts }
  | { action: "post.moderate"; subject: SubjectAccess }
  // Joint-marketing campaigns (facts loaded by app/modules/policy/campaign-access.server.ts).
  | { action: "campaign.create" }
  | { action: "campaign.view"; campaign: CampaignFacts }
  | { action: "campaign.manage"; campaign: CampaignFacts }
  | { action: "campaign.apply"; campaign: CampaignFacts }
  | { action: "campaign.withdraw"; campaign: CampaignFacts }
  | { action: "campaign.participate"; campaign: CampaignFacts }
  | { action: "campaign.deliverable.update"; campaign: CampaignFacts; ownerOrgId: string | null }
  | { action: "campaign.ledger.view"; campaign: CampaignFacts }
  | { action: "campaign.ledger.full"; campaign: CampaignFacts }
  // Cooperative logistics (field-level visibility between competitors: app/modules/logistics/visibility.server.ts).
  | { action: "logistics.use" }
  | { action: "logistics.request.view"; request: LogisticsRequestFacts }
  | { action: "logistics.request.private"; request: LogisticsRequestFacts }
  | { action: "logistics.request.manage"; request: LogisticsRequestFacts }
  | { action: "logistics.pool.view"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.coordinate"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.allShares"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.standaloneShares"; pool: LogisticsPoolFacts }
  // Events (facts loaded by app/modules/events/access.server.ts). leadOfHostGroup: the viewer leads the chosen host
  // group (for the "new event" page: leads at least one group).
  | { action: "event.create"; leadOfHostGroup: boolean }
  | { action: "event.view"; event: EventFacts }
  | { action: "event.manage"; event: EventFacts }
  | { action: "event.rsvp"; event: EventFacts }
  | { action: "event.seeOnline"; event: EventFacts }
  | { action: "event.seeAttendees"; event: EventFacts }
  // Who may post in a subject's discussion (the thread subjects in threads/subjects.server.ts ask these).
  | { action: "event.discuss"; event: EventFacts }
  | { action: "campaign.discuss"; campaign: CampaignFacts }
  | { action: "logistics.pool.discuss"; pool: LogisticsPoolFacts };

/** Campaign stages in which a participant may still withdraw. */
const CAMPAIGN_OPEN = new Set(["recruiting", "confirmed", "running"]);

export function can(viewer: Viewer | null, p: Permission): boolean {
  if (!viewer || !isActiveMember(viewer)) return false;
  const admin = viewer.clusterRole === "admin";
  switch (p.action) {
    case "member.area":
    case "directory.view":
      return true;
    case "org.approve":
    case "role.assign":
    case "audit.view":
    case "outbox.view":
    case "admin.area":
      return admin;
    case "org.edit":
    case "membership.approve":
    case "orgRole.assign":
      return admin || (viewer.orgRole === "admin" && viewer.orgId === p.orgId);
    case "group.create":
      return admin || viewer.clusterRole === "organiser";
    case "group.view":
      // Public: every active member. Private: its members only. Cluster admins moderate everything.
      return admin || p.group.role !== null || p.group.visibility === "public";
    case "group.preview":
      // The group's name, description and the invitation to accept (not its threads or members). A person removed
      // from a private group no longer learns it exists through their organisation's invitation.
      return admin || p.group.role !== null || p.group.visibility === "public" || (p.group.invited && !p.group.excluded);
    case "group.join":
      // One click: an open group one may see, or any group one is invited to — never after a removal that a lead
      // has not lifted (an organisation invitation does not undo it).
      return (
        !p.group.archived &&
        p.group.role === null &&
        !p.group.excluded &&
        (p.group.invited || (p.group.joinPolicy === "open" && p.group.visibility === "public"))
      );
    case "group.request":
      return (
        !p.group.archived &&
        p.group.role === null &&
        !p.group.excluded &&
        !p.group.invited &&
        !p.group.pendingRequest &&
        p.group.joinPolicy === "request" &&
        p.group.visibility === "public"
      );
    case "group.leave":
      return p.group.role !== null;
    case "group.post":
      return !p.group.archived && p.group.role !== null;
    case "group.manage":
      return admin || p.group.role === "lead";
    case "thread.view":
      return p.subject.view;
    case "thread.post":
      return p.subject.view && p.subject.post && !p.thread.locked;
    case "thread.moderate":
    case "post.moderate":
      return p.subject.view && p.subject.moderate;
    case "logistics.use":
      return true;
    case "logistics.request.view":
      // Open requests are listed (anonymised) for every member so pools can form; the rest only to the owner, to the
      // organisations pooled with it, and to cluster admins (the cluster office coordinates logistics).
      return admin || p.request.own || p.request.inViewerPool || p.request.status === "open";
    case "logistics.request.private":
      // Consignee, goods value, goods description, stand-alone quote, contact, reference, notes.
      return admin || p.request.own;
    case "logistics.request.manage":
      return p.request.own && (p.request.status === "open" || p.request.status === "pooled");
    case "logistics.pool.view":
      return admin || p.pool.participant || p.pool.coordinator;
    case "logistics.pool.coordinate":
      return admin || p.pool.coordinator;
    case "logistics.pool.allShares":
      // Every member's share: what the coordinator needs to instruct the carrier (never goods values or consignees).
      return admin || p.pool.coordinator;
    case "logistics.pool.standaloneShares":
      // Other members' figures derived from confidential stand-alone quotes (each one's share under the stand-alone
      // split, the per-member comparison): only the cluster office, which may see the quotes themselves.
      return admin;
    case "post.edit":
      // Own posts only, while one may still post there; deleted or hidden posts stay as they are.
      return (
        p.subject.view &&
        p.subject.post &&
        !p.thread.locked &&
        p.post.authorId === viewer.id &&
        !p.post.deleted &&
        !p.post.hidden
      );
    case "campaign.create":
      return admin || viewer.clusterRole === "organiser";
    case "campaign.manage":
      // The coordinator and cluster admins run a campaign (its budget, participants, workflow).
      return admin || p.campaign.coordinator;
    case "campaign.view":
      // The public description: every active member, except drafts (coordinator and admins only).
      return admin || p.campaign.coordinator || p.campaign.status !== "draft";
    case "campaign.apply":
      // An organisation's admin applies for it, while recruiting; again after a withdrawal, not after a refusal.
      return (
        p.campaign.status === "recruiting" &&
        viewer.orgRole === "admin" &&
        (p.campaign.participant === null || p.campaign.participant === "withdrawn")
      );
    case "campaign.withdraw":
      return (
        viewer.orgRole === "admin" &&
        CAMPAIGN_OPEN.has(p.campaign.status) &&
        (p.campaign.participant === "applied" || p.campaign.participant === "accepted" || p.campaign.participant === "waitlisted")
      );
    case "campaign.participate":
      // Deliverables and the discussion: the coordinator, admins and the people of accepted organisations.
      return admin || p.campaign.coordinator || (p.campaign.status !== "draft" && p.campaign.participant === "accepted");
    case "campaign.deliverable.update":
      return (
        admin ||
        p.campaign.coordinator ||
        (p.campaign.status !== "draft" && p.campaign.participant === "accepted" && p.ownerOrgId !== null && p.ownerOrgId === viewer.orgId)
      );
    case "campaign.ledger.view":
      // Money: the coordinator, admins and the org admins of accepted participants (not their ordinary members).
      return admin || p.campaign.coordinator || (p.campaign.status !== "draft" && p.campaign.participant === "accepted" && viewer.orgRole === "admin");
    case "campaign.ledger.full":
      // Every participant's figures: the coordinator and admins; participants' org admins once the table is published.
      return (
        admin ||
        p.campaign.coordinator ||
        (p.campaign.publishFullTable && p.campaign.status !== "draft" && p.campaign.participant === "accepted" && viewer.orgRole === "admin")
      );
    case "event.create":
      return admin || viewer.clusterRole === "organiser" || p.leadOfHostGroup;
    case "event.manage":
      // Admins, the event's creator, and the leads of its host group.
      return admin || p.event.own || p.event.hostGroupRole === "lead";
    case "event.view":
      if (can(viewer, { action: "event.manage", event: p.event })) return true;
      if (p.event.status === "draft") return false;
      return (
        p.event.invited ||
        p.event.visibility === "all_members" ||
        (p.event.visibility === "group_members" && p.event.hostGroupRole !== null)
      );
    case "event.rsvp":
      return can(viewer, { action: "event.view", event: p.event }) && p.event.registrationOpen;
    case "event.seeOnline":
      // The join link only for people registered or invited (domain.md §4.2), and the organisers.
      return (
        can(viewer, { action: "event.manage", event: p.event }) ||
        (can(viewer, { action: "event.view", event: p.event }) &&
          (p.event.invited || (p.event.attendance !== null && p.event.attendance !== "declined")))
      );
    case "event.seeAttendees":
      // Counts are public to everyone who sees the event; names of members going are for members who see it.
      return can(viewer, { action: "event.view", event: p.event });
    case "event.discuss":
      // While published; a draft's discussion is for its organisers; a cancelled event's is read-only.
      return (
        can(viewer, { action: "event.view", event: p.event }) &&
        (p.event.status === "published" || (p.event.status === "draft" && can(viewer, { action: "event.manage", event: p.event })))
      );
    case "campaign.discuss":
      // Read-only once the campaign is closed or cancelled.
      return can(viewer, { action: "campaign.participate", campaign: p.campaign }) && p.campaign.status !== "closed" && p.campaign.status !== "cancelled";
    case "logistics.pool.discuss":
      // Until the pool is closed or cancelled.
      return can(viewer, { action: "logistics.pool.view", pool: p.pool }) && p.pool.status !== "closed" && p.pool.status !== "cancelled";
  }
}

/** Throws 403 for a signed-in member who lacks the permission (the thing itself is not secret). */
export function assertCan(viewer: Viewer | null, p: Permission): asserts viewer is Viewer {
  if (!can(viewer, p)) throw new Response("Forbidden", { status: 403 });
}

/** Throws 404: for private things outsiders must not learn exist. */
export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
