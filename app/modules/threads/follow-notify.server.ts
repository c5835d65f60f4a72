// Replies and new threads tell the people who follow them (issue 13): a reply tells the thread's followers (everyone
// who posted in it follows it by default) and, for an event discussion, the event's followers; a new thread tells the
// group's members and followers (or the event's followers). Mutes win; the author and the people the post mentions
// (told by the mention) are left out; nobody is told about a subject they may not see.
import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import type { Effects } from "~/modules/effects/unit-of-work.server";
import { ownFollows, setFollow, type FollowState, type FollowSubjectType } from "~/modules/notifications/follow.server";
import { isUuid } from "~/lib/ids";
import { notFound } from "~/modules/policy/authorize.server";
import { activePeople } from "~/modules/notifications/tell.server";
import { threadAccess, type ThreadRecord } from "./access.server";
import { plainSummary } from "./markdown.server";
import { subjectAccess, threadSubject } from "./subjects.server";

const MAX_TOLD = 5000;

/** Non-members of the subject among these people: only those who may see it (the subject's own rule). */
async function mayView<P extends { id: string }>(exec: Executor, people: P[], thread: ThreadRecord, members: Set<string>): Promise<P[]> {
  const others = people.filter((p) => !members.has(p.id)).map((p) => p.id);
  const allowed = new Set(people.filter((p) => members.has(p.id)).map((p) => p.id));
  for (const v of await peopleAsViewers(exec, others)) {
    if ((await subjectAccess(exec, v, thread.subject_type, thread.subject_id)).view) allowed.add(v.id);
  }
  return people.filter((p) => allowed.has(p.id));
}

/**
 * Everyone a post could tell, in one query: the active people who follow or mute the thread or its subject, or are
 * members of its group, each with those facts (at most MAX_TOLD of each source).
 */
async function audience(exec: Executor, thread: ThreadRecord, subjectFollowType: FollowSubjectType | null) {
  const parts = [sql`(select person_id, 'thread' as src, state::text as state from follow where subject_type = 'thread' and subject_id = ${thread.id}::uuid order by person_id limit ${MAX_TOLD})`];
  if (subjectFollowType) {
    parts.push(
      sql`(select person_id, 'subject' as src, state::text as state from follow where subject_type = ${subjectFollowType} and subject_id = ${thread.subject_id}::uuid order by person_id limit ${MAX_TOLD})`,
    );
  }
  if (thread.subject_type === "group") {
    parts.push(sql`(select person_id, 'member' as src, 'member' as state from working_group_member where group_id = ${thread.subject_id}::uuid limit ${MAX_TOLD})`);
  }
  return activePeople(exec)
    .innerJoin(sql<{ person_id: string; src: string; state: string }>`(${sql.join(parts, sql` union all `)})`.as("a"), (j) => j.onRef("a.person_id", "=", "p.id"))
    .select([
      sql<boolean>`bool_or(a.src = 'thread' and a.state = 'follow')`.as("follows_thread"),
      sql<boolean>`bool_or(a.src = 'subject' and a.state = 'follow')`.as("follows_subject"),
      sql<boolean>`bool_or(a.state = 'mute')`.as("muted"),
      sql<boolean>`bool_or(a.src = 'member')`.as("member"),
    ])
    .groupBy(["p.id", "p.name", "p.email", "p.locale", "p.notify_email"])
    .execute();
}

export async function tellFollowers(
  trx: Executor,
  fx: Effects,
  author: Viewer,
  thread: ThreadRecord,
  post: { id: string; seq: number },
  md: string,
  mentionedIds: readonly string[],
  subjectLabel?: () => Promise<{ lv: string; en: string }>,
): Promise<void> {
  // The author follows the thread by default: the statement that stored the post did it (threads.server.ts).
  const subjectFollowType = thread.subject_type === "group" ? "group" : thread.subject_type === "event" ? "event" : null;
  const people = await audience(trx, thread, subjectFollowType);
  const members = new Set(people.filter((p) => p.member).map((p) => p.id));
  const newThread = post.seq === 1;
  const left = new Set([author.id, ...mentionedIds]);
  const candidates = people.filter((p) => {
    if (p.muted || left.has(p.id)) return false;
    // A new thread tells the group's members and the subject's followers; a reply the thread's followers and, for an
    // event discussion, the event's followers.
    if (newThread) return p.member || p.follows_subject;
    return p.follows_thread || (subjectFollowType === "event" && p.follows_subject);
  });
  if (candidates.length === 0) return;
  const to = (await mayView(trx, candidates.slice(0, MAX_TOLD), thread, members)).map((p) => ({ id: p.id, name: p.name, email: p.email, locale: p.locale, notify_email: p.notify_email }));
  if (to.length === 0) return;
  const label = subjectLabel ? await subjectLabel() : ((await threadSubject(thread.subject_type).label(trx, thread.subject_id)) ?? { lv: "", en: "" });
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
