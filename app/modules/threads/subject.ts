import type { Executor } from "~/context";
import type { ThreadSubjectType } from "#db/schema";
import type { SubjectAccess, Viewer } from "~/modules/policy/facts";

/** The kinds of things a thread belongs to: the keys of SUBJECTS and the values of thread.subject_type's CHECK. */
export type SubjectType = ThreadSubjectType;

/**
 * What the thread core needs to know about one kind of subject (a working group, an event, a campaign, a pool…).
 * Each subject module exports one of these; app/modules/threads/subjects.server.ts lists them all in SUBJECTS.
 * The answers of access() come from the policy rules (can()) over facts loaded with one scoped query; a subject the
 * viewer may not see answers { view: false, post: false, moderate: false } (→ 404).
 */
export interface ThreadSubject {
  /** view / post / moderate for this viewer, at once. */
  access(exec: Executor, viewer: Viewer, subjectId: string): Promise<SubjectAccess>;
  /** The subject's page, e.g. /groups/regulatory; null when the subject no longer exists. */
  href(exec: Executor, subjectId: string): Promise<string | null>;
  /** The page that shows a thread of the subject, e.g. /groups/regulatory/threads/<id> or /campaigns/<slug>. */
  threadHref(exec: Executor, subjectId: string, threadId: string): Promise<string | null>;
  /** Display name of the subject (for notifications and emails), in both languages. */
  label(exec: Executor, subjectId: string): Promise<{ lv: string; en: string } | null>;
}

export const NO_ACCESS: SubjectAccess = { view: false, post: false, moderate: false };
