import type {
  ApprovalStatus,
  AttendanceStatus,
  CampaignStatus,
  ClusterRole,
  EventStatus,
  EventVisibility,
  GroupRole,
  GroupVisibility,
  JoinPolicy,
  Locale,
  OrgRole,
  ParticipantStatus,
} from "#db/schema";

/** The signed-in person as every rule sees them (loaded per request by auth/session.server.ts). */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  clusterRole: ClusterRole;
  orgRole: OrgRole;
  orgId: string;
  orgName: string;
  orgStatus: ApprovalStatus;
  membershipStatus: ApprovalStatus;
  emailVerified: boolean;
  sessionHash: string;
}

/** Approved member of an approved organisation with a confirmed email: may see the member area. */
export function isActiveMember(v: Viewer | null): boolean {
  return !!v && v.membershipStatus === "approved" && v.orgStatus === "approved" && v.emailVerified;
}

/** What the rules need to know about a working group and the viewer's relation to it (loaded by access.server.ts). */
export interface GroupFacts {
  visibility: GroupVisibility;
  joinPolicy: JoinPolicy;
  archived: boolean;
  /** The viewer's role in the group, or null when not a member. */
  role: GroupRole | null;
  /** An open invitation to the viewer or to the viewer's organisation. */
  invited: boolean;
  pendingRequest: boolean;
  /** A lead or admin removed the viewer and has not lifted it: no way back in through an organisation invitation,
   * an open group or a request (a lead lifts it, or invites the person by name). */
  excluded: boolean;
}

/** A thread subject's answer for one viewer (app/modules/threads/subjects.server.ts). */
export interface SubjectAccess {
  view: boolean;
  post: boolean;
  moderate: boolean;
}

export interface ThreadFacts {
  locked: boolean;
}

export interface PostFacts {
  authorId: string;
  deleted: boolean;
  hidden: boolean;
}

/** What the rules need to know about a campaign and the viewer's relation to it (campaigns/access.server.ts). */
export interface CampaignFacts {
  status: CampaignStatus;
  /** The viewer is the campaign's coordinator. */
  coordinator: boolean;
  /** The status of the viewer's organisation's application, or null when it never applied. */
  participant: ParticipantStatus | null;
  /** The coordinator published the full per-participant table to the participants' org admins. */
  publishFullTable: boolean;
}

/** A logistics request and the viewer's relation to it (loaded by app/modules/logistics/access.server.ts). */
export interface LogisticsRequestFacts {
  /** The viewer's organisation posted it. */
  own: boolean;
  status: string;
  /** It is in a live pool in which the viewer's organisation takes part or which it coordinates. */
  inViewerPool: boolean;
}

/** A logistics pool and the viewer's relation to it. */
export interface LogisticsPoolFacts {
  /** The viewer's organisation has a request in it (pending or accepted). */
  participant: boolean;
  /** The viewer's organisation coordinates it (the proposer's organisation). */
  coordinator: boolean;
  status: string;
}

/** A proposed pool before it exists: what the rule needs to know about the chosen requests. */
export interface LogisticsProposalFacts {
  /** At least one of the chosen requests is the viewer's organisation's. */
  includesOwn: boolean;
}

/** One request's membership in a pool, and the viewer's relation to it (an invitation or a request to join). */
export interface LogisticsMemberFacts {
  /** The viewer's organisation posted the request. */
  own: boolean;
  /** The request asked to join (the coordinator decides) rather than being invited (its owner decides). */
  joined: boolean;
}

/** What the rules need to know about an event and the viewer's relation to it (app/modules/events/access.server.ts). */
export interface EventFacts {
  status: EventStatus;
  visibility: EventVisibility;
  /** The viewer created the event. */
  own: boolean;
  /** The viewer's role in the host working group (null: no host group, or not a member). */
  hostGroupRole: GroupRole | null;
  /** The viewer was invited by an organiser (an invitation lets people see an event they otherwise could not). */
  invited: boolean;
  /** The viewer's RSVP state, if any. */
  attendance: AttendanceStatus | null;
  /** Published, before the registration deadline and the start. */
  registrationOpen: boolean;
}

/**
 * A file and what its owner lets the viewer do (loaded by app/modules/files/access.server.ts): a post's file follows the
 * thread's subject, a library file its group, event materials the event (or only its participants), a campaign file
 * the campaign's participants. `none`: the owner is gone or the viewer may not know it exists.
 */
export type FileFacts =
  | { owner: "post"; subject: SubjectAccess; post: { deleted: boolean; hidden: boolean } }
  | { owner: "group"; group: GroupFacts }
  | { owner: "event"; event: EventFacts; participantsOnly: boolean }
  | { owner: "campaign"; campaign: CampaignFacts }
  | { owner: "none" };

/** Where a file is to be added (a post's files come with the post: thread.post decides). */
export type FileTarget = { owner: "group"; group: GroupFacts } | { owner: "event"; event: EventFacts } | { owner: "campaign"; campaign: CampaignFacts };
