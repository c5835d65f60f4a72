import type { Executor } from "~/context";
import { isUuid } from "~/lib/ids";
import { can } from "~/modules/policy/authorize.server";
import type { SubjectAccess, Viewer } from "~/modules/policy/facts";
import { subjectAccess, type SubjectType } from "./subjects.server";

/**
 * A thread and what this viewer may do in it. Pages, actions, the catch-up JSON and socket room joins all come here,
 * so each answers the same. The subject's ThreadSubject (SUBJECTS) gives view/post/moderate from the policy rules;
 * the thread's own state (locked) is added by the thread.* rules.
 */

export interface ThreadRecord {
  id: string;
  subject_type: SubjectType;
  subject_id: string;
  title: string;
  created_by: string | null;
  created_at: Date;
  last_seq: number;
  post_count: number;
  last_post_at: Date;
  pinned: boolean;
  locked: boolean;
}

declare const checked: unique symbol;

/** Made only here (the brand): a function that takes one may trust it was loaded for this viewer. */
export interface ThreadAccess {
  readonly [checked]: true;
  thread: ThreadRecord;
  subject: SubjectAccess;
  may: { view: true; post: boolean; moderate: boolean };
}

export const THREAD_COLUMNS = ["id", "subject_type", "subject_id", "title", "created_by", "created_at", "last_seq", "post_count", "last_post_at", "pinned", "locked"] as const;

export async function loadThread(exec: Executor, threadId: string): Promise<ThreadRecord | null> {
  if (!isUuid(threadId)) return null;
  const t = await exec.selectFrom("thread").select(THREAD_COLUMNS).where("id", "=", threadId).executeTakeFirst();
  return t ?? null;
}

/** The thread with the viewer's rights, or null (→ 404) when it does not exist or the viewer may not see it. */
export async function threadAccess(exec: Executor, viewer: Viewer, threadId: string): Promise<ThreadAccess | null> {
  const thread = await loadThread(exec, threadId);
  if (!thread) return null;
  return threadAccessFor(exec, viewer, thread);
}

/**
 * The (first) thread of a subject that has one discussion (an event, a campaign, a pool) with the viewer's rights,
 * or null when there is none or the viewer may not see it.
 */
export async function subjectThreadAccess(exec: Executor, viewer: Viewer, type: SubjectType, subjectId: string): Promise<ThreadAccess | null> {
  if (!isUuid(subjectId)) return null;
  const thread = await exec
    .selectFrom("thread")
    .select(THREAD_COLUMNS)
    .where("subject_type", "=", type)
    .where("subject_id", "=", subjectId)
    .orderBy("created_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return thread ? threadAccessFor(exec, viewer, thread) : null;
}

export async function threadAccessFor(exec: Executor, viewer: Viewer, thread: ThreadRecord): Promise<ThreadAccess | null> {
  const subject = await subjectAccess(exec, viewer, thread.subject_type, thread.subject_id);
  if (!can(viewer, { action: "thread.view", subject })) return null;
  return {
    thread,
    subject,
    may: {
      view: true,
      post: can(viewer, { action: "thread.post", subject, thread }),
      moderate: can(viewer, { action: "thread.moderate", subject }),
    },
  } as ThreadAccess;
}
