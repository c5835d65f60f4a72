import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Fragment, useEffect, useRef, type ReactNode } from "react";
import { useT } from "~/components/i18n";
import { FormError, Notice } from "~/components/forms";
import { LiveActivity } from "~/components/live";
import { PostField, PostItem } from "~/components/threads";
import { FilePicker, useUploadProgress } from "~/components/files";
import { isThreadActionError, type ThreadActionError, type ThreadView } from "~/modules/threads/section";
import { useThreadChannel } from "~/realtime/use-thread-channel";

/** Marks a form as the thread section's (the host page's action sends it to handleThreadIntent). */
function SectionField() {
  return <input type="hidden" name="section" value="thread" />;
}

/**
 * After the viewer's own reply went through (the action redirected, no error came back), the form is emptied for the
 * next one and the focus returns to the text box (the disabled send button had dropped it). Without JavaScript the
 * redirect renders a fresh, empty form.
 */
function useReplyReset(navigation: ReturnType<typeof useNavigation>, failed: boolean) {
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (navigation.state === "submitting" && navigation.formData?.get("intent") === "reply") sent.current = String(navigation.formData.get("body") ?? "");
    if (navigation.state === "idle" && sent.current !== null) {
      const body = sent.current;
      sent.current = null;
      const box = form.current?.querySelector("textarea");
      // Someone who already started the next reply while this one was saved keeps what they typed.
      if (failed || !form.current || !box || box.value !== body) return;
      form.current.reset();
      box.focus({ preventScroll: true });
    }
  }, [navigation.state, navigation.formData, failed]);
  return form;
}

/**
 * A discussion, the same on every page that hosts one: moderation (lock, pin), the posts with paging, the unread
 * divider, edit and quote forms, the reply form, and the live layer (new, edited, deleted and hidden posts without a
 * reload, catch-up after a reconnect, who is viewing and typing). Without JavaScript the same markup reads and posts
 * through the host page's action, which hands these forms to handleThreadIntent (app/modules/threads/section.server.ts).
 *
 * `level` 1: the thread is the page (its title is the h1); 2: a section of a longer page.
 */
export function ThreadSection({
  view,
  heading,
  level = 2,
  intro,
  empty,
  cannotPost,
}: {
  view: ThreadView;
  heading: ReactNode;
  level?: 1 | 2;
  /** Shown under the heading (who takes part, what the discussion is for). */
  intro?: ReactNode;
  /** Shown instead of the list while there are no posts. */
  empty?: ReactNode;
  /** Shown instead of the reply form when the viewer may read but not post (and the thread is not locked). */
  cannotPost?: ReactNode;
}) {
  const t = useT();
  const actionData = useActionData<unknown>();
  const result: ThreadActionError | null = isThreadActionError(actionData) ? actionData : null;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const live = useThreadChannel(view.thread.id, { posts: view.page.posts, thread: view.thread, live: !view.page.hasNewer, viewerId: view.viewerId });
  const thread = live.thread;
  const replyError = result && result.values.intent === "reply" ? result : null;
  const editError = result && result.values.intent === "edit" && view.editing?.id === result.values.postId ? result : null;
  const otherError = result && !replyError && !editError ? result : null;
  const replyForm = useReplyReset(navigation, !!replyError);
  const upload = useUploadProgress();
  const H = level === 1 ? "h1" : "h2";
  const H2 = level === 1 ? "h2" : "h3";
  const hash = view.anchor ? `#${view.anchor}` : "";
  const actions = { base: view.base, viewerId: view.viewerId, canPost: view.may.post, canModerate: view.may.moderate };

  return (
    <section className="page thread-section" id={view.anchor ?? undefined} aria-labelledby="thread-h">
      <div className="page-head">
        <H id="thread-h">{heading}</H>
        {view.may.moderate ? (
          <Form noValidate method="post" className="button-row" aria-label={t("threads.moderation")}>
            <SectionField />
            <button type="submit" name="intent" value={thread.locked ? "unlock" : "lock"} className="button small secondary" disabled={busy}>
              {thread.locked ? t("threads.unlock") : t("threads.lock")}
            </button>
            <button type="submit" name="intent" value={thread.pinned ? "unpin" : "pin"} className="button small secondary" disabled={busy}>
              {thread.pinned ? t("threads.unpin") : t("threads.pin")}
            </button>
          </Form>
        ) : null}
      </div>
      {intro}
      <p className="button-row" data-thread-state>
        {thread.pinned ? <span className="badge">{t("threads.pinned")}</span> : null}
        {thread.locked ? <span className="badge">{t("threads.locked")}</span> : null}
        <span className="muted">{t("threads.postCount", { count: thread.postCount })}</span>
      </p>
      {otherError ? <FormError code={otherError.error.key} vars={otherError.error.vars} /> : null}

      {view.page.olderBefore !== null ? (
        <p className="older">
          <Link to={`${view.path}?before=${view.page.olderBefore}${hash}`} rel="prev">
            {t("threads.older")}
          </Link>
        </p>
      ) : null}
      {live.posts.length === 0 && empty ? <p className="thread-empty">{empty}</p> : null}
      {level === 1 ? (
        <h2 className="visually-hidden" id="posts-h">
          {t("threads.posts")}
        </h2>
      ) : null}
      <ol className="posts" aria-label={t("threads.posts")} data-thread-id={view.thread.id} data-last-seq={live.lastSeq}>
        {live.posts.map((p) => (
          <Fragment key={p.id}>
            {p.seq === view.unreadFrom ? (
              <li className="new-divider" role="separator" id="new">
                <span>{t("threads.newSinceVisit")}</span>
              </li>
            ) : null}
            <PostItem
              post={p}
              actions={actions}
              extraFields={<SectionField />}
              editing={
                view.editing?.id === p.id ? (
                  <Form method="post" className="edit-form" noValidate>
                    <SectionField />
                    <input type="hidden" name="intent" value="edit" />
                    <input type="hidden" name="postId" value={p.id} />
                    {editError && editError.error.field !== "body" ? <FormError code={editError.error.key} vars={editError.error.vars} /> : null}
                    <PostField
                      label={t("threads.form.edit")}
                      defaultValue={editError ? editError.values.body : view.editing.body}
                      error={editError?.error.field === "body" ? editError.error.key : undefined}
                      errorVars={editError?.error.vars}
                      autoFocus
                    />
                    <div className="button-row">
                      <button type="submit" className="button small" disabled={busy}>
                        {t("common.save")}
                      </button>
                      <Link to={`${view.base}#p${p.seq}`} className="button small secondary">
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
      {view.page.hasNewer ? (
        <p className="newer">
          <Link to={`${view.path}${hash}`} rel="next">
            {t("threads.latest")}
          </Link>
        </p>
      ) : null}
      <LiveActivity live={live} viewerId={view.viewerId} />

      <div className="thread-reply" id="reply">
        <H2 id="reply-h">{t("threads.reply")}</H2>
        {replyError && !replyError.error.field && !view.may.post ? <FormError code={replyError.error.key} vars={replyError.error.vars} /> : null}
        {thread.locked ? (
          <Notice>{t("threads.lockedNotice")}</Notice>
        ) : view.may.post ? (
          <Form method="post" encType="multipart/form-data" noValidate ref={replyForm} onInput={live.notifyTyping} onSubmit={upload.onSubmit} aria-labelledby="reply-h">
            <SectionField />
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name="clientId" value={view.clientId} />
            {view.quote ? (
              <>
                <input type="hidden" name="quoteOf" value={view.quote.id} />
                <p className="muted">
                  {t("threads.quoting", { seq: view.quote.seq })} <Link to={`${view.path}#reply`}>{t("common.cancel")}</Link>
                </p>
              </>
            ) : null}
            {replyError && replyError.error.field !== "body" ? <FormError code={replyError.error.key} vars={replyError.error.vars} /> : null}
            <PostField
              label={t("threads.form.reply")}
              defaultValue={replyError ? replyError.values.body : (view.quote?.text ?? "")}
              error={replyError?.error.field === "body" ? replyError.error.key : undefined}
              errorVars={replyError?.error.vars}
              autoFocus={!!view.quote}
            />
            <FilePicker label={t("files.field")} maxMb={view.limits.fileMaxMb} />
            {upload.status}
            <button type="submit" className="button" disabled={busy || upload.busy}>
              {t("threads.form.send")}
            </button>
          </Form>
        ) : (
          cannotPost
        )}
      </div>
    </section>
  );
}
