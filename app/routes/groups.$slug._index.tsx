import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { termLabel } from "~/modules/vocabulary/terms";
import { FormError, Notice, useActionError } from "~/components/forms";
import { CompetitionAck, pickLang } from "~/components/groups";
import { GroupExclusions, GroupInvites, GroupRequests } from "~/components/groups/manage";
import { GroupMembers } from "~/components/groups/members";
import { GroupThreads } from "~/components/groups/thread-list";
import { PostBody } from "~/components/threads";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, parseForm } from "~/modules/forms";
import { readUpload } from "~/modules/files/upload.server";
import { LIBRARY_INTENTS, libraryIntent, libraryView } from "~/modules/files/library.server";
import { FileLibrary } from "~/components/files";
import { actionError } from "~/modules/forms.server";
import { notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import {
  decideRequest,
  groupTopics,
  inviteOrganisation,
  invitePerson,
  joinGroup,
  leaveGroup,
  liftExclusion,
  removeMember,
  requestToJoin,
  transferLead,
  withdrawInvite,
} from "~/modules/groups/groups.server";
import { groupPageLists } from "~/modules/groups/page.server";
import { markSubjectRead } from "~/modules/threads/threads.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import { EventListEntry } from "~/components/events";
import { FollowForm } from "~/components/follow-form";
import { followState } from "~/modules/notifications/follow.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.groups.slug", data ? data.name : undefined)];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const { group, may, facts } = a;
  const url = new URL(request.url);
  const locale = viewer.locale;
  const lists = await groupPageLists(context, viewer, a, { threads: url.searchParams.get("threads"), members: url.searchParams.get("members") });
  const desc = pickLang(locale, group.description_lv, group.description_en);
  return {
    id: group.id,
    slug: group.slug,
    name: pickLang(locale, group.name_lv, group.name_en).text,
    nameOther: locale === "lv" ? group.name_en : group.name_lv,
    descriptionHtml: desc.text ? renderMarkdown(desc.text) : "",
    descriptionFallback: desc.fallback,
    tags: await groupTopics(context.db, group.tags),
    visibility: group.visibility,
    joinPolicy: group.join_policy,
    archived: facts.archived,
    role: facts.role,
    invited: facts.invited,
    pendingRequest: facts.pendingRequest,
    excludedMe: facts.excluded,
    may,
    viewerId: viewer.id,
    follow: may.view ? await followState(context.db, viewer.id, "group", group.id) : null,
    library: await libraryView(context, viewer, { owner: "group", group: facts }, group.id),
    ...lists,
  };
}

const id = z.string().default("");
const ack = z
  .string()
  .optional()
  .transform((v) => v === "yes");
const GroupPageSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("join"), ack }),
    z.object({ intent: z.literal("request"), ack }),
    z.object({ intent: z.literal("leave") }),
    z.object({ intent: z.literal("markAllRead") }),
    z.object({ intent: z.literal("approve"), requestId: id }),
    z.object({ intent: z.literal("decline"), requestId: id }),
    z.object({ intent: z.literal("invitePerson"), who: z.string().default("") }),
    z.object({ intent: z.literal("inviteOrg"), orgId: id }),
    z.object({ intent: z.literal("withdrawInvite"), inviteId: id }),
    z.object({ intent: z.literal("remove"), personId: id }),
    z.object({ intent: z.literal("liftExclusion"), personId: id }),
    z.object({ intent: z.literal("transferLead"), personId: id }),
  ],
  { errorMap: () => ({ message: "error.400.title" }) },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const upload = await readUpload(context, viewer, request, { maxFields: 16 * 1024 });
  const form = upload.form;
  const values = formObject(form);
  const here = `/groups/${a.group.slug}`;
  if ((LIBRARY_INTENTS as readonly unknown[]).includes(values.intent)) {
    // The document library: uploads and removals (policy file.upload / file.delete).
    try {
      const done = await libraryIntent(context, viewer, { owner: "group", group: a.facts }, a.group.id, upload);
      return redirect(`${here}?files=${done}#library`);
    } catch (err) {
      return actionError(err, { values, intent: String(values.intent) });
    } finally {
      await upload.discard();
    }
  }
  await upload.discard();
  const parsed = parseForm(form, GroupPageSchema);
  if (!parsed.ok) return actionError(parsed.error, { values, intent: String(values.intent ?? "") });
  const input = parsed.data;
  const gid = a.group.id;
  try {
    switch (input.intent) {
      case "join":
        await joinGroup(context, viewer, gid, input.ack);
        return redirect(`${here}?done=joined`);
      case "request":
        await requestToJoin(context, viewer, gid, input.ack);
        return redirect(`${here}?done=requested`);
      case "leave":
        await leaveGroup(context, viewer, gid);
        return redirect(a.group.visibility === "private" ? "/groups?left=1" : `${here}?done=left`);
      case "markAllRead":
        if (!a.may.view) notFound();
        await markSubjectRead(context.db, viewer.id, "group", gid);
        return redirect(`${here}?done=read#threads`);
      case "approve":
      case "decline":
        await decideRequest(context, viewer, gid, input.requestId, input.intent === "approve");
        return redirect(`${here}?done=${input.intent === "approve" ? "approved" : "declined"}#requests`);
      case "invitePerson": {
        const r = await invitePerson(context, viewer, gid, input.who);
        return redirect(`${here}?done=invited&name=${encodeURIComponent(r.name)}#invites`);
      }
      case "inviteOrg": {
        const r = await inviteOrganisation(context, viewer, gid, input.orgId);
        return redirect(`${here}?done=invited&name=${encodeURIComponent(r.name)}#invites`);
      }
      case "withdrawInvite":
        await withdrawInvite(context, viewer, gid, input.inviteId);
        return redirect(`${here}#invites`);
      case "remove":
        await removeMember(context, viewer, gid, input.personId);
        return redirect(`${here}?done=removed#members`);
      case "liftExclusion":
        await liftExclusion(context, viewer, gid, input.personId);
        return redirect(`${here}?done=readmitted#removed`);
      case "transferLead":
        await transferLead(context, viewer, gid, input.personId);
        return redirect(`${here}?done=leadChanged#members`);
    }
  } catch (err) {
    return actionError(err, { values, intent: input.intent });
  }
}

/** Refusals shown next to their own field (the acknowledgement, the invitation forms) rather than above the page. */
const OWN_PLACE = new Set(["ack", "who", "orgId"]);

const DONE = {
  joined: "groups.done.joined",
  requested: "groups.done.requested",
  left: "groups.done.left",
  read: "groups.done.read",
  approved: "groups.done.approved",
  declined: "groups.done.declined",
  invited: "groups.done.invited",
  removed: "groups.done.removed",
  readmitted: "groups.done.readmitted",
  leadChanged: "groups.done.leadChanged",
} as const;

export default function GroupPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done") as keyof typeof DONE | null;
  const here = `/groups/${d.slug}`;
  const { intent } = useActionError();
  const generalError = error && !OWN_PLACE.has(error.field ?? "") && intent !== "uploadFile" && intent !== "removeFile" ? error : null;

  return (
    <div className="group-page">
      <p className="breadcrumb">
        <Link to="/groups">{t("nav.groups")}</Link>
      </p>
      <section className="page" aria-labelledby="group-h">
        <div className="page-head">
          <h1 id="group-h">{d.name}</h1>
          {d.may.manage ? (
            <Link to={`${here}/edit`} className="button secondary small">
              {t("groups.edit")}
            </Link>
          ) : null}
          {d.may.view ? <FollowForm type="group" id={d.id} state={d.follow} redirectTo={here} /> : null}
        </div>
        <p className="button-row">
          <span className="badge">{t(`groups.visibility.${d.visibility}`)}</span>
          <span className="badge">{t(`groups.policy.${d.joinPolicy}`)}</span>
          {d.archived ? <span className="badge">{t("groups.archived")}</span> : null}
          {d.tags.map((x) => (
            <Link key={x.key} className="tag" to={`/groups?tag=${encodeURIComponent(x.key)}`}>
              {termLabel(x, locale)}
            </Link>
          ))}
        </p>
        {done && DONE[done] ? <Notice>{t(DONE[done], { name: params.get("name") ?? "" })}</Notice> : null}
        <FormError error={generalError} />
        {d.archived ? <p className="notice">{t("groups.archived.notice")}</p> : null}
        {d.descriptionHtml ? (
          <div className="group-description" lang={d.descriptionFallback ?? undefined}>
            {d.descriptionFallback ? <p className="muted">{t(`groups.fallback.${d.descriptionFallback}`)}</p> : null}
            <PostBody html={d.descriptionHtml} />
          </div>
        ) : null}

        <section className="membership card" aria-labelledby="membership-h">
          <h2 id="membership-h">{t("groups.membership")}</h2>
          {d.role ? (
            <>
              <p>{d.role === "lead" ? t("groups.youLead") : t("groups.youMember")}</p>
              <Form noValidate method="post">
                <input type="hidden" name="intent" value="leave" />
                <button type="submit" className="button secondary" disabled={busy}>
                  {t("groups.leave")}
                </button>
              </Form>
            </>
          ) : d.may.join ? (
            <Form noValidate method="post">
              <input type="hidden" name="intent" value="join" />
              {d.invited ? <p>{t("groups.invitedNotice")}</p> : null}
              <CompetitionAck errors={error} />
              <button type="submit" className="button" disabled={busy}>
                {d.invited ? t("groups.acceptInvite") : t("groups.join")}
              </button>
            </Form>
          ) : d.may.request ? (
            <Form noValidate method="post">
              <input type="hidden" name="intent" value="request" />
              <p>{t("groups.requestNotice")}</p>
              <CompetitionAck errors={error} />
              <button type="submit" className="button" disabled={busy}>
                {t("groups.request")}
              </button>
            </Form>
          ) : d.pendingRequest ? (
            <p>{t("groups.requestPending")}</p>
          ) : d.archived ? (
            <p>{t("groups.archived.noJoin")}</p>
          ) : d.excludedMe ? (
            <p>{t("groups.excludedNotice")}</p>
          ) : (
            <p>{t("groups.inviteOnlyNotice")}</p>
          )}
        </section>
      </section>

      {d.threads ? <GroupThreads here={here} threads={d.threads} mayPost={d.may.post} /> : null}

      {d.may.view ? (
        <section className="page" id="events" aria-labelledby="events-h">
          <div className="page-head">
            <h2 id="events-h">{t("groups.events.title")}</h2>
            <div className="button-row">
              {d.groupFeed ? (
                <a href={d.groupFeed.webcal} className="button secondary small">
                  {t("events.feed.subscribeGroup")}
                </a>
              ) : null}
              {d.mayCreateEvent ? (
                <Link to={`/events/new?group=${d.id}`} className="button small">
                  {t("events.create")}
                </Link>
              ) : null}
            </div>
          </div>
          {d.events.length === 0 ? <p className="muted">{t("groups.events.none")}</p> : null}
          <ul className="list event-list">
            {d.events.map((e) => (
              <EventListEntry key={e.id} e={e} headingLevel={3} />
            ))}
          </ul>
          {d.events.length ? (
            <p>
              <Link to={`/events?group=${d.slug}`}>{t("groups.events.all")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {d.library ? <FileLibrary id="library" title={t("files.library.title")} intro={t("files.library.intro")} empty={t("files.library.empty")} view={d.library} done={params.get("files")} /> : null}

      {d.members ? <GroupMembers here={here} members={d.members} manage={d.may.manage} viewerId={d.viewerId} /> : null}
      {d.may.manage ? <GroupRequests requests={d.requests} /> : null}
      {d.may.manage && d.excluded.length ? <GroupExclusions excluded={d.excluded} /> : null}
      {d.may.manage && !d.archived ? <GroupInvites invites={d.invites} orgs={d.orgs} errors={error} /> : null}
    </div>
  );
}
