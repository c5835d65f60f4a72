import { FollowForm } from "~/components/follow-form";
import { followState } from "~/modules/notifications/follow.server";
import { pageTitle } from "~/i18n/meta";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { ThreadSection } from "~/components/thread-section";
import { requireMember } from "~/modules/auth/guards.server";
import { readUpload } from "~/modules/files/upload.server";
import { notFound } from "~/modules/policy/authorize.server";
import { accessOr404 } from "~/modules/events/events.server";
import { subjectThreadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, loadThreadView } from "~/modules/threads/section.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.events.slug.discussion", data ? data.event.name : undefined)];

/** The event's own discussion thread: whoever may see the event reads it (the thread subject 'event' decides). */
async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  const t = await subjectThreadAccess(context.db, viewer, "event", a.event.id);
  if (!t) notFound();
  return { viewer, a, t, path: `/events/${a.event.slug}/discussion` };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a, t, path } = await load(request, params, context);
  return {
    event: { slug: a.event.slug, name: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en), status: a.event.status },
    view: await loadThreadView(context, viewer, t, new URL(request.url), { path }),
    follow: await followState(context.db, viewer.id, "event", a.event.id),
    eventId: a.event.id,
    path,
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, t, path } = await load(request, params, context);
  return handleThreadIntent(context, viewer, t, await readUpload(context, viewer, request, { maxFields: 512 * 1024 }), path);
}

export default function EventDiscussion() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="thread-page">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link> › <Link to={`/events/${d.event.slug}`}>{d.event.name}</Link>
      </p>
      <FollowForm type="event" id={d.eventId} state={d.follow} redirectTo={d.path} />
      <ThreadSection
        view={d.view}
        heading={t("events.discussion.of", { title: d.event.name })}
        level={1}
        cannotPost={<Notice>{t(d.event.status === "cancelled" ? "events.discussion.readOnly" : "events.discussion.draft")}</Notice>}
      />
    </div>
  );
}
