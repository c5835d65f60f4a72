import type { Executor } from "~/context";
import type { SubjectAccess, Viewer } from "~/modules/policy/facts";
import { groupSubject } from "~/modules/groups/thread-subject.server";
import { eventSubject } from "~/modules/events/thread-subject.server";
import { campaignSubject } from "~/modules/campaigns/thread-subject.server";
import { poolSubject } from "~/modules/logistics/thread-subject.server";
import { NO_ACCESS, type SubjectType, type ThreadSubject } from "./subject";

export type { SubjectType, ThreadSubject } from "./subject";

/**
 * Every kind of subject a thread can belong to. A new subject is one entry here (the type checker then asks for the
 * union member in db/schema.ts), one value in the CHECK constraint on thread.subject_type (a migration), its
 * ThreadSubject module and its rules in policy/authorize.server.ts (docs/conventions.md, "Adding a thread subject").
 */
export const SUBJECTS = {
  group: groupSubject,
  event: eventSubject,
  campaign: campaignSubject,
  pool: poolSubject,
} satisfies Record<SubjectType, ThreadSubject>;

export function isSubjectType(v: unknown): v is SubjectType {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(SUBJECTS, v);
}

export function threadSubject(type: SubjectType): ThreadSubject {
  return SUBJECTS[type];
}

/** The viewer's access to a subject; an unknown type (never stored: the CHECK constraint) sees nothing. */
export async function subjectAccess(exec: Executor, viewer: Viewer, type: SubjectType, subjectId: string): Promise<SubjectAccess> {
  if (!isSubjectType(type)) return NO_ACCESS;
  return SUBJECTS[type].access(exec, viewer, subjectId);
}
