import type { GroupRole, GroupVisibility, JoinPolicy } from "#db/schema";

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
