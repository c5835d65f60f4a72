import type { Executor } from "~/context";
import type { Viewer } from "~/modules/auth/session.server";
import type { SubjectAccess } from "~/modules/policy/facts";

/**
 * Threads are generic: each belongs to a subject (subject_type, subject_id). A subject type registers how to answer
 * "may this viewer see / post in / moderate threads of that subject" and where its threads live in the UI.
 * Working groups register 'group' (app/modules/policy/access.server.ts). Events, campaigns and logistics pools
 * register their own type the same way and get threads, posts, unread state, mentions and live pushes for free.
 *
 * The answers must come from the policy rules (app/modules/policy/authorize.server.ts `can()`), loaded with one
 * scoped query; a subject the viewer may not see answers { view: false, post: false, moderate: false } (→ 404).
 */
export interface ThreadSubject {
  /** All three answers at once (one query). */
  access(exec: Executor, viewer: Viewer, subjectId: string): Promise<SubjectAccess>;
  /** The subject's page, e.g. /groups/regulatory; null when the subject no longer exists. */
  href(exec: Executor, subjectId: string): Promise<string | null>;
  /** A thread's page under the subject, e.g. /groups/regulatory/threads/<id>. */
  threadHref(exec: Executor, subjectId: string, threadId: string): Promise<string | null>;
  /** Display name of the subject (for notifications and emails), in both languages. */
  label(exec: Executor, subjectId: string): Promise<{ lv: string; en: string } | null>;
}

const registry = new Map<string, ThreadSubject>();

export function registerThreadSubject(type: string, subject: ThreadSubject): void {
  registry.set(type, subject);
}

export function threadSubject(type: string): ThreadSubject | null {
  return registry.get(type) ?? null;
}

const NONE: SubjectAccess = { view: false, post: false, moderate: false };

/** The viewer's access to a subject; unknown subject types see nothing (fail closed). */
export async function subjectAccess(exec: Executor, viewer: Viewer, type: string, subjectId: string): Promise<SubjectAccess> {
  const s = threadSubject(type);
  if (!s) return NONE;
  return s.access(exec, viewer, subjectId);
}

export async function canView(exec: Executor, viewer: Viewer, type: string, subjectId: string): Promise<boolean> {
  return (await subjectAccess(exec, viewer, type, subjectId)).view;
}

export async function canPost(exec: Executor, viewer: Viewer, type: string, subjectId: string): Promise<boolean> {
  const a = await subjectAccess(exec, viewer, type, subjectId);
  return a.view && a.post;
}

export async function canModerate(exec: Executor, viewer: Viewer, type: string, subjectId: string): Promise<boolean> {
  const a = await subjectAccess(exec, viewer, type, subjectId);
  return a.view && a.moderate;
}
