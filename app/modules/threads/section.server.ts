import { data, redirect } from "@remix-run/node";
import type { AppContext } from "~/context";
import { randomToken } from "~/modules/auth/session.server";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { fileLimits, type Upload } from "~/modules/files/upload.server";
import { MB } from "~/modules/files/limits";
import { parseSeq } from "~/lib/ids";
import type { ThreadAccess } from "./access.server";
import { quoteMarkdown } from "./markdown.server";
import { createPost, deletePost, editPost, postSource, readThreadPage, setPostHidden, setThreadFlags, toThreadDto, THREAD_LIMITS, type ThreadPage } from "./threads.server";
import { THREAD_INTENTS, type ThreadActionError, type ThreadIntent, type ThreadView } from "./section";

export { THREAD_INTENTS, isThreadActionError, type ThreadActionError, type ThreadIntent, type ThreadView } from "./section";

/**
 * The thread section's server half, the same on every page that hosts a discussion (a group topic, an event's
 * discussion, a campaign page, a pool page). The host loads the ThreadAccess for its thread (threads/access.server.ts),
 * renders <ThreadSection view={…}> (app/components/thread-section.tsx) and sends thread forms to handleThreadIntent.
 */

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

/**
 * Everything <ThreadSection> renders for this viewer: the page of posts (?before=<seq> for older pages), the unread
 * divider, the edit (?edit=<postId>) or quote (?quote=<postId>) form's text, the viewer's rights and the limits.
 * Reading the page marks it read.
 * `path` is the hosting page's path without query (forms and links point there); `anchor` the section's element id
 * when the section is part of a longer page (paging links scroll back to it).
 */
export async function loadThreadView(ctx: Pick<AppContext, "db" | "config">, viewer: Viewer, access: ThreadAccess, url: URL, opts: { path: string; anchor?: string }): Promise<ThreadView> {
  const before = parseSeq(url.searchParams.get("before"));
  const editId = url.searchParams.get("edit");
  const quoteId = url.searchParams.get("quote");
  const [page, editing, quoting] = await Promise.all([
    readThreadPage(ctx.db, viewer, access, before),
    editId && access.may.post ? postSource(ctx.db, access, editId) : null,
    quoteId && access.may.post ? postSource(ctx.db, access, quoteId) : null,
  ]);
  return {
    thread: toThreadDto(access.thread),
    page,
    unreadFrom: unreadFrom(page),
    path: opts.path,
    anchor: opts.anchor ?? null,
    base: `${opts.path}${before !== null ? `?before=${before}` : ""}`,
    may: { post: access.may.post, moderate: access.may.moderate },
    viewerId: viewer.id,
    clientId: randomToken(12),
    editing: editing && editing.author_id === viewer.id ? { id: editing.id, body: editing.body_md } : null,
    quote: quoting ? { id: quoting.id, seq: quoting.seq, text: quoteMarkdown(quoting.body_md, quoting.author_name) } : null,
    limits: { postMax: THREAD_LIMITS.postMax, fileMaxMb: Math.floor(fileLimits(ctx).maxFileBytes / MB) },
  };
}

/** The first post after the viewer's previous read position ("new since your last visit"), if it is on this page. */
function unreadFrom(page: ThreadPage): number | null {
  if (page.lastReadSeq <= 0) return null;
  return page.posts.find((p) => p.seq > page.lastReadSeq)?.seq ?? null;
}

/** Is this form meant for the thread section (its hidden `section=thread`, or one of the thread's intents)? */
export function isThreadForm(form: FormData): boolean {
  const intent = form.get("intent");
  return form.get("section") === "thread" || (typeof intent === "string" && (THREAD_INTENTS as readonly string[]).includes(intent));
}

/**
 * Runs one thread form: reply, edit, delete, hide/unhide (moderators), lock/unlock and pin/unpin (moderators), always
 * in the thread of `access`. Success is a redirect to `here` (the hosting page's path) at the post; a refusal is the
 * one action-error shape with its 4xx (429 with Retry-After). A post of another thread, like a thread one may not
 * see, is 404.
 */
export async function handleThreadIntent(ctx: Ctx, viewer: Viewer, access: ThreadAccess, input: FormData | Upload, here: string) {
  const upload = input instanceof FormData ? null : input;
  const form = upload ? upload.form : (input as FormData);
  const rawIntent = form.get("intent");
  const intent = typeof rawIntent === "string" ? rawIntent : "";
  const postId = String(form.get("postId") ?? "");
  const body = form.get("body");
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ActionError)) throw err;
    if (err.field === "file" || upload?.error === err) err.field = undefined; // shown above the reply form
    const shape: ThreadActionError = {
      error: { key: err.key, vars: err.vars, field: err.field ?? null },
      values: { section: "thread", intent, postId, body: typeof body === "string" ? body : "" },
    };
    return data(shape, { status: err.status, headers: err.status === 429 ? { "Retry-After": String(err.vars.seconds ?? 60) } : undefined });
  } finally {
    // Files that no post took (a refusal, another intent) are not kept.
    await upload?.discard();
  }

  async function run() {
    const threadId = access.thread.id;
    switch (intent as ThreadIntent) {
      case "reply": {
        if (upload?.error) throw upload.error;
        const p = await createPost(ctx, viewer, threadId, { body, quoteOf: form.get("quoteOf"), clientId: form.get("clientId"), files: upload?.files }, access);
        return redirect(`${here}#p${p.seq}`);
      }
      case "edit": {
        const p = await editPost(ctx, viewer, postId, body, access);
        return redirect(at(p.seq));
      }
      case "delete": {
        const p = await deletePost(ctx, viewer, postId, access);
        return redirect(at(p.seq));
      }
      case "hide":
      case "unhide": {
        const p = await setPostHidden(ctx, viewer, postId, intent === "hide", access);
        return redirect(at(p.seq));
      }
      case "lock":
      case "unlock":
        await setThreadFlags(ctx, viewer, threadId, { locked: intent === "lock" }, access);
        return redirect(here);
      case "pin":
      case "unpin":
        await setThreadFlags(ctx, viewer, threadId, { pinned: intent === "pin" }, access);
        return redirect(here);
      default:
        throw new ActionError(400, "threads.error.unknownIntent");
    }
  }

  /** Back to the page that shows the post (older posts live on ?before= pages). */
  function at(seq: number): string {
    const before = seq + Math.floor(THREAD_LIMITS.pageSize / 2);
    return `${here}${before > access.thread.last_seq ? "" : `?before=${before}`}#p${seq}`;
  }
}
