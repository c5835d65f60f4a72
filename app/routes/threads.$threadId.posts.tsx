import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/modules/auth/session.server";
import { isActiveMember } from "~/modules/policy/facts";
import { parseSeq } from "~/lib/ids";
import { threadAccess } from "~/modules/threads/access.server";
import { readForm } from "~/modules/forms";
import { markThreadRead, postsAfter, toThreadDto, THREAD_LIMITS } from "~/modules/threads/threads.server";

/**
 * Catch-up for the live layer (RT-1): GET /threads/:id/posts?after=<seq> → the posts with seq > after, in seq order,
 * at most 200 (ask again from the last seq while `more` is true). Same authorization as the thread page:
 * 404 for anyone who may not see the thread, 401 without a session.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  const viewer = await getViewer(request, context);
  if (!viewer || !isActiveMember(viewer)) return Response.json({ error: "unauthorized" }, { status: 401, headers });
  const access = await threadAccess(context.db, viewer, params.threadId ?? "");
  if (!access) return Response.json({ error: "not_found" }, { status: 404, headers });
  const raw = new URL(request.url).searchParams.get("after") ?? "0";
  const after = parseSeq(raw);
  if (after === null) return Response.json({ error: "bad_after" }, { status: 400, headers });
  const posts = await postsAfter(context.db, access.thread.id, after, THREAD_LIMITS.catchUpMax);
  return Response.json({ thread: toThreadDto(access.thread), posts, more: posts.length === THREAD_LIMITS.catchUpMax }, { headers });
}

/**
 * POST read=<seq>: the live page saw posts up to seq (they arrived by push while the page was visible), so the
 * person's read position moves on and the unread counts and "new since your last visit" stay right. Never beyond the
 * thread's last post, never backwards. Same-origin POST (the CSRF middleware applies), same authorization as above.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  const viewer = await getViewer(request, context);
  if (!viewer || !isActiveMember(viewer)) return Response.json({ error: "unauthorized" }, { status: 401, headers });
  const access = await threadAccess(context.db, viewer, params.threadId ?? "");
  if (!access) return Response.json({ error: "not_found" }, { status: 404, headers });
  const seq = parseSeq((await readForm(request, 1024)).get("read"));
  if (seq === null || seq < 1) return Response.json({ error: "bad_read" }, { status: 400, headers });
  await markThreadRead(context.db, viewer.id, access.thread.id, Math.min(seq, access.thread.last_seq));
  return Response.json({ ok: true }, { headers });
}
