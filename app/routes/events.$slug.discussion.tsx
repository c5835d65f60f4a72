import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { useT } from "~/components/i18n";
import { FormError, Notice } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { PostField, PostItem } from "~/components/threads";
import { requireMember } from "~/modules/auth/guards.server";
import { randomToken, type Viewer } from "~/modules/auth/session.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { parseSeq } from "~/modules/ids";
import { notFound } from "~/modules/policy/authorize.server";
import { threadAccess } from "~/modules/policy/access.server";
import { accessOr404, eventThread } from "~/modules/events/events.server";
import { quoteMarkdown } from "~/modules/threads/markdown.server";
import {
  createPost,
  deletePost,
  editPost,
  postSource,
  readThreadPage,
  setPostHidden,
  setThreadFlags,
  toThreadDto,
  THREAD_LIMITS,
} from "~/modules/threads/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Diskusija · Discussion` : "Diskusija · Discussion" }];

/** The event's own discussion thread: whoever may see the event reads it (the thread subject 'event' decides). */
async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  const th = await eventThread(context.db, a.event.id);
  const t = th ? await threadAccess(context.db, viewer, th.id) : null;
  if (!t) notFound();
  return { viewer, a, t };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a, t } = await load(request, params, context);
  const url = new URL(request.url);
  const before = parseSeq(url.searchParams.get("before"));
  const page = await readThreadPage(context.db, viewer, t, before);
  const base = `/events/${a.event.slug}/discussion${before !== null ? `?before=${before}` : ""}`;
  const editId = url.searchParams.get("edit");
  const quoteId = url.searchParams.get("quote");
  const [editing, quoting] = await Promise.all([
    editId ? postSource(context.db, viewer, t.thread.id, editId) : null,
    quoteId ? postSource(context.db, viewer, t.thread.id, quoteId) : null,
  ]);
  return {
    event: { slug: a.event.slug, name: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en), status: a.event.status },
    thread: toThreadDto(t.thread),
    page,
    base,
    before,
    may: t.may,
    viewerId: viewer.id,
    clientId: randomToken(12),
    editing: editing && editing.author_id === viewer.id && t.may.post ? { id: editing.id, body: editing.body_md } : null,
    quote: quoting && t.may.post ? { id: quoting.id, seq: quoting.seq, text: quoteMarkdown(quoting.body_md, quoting.author_name) } : null,
    postMax: THREAD_LIMITS.postMax,
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

type Intent = "reply" | "edit" | "delete" | "hide" | "unhide" | "lock" | "unlock" | "pin" | "unpin";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a, t } = await load(request, params, context);
  const form = await readForm(request, 512 * 1024);
  const intent = String(form.get("intent") ?? "") as Intent;
  const postId = String(form.get("postId") ?? "");
  const body = form.get("body");
  const here = `/events/${a.event.slug}/discussion`;
  try {
    return await run(intent);
  } catch (err) {
    if (err instanceof ActionError) {
      return data(
        { error: err.key, vars: err.vars, field: err.field ?? null, intent, postId, body: typeof body === "string" ? body : "" },
        { status: err.status, headers: err.status === 429 ? { "Retry-After": String(err.vars.seconds ?? 60) } : undefined },
      );
    }
    throw err;
  }

  async function run(i: Intent) {
    const v: Viewer = viewer;
    switch (i) {
      case "reply": {
        const p = await createPost(context, v, t.thread.id, { body, quoteOf: form.get("quoteOf"), clientId: form.get("clientId") });
        return redirect(`${here}#p${p.seq}`);
      }
      case "edit": {
        const p = await editPost(context, v, postId, body);
        return redirect(`${here}${afterBefore(p.seq)}#p${p.seq}`);
      }
      case "delete": {
        const p = await deletePost(context, v, postId);
        return redirect(`${here}${afterBefore(p.seq)}#p${p.seq}`);
      }
      case "hide":
      case "unhide": {
        const p = await setPostHidden(context, v, postId, i === "hide");
        return redirect(`${here}${afterBefore(p.seq)}#p${p.seq}`);
      }
      case "lock":
      case "unlock":
        await setThreadFlags(context, v, t.thread.id, { locked: i === "lock" });
        return redirect(here);
      case "pin":
      case "unpin":
        await setThreadFlags(context, v, t.thread.id, { pinned: i === "pin" });
        return redirect(here);
      default:
        throw new ActionError(400, "error.400.title");
    }
  }

  /** Back to the page that shows the post (older posts live on ?before= pages). */
  function afterBefore(seq: number): string {
    const before = seq + Math.floor(THREAD_LIMITS.pageSize / 2);
    return before > t.thread.last_seq ? "" : `?before=${before}`;
  }
}

export default function ThreadPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const threadUrl = `/events/${d.event.slug}/discussion`;
  const actions = { base: d.base, viewerId: d.viewerId, canPost: d.may.post, canModerate: d.may.moderate };
  const firstNew = d.page.lastReadSeq > 0 ? d.page.posts.find((p) => p.seq > d.page.lastReadSeq)?.seq : undefined;
  const replyError = result && (result.intent === "reply" || !result.postId) ? result : null;

  return (
    <div className="thread-page">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link> › <Link to={`/events/${d.event.slug}`}>{d.event.name}</Link>
      </p>
      <section className="page" aria-labelledby="thread-h">
        <div className="page-head">
          <h1 id="thread-h">{t("events.discussion.of", { title: d.event.name })}</h1>
          {d.may.moderate ? (
            <Form method="post" className="button-row" aria-label={t("threads.moderation")}>
              <button type="submit" name="intent" value={d.thread.locked ? "unlock" : "lock"} className="button small secondary">
                {d.thread.locked ? t("threads.unlock") : t("threads.lock")}
              </button>
              <button type="submit" name="intent" value={d.thread.pinned ? "unpin" : "pin"} className="button small secondary">
                {d.thread.pinned ? t("threads.unpin") : t("threads.pin")}
              </button>
            </Form>
          ) : null}
        </div>
        <p className="button-row" data-thread-state>
          {d.thread.pinned ? <span className="badge">{t("threads.pinned")}</span> : null}
          {d.thread.locked ? <span className="badge">{t("threads.locked")}</span> : null}
          <span className="muted">{t("threads.postCount", { count: d.thread.postCount })}</span>
        </p>
        {result && !replyError ? <FormError code={result.error} vars={result.vars} /> : null}

        {d.page.olderBefore !== null ? (
          <p className="older">
            <Link to={`${threadUrl}?before=${d.page.olderBefore}`} rel="prev">
              {t("threads.older")}
            </Link>
          </p>
        ) : null}

        <h2 className="visually-hidden" id="posts-h">
          {t("threads.posts")}
        </h2>
        <ol className="posts" aria-labelledby="posts-h" data-thread-id={d.thread.id} data-last-seq={d.thread.lastSeq}>
          {d.page.posts.map((p) => (
            <Fragment key={p.id}>
              {p.seq === firstNew ? (
                <li className="new-divider" role="separator" id="new">
                  <span>{t("threads.newSinceVisit")}</span>
                </li>
              ) : null}
              <PostItem
                post={p}
                actions={actions}
                editing={
                  d.editing?.id === p.id ? (
                    <Form method="post" className="edit-form">
                      <input type="hidden" name="intent" value="edit" />
                      <input type="hidden" name="postId" value={p.id} />
                      <PostField
                        label={t("threads.form.edit")}
                        defaultValue={result?.intent === "edit" && result.postId === p.id ? result.body : d.editing.body}
                        error={result?.intent === "edit" && result.postId === p.id ? result.error : undefined}
                        errorVars={result?.vars}
                        autoFocus
                      />
                      <div className="button-row">
                        <button type="submit" className="button small" disabled={busy}>
                          {t("common.save")}
                        </button>
                        <Link to={`${d.base}#p${p.seq}`} className="button small secondary">
                          {t("common.cancel")}
                        </Link>
                      </div>
                    </Form>
                  ) : undefined
                }
              />
            </Fragment>
          ))}
        </ol>

        {d.page.hasNewer ? (
          <p className="newer">
            <Link to={threadUrl} rel="next">
              {t("threads.latest")}
            </Link>
          </p>
        ) : null}
      </section>

      <section className="page" id="reply" aria-labelledby="reply-h">
        <h2 id="reply-h">{t("threads.reply")}</h2>
        {replyError && !replyError.field && !d.may.post ? <FormError code={replyError.error} vars={replyError.vars} /> : null}
        {d.thread.locked ? (
          <Notice>{t("threads.lockedNotice")}</Notice>
        ) : d.may.post ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name="clientId" value={d.clientId} />
            {d.quote ? (
              <>
                <input type="hidden" name="quoteOf" value={d.quote.id} />
                <p className="muted">
                  {t("threads.quoting", { seq: d.quote.seq })} <Link to={`${threadUrl}#reply`}>{t("common.cancel")}</Link>
                </p>
              </>
            ) : null}
            {replyError && !replyError.field ? <FormError code={replyError.error} vars={replyError.vars} /> : null}
            <PostField
              label={t("threads.form.reply")}
              defaultValue={replyError ? replyError.body : (d.quote?.text ?? "")}
              error={replyError?.field === "body" ? replyError.error : undefined}
              errorVars={replyError?.vars}
              autoFocus={!!d.quote}
            />
            <button type="submit" className="button" disabled={busy}>
              {t("threads.form.send")}
            </button>
          </Form>
        ) : (
          <Notice>{t(d.event.status === "cancelled" ? "events.discussion.readOnly" : "events.discussion.draft")}</Notice>
        )}
      </section>
    </div>
  );
}
