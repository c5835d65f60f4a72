// Replies and new threads tell the people who follow them (issue 13): a reply tells the thread's followers (everyone
// who posted in it follows it by default) and, for an event discussion, the event's followers; a new thread tells the
// group's members and followers (or the event's followers). Mutes win; the author and the people the post mentions
// (told by the mention) are left out; nobody is told about a subject they may not see.
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import type { Effects } from "~/modules/effects/unit-of-work.server";
import { followByDefault, ownFollows, peopleWithState, setFollow, type FollowState, type FollowSubjectType } from "~/modules/notifications/follow.server";
import { isUuid } from "~/lib/ids";
import { notFound } from "~/modules/policy/authorize.server";
import { activePeople } from "~/modules/notifications/tell.server";
import { threadAccess, type ThreadRecord } from "./access.server";
import { plainSummary } from "./markdown.server";
import { subjectAccess, threadSubject } from "./subjects.server";

const MAX_TOLD = 5000;

async function groupMembers(exec: Executor, groupId: string): Promise<string[]> {
  const rows = await exec.selectFrom("working_group_member").select("person_id").where("group_id", "=", groupId).limit(MAX_TOLD).execute();
  return rows.map((r) => r.person_id);
}

/** Of these people, the active ones who may see the subject (group members pass without a rule check). */
async function mayView(exec: Executor, ids: string[], thread: ThreadRecord, members: Set<string>) {
  if (ids.length === 0) return [];
  const people = await activePeople(exec).where("p.id", "in", ids).execute();
  const others = people.filter((p) => !members.has(p.id)).map((p) => p.id);
  const allowed = new Set(people.filter((p) => members.has(p.id)).map((p) => p.id));
  for (const v of await peopleAsViewers(exec, others)) {
    if ((await subjectAccess(exec, v, thread.subject_type, thread.subject_id)).view) allowed.add(v.id);
  }
  return people.filter((p) => allowed.has(p.id));
}

export async function tellFollowers(trx: Executor, fx: Effects, author: Viewer, thread: ThreadRecord, post: { id: string; seq: number }, md: string, mentionedIds: readonly string[]): Promise<void> {
  await followByDefault(trx, author.id, "thread", thread.id);
  const subjectFollowType = thread.subject_type === "group" ? "group" : thread.subject_type === "event" ? "event" : null;
  const muted = new Set(await peopleWithState(trx, "thread", thread.id, "mute"));
  if (subjectFollowType) for (const id of await peopleWithState(trx, subjectFollowType, thread.subject_id, "mute")) muted.add(id);
  const members = new Set(thread.subject_type === "group" ? await groupMembers(trx, thread.subject_id) : []);
  const newThread = post.seq === 1;
  const candidates = new Set<string>();
  if (newThread) {
    for (const id of members) candidates.add(id);
    if (subjectFollowType) for (const id of await peopleWithState(trx, subjectFollowType, thread.subject_id, "follow")) candidates.add(id);
  } else {
    for (const id of await peopleWithState(trx, "thread", thread.id, "follow")) candidates.add(id);
    if (subjectFollowType === "event") for (const id of await peopleWithState(trx, "event", thread.subject_id, "follow")) candidates.add(id);
  }
  candidates.delete(author.id);
  for (const id of mentionedIds) candidates.delete(id);
  for (const id of muted) candidates.delete(id);
  if (candidates.size === 0) return;
  const to = await mayView(trx, [...candidates].slice(0, MAX_TOLD), thread, members);
  if (to.length === 0) return;
  const label = (await threadSubject(thread.subject_type).label(trx, thread.subject_id)) ?? { lv: "", en: "" };
  const href = `/posts/${post.id}`;
  const kind = newThread ? "thread_new" : "thread_reply";
  await fx.tell({
    kind,
    to,
    except: author.id,
    key: newThread ? `thread-new:${thread.id}` : `reply:${post.id}`,
    payload: { author: author.name, threadTitle: thread.title, subject: label, href, excerpt: plainSummary(md, 280), threadId: thread.id, postId: post.id, seq: post.seq },
    mail: { template: kind, params: { author: author.name, threadTitle: thread.title, subject: label, text: plainSummary(md, 2000), path: href, newThread } },
    scope: { type: thread.subject_type, id: thread.subject_id },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The follow / mute form (settings page, and any page that offers it)

/** Follow, mute or back to the default for a group, a thread or an event discussion the viewer may see (else 404). */
export async function changeFollow(exec: Executor, viewer: Viewer, type: FollowSubjectType, id: string, state: FollowState | null): Promise<void> {
  if (!(await mayFollow(exec, viewer, type, id))) notFound();
  await setFollow(exec, viewer.id, type, id, state);
}

async function mayFollow(exec: Executor, viewer: Viewer, type: FollowSubjectType, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  if (type === "thread") return (await threadAccess(exec, viewer, id)) !== null;
  return (await subjectAccess(exec, viewer, type, id)).view;
}

export interface FollowItem {
  type: FollowSubjectType;
  id: string;
  state: FollowState;
  label: { lv: string; en: string };
  href: string;
}

/** The viewer's own follow rows with names and links (only what they may still see). */
export async function followList(exec: Executor, viewer: Viewer): Promise<FollowItem[]> {
  const out: FollowItem[] = [];
  for (const f of await ownFollows(exec, viewer.id)) {
    if (f.type === "thread") {
      const a = await threadAccess(exec, viewer, f.id);
      if (!a) continue;
      const href = (await threadSubject(a.thread.subject_type).threadHref(exec, a.thread.subject_id, f.id)) ?? "/";
      out.push({ ...f, label: { lv: a.thread.title, en: a.thread.title }, href });
    } else {
      if (!(await subjectAccess(exec, viewer, f.type, f.id)).view) continue;
      const s = threadSubject(f.type);
      out.push({ ...f, label: (await s.label(exec, f.id)) ?? { lv: "", en: "" }, href: (await s.href(exec, f.id)) ?? "/" });
    }
  }
  return out;
}
