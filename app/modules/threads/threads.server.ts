import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { hit } from "~/modules/auth/rate-limit.server";
import { unitOfWork, type Effects } from "~/modules/effects/unit-of-work.server";
import type { Recipient } from "~/modules/notifications/tell.server";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { assertCan, can, demand, notFound } from "~/modules/policy/authorize.server";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import { threadAccess, loadThread, type ThreadAccess, type ThreadRecord } from "./access.server";
import { isUuid } from "~/lib/ids";
import { ActionError } from "~/modules/errors";
import { subjectAccess, threadSubject, type SubjectType } from "./subjects.server";
import { excerpt, mentionedHandles, plainSummary, renderMarkdown } from "./markdown.server";
import { tellFollowers } from "./follow-notify.server";
import type { ServerEvents } from "~/realtime/events";
import { threadRoom, type PostDto, type PostFileDto, type PostState, type ThreadDto, type ThreadEvents } from "./dto";
import { attachFiles, extractFileText } from "~/modules/files/files.server";
import type { StagedFile } from "~/modules/files/upload.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

export const THREAD_LIMITS = {
  /** Characters (code points) per post. */
  postMax: 20_000,
  titleMax: 200,
  postsPerMinute: 20,
  /** Posts per thread page. */
  pageSize: 50,
  /** Posts per catch-up response. */
  catchUpMax: 200,
  /** Distinct @mentions that notify per post. */
  mentionsMax: 20,
  threadsPerPage: 30,
};

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function checkBody(body: unknown): string {
  if (typeof body !== "string") throw new ActionError(400, "threads.error.bodyRequired", {}, "body");
  const text = body.replace(/\r\n?/g, "\n");
  if (text.trim().length === 0) throw new ActionError(400, "threads.error.bodyRequired", {}, "body");
  const length = [...text].length;
  if (length > THREAD_LIMITS.postMax) throw new ActionError(400, "threads.error.bodyTooLong", { max: THREAD_LIMITS.postMax, length }, "body");
  if (CONTROL.test(text)) throw new ActionError(400, "threads.error.bodyInvalid", {}, "body");
  return text;
}

export function checkTitle(title: unknown): string {
  if (typeof title !== "string" || title.trim().length === 0) throw new ActionError(400, "threads.error.titleRequired", {}, "title");
  const t = title.trim().replace(/\s+/g, " ");
  if ([...t].length > THREAD_LIMITS.titleMax) throw new ActionError(400, "threads.error.titleTooLong", { max: THREAD_LIMITS.titleMax }, "title");
  if (CONTROL.test(t)) throw new ActionError(400, "threads.error.titleInvalid", {}, "title");
  return t;
}

function checkClientId(v: unknown): string | null {
  return typeof v === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : null;
}

async function rateLimitPosting(ctx: Ctx, viewer: Viewer): Promise<void> {
  const r = await hit(ctx.db, `post:${viewer.id}`, THREAD_LIMITS.postsPerMinute, 60);
  if (!r.ok) throw new ActionError(429, "threads.error.rateLimited", { seconds: r.retryAfterSeconds });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

function postQuery(exec: Executor) {
  return exec
    .selectFrom("post as p")
    .innerJoin("person as a", "a.id", "p.author_id")
    .innerJoin("organisation as o", "o.id", "a.organisation_id")
    .leftJoin("post as q", "q.id", "p.quote_of")
    .select([
      "p.id",
      "p.thread_id",
      "p.seq",
      "p.author_id",
      "a.name as author_name",
      "a.erased_at as author_erased_at",
      "o.name as author_org",
      "p.body_html",
      "p.created_at",
      "p.edited_at",
      "p.deleted_at",
      "p.hidden_at",
      "p.quote_of",
      "q.seq as quote_seq",
      sql<PostFileDto[] | string>`(select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'type', f.content_type) order by f.created_at, f.id), '[]'::json)
        from file f where f.post_id = p.id and f.status = 'ready')`.as("files"),
    ]);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof postQuery>["executeTakeFirstOrThrow"]>>;

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

export function toPostDto(r: PostRow): PostDto {
  const state: PostState = r.deleted_at ? "deleted" : r.hidden_at ? "hidden" : "visible";
  return {
    id: r.id,
    threadId: r.thread_id,
    seq: r.seq,
    // An erased author: the stored placeholder name, no organisation or profile link (the component says "former member").
    author: r.author_erased_at ? { id: r.author_id, name: r.author_name, org: "", former: true } : { id: r.author_id, name: r.author_name, org: r.author_org },
    bodyHtml: state === "visible" ? r.body_html : "",
    createdAt: iso(r.created_at)!,
    editedAt: iso(r.edited_at),
    state,
    quoteOf: r.quote_of && r.quote_seq !== null ? { id: r.quote_of, seq: r.quote_seq } : null,
    files: state === "visible" ? (typeof r.files === "string" ? (JSON.parse(r.files) as PostFileDto[]) : (r.files ?? [])).map((f) => ({ ...f, size: Number(f.size) })) : [],
  };
}

export function toThreadDto(t: ThreadRecord): ThreadDto {
  return { id: t.id, title: t.title, locked: t.locked, pinned: t.pinned, lastSeq: t.last_seq, postCount: t.post_count };
}

async function postById(exec: Executor, postId: string): Promise<PostDto | null> {
  const r = await postQuery(exec).where("p.id", "=", postId).executeTakeFirst();
  return r ? toPostDto(r) : null;
}

export interface ThreadPage {
  posts: PostDto[];
  /** Pass as ?before= to see older posts; null at the beginning of the thread. */
  olderBefore: number | null;
  /** True when this page is not the latest one. */
  hasNewer: boolean;
  /** The viewer's read position before this visit (for the "new since your last visit" divider). */
  lastReadSeq: number;
}

/**
 * One page of a thread, newest `pageSize` posts with seq < before (or the latest), served by the unique
 * (thread_id, seq) index scanned backwards: a thread of 100,000 posts opens like one of 10. Shown oldest first.
 * Marks the thread read up to the newest post shown.
 */
export async function readThreadPage(exec: Executor, viewer: Viewer, access: ThreadAccess, before: number | null): Promise<ThreadPage> {
  const { thread } = access;
  const size = THREAD_LIMITS.pageSize;
  const [rows, read] = await Promise.all([
    postQuery(exec)
      .where("p.thread_id", "=", thread.id)
      .$if(before !== null, (q) => q.where("p.seq", "<", before!))
      .orderBy("p.seq", "desc")
      .limit(size + 1)
      .execute(),
    exec.selectFrom("thread_read").select("last_read_seq").where("person_id", "=", viewer.id).where("thread_id", "=", thread.id).executeTakeFirst(),
  ]);
  const page = rows.slice(0, size).reverse();
  const posts = page.map(toPostDto);
  const lastReadSeq = read?.last_read_seq ?? 0;
  const newest = posts.at(-1)?.seq ?? 0;
  if (newest > lastReadSeq) await markThreadRead(exec, viewer.id, thread.id, newest);
  return {
    posts,
    olderBefore: rows.length > size ? page[0].seq : null,
    hasNewer: before !== null && before <= thread.last_seq,
    lastReadSeq,
  };
}

/** Catch-up after a reconnect: every post with seq > after, in order (RT-1/RT-2). */
export async function postsAfter(exec: Executor, threadId: string, after: number, limit = THREAD_LIMITS.catchUpMax): Promise<PostDto[]> {
  const rows = await postQuery(exec).where("p.thread_id", "=", threadId).where("p.seq", ">", after).orderBy("p.seq", "asc").limit(Math.min(limit, THREAD_LIMITS.catchUpMax)).execute();
  return rows.map(toPostDto);
}

export async function markThreadRead(exec: Executor, personId: string, threadId: string, seq: number): Promise<void> {
  await exec
    .insertInto("thread_read")
    .values({ person_id: personId, thread_id: threadId, last_read_seq: seq })
    .onConflict((oc) =>
      oc.columns(["person_id", "thread_id"]).doUpdateSet({
        last_read_seq: sql`greatest(thread_read.last_read_seq, excluded.last_read_seq)`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/** "Mark all read" for every thread of a subject, in one statement. */
export async function markSubjectRead(exec: Executor, personId: string, subjectType: SubjectType, subjectId: string): Promise<void> {
  await sql`
    insert into thread_read (person_id, thread_id, last_read_seq)
    select ${personId}, t.id, t.last_seq from thread t where t.subject_type = ${subjectType} and t.subject_id = ${subjectId}
    on conflict (person_id, thread_id) do update set
      last_read_seq = greatest(thread_read.last_read_seq, excluded.last_read_seq), updated_at = now()`.execute(exec);
}

export interface ThreadListItem {
  id: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  postCount: number;
  lastSeq: number;
  lastPostAt: string;
  unread: number;
}

/**
 * Threads of a subject, pinned first then by latest activity, keyset-paginated on (pinned, last_post_at, id) with
 * the thread_subject_idx index; unread counts for the viewer in the same query (last_seq - last_read_seq).
 */
export async function listSubjectThreads(
  exec: Executor,
  personId: string,
  subjectType: SubjectType,
  subjectId: string,
  after: string | null,
): Promise<{ items: ThreadListItem[]; next: string | null }> {
  const cur = decodeCursor(after, 3, [(p) => p === "1" || p === "0", isTimestampText, isUuid]);
  const size = THREAD_LIMITS.threadsPerPage;
  const rows = await exec
    .selectFrom("thread as t")
    .leftJoin("thread_read as r", (j) => j.onRef("r.thread_id", "=", "t.id").on("r.person_id", "=", personId))
    .select([
      "t.id",
      "t.title",
      "t.pinned",
      "t.locked",
      "t.post_count",
      "t.last_seq",
      "t.last_post_at",
      sql<string>`t.last_post_at::text`.as("ts"),
      sql<number>`t.last_seq - coalesce(r.last_read_seq, 0)`.as("unread"),
    ])
    .where("t.subject_type", "=", subjectType)
    .where("t.subject_id", "=", subjectId)
    .$if(!!cur, (q) => q.where(sql<boolean>`(t.pinned, t.last_post_at, t.id) < (${cur![0] === "1"}, ${cur![1]}::timestamptz, ${cur![2]}::uuid)`))
    .orderBy("t.pinned", "desc")
    .orderBy("t.last_post_at", "desc")
    .orderBy("t.id", "desc")
    .limit(size + 1)
    .execute();
  const { items, next } = keysetPage(rows, size, (r) => [r.pinned ? "1" : "0", r.ts, r.id]);
  return {
    items: items.map((r) => ({
      id: r.id,
      title: r.title,
      pinned: r.pinned,
      locked: r.locked,
      postCount: r.post_count,
      lastSeq: r.last_seq,
      lastPostAt: new Date(r.last_post_at).toISOString(),
      unread: Math.max(0, r.unread),
    })),
    next,
  };
}

export async function threadIdsOfSubject(exec: Executor, subjectType: SubjectType, subjectId: string): Promise<string[]> {
  const rows = await exec.selectFrom("thread").select("id").where("subject_type", "=", subjectType).where("subject_id", "=", subjectId).execute();
  return rows.map((r) => r.id);
}

/** After a person lost access to a subject: their open sockets leave its thread rooms at once (RT-7). */
export async function revokeThreadRooms(ctx: Pick<AppContext, "db" | "realtime">, personId: string, subjectType: SubjectType, subjectId: string): Promise<void> {
  for (const id of await threadIdsOfSubject(ctx.db, subjectType, subjectId)) ctx.realtime.leaveRoom(personId, threadRoom(id));
}

/** After a subject's audience shrank (e.g. a group turned private): every socket in its thread rooms is re-authorised now. */
export async function recheckThreadRooms(ctx: Pick<AppContext, "db" | "realtime">, subjectType: SubjectType, subjectId: string): Promise<void> {
  const ids = await threadIdsOfSubject(ctx.db, subjectType, subjectId);
  await Promise.all(ids.map((id) => ctx.realtime.recheckRoom(threadRoom(id))));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** A person a post mentions who may see its thread: told in-app, and by email per their setting. */
type Mentioned = Recipient & { handle: string };

/** @handles in the text that belong to people who may see the subject's threads (never the author). */
async function resolveMentions(exec: Executor, md: string, authorId: string, subjectType: SubjectType, subjectId: string): Promise<Mentioned[]> {
  const handles = mentionedHandles(md, THREAD_LIMITS.mentionsMax);
  if (handles.length === 0) return [];
  const people = await exec
    .selectFrom("person")
    .select(["id", "handle", "name", "email", "locale", "notify_email"])
    .where("handle", "in", handles)
    .where("id", "!=", authorId)
    .where("deactivated_at", "is", null)
    .execute();
  const viewers = await peopleAsViewers(
    exec,
    people.map((p) => p.id),
  );
  const allowed = new Set<string>();
  for (const v of viewers) {
    // The subject's own rule decides (a private group's non-members are never told about its posts).
    if ((await subjectAccess(exec, v, subjectType, subjectId)).view) allowed.add(v.id);
  }
  return people.filter((p) => allowed.has(p.id)).map((p) => ({ id: p.id, handle: p.handle!, name: p.name, email: p.email, locale: p.locale, notify_email: p.notify_email }));
}

/** Tells the mentioned people (once per post and person: an edit tells only the newly mentioned). */
async function tellMentions(
  trx: Executor,
  fx: Effects,
  author: Viewer,
  thread: ThreadRecord,
  post: { id: string; seq: number },
  md: string,
  mentioned: Mentioned[],
  subjectLabel?: () => Promise<{ lv: string; en: string }>,
): Promise<void> {
  if (mentioned.length === 0) return;
  const label = subjectLabel ? await subjectLabel() : ((await threadSubject(thread.subject_type).label(trx, thread.subject_id)) ?? { lv: "", en: "" });
  const href = `/posts/${post.id}`;
  const text = plainSummary(md, 280);
  // The mail's idempotency key is tell's default, `mention:<post>:<person>`.
  await fx.tell({
    kind: "mention",
    to: mentioned,
    except: author.id,
    key: `mention:${post.id}`,
    payload: { author: author.name, threadTitle: thread.title, subject: label, href, excerpt: text, threadId: thread.id, postId: post.id, seq: post.seq },
    mail: { template: "thread_mention", params: { author: author.name, threadTitle: thread.title, subject: label, text: excerpt(md, 2000), path: href } },
  });
}

/** The thread room hears about a post or thread change (called once the change is committed). */
function pushToThread<E extends keyof ThreadEvents>(ctx: Ctx, threadId: string, event: E, payload: ServerEvents[E]): void {
  ctx.realtime.toRoom(threadRoom(threadId), event, payload);
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "23505";
}

/** What the one insert statement answers: the stored post (its DTO's columns) or why nothing was stored. */
interface InsertedRow extends PostRow {
  dup_id: string | null;
  rate_count: number | null;
  rate_reset_at: Date | string | null;
}

/**
 * Appends a post in ONE statement (atomic by itself, or part of the caller's transaction): it takes the thread row's
 * lock and the next per-thread seq (RT-2), inserts the post, marks it read for its author (one's own post is not
 * "unread"), makes the author follow the thread (the default), and queues the post's notifications in post_fanout.
 * It answers with the post's DTO columns, so nothing is read back. The thread row's lock is held for this statement
 * (and the caller's COMMIT) only: writers of a busy thread queue for one round trip, not for the notifications.
 *
 * With `guard` the same statement first looks for the author's earlier post with this clientId (RT-3: then nothing
 * is counted or stored) and counts the posting rate limit; a refused post stores nothing.
 */
async function insertPostRow(
  exec: Executor,
  viewer: Viewer,
  thread: ThreadRecord,
  input: { body: string; html: string; quoteOf: string | null; clientId: string | null },
  guard: { rateKey: string; limit: number; windowSeconds: number } | null,
): Promise<InsertedRow | null> {
  const t = thread.id;
  const me = viewer.id;
  const checks = guard
    ? sql`dup as (
        select id from post where thread_id = ${t}::uuid and author_id = ${me}::uuid and client_id = ${input.clientId}::text limit 1
      ), rl as (
        insert into rate_limit (key, count, reset_at)
        select ${guard.rateKey}, 1, now() + make_interval(secs => ${guard.windowSeconds}) where not exists (select 1 from dup)
        on conflict (key) do update set
          count = case when rate_limit.reset_at <= now() then 1 else rate_limit.count + 1 end,
          reset_at = case when rate_limit.reset_at <= now() then now() + make_interval(secs => ${guard.windowSeconds}) else rate_limit.reset_at end
        returning count, reset_at
      ),`
    : sql`dup as (select null::uuid as id where false), rl as (select null::int as count, null::timestamptz as reset_at where false),`;
  const allowed = guard ? sql`and not exists (select 1 from dup) and (select count from rl) <= ${guard.limit}` : sql``;
  const r = await sql<InsertedRow>`
    with ${checks} bumped as (
      update thread set last_seq = last_seq + 1, post_count = post_count + 1, last_post_at = now()
      where id = ${t}::uuid and locked = false ${allowed}
      returning last_seq
    ), inserted as (
      insert into post (thread_id, seq, author_id, body_md, body_html, quote_of, client_id)
      select ${t}::uuid, bumped.last_seq, ${me}::uuid, ${input.body}::text, ${input.html}::text, ${input.quoteOf}::uuid, ${input.clientId}::text
      from bumped
      returning id, thread_id, seq, author_id, body_html, created_at, quote_of
    ), marked as (
      insert into thread_read (person_id, thread_id, last_read_seq)
      select ${me}::uuid, ${t}::uuid, inserted.seq from inserted
      on conflict (person_id, thread_id) do update set
        last_read_seq = greatest(thread_read.last_read_seq, excluded.last_read_seq), updated_at = now()
    ), followed as (
      insert into follow (person_id, subject_type, subject_id, state)
      select ${me}::uuid, 'thread', ${t}::uuid, 'follow' from inserted
      on conflict (person_id, subject_type, subject_id) do nothing
    ), queued as (
      insert into post_fanout (post_id) select id from inserted
    )
    select i.id, i.thread_id, i.seq, i.author_id, a.name as author_name, a.erased_at as author_erased_at, o.name as author_org,
      i.body_html, i.created_at, null::timestamptz as edited_at, null::timestamptz as deleted_at, null::timestamptz as hidden_at,
      i.quote_of, q.seq as quote_seq, '[]'::json as files,
      (select id from dup) as dup_id, (select count from rl) as rate_count, (select reset_at from rl) as rate_reset_at
    from (select 1) one
    left join inserted i on true
    left join person a on a.id = i.author_id
    left join organisation o on o.id = a.organisation_id
    left join post q on q.id = i.quote_of`.execute(exec);
  return r.rows[0] ?? null;
}

/**
 * The notifications of a post (mentions, then followers) in their own unit of work, after the post was pushed to its
 * room. Claims the post's post_fanout row (deleting it): a post is told about once, however many instances or
 * retries try; if this process dies first, the periodic task tells about it later (tellPendingPosts).
 */
export async function tellAboutPost(ctx: Ctx, postId: string, known?: { viewer: Viewer; thread: ThreadRecord; body: string; mentioned: Mentioned[]; seq: number }): Promise<void> {
  await unitOfWork(ctx, async (trx, fx) => {
    const claimed = await trx.deleteFrom("post_fanout").where("post_id", "=", postId).returning("post_id").executeTakeFirst();
    if (!claimed) return;
    let k = known;
    if (!k) {
      const p = await trx.selectFrom("post").select(["thread_id", "seq", "author_id", "body_md", "deleted_at", "hidden_at"]).where("id", "=", postId).executeTakeFirst();
      if (!p || p.deleted_at || p.hidden_at) return;
      const [thread, [viewer]] = await Promise.all([loadThread(trx, p.thread_id), peopleAsViewers(trx, [p.author_id])]);
      if (!thread || !viewer) return;
      const mentioned = await resolveMentions(trx, p.body_md, viewer.id, thread.subject_type, thread.subject_id);
      k = { viewer, thread, body: p.body_md, mentioned, seq: p.seq };
    }
    const label = once(async () => (await threadSubject(k.thread.subject_type).label(trx, k.thread.subject_id)) ?? { lv: "", en: "" });
    const post = { id: postId, seq: k.seq };
    await tellMentions(trx, fx, k.viewer, k.thread, post, k.body, k.mentioned, label);
    await tellFollowers(
      trx,
      fx,
      k.viewer,
      k.thread,
      post,
      k.body,
      k.mentioned.map((m) => m.id),
      label,
    );
  });
}

/** Posts whose notifications were not written (the process died between the post and its notifications): tells now. */
export async function tellPendingPosts(ctx: Ctx, olderThanSeconds = 30, max = 200): Promise<number> {
  const rows = await ctx.db
    .selectFrom("post_fanout")
    .select("post_id")
    .where("created_at", "<", sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .orderBy("created_at")
    .limit(max)
    .execute();
  for (const r of rows) await tellAboutPost(ctx, r.post_id);
  return rows.length;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

async function checkQuote(exec: Executor, threadId: string, quoteOf: unknown): Promise<string | null> {
  if (quoteOf === undefined || quoteOf === null || quoteOf === "") return null;
  if (!isUuid(quoteOf)) throw new ActionError(400, "threads.error.quoteInvalid");
  const q = await exec.selectFrom("post").select("id").where("id", "=", quoteOf).where("thread_id", "=", threadId).executeTakeFirst();
  if (!q) throw new ActionError(400, "threads.error.quoteInvalid");
  return q.id;
}

/**
 * Starts a topic under a subject: the thread and its first post (seq 1) in one transaction.
 * 404 when the viewer may not see the subject, 403 when they may see but not post.
 */
export async function createThread(
  ctx: Ctx,
  viewer: Viewer,
  input: { subjectType: SubjectType; subjectId: string; title: unknown; body: unknown; clientId?: unknown },
): Promise<{ threadId: string; post: PostDto }> {
  const title = checkTitle(input.title);
  const body = checkBody(input.body);
  const pre = await subjectAccess(ctx.db, viewer, input.subjectType, input.subjectId);
  if (!pre.view) notFound();
  if (!pre.post) throw new ActionError(403, "threads.error.cannotPost");
  await rateLimitPosting(ctx, viewer);
  const mentioned = await resolveMentions(ctx.db, body, viewer.id, input.subjectType, input.subjectId);
  const html = renderMarkdown(body, new Set(mentioned.map((m) => m.handle)));
  const clientId = checkClientId(input.clientId);
  const { threadId, row, thread } = await ctx.db.transaction().execute(async (trx) => {
    const a = await subjectAccess(trx, viewer, input.subjectType, input.subjectId);
    if (!a.view || !a.post) throw new ActionError(403, "threads.error.cannotPost");
    const t = await trx
      .insertInto("thread")
      .values({ subject_type: input.subjectType, subject_id: input.subjectId, title, created_by: viewer.id })
      .returning(["id", "subject_type", "subject_id", "title", "created_by", "created_at", "last_seq", "post_count", "last_post_at", "pinned", "locked"])
      .executeTakeFirstOrThrow();
    const inserted = await insertPostRow(trx, viewer, t, { body, html, quoteOf: null, clientId }, null);
    if (!inserted?.id) throw new ActionError(403, "threads.error.locked");
    return { threadId: t.id, row: inserted, thread: t };
  });
  const post = toPostDto(row);
  await tellAboutPost(ctx, post.id, { viewer, thread, body, mentioned, seq: post.seq });
  return { threadId, post };
}

/**
 * Replies in a thread. The seq is assigned under the thread row's lock, so commit order = seq order, no gaps.
 * A repeated submission with the same clientId returns the stored post instead of posting twice (RT-3).
 * Emits post:new to the thread room after commit.
 */
export async function createPost(
  ctx: Ctx,
  viewer: Viewer,
  threadId: string,
  input: { body: unknown; quoteOf?: unknown; clientId?: unknown; files?: StagedFile[] },
  /** The caller's threadAccess for this viewer and thread in this request (saves re-reading it; re-checked in the transaction). */
  known?: ThreadAccess,
): Promise<PostDto> {
  const files = input.files ?? [];
  const access = known && known.thread.id === threadId ? known : await threadAccess(ctx.db, viewer, threadId);
  if (!access) notFound();
  if (!can(viewer, { action: "thread.post", subject: access.subject, thread: access.thread })) {
    throw new ActionError(403, access.thread.locked ? "threads.error.locked" : "threads.error.cannotPost");
  }
  const body = checkBody(input.body);
  const clientId = checkClientId(input.clientId);
  const quoteOf = await checkQuote(ctx.db, threadId, input.quoteOf);
  const { thread } = access;
  const mentioned = await resolveMentions(ctx.db, body, viewer.id, thread.subject_type, thread.subject_id);
  const html = renderMarkdown(body, new Set(mentioned.map((m) => m.handle)));
  const values = { body, html, quoteOf, clientId };
  const guard = { rateKey: `post:${viewer.id}`, limit: THREAD_LIMITS.postsPerMinute, windowSeconds: 60 };
  let row: InsertedRow | null;
  try {
    // Without files the post is one statement (no transaction around it); files must become downloadable with the
    // post or not at all, so then the statement and attaching them share a transaction.
    row = files.length
      ? await ctx.db.transaction().execute(async (trx) => {
          const r = await insertPostRow(trx, viewer, thread, values, guard);
          if (r?.id) await attachFiles(trx, ctx, viewer, files, { postId: r.id });
          return r;
        })
      : await insertPostRow(ctx.db, viewer, thread, values, guard);
  } catch (err) {
    // Two submissions with the same clientId at the same moment: the second meets the unique index.
    if (clientId && isUniqueViolation(err)) {
      const dup = await ctx.db.selectFrom("post").select("id").where("thread_id", "=", threadId).where("author_id", "=", viewer.id).where("client_id", "=", clientId).executeTakeFirst();
      if (dup) return (await postById(ctx.db, dup.id))!;
    }
    throw err;
  }
  if (!row) throw new Error("createPost: the insert statement returned no row");
  if (row.dup_id) return (await postById(ctx.db, row.dup_id))!;
  if (row.rate_count !== null && row.rate_count > THREAD_LIMITS.postsPerMinute) {
    throw new ActionError(429, "threads.error.rateLimited", { seconds: Math.max(1, Math.ceil((new Date(row.rate_reset_at!).getTime() - Date.now()) / 1000)) });
  }
  if (!row.id) throw new ActionError(403, "threads.error.locked");
  const post = files.length ? (await postById(ctx.db, row.id))! : toPostDto(row);
  // The room hears first; the notifications (their own transaction) follow.
  pushToThread(ctx, threadId, "post:new", post);
  await tellAboutPost(ctx, post.id, { viewer, thread, body, mentioned, seq: post.seq });
  await extractFileText(ctx, files);
  return post;
}

/** The post and the viewer's access to its thread; with `known` (the page's thread) the post must be in that thread. */
async function loadPostForChange(ctx: Ctx, viewer: Viewer, postId: string, known?: ThreadAccess) {
  if (!isUuid(postId)) notFound();
  const post = await ctx.db.selectFrom("post").select(["id", "thread_id", "seq", "author_id", "body_md", "deleted_at", "hidden_at"]).where("id", "=", postId).executeTakeFirst();
  if (!post || (known && post.thread_id !== known.thread.id)) notFound();
  const access = known ?? (await threadAccess(ctx.db, viewer, post.thread_id));
  if (!access) notFound();
  return { post, access };
}

function postFacts(p: { author_id: string; deleted_at: Date | null; hidden_at: Date | null }) {
  return { authorId: p.author_id, deleted: p.deleted_at !== null, hidden: p.hidden_at !== null };
}

/** Edits one's own post; the previous text is kept as a revision (history for moderators). Emits post:edited. */
export async function editPost(ctx: Ctx, viewer: Viewer, postId: string, bodyInput: unknown, known?: ThreadAccess): Promise<PostDto> {
  const { post, access } = await loadPostForChange(ctx, viewer, postId, known);
  if (!can(viewer, { action: "post.edit", subject: access.subject, thread: access.thread, post: postFacts(post) })) {
    throw new ActionError(403, access.thread.locked ? "threads.error.locked" : "threads.error.cannotEdit");
  }
  const body = checkBody(bodyInput);
  if (body === post.body_md) return (await postById(ctx.db, postId))!;
  await rateLimitPosting(ctx, viewer);
  const { thread } = access;
  const mentioned = await resolveMentions(ctx.db, body, viewer.id, thread.subject_type, thread.subject_id);
  const html = renderMarkdown(body, new Set(mentioned.map((m) => m.handle)));
  await unitOfWork(ctx, async (trx, fx) => {
    // Lock the row and re-check it is still the author's live post.
    const current = await trx.selectFrom("post").select(["body_md", "author_id", "deleted_at", "hidden_at"]).where("id", "=", postId).forUpdate().executeTakeFirstOrThrow();
    const t = await trx.selectFrom("thread").select("locked").where("id", "=", thread.id).executeTakeFirstOrThrow();
    if (!can(viewer, { action: "post.edit", subject: access.subject, thread: t, post: postFacts(current) })) {
      throw new ActionError(403, "threads.error.cannotEdit");
    }
    await trx.insertInto("post_revision").values({ post_id: postId, body_md: current.body_md, reason: "edit", edited_by: viewer.id }).execute();
    await trx
      .updateTable("post")
      .set({ body_md: body, body_html: html, edited_at: sql`now()` })
      .where("id", "=", postId)
      .execute();
    // Only people newly mentioned by the edit are told (one notification per post and person).
    await tellMentions(trx, fx, viewer, thread, { id: postId, seq: post.seq }, body, mentioned);
  });
  const dto = (await postById(ctx.db, postId))!;
  pushToThread(ctx, thread.id, "post:edited", dto);
  return dto;
}

/** Deletes one's own post: a placeholder stays; the text is kept only in the moderators' history. */
export async function deletePost(ctx: Ctx, viewer: Viewer, postId: string, known?: ThreadAccess): Promise<PostDto> {
  const { post, access } = await loadPostForChange(ctx, viewer, postId, known);
  if (!can(viewer, { action: "post.edit", subject: access.subject, thread: access.thread, post: postFacts(post) })) {
    throw new ActionError(403, access.thread.locked ? "threads.error.locked" : "threads.error.cannotEdit");
  }
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("post").select(["body_md", "deleted_at"]).where("id", "=", postId).forUpdate().executeTakeFirstOrThrow();
    if (current.deleted_at) return;
    await trx.insertInto("post_revision").values({ post_id: postId, body_md: current.body_md, reason: "delete", edited_by: viewer.id }).execute();
    await trx
      .updateTable("post")
      .set({ deleted_at: sql`now()`, body_md: "", body_html: "" })
      .where("id", "=", postId)
      .execute();
    await trx
      .updateTable("thread")
      .set({ post_count: sql`greatest(post_count - 1, 0)` })
      .where("id", "=", post.thread_id)
      .execute();
  });
  const dto = (await postById(ctx.db, postId))!;
  pushToThread(ctx, post.thread_id, "post:deleted", dto);
  return dto;
}

/** Moderators (group leads, cluster admins) hide or show a post. Emits post:hidden (or post:edited when shown). */
export async function setPostHidden(ctx: Ctx, viewer: Viewer, postId: string, hidden: boolean, known?: ThreadAccess): Promise<PostDto> {
  const { post, access } = await loadPostForChange(ctx, viewer, postId, known);
  demand(viewer, { action: "post.moderate", subject: access.subject });
  if (post.deleted_at) throw new ActionError(400, "threads.error.postDeleted");
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("post")
      .set(hidden ? { hidden_at: sql`now()`, hidden_by: viewer.id } : { hidden_at: null, hidden_by: null })
      .where("id", "=", postId)
      .where("deleted_at", "is", null)
      .where("hidden_at", hidden ? "is" : "is not", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx
      .updateTable("thread")
      .set({ post_count: hidden ? sql`greatest(post_count - 1, 0)` : sql`post_count + 1` })
      .where("id", "=", post.thread_id)
      .execute();
    return true;
  });
  const dto = (await postById(ctx.db, postId))!;
  if (changed) pushToThread(ctx, post.thread_id, hidden ? "post:hidden" : "post:edited", dto);
  return dto;
}

/** Moderators lock (no new posts) or pin (listed first) a thread. Emits thread:updated. */
export async function setThreadFlags(ctx: Ctx, viewer: Viewer, threadId: string, flags: { locked?: boolean; pinned?: boolean }, known?: ThreadAccess): Promise<ThreadDto> {
  const access = known && known.thread.id === threadId ? known : await threadAccess(ctx.db, viewer, threadId);
  if (!access) notFound();
  demand(viewer, { action: "thread.moderate", subject: access.subject });
  const set: { locked?: boolean; pinned?: boolean } = {};
  if (flags.locked !== undefined) set.locked = flags.locked;
  if (flags.pinned !== undefined) set.pinned = flags.pinned;
  if (Object.keys(set).length === 0) return toThreadDto(access.thread);
  await ctx.db.updateTable("thread").set(set).where("id", "=", threadId).execute();
  const t = (await loadThread(ctx.db, threadId))!;
  const dto = toThreadDto(t);
  pushToThread(ctx, threadId, "thread:updated", dto);
  return dto;
}

export interface PostHistory {
  post: PostDto;
  currentMd: string;
  revisions: { id: string; bodyMd: string; reason: "edit" | "delete"; editedBy: string | null; createdAt: string }[];
  threadHref: string | null;
  threadTitle: string;
}

/** The revision history of a post (a page): moderators only (404 for those who may not see the thread, else the policy's 403 with its reason). */
export async function postHistory(exec: Executor, viewer: Viewer, postId: string): Promise<PostHistory> {
  if (!isUuid(postId)) notFound();
  const p = await exec.selectFrom("post").select(["id", "thread_id", "body_md"]).where("id", "=", postId).executeTakeFirst();
  if (!p) notFound();
  const access = await threadAccess(exec, viewer, p.thread_id);
  if (!access) notFound();
  assertCan(viewer, { action: "post.moderate", subject: access.subject });
  const [post, revisions, href] = await Promise.all([
    postById(exec, postId),
    exec
      .selectFrom("post_revision as r")
      .leftJoin("person as e", "e.id", "r.edited_by")
      .select(["r.id", "r.body_md", "r.reason", "e.name as editor", "r.created_at"])
      .where("r.post_id", "=", postId)
      .orderBy("r.created_at", "desc")
      .orderBy("r.id", "desc")
      .limit(200)
      .execute(),
    threadSubject(access.thread.subject_type).threadHref(exec, access.thread.subject_id, access.thread.id),
  ]);
  return {
    post: post!,
    currentMd: p.body_md,
    revisions: revisions.map((r) => ({ id: r.id, bodyMd: r.body_md, reason: r.reason, editedBy: r.editor, createdAt: new Date(r.created_at).toISOString() })),
    threadHref: href,
    threadTitle: access.thread.title,
  };
}

/** Where a post is shown: its thread page positioned so the post is on it (404 unless the viewer may see it). */
export async function postLocation(exec: Executor, viewer: Viewer, postId: string): Promise<string> {
  if (!isUuid(postId)) notFound();
  const p = await exec.selectFrom("post").select(["thread_id", "seq"]).where("id", "=", postId).executeTakeFirst();
  if (!p) notFound();
  const access = await threadAccess(exec, viewer, p.thread_id);
  if (!access) notFound();
  const href = await threadSubject(access.thread.subject_type).threadHref(exec, access.thread.subject_id, access.thread.id);
  if (!href) notFound();
  const before = p.seq + Math.floor(THREAD_LIMITS.pageSize / 2);
  return before > access.thread.last_seq ? `${href}#p${p.seq}` : `${href}?before=${before}#p${p.seq}`;
}

/** A single visible post of the thread the viewer already has access to (for the edit and quote forms). */
export async function postSource(exec: Executor, access: ThreadAccess, postId: string) {
  if (!isUuid(postId)) return null;
  const p = await exec
    .selectFrom("post as p")
    .innerJoin("person as a", "a.id", "p.author_id")
    .select(["p.id", "p.seq", "p.body_md", "p.author_id", "a.name as author_name", "p.deleted_at", "p.hidden_at"])
    .where("p.id", "=", postId)
    .where("p.thread_id", "=", access.thread.id)
    .executeTakeFirst();
  return p && !p.deleted_at && !p.hidden_at ? p : null;
}
