import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { PostBody } from "~/components/threads";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { postHistory } from "~/modules/threads/threads.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.posts.postId.history")];

/** Revision history of a post: the thread's moderators only (postHistory refuses with the policy's reason). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  return postHistory(context.db, viewer, params.postId ?? "");
}

export default function History() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  return (
    <section className="page narrow">
      {d.threadHref ? (
        <p className="breadcrumb">
          <Link to={`${d.threadHref}`}>← {d.threadTitle}</Link>
        </p>
      ) : null}
      <h1>{t("threads.history.title", { seq: d.post.seq })}</h1>
      <p className="muted">
        {d.post.author.name} · {d.post.author.org} · {formatDateTime(d.post.createdAt, locale)}
      </p>
      <h2>{t("threads.history.current")}</h2>
      {d.post.state === "visible" ? <PostBody html={d.post.bodyHtml} /> : <p className="post-placeholder">{t(d.post.state === "deleted" ? "threads.post.deleted" : "threads.post.hidden")}</p>}
      {d.post.state === "hidden" ? <pre className="revision">{d.currentMd}</pre> : null}
      <h2>{t("threads.history.revisions")}</h2>
      {d.revisions.length === 0 ? <p>{t("threads.history.none")}</p> : null}
      <ol className="list revisions">
        {d.revisions.map((r) => (
          <li key={r.id}>
            <p className="muted">{t(r.reason === "delete" ? "threads.history.deletedBy" : "threads.history.editedBy", { name: r.editedBy ?? "—", when: formatDateTime(r.createdAt, locale) })}</p>
            <pre className="revision">{r.bodyMd}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}
