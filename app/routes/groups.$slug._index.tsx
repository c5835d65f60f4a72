import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useErrorText } from "~/components/forms";
import { CompetitionAck, pickLang } from "~/components/groups";
import { PostBody } from "~/components/threads";
import { formatDate, formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { can, notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import {
  decideRequest,
  invitableOrganisations,
  inviteOrganisation,
  invitePerson,
  joinGroup,
  leaveGroup,
  liftExclusion,
  listExclusions,
  listInvites,
  listMembers,
  listPendingRequests,
  removeMember,
  requestToJoin,
  transferLead,
  withdrawInvite,
} from "~/modules/groups/groups.server";
import { listSubjectThreads, markSubjectRead } from "~/modules/threads/threads.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import { EventListEntry } from "~/components/events";
import { upcomingForGroup } from "~/modules/events/events.server";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.name} · ${data.nameOther}` : "Darba grupa · Working group" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const { group, may, facts } = a;
  const url = new URL(request.url);
  const locale = viewer.locale;
  const [threads, members, requests, invites, orgs, events, feedToken, excluded] = await Promise.all([
    may.view ? listSubjectThreads(context.db, viewer.id, "group", group.id, url.searchParams.get("threads")) : null,
    may.view ? listMembers(context.db, group.id, url.searchParams.get("members")) : null,
    may.manage ? listPendingRequests(context.db, group.id) : [],
    may.manage ? listInvites(context.db, group.id) : [],
    may.manage && !facts.archived ? invitableOrganisations(context.db) : [],
    may.view ? upcomingForGroup(context.db, viewer, group.id) : [],
    may.view ? currentFeedToken(context.db, context.config, viewer.id) : null,
    may.manage ? listExclusions(context.db, group.id) : [],
  ]);
  const desc = pickLang(locale, group.description_lv, group.description_en);
  return {
    id: group.id,
    slug: group.slug,
    name: pickLang(locale, group.name_lv, group.name_en).text,
    nameOther: locale === "lv" ? group.name_en : group.name_lv,
    descriptionHtml: desc.text ? renderMarkdown(desc.text) : "",
    descriptionFallback: desc.fallback,
    tags: group.tags,
    visibility: group.visibility,
    joinPolicy: group.join_policy,
    archived: facts.archived,
    role: facts.role,
    invited: facts.invited,
    pendingRequest: facts.pendingRequest,
    excludedMe: facts.excluded,
    may,
    viewerId: viewer.id,
    threads,
    members,
    requests,
    invites,
    orgs,
    excluded,
    events,
    groupFeed: feedToken ? feedUrls(context.config.appOrigin, feedToken, group.slug).group : null,
    mayCreateEvent: !facts.archived && can(viewer, { action: "event.create", leadOfHostGroup: facts.role === "lead" }),
  };
}

type Intent =
  | "join"
  | "request"
  | "leave"
  | "markAllRead"
  | "approve"
  | "decline"
  | "invitePerson"
  | "inviteOrg"
  | "withdrawInvite"
  | "remove"
  | "liftExclusion"
  | "transferLead";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const form = await readForm(request, 16 * 1024);
  const intent = String(form.get("intent") ?? "") as Intent;
  const str = (k: string) => String(form.get(k) ?? "");
  const ack = form.get("ack") === "yes";
  const gid = a.group.id;
  const here = `/groups/${a.group.slug}`;
  try {
    switch (intent) {
      case "join":
        await joinGroup(context, viewer, gid, ack);
        return redirect(`${here}?done=joined`);
      case "request":
        await requestToJoin(context, viewer, gid, ack);
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
        await decideRequest(context, viewer, gid, str("requestId"), intent === "approve");
        return redirect(`${here}?done=${intent === "approve" ? "approved" : "declined"}#requests`);
      case "invitePerson": {
        const r = await invitePerson(context, viewer, gid, str("who"));
        return redirect(`${here}?done=invited&name=${encodeURIComponent(r.name)}#invites`);
      }
      case "inviteOrg": {
        const r = await inviteOrganisation(context, viewer, gid, str("orgId"));
        return redirect(`${here}?done=invited&name=${encodeURIComponent(r.name)}#invites`);
      }
      case "withdrawInvite":
        await withdrawInvite(context, viewer, gid, str("inviteId"));
        return redirect(`${here}#invites`);
      case "remove":
        await removeMember(context, viewer, gid, str("personId"));
        return redirect(`${here}?done=removed#members`);
      case "liftExclusion":
        await liftExclusion(context, viewer, gid, str("personId"));
        return redirect(`${here}?done=readmitted#removed`);
      case "transferLead":
        await transferLead(context, viewer, gid, str("personId"));
        return redirect(`${here}?done=leadChanged#members`);
      default:
        return data({ error: "error.400.title", intent, field: null as string | null }, { status: 400 });
    }
  } catch (err) {
    if (err instanceof ActionError) return data({ error: err.key, intent, field: err.field ?? null }, { status: err.status });
    throw err;
  }
}

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
  const err = useErrorText();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done") as keyof typeof DONE | null;
  const here = `/groups/${d.slug}`;
  const ackError = result?.field === "ack" ? result.error : undefined;
  const generalError = result && result.field !== "ack" && result.field !== "who" && result.field !== "orgId" ? result.error : undefined;

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
        </div>
        <p className="button-row">
          <span className="badge">{t(`groups.visibility.${d.visibility}`)}</span>
          <span className="badge">{t(`groups.policy.${d.joinPolicy}`)}</span>
          {d.archived ? <span className="badge">{t("groups.archived")}</span> : null}
          {d.tags.map((x) => (
            <Link key={x} className="tag" to={`/groups?tag=${encodeURIComponent(x)}`}>
              {x}
            </Link>
          ))}
        </p>
        {done && DONE[done] ? <Notice>{t(DONE[done], { name: params.get("name") ?? "" })}</Notice> : null}
        {generalError ? <FormError code={generalError} /> : null}
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
              <Form method="post">
                <input type="hidden" name="intent" value="leave" />
                <button type="submit" className="button secondary" disabled={busy}>
                  {t("groups.leave")}
                </button>
              </Form>
            </>
          ) : d.may.join ? (
            <Form method="post">
              <input type="hidden" name="intent" value="join" />
              {d.invited ? <p>{t("groups.invitedNotice")}</p> : null}
              <CompetitionAck error={ackError} />
              <button type="submit" className="button" disabled={busy}>
                {d.invited ? t("groups.acceptInvite") : t("groups.join")}
              </button>
            </Form>
          ) : d.may.request ? (
            <Form method="post">
              <input type="hidden" name="intent" value="request" />
              <p>{t("groups.requestNotice")}</p>
              <CompetitionAck error={ackError} />
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

      {d.threads ? (
        <section className="page" id="threads" aria-labelledby="threads-h">
          <div className="page-head">
            <h2 id="threads-h">{t("threads.title")}</h2>
            <div className="button-row">
              {d.may.post ? (
                <Link to={`${here}/threads/new`} className="button small">
                  {t("threads.new")}
                </Link>
              ) : null}
              {d.threads.items.some((x) => x.unread > 0) ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="markAllRead" />
                  <button type="submit" className="button secondary small">
                    {t("threads.markAllRead")}
                  </button>
                </Form>
              ) : null}
            </div>
          </div>
          {d.threads.items.length === 0 ? <p>{t("threads.none")}</p> : null}
          <ul className="list thread-list">
            {d.threads.items.map((th) => (
              <li key={th.id}>
                <Link to={`${here}/threads/${th.id}`} className="thread-title">
                  {th.title}
                </Link>{" "}
                {th.pinned ? <span className="badge">{t("threads.pinned")}</span> : null}{" "}
                {th.locked ? <span className="badge">{t("threads.locked")}</span> : null}{" "}
                {th.unread > 0 ? (
                  <span className="badge unread" data-unread={th.unread}>
                    {t("threads.unread", { count: th.unread })}
                  </span>
                ) : null}
                <br />
                <span className="muted">
                  {t("threads.postCount", { count: th.postCount })} · {t("threads.lastPost", { when: formatDateTime(th.lastPostAt, locale) })}
                </span>
              </li>
            ))}
          </ul>
          {d.threads.next ? (
            <nav className="pager" aria-label={t("threads.title")}>
              <span />
              <Link to={`${here}?threads=${d.threads.next}#threads`}>{t("common.next")}</Link>
            </nav>
          ) : null}
        </section>
      ) : null}

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

      {d.members ? (
        <section className="page" id="members" aria-labelledby="members-h">
          <h2 id="members-h">{t("groups.members")}</h2>
          <ul className="list member-list">
            {d.members.items.map((m) => (
              <li key={m.personId}>
                <Link to={`/directory/people/${m.personId}`} className="member-name">
                  {m.name}
                </Link>{" "}
                · {m.org}
                {m.role === "lead" ? (
                  <>
                    {" "}
                    <span className="badge">{t("groups.role.lead")}</span>
                  </>
                ) : null}{" "}
                <span className="muted">{t("groups.joinedAt", { date: formatDate(m.joinedAt, locale) })}</span>
                {d.may.manage && m.personId !== d.viewerId ? (
                  <div className="button-row">
                    {m.role !== "lead" ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="transferLead" />
                        <input type="hidden" name="personId" value={m.personId} />
                        <button type="submit" className="button small secondary">
                          {t("groups.transferLead")}
                          <span className="visually-hidden"> — {m.name}</span>
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="personId" value={m.personId} />
                      <button type="submit" className="button small secondary">
                        {t("groups.remove")}
                        <span className="visually-hidden"> — {m.name}</span>
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {d.members.next ? (
            <nav className="pager" aria-label={t("groups.members")}>
              <span />
              <Link to={`${here}?members=${d.members.next}#members`}>{t("common.next")}</Link>
            </nav>
          ) : null}
        </section>
      ) : null}

      {d.may.manage ? (
        <section className="page" id="requests" aria-labelledby="requests-h">
          <h2 id="requests-h">{t("groups.requests")}</h2>
          {d.requests.length === 0 ? <p className="muted">{t("groups.requests.none")}</p> : null}
          <ul className="list">
            {d.requests.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> · {r.org} <span className="muted">{formatDateTime(r.createdAt, locale)}</span>
                <div className="button-row">
                  <Form method="post" className="inline">
                    <input type="hidden" name="requestId" value={r.id} />
                    <button type="submit" name="intent" value="approve" className="button small">
                      {t("groups.requests.approve")}
                      <span className="visually-hidden"> — {r.name}</span>
                    </button>{" "}
                    <button type="submit" name="intent" value="decline" className="button small secondary">
                      {t("groups.requests.decline")}
                      <span className="visually-hidden"> — {r.name}</span>
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.may.manage && d.excluded.length ? (
        <section className="page" id="removed" aria-labelledby="removed-h">
          <h2 id="removed-h">{t("groups.excluded")}</h2>
          <p className="muted">{t("groups.excluded.hint")}</p>
          <ul className="list">
            {d.excluded.map((x) => (
              <li key={x.personId}>
                <strong>{x.name}</strong> · {x.org}{" "}
                <span className="muted">
                  {x.by ? t("groups.excluded.byOn", { name: x.by, date: formatDate(x.createdAt, locale) }) : formatDate(x.createdAt, locale)}
                </span>{" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="liftExclusion" />
                  <input type="hidden" name="personId" value={x.personId} />
                  <button type="submit" className="button small secondary">
                    {t("groups.excluded.lift")}
                    <span className="visually-hidden"> — {x.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.may.manage && !d.archived ? (
        <section className="page" id="invites" aria-labelledby="invites-h">
          <h2 id="invites-h">{t("groups.invites")}</h2>
          {d.invites.length ? (
            <ul className="list">
              {d.invites.map((i) => (
                <li key={i.id}>
                  {i.person ?? t("groups.invites.org", { org: i.org ?? "" })} <span className="muted">{formatDate(i.createdAt, locale)}</span>{" "}
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="withdrawInvite" />
                    <input type="hidden" name="inviteId" value={i.id} />
                    <button type="submit" className="button small secondary">
                      {t("groups.invites.withdraw")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("groups.invites.none")}</p>
          )}
          <div className="invite-forms">
            <Form method="post" className="card">
              <input type="hidden" name="intent" value="invitePerson" />
              <div className={`field${result?.field === "who" ? " has-error" : ""}`}>
                <label htmlFor="f-who">{t("groups.invites.person")}</label>
                <input id="f-who" name="who" required maxLength={254} aria-describedby={`f-who-hint${result?.field === "who" ? " f-who-error" : ""}`} />
                <p className="hint" id="f-who-hint">
                  {t("groups.invites.personHint")}
                </p>
                {result?.field === "who" ? (
                  <p className="field-error" id="f-who-error">
                    {err(result.error)}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="button small">
                {t("groups.invites.send")}
              </button>
            </Form>
            <Form method="post" className="card">
              <input type="hidden" name="intent" value="inviteOrg" />
              <div className={`field${result?.field === "orgId" ? " has-error" : ""}`}>
                <label htmlFor="f-orgId">{t("groups.invites.organisation")}</label>
                <select id="f-orgId" name="orgId" required>
                  <option value="">—</option>
                  {d.orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
                {result?.field === "orgId" ? <p className="field-error">{err(result.error)}</p> : null}
              </div>
              <button type="submit" className="button small">
                {t("groups.invites.send")}
              </button>
            </Form>
          </div>
        </section>
      ) : null}
    </div>
  );
}
