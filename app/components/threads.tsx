import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLocale, useT } from "~/components/i18n";
import { Attachments } from "~/components/files";
import { useErrorText } from "~/components/forms";
import { formatDateTime, formatNumber } from "~/i18n/format";
import type { PostDto } from "~/modules/threads/dto";

/** Post body: only ever the stored, sanitised body_html (SEC-5). */
export function PostBody({ html }: { html: string }) {
  return <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

export interface PostActions {
  /** Current page URL without hash (forms post back to it). */
  base: string;
  viewerId: string;
  canPost: boolean;
  canModerate: boolean;
}

/** One post as rendered by <ThreadSection> (the live layer renders the same DTO the same way). `extraFields` go into
 * the post's own forms (delete, hide). */
export function PostItem({ post, actions, editing, extraFields }: { post: PostDto; actions: PostActions; editing?: ReactNode; extraFields?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const own = post.author.id === actions.viewerId;
  const visible = post.state === "visible";
  const sep = actions.base.includes("?") ? "&" : "?";
  return (
    <li id={`p${post.seq}`} className={`post post-${post.state}`} data-seq={post.seq} data-post-id={post.id}>
      <article aria-labelledby={`p${post.seq}-h`}>
        <header className="post-head">
          <h3 id={`p${post.seq}-h`} className="post-author">
            {post.author.former ? (
              <span className="former-member">{t("privacy.formerMember")}</span>
            ) : (
              <>
                <Link to={`/directory/people/${post.author.id}`}>{post.author.name}</Link> <span className="muted">· {post.author.org}</span>
              </>
            )}
          </h3>
          <p className="post-meta muted">
            <a href={`#p${post.seq}`} aria-label={t("threads.post.permalink", { seq: post.seq })}>
              #{post.seq}
            </a>{" "}
            · <time dateTime={post.createdAt}>{formatDateTime(post.createdAt, locale)}</time>
            {post.editedAt && visible ? (
              <>
                {" "}
                ·{" "}
                <span className="edited" title={formatDateTime(post.editedAt, locale)}>
                  {t("threads.post.edited")}
                </span>
              </>
            ) : null}
          </p>
        </header>
        {post.quoteOf && visible ? (
          <p className="post-quote-ref muted">
            <a href={`#p${post.quoteOf.seq}`}>{t("threads.post.inReplyTo", { seq: post.quoteOf.seq })}</a>
          </p>
        ) : null}
        {editing ? editing : visible ? <PostBody html={post.bodyHtml} /> : <p className="post-placeholder">{post.state === "deleted" ? t("threads.post.deleted") : t("threads.post.hidden")}</p>}
        {visible && post.files?.length ? <Attachments files={post.files} /> : null}
        {!editing ? (
          <div className="post-actions button-row">
            {visible && actions.canPost ? (
              <Link className="button small secondary" to={`${actions.base}${sep}quote=${post.id}#reply`}>
                {t("threads.post.quote")}
              </Link>
            ) : null}
            {visible && own && actions.canPost ? (
              <>
                <Link className="button small secondary" to={`${actions.base}${sep}edit=${post.id}#p${post.seq}`}>
                  {t("threads.post.edit")}
                </Link>
                <Form noValidate method="post" className="inline">
                  {extraFields}
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="postId" value={post.id} />
                  <button type="submit" className="button small secondary">
                    {t("threads.post.delete")}
                  </button>
                </Form>
              </>
            ) : null}
            {actions.canModerate && post.state !== "deleted" ? (
              <Form noValidate method="post" className="inline">
                {extraFields}
                <input type="hidden" name="intent" value={post.state === "hidden" ? "unhide" : "hide"} />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="button small secondary">
                  {post.state === "hidden" ? t("threads.post.unhide") : t("threads.post.hide")}
                </button>
              </Form>
            ) : null}
            {actions.canModerate ? (
              <Link className="button small secondary" to={`/posts/${post.id}/history`}>
                {t("threads.post.history")}
              </Link>
            ) : null}
          </div>
        ) : null}
      </article>
    </li>
  );
}

/** The Markdown textarea used for new topics, replies and edits. */
export function PostField(props: { name?: string; label: string; defaultValue?: string; error?: string; errorVars?: Record<string, string | number>; autoFocus?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const name = props.name ?? "body";
  const id = `f-${name}`;
  const vars = props.errorVars ? Object.fromEntries(Object.entries(props.errorVars).map(([k, v]) => [k, typeof v === "number" ? formatNumber(v, locale) : v])) : undefined;
  const errorText = err(props.error, vars);
  return (
    <div className={`field${errorText ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        name={name}
        rows={8}
        defaultValue={props.defaultValue}
        required
        autoFocus={props.autoFocus}
        aria-invalid={errorText ? true : undefined}
        aria-describedby={`${id}-hint${errorText ? ` ${id}-error` : ""}`}
      />
      <p className="hint" id={`${id}-hint`}>
        {t("threads.markdownHint")}
      </p>
      {errorText ? (
        <p className="field-error" id={`${id}-error`}>
          {errorText}
        </p>
      ) : null}
    </div>
  );
}
