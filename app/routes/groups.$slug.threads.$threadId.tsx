import { FollowForm } from "~/components/follow-form";
import { followState } from "~/modules/notifications/follow.server";
import { pageTitle } from "~/i18n/meta";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { ThreadSection } from "~/components/thread-section";
import { requireMember } from "~/modules/auth/guards.server";
import { readUpload } from "~/modules/files/upload.server";
import { notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { threadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, loadThreadView } from "~/modules/threads/section.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.groups.slug.threads.threadId", data ? data.view.thread.title : undefined)];

/** The group (by slug) and the thread (by id) must match, and the viewer must see both; anything else is 404. */
async function load(request: Request, params: { slug?: string; threadId?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const [g, t] = await Promise.all([groupAccess(context.db, viewer, { slug: params.slug ?? "" }), threadAccess(context.db, viewer, params.threadId ?? "")]);
  if (!g || !g.may.view || !t || t.thread.subject_type !== "group" || t.thread.subject_id !== g.group.id) notFound();
  return { viewer, g, t, path: `/groups/${g.group.slug}/threads/${t.thread.id}` };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, g, t, path } = await load(request, params, context);
  return {
    group: { slug: g.group.slug, name: pickLang(viewer.locale, g.group.name_lv, g.group.name_en).text, archived: g.facts.archived },
    view: await loadThreadView(context, viewer, t, new URL(request.url), { path }),
    follow: await followState(context.db, viewer.id, "thread", t.thread.id),
    path,
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, t, path } = await load(request, params, context);
  return handleThreadIntent(context, viewer, t, await readUpload(context, viewer, request, { maxFields: 512 * 1024 }), path);
}

export default function GroupThreadPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="thread-page">
      <p className="breadcrumb">
        <Link to="/groups">{t("nav.groups")}</Link> › <Link to={`/groups/${d.group.slug}`}>{d.group.name}</Link>
      </p>
      <FollowForm type="thread" id={d.view.thread.id} state={d.follow} redirectTo={d.path} />
      <ThreadSection
        view={d.view}
        heading={d.view.thread.title}
        level={1}
        cannotPost={
          d.group.archived ? (
            <Notice>{t("groups.archived.notice")}</Notice>
          ) : (
            <p>
              {t("threads.joinToPost")} <Link to={`/groups/${d.group.slug}`}>{t("groups.join")}</Link>
            </p>
          )
        }
      />
    </div>
  );
}
