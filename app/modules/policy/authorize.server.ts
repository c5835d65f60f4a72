import type * as policyMessages from "~/i18n/messages/policy";
import { ActionError } from "~/modules/errors";
import type { CampaignStatus, GroupRole, ParticipantStatus } from "#db/schema";
import { TRANSITIONS } from "~/modules/campaigns/constants";
import {
  isActiveMember,
  type CampaignFacts,
  type EventFacts,
  type FileFacts,
  type FileTarget,
  type GroupFacts,
  type SubjectAccess,
  type ThreadFacts,
  type PostFacts,
  type LogisticsRequestFacts,
  type LogisticsPoolFacts,
  type LogisticsProposalFacts,
  type LogisticsMemberFacts,
  type Viewer,
} from "./facts";

/**
 * The one authorization module: "may this person do this to that", and if not, why.
 * Loaders, actions, socket room joins and calendar feeds all ask here (check / can / demand / assertCan); domain
 * functions raise the rule's own reason instead of restating a rule with a message of their own.
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
  // Privacy (app/modules/privacy): one's own data export and erasure request; admins confirm erasure requests.
  | { action: "person.exportData"; personId: string }
  | { action: "person.requestErasure"; personId: string }
  | { action: "erasure.confirm" }
  // Working groups (facts loaded by app/modules/policy/access.server.ts).
  | { action: "group.create" }
  | { action: "group.view"; group: GroupFacts }
  | { action: "group.preview"; group: GroupFacts }
  | { action: "group.join"; group: GroupFacts }
  | { action: "group.request"; group: GroupFacts }
  | { action: "group.leave"; group: GroupFacts }
  | { action: "group.post"; group: GroupFacts }
  | { action: "group.manage"; group: GroupFacts }
  // Letting people in (invitations, approving requests); removing a member whose role is memberRole.
  | { action: "group.admit"; group: GroupFacts }
  | { action: "group.removeMember"; group: GroupFacts; memberRole: GroupRole }
  // Threads of any subject (the subject's own rules decide view/post/moderate, see threads/subjects.server.ts).
  | { action: "thread.view"; subject: SubjectAccess }
  | { action: "thread.post"; subject: SubjectAccess; thread: ThreadFacts }
  | { action: "thread.moderate"; subject: SubjectAccess }
  | { action: "post.edit"; subject: SubjectAccess; thread: ThreadFacts; post: PostFacts }
  | { action: "post.moderate"; subject: SubjectAccess }
  // Joint-marketing campaigns (facts loaded by app/modules/campaigns/access.server.ts).
  | { action: "campaign.create" }
  | { action: "campaign.view"; campaign: CampaignFacts }
  | { action: "campaign.manage"; campaign: CampaignFacts }
  | { action: "campaign.apply"; campaign: CampaignFacts }
  | { action: "campaign.withdraw"; campaign: CampaignFacts }
  | { action: "campaign.participate"; campaign: CampaignFacts }
  | { action: "campaign.deliverable.update"; campaign: CampaignFacts; ownerOrgId: string | null }
  | { action: "campaign.ledger.view"; campaign: CampaignFacts }
  | { action: "campaign.ledger.full"; campaign: CampaignFacts }
  // Keeping the budget (lines, rates, terms) while the campaign is open; publishing the full table once nothing is
  // over-allocated (the stand area).
  | { action: "campaign.ledger.edit"; campaign: CampaignFacts }
  | { action: "campaign.ledger.publish"; campaign: CampaignFacts; overAllocated: boolean }
  // An ordinary member of an accepted organisation sees its own share (read-only) when its org admin allows it.
  | { action: "campaign.ledger.ownShare"; campaign: CampaignFacts; orgAllows: boolean }
  // The coordinator's decisions: a workflow step, an application, a withdrawal recorded for an organisation.
  | { action: "campaign.status.change"; campaign: CampaignFacts; to: CampaignStatus; deadlinePassed: boolean; accepted: number; overAllocated: boolean }
  | { action: "campaign.application.decide"; campaign: CampaignFacts; application: ParticipantStatus; decision: "accept" | "decline" | "waitlist"; full: boolean }
  | { action: "campaign.withdrawal.record"; campaign: CampaignFacts; application: ParticipantStatus | null }
  // Cooperative logistics (field-level visibility between competitors: app/modules/logistics/visibility.server.ts).
  | { action: "logistics.use" }
  | { action: "logistics.request.view"; request: LogisticsRequestFacts }
  | { action: "logistics.request.private"; request: LogisticsRequestFacts }
  | { action: "logistics.request.manage"; request: LogisticsRequestFacts }
  | { action: "logistics.pool.view"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.coordinate"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.allShares"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.standaloneShares"; pool: LogisticsPoolFacts }
  | { action: "logistics.pool.propose"; proposal: LogisticsProposalFacts }
  | { action: "logistics.pool.decide"; pool: LogisticsPoolFacts; member: LogisticsMemberFacts }
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
  | { action: "logistics.pool.discuss"; pool: LogisticsPoolFacts }
  // Files (app/modules/files): downloading follows the owner (re-checked on every download); adding one to a group's
  // library, an event's materials or a campaign's files; removing one (its uploader or whoever runs the owner).
  | { action: "file.download"; file: FileFacts }
  | { action: "file.upload"; target: FileTarget }
  | { action: "file.delete"; file: FileFacts; uploaderId: string | null };

/** Campaign stages in which a participant may still withdraw. */
const CAMPAIGN_OPEN = new Set(["recruiting", "confirmed", "running"]);

/** A reason is a message key of app/i18n/messages/policy.ts (both languages). */
export type PolicyReason = keyof (typeof policyMessages)["en"];

/**
 * 404: the viewer may not know the thing exists (private group, draft campaign, someone else's request).
 * 403: they see it but may not do this. 409: they may in principle, not in its present state (locked, archived, closed).
 */
export type DenyStatus = 403 | 404 | 409;
export type Decision = { ok: true } | { ok: false; reason: PolicyReason; status: DenyStatus };

const OK: Decision = { ok: true };
function deny(reason: PolicyReason, status: DenyStatus = 403): Decision {
  return { ok: false, reason, status };
}

/** The permission is about one thing (a group, thread, campaign, …) rather than an area of the site. */
function aboutAThing(p: Permission): boolean {
  return "group" in p || "subject" in p || "campaign" in p || "request" in p || "pool" in p || "event" in p || "personId" in p || "file" in p || "target" in p;
}

/** Whether the viewer may say why not. Every `case` ends in OK or deny(reason, status); new actions add a case. */
export function check(viewer: Viewer | null, p: Permission): Decision {
  if (!viewer || !isActiveMember(viewer)) return deny("policy.membersOnly", aboutAThing(p) ? 404 : 403);
  const admin = viewer.clusterRole === "admin";
  // Who may know the thing exists at all (else 404 before any other reason, so a refusal reveals nothing).
  const seesGroup = (g: GroupFacts) => admin || g.role !== null || g.visibility === "public" || (g.invited && !g.excluded);
  const seesRequest = (r: LogisticsRequestFacts) => admin || r.own || r.inViewerPool || r.status === "open";
  const seesPool = (x: LogisticsPoolFacts) => admin || x.participant || x.coordinator;
  const seesCampaign = (c: CampaignFacts) => admin || c.coordinator || c.status !== "draft";
  const managesEvent = (e: EventFacts) => admin || e.own || e.hostGroupRole === "lead";
  const seesEvent = (e: EventFacts) => managesEvent(e) || (e.status !== "draft" && (e.invited || e.visibility === "all_members" || (e.visibility === "group_members" && e.hostGroupRole !== null)));
  switch (p.action) {
    case "member.area":
    case "directory.view":
      return OK;
    case "org.approve":
    case "role.assign":
    case "audit.view":
    case "outbox.view":
    case "admin.area":
    case "erasure.confirm":
      return admin ? OK : deny("policy.adminOnly");
    case "person.exportData":
    case "person.requestErasure":
      // Only one's own data, admins included (another person's data is not theirs to download or erase): 404, so
      // the refusal does not confirm that the person exists.
      return p.personId === viewer.id ? OK : deny("policy.privacy.ownDataOnly", 404);
    case "org.edit":
      return admin || (viewer.orgRole === "admin" && viewer.orgId === p.orgId) ? OK : deny("policy.org.editOwnOnly");
    case "membership.approve":
    case "orgRole.assign":
      return admin || (viewer.orgRole === "admin" && viewer.orgId === p.orgId) ? OK : deny("policy.org.adminOnly");
    case "group.create":
      return admin || viewer.clusterRole === "organiser" ? OK : deny("policy.group.createOrganiserOnly");
    case "group.view":
      // Public: every active member. Private: its members only. Cluster admins moderate everything.
      if (admin || p.group.role !== null || p.group.visibility === "public") return OK;
      return seesGroup(p.group) ? deny("policy.group.acceptInvitation") : deny("policy.group.hidden", 404);
    case "group.preview":
      // The group's name, description and the invitation to accept (not its threads or members). A person removed
      // from a private group no longer learns it exists through their organisation's invitation.
      return seesGroup(p.group) ? OK : deny("policy.group.hidden", 404);
    case "group.join": {
      // One click: an open group one may see, or any group one is invited to — never after a removal that a lead
      // has not lifted (an organisation invitation does not undo it).
      const g = p.group;
      if (!seesGroup(g)) return deny("policy.group.hidden", 404);
      if (g.archived) return deny("policy.group.archived", 409);
      if (g.role !== null) return deny("policy.group.alreadyMember", 409);
      if (g.excluded) return deny("policy.group.excluded");
      if (g.invited) return OK;
      if (g.visibility !== "public" || g.joinPolicy === "invite") return deny("policy.group.inviteOnly");
      if (g.joinPolicy === "request") return deny("policy.group.byRequest");
      return OK;
    }
    case "group.request": {
      const g = p.group;
      if (!seesGroup(g)) return deny("policy.group.hidden", 404);
      if (g.archived) return deny("policy.group.archived", 409);
      if (g.role !== null) return deny("policy.group.alreadyMember", 409);
      if (g.excluded) return deny("policy.group.excluded");
      if (g.invited) return deny("policy.group.joinDirectly", 409);
      if (g.pendingRequest) return deny("policy.group.requestPending", 409);
      if (g.visibility !== "public" || g.joinPolicy === "invite") return deny("policy.group.inviteOnly");
      if (g.joinPolicy === "open") return deny("policy.group.joinDirectly", 409);
      return OK;
    }
    case "group.leave":
      if (!seesGroup(p.group)) return deny("policy.group.hidden", 404);
      return p.group.role !== null ? OK : deny("policy.group.notMember", 409);
    case "group.post":
      if (!seesGroup(p.group)) return deny("policy.group.hidden", 404);
      if (p.group.role === null) return deny("policy.group.membersOnly");
      return p.group.archived ? deny("policy.group.archived", 409) : OK;
    case "group.manage":
      if (admin || p.group.role === "lead") return OK;
      return seesGroup(p.group) ? deny("policy.group.leadOnly") : deny("policy.group.hidden", 404);
    case "group.admit":
      // Leads and admins let people in; an archived group takes no one new (it is read-only until restored).
      if (!(admin || p.group.role === "lead")) return seesGroup(p.group) ? deny("policy.group.leadOnly") : deny("policy.group.hidden", 404);
      return p.group.archived ? deny("policy.group.archived", 409) : OK;
    case "group.removeMember":
      // Leads remove members; someone who leads the group only a cluster admin removes.
      if (!(admin || p.group.role === "lead")) return seesGroup(p.group) ? deny("policy.group.leadOnly") : deny("policy.group.hidden", 404);
      return p.memberRole === "lead" && !admin ? deny("policy.group.removeLeadAdminOnly") : OK;
    case "thread.view":
      return p.subject.view ? OK : deny("policy.thread.hidden", 404);
    case "thread.post":
      if (!p.subject.view) return deny("policy.thread.hidden", 404);
      if (!p.subject.post) return deny("policy.thread.readOnly");
      return p.thread.locked ? deny("policy.thread.locked", 409) : OK;
    case "thread.moderate":
    case "post.moderate":
      if (!p.subject.view) return deny("policy.thread.hidden", 404);
      return p.subject.moderate ? OK : deny("policy.thread.moderatorsOnly");
    case "logistics.use":
      return OK;
    case "logistics.request.view":
      // Open requests are listed (anonymised) for every member so pools can form; the rest only to the owner, to the
      // organisations pooled with it, and to cluster admins (the cluster office coordinates logistics).
      return seesRequest(p.request) ? OK : deny("policy.logistics.requestHidden", 404);
    case "logistics.request.private":
      // Consignee, goods value, goods description, stand-alone quote, contact, reference, notes.
      if (admin || p.request.own) return OK;
      return seesRequest(p.request) ? deny("policy.logistics.privateOwnOnly") : deny("policy.logistics.requestHidden", 404);
    case "logistics.request.manage":
      if (!seesRequest(p.request)) return deny("policy.logistics.requestHidden", 404);
      if (!p.request.own) return deny("policy.logistics.ownRequestsOnly");
      return p.request.status === "open" || p.request.status === "pooled" ? OK : deny("policy.logistics.requestClosed", 409);
    case "logistics.pool.view":
      return seesPool(p.pool) ? OK : deny("policy.logistics.poolHidden", 404);
    case "logistics.pool.coordinate":
    case "logistics.pool.allShares":
      // allShares: every member's share, what the coordinator needs to instruct the carrier (never goods values or
      // consignees).
      if (admin || p.pool.coordinator) return OK;
      return seesPool(p.pool) ? deny("policy.logistics.coordinatorOnly") : deny("policy.logistics.poolHidden", 404);
    case "logistics.pool.standaloneShares":
      // Other members' figures derived from confidential stand-alone quotes (each one's share under the stand-alone
      // split, the per-member comparison): only the cluster office, which may see the quotes themselves.
      if (admin) return OK;
      return seesPool(p.pool) ? deny("policy.logistics.standaloneOfficeOnly") : deny("policy.logistics.poolHidden", 404);
    case "logistics.pool.propose":
      // A member proposes pooling with one of its own requests in it (so it coordinates its own load); the cluster
      // office may pool any requests.
      return admin || p.proposal.includesOwn ? OK : deny("policy.logistics.proposeOwnRequest");
    case "logistics.pool.decide":
      // An invitation is its owner's to accept; a request that asked to join is the coordinator's.
      if (!seesPool(p.pool)) return deny("policy.logistics.poolHidden", 404);
      if (p.member.joined) return admin || p.pool.coordinator ? OK : deny("policy.logistics.joinCoordinatorDecides");
      return p.member.own ? OK : deny("policy.logistics.invitationOwnerDecides");
    case "post.edit":
      // Own posts only, while one may still post there; deleted or hidden posts stay as they are.
      if (!p.subject.view) return deny("policy.thread.hidden", 404);
      if (!p.subject.post) return deny("policy.thread.readOnly");
      if (p.thread.locked) return deny("policy.thread.locked", 409);
      if (p.post.authorId !== viewer.id) return deny("policy.post.ownOnly");
      if (p.post.deleted) return deny("policy.post.deleted", 409);
      return p.post.hidden ? deny("policy.post.hidden", 409) : OK;
    case "campaign.create":
      return admin || viewer.clusterRole === "organiser" ? OK : deny("policy.campaign.createOrganiserOnly");
    case "campaign.manage":
      // The coordinator and cluster admins run a campaign (its budget, participants, workflow).
      if (admin || p.campaign.coordinator) return OK;
      return seesCampaign(p.campaign) ? deny("policy.campaign.coordinatorOnly") : deny("policy.campaign.hidden", 404);
    case "campaign.view":
      // The public description: every active member, except drafts (coordinator and admins only).
      return seesCampaign(p.campaign) ? OK : deny("policy.campaign.hidden", 404);
    case "campaign.apply": {
      // An organisation's admin applies for it, while recruiting; again after a withdrawal, not after a refusal.
      const c = p.campaign;
      if (!seesCampaign(c)) return deny("policy.campaign.hidden", 404);
      if (c.status !== "recruiting") return deny("policy.campaign.applicationsClosed", 409);
      if (viewer.orgRole !== "admin") return deny("policy.campaign.orgAdminOnly");
      if (c.participant === "declined") return deny("policy.campaign.declinedBefore", 409);
      return c.participant === null || c.participant === "withdrawn" ? OK : deny("policy.campaign.alreadyApplied", 409);
    }
    case "campaign.withdraw": {
      const c = p.campaign;
      if (!seesCampaign(c)) return deny("policy.campaign.hidden", 404);
      if (c.participant !== "applied" && c.participant !== "accepted" && c.participant !== "waitlisted") return deny("policy.campaign.notParticipant", 409);
      if (viewer.orgRole !== "admin") return deny("policy.campaign.orgAdminOnly");
      return CAMPAIGN_OPEN.has(c.status) ? OK : deny("policy.campaign.closed", 409);
    }
    case "campaign.participate":
      // Deliverables and the discussion: the coordinator, admins and the people of accepted organisations.
      if (admin || p.campaign.coordinator) return OK;
      if (!seesCampaign(p.campaign)) return deny("policy.campaign.hidden", 404);
      return p.campaign.participant === "accepted" ? OK : deny("policy.campaign.participantsOnly");
    case "campaign.deliverable.update":
      if (admin || p.campaign.coordinator) return OK;
      if (!seesCampaign(p.campaign)) return deny("policy.campaign.hidden", 404);
      if (p.campaign.participant !== "accepted") return deny("policy.campaign.participantsOnly");
      return p.ownerOrgId !== null && p.ownerOrgId === viewer.orgId ? OK : deny("policy.campaign.deliverableOwnOnly");
    case "campaign.ledger.view":
      // Money: the coordinator, admins and the org admins of accepted participants (not their ordinary members).
      if (admin || p.campaign.coordinator) return OK;
      if (!seesCampaign(p.campaign)) return deny("policy.campaign.hidden", 404);
      return p.campaign.participant === "accepted" && viewer.orgRole === "admin" ? OK : deny("policy.campaign.ledgerOrgAdminsOnly");
    case "campaign.ledger.full":
      // Every participant's figures: the coordinator and admins; participants' org admins once the table is published.
      if (admin || p.campaign.coordinator) return OK;
      if (!seesCampaign(p.campaign)) return deny("policy.campaign.hidden", 404);
      if (p.campaign.participant !== "accepted" || viewer.orgRole !== "admin") return deny("policy.campaign.ledgerOrgAdminsOnly");
      return p.campaign.publishFullTable ? OK : deny("policy.campaign.fullTableUnpublished");
    case "campaign.ledger.edit": {
      const m = check(viewer, { action: "campaign.manage", campaign: p.campaign });
      if (!m.ok) return m;
      return p.campaign.status === "closed" || p.campaign.status === "cancelled" ? deny("policy.campaign.ledgerFrozen", 409) : OK;
    }
    case "campaign.ledger.publish": {
      const e = check(viewer, { action: "campaign.ledger.edit", campaign: p.campaign });
      if (!e.ok) return e;
      return p.overAllocated ? deny("policy.campaign.overAllocated", 409) : OK;
    }
    case "campaign.ledger.ownShare":
      // Read-only, its own organisation's figures only: org admins always, ordinary members when their org allows it.
      if (admin || p.campaign.coordinator) return OK;
      if (!seesCampaign(p.campaign)) return deny("policy.campaign.hidden", 404);
      if (p.campaign.participant !== "accepted") return deny("policy.campaign.ledgerOrgAdminsOnly");
      return viewer.orgRole === "admin" || p.orgAllows ? OK : deny("policy.campaign.ownShareNotShared");
    case "campaign.status.change": {
      // One step at a time (or cancel before it is under way); opening needs a deadline ahead, confirming an
      // accepted organisation, and confirming, running and closing a split that does not over-allocate the stand.
      const m = check(viewer, { action: "campaign.manage", campaign: p.campaign });
      if (!m.ok) return m;
      if (!TRANSITIONS[p.campaign.status].includes(p.to)) return deny("policy.campaign.transition", 409);
      if (p.to === "recruiting" && p.deadlinePassed) return deny("policy.campaign.deadlinePassedOpen", 409);
      if (p.to === "confirmed" && p.accepted === 0) return deny("policy.campaign.noParticipants", 409);
      return p.to !== "cancelled" && p.to !== "recruiting" && p.overAllocated ? deny("policy.campaign.overAllocated", 409) : OK;
    }
    case "campaign.application.decide": {
      const m = check(viewer, { action: "campaign.manage", campaign: p.campaign });
      if (!m.ok) return m;
      if (!CAMPAIGN_OPEN.has(p.campaign.status)) return deny("policy.campaign.closed", 409);
      const possible: Partial<Record<ParticipantStatus, readonly string[]>> = { applied: ["accept", "decline", "waitlist"], waitlisted: ["accept", "decline"] };
      if (!(possible[p.application] ?? []).includes(p.decision)) return deny("policy.campaign.decisionNotPossible", 409);
      return p.decision === "accept" && p.full ? deny("policy.campaign.full", 409) : OK;
    }
    case "campaign.withdrawal.record": {
      // The coordinator records a withdrawal for an organisation (their own included) that applied or takes part.
      const m = check(viewer, { action: "campaign.manage", campaign: p.campaign });
      if (!m.ok) return m;
      if (!CAMPAIGN_OPEN.has(p.campaign.status)) return deny("policy.campaign.closed", 409);
      return p.application === "applied" || p.application === "accepted" || p.application === "waitlisted" ? OK : deny("policy.campaign.participantNotActive", 409);
    }
    case "event.create":
      return admin || viewer.clusterRole === "organiser" || p.leadOfHostGroup ? OK : deny("policy.event.createNotAllowed");
    case "event.manage":
      // Admins, the event's creator, and the leads of its host group.
      if (managesEvent(p.event)) return OK;
      return seesEvent(p.event) ? deny("policy.event.organisersOnly") : deny("policy.event.hidden", 404);
    case "event.view":
      return seesEvent(p.event) ? OK : deny("policy.event.hidden", 404);
    case "event.rsvp":
      if (!seesEvent(p.event)) return deny("policy.event.hidden", 404);
      return p.event.registrationOpen ? OK : deny("policy.event.registrationClosed", 409);
    case "event.seeOnline":
      // The join link only for people registered or invited (domain rule), and the organisers.
      if (managesEvent(p.event)) return OK;
      if (!seesEvent(p.event)) return deny("policy.event.hidden", 404);
      return p.event.invited || (p.event.attendance !== null && p.event.attendance !== "declined") ? OK : deny("policy.event.onlineForParticipants");
    case "event.seeAttendees":
      // Counts are public to everyone who sees the event; names of members going are for members who see it.
      return seesEvent(p.event) ? OK : deny("policy.event.hidden", 404);
    case "event.discuss":
      // While published; a draft's discussion is for its organisers; a cancelled event's is read-only.
      if (!seesEvent(p.event)) return deny("policy.event.hidden", 404);
      if (p.event.status === "published") return OK;
      if (p.event.status === "draft") return managesEvent(p.event) ? OK : deny("policy.event.organisersOnly");
      return deny("policy.event.discussionClosed", 409);
    case "campaign.discuss": {
      // Read-only once the campaign is closed or cancelled.
      const d = check(viewer, { action: "campaign.participate", campaign: p.campaign });
      if (!d.ok) return d;
      return p.campaign.status === "closed" || p.campaign.status === "cancelled" ? deny("policy.campaign.discussionClosed", 409) : OK;
    }
    case "logistics.pool.discuss":
      // Until the pool is closed or cancelled.
      if (!seesPool(p.pool)) return deny("policy.logistics.poolHidden", 404);
      return p.pool.status === "closed" || p.pool.status === "cancelled" ? deny("policy.logistics.poolDiscussionClosed", 409) : OK;
    case "file.download": {
      // Whoever may see the owner may download; anyone else learns nothing (404), whatever the reason.
      const f = p.file;
      const hidden = deny("policy.file.hidden", 404);
      switch (f.owner) {
        case "post":
          if (!f.subject.view || f.post.deleted) return hidden;
          return !f.post.hidden || f.subject.moderate ? OK : hidden;
        case "group":
          return admin || f.group.role !== null || f.group.visibility === "public" ? OK : hidden;
        case "event":
          if (!seesEvent(f.event)) return hidden;
          if (!f.participantsOnly || managesEvent(f.event)) return OK;
          return f.event.invited || (f.event.attendance !== null && f.event.attendance !== "declined") ? OK : hidden;
        case "campaign":
          return check(viewer, { action: "campaign.participate", campaign: f.campaign }).ok ? OK : hidden;
        case "none":
          return hidden;
      }
      return hidden;
    }
    case "file.upload": {
      // A group's members add to its library; an event's organisers its materials; a campaign's coordinator and
      // accepted participants its files (while it runs).
      const t = p.target;
      if (t.owner === "group") return check(viewer, { action: "group.post", group: t.group });
      if (t.owner === "event") return check(viewer, { action: "event.manage", event: t.event });
      const d = check(viewer, { action: "campaign.participate", campaign: t.campaign });
      if (!d.ok) return d;
      return t.campaign.status === "closed" || t.campaign.status === "cancelled" ? deny("policy.file.campaignClosed", 409) : OK;
    }
    case "file.delete": {
      const seen = check(viewer, { action: "file.download", file: p.file });
      if (!seen.ok) return seen;
      if (admin || p.uploaderId === viewer.id) return OK;
      const f = p.file;
      const runsOwner =
        (f.owner === "group" && f.group.role === "lead") ||
        (f.owner === "event" && managesEvent(f.event)) ||
        (f.owner === "campaign" && f.campaign.coordinator) ||
        (f.owner === "post" && f.subject.moderate);
      return runsOwner ? OK : deny("policy.file.deleteOwnOnly");
    }
  }
}

/** The boolean shortcut: `check(viewer, p).ok`. */
export function can(viewer: Viewer | null, p: Permission): boolean {
  return check(viewer, p).ok;
}

/**
 * For domain functions and actions: returns when allowed; otherwise throws the rule's own reason — the 404 response
 * when the viewer may not know the thing exists, else an ActionError (403/409 with the reason's message key), which
 * `actionError()` turns into the one action error response.
 */
export function demand(viewer: Viewer | null, p: Permission): asserts viewer is Viewer {
  const d = check(viewer, p);
  if (d.ok) return;
  if (d.status === 404) notFound();
  throw new ActionError(d.status, d.reason);
}

/**
 * For loaders (a whole page refused): throws a Response with the rule's status whose body is the reason's message
 * key; the root error boundary shows it translated. 404s carry no reason.
 */
export function assertCan(viewer: Viewer | null, p: Permission): asserts viewer is Viewer {
  const d = check(viewer, p);
  if (d.ok) return;
  if (d.status === 404) notFound();
  throw new Response(d.reason, { status: d.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Throws 404: for private things outsiders must not learn exist. */
export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
