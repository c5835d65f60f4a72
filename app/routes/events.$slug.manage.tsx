import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useErrorText } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/modules/events/constants";
import { accessOr404, visibleGroups } from "~/modules/events/events.server";
import { invitableOrgs, invite, listAttendees, removeAttendee, searchInvitees } from "~/modules/events/invitations.server";
import { countsOf } from "~/modules/events/load.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Dalībnieki · Attendees` : "Pasākums · Event" }];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  if (!a.may.manage) throw new Response("Forbidden", { status: 403 });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") as AttendanceStatus | null;
  const status: AttendanceStatus = statusParam && ATTENDANCE_STATUSES.includes(statusParam) ? statusParam : "going";
  const q = (url.searchParams.get("q") ?? "").slice(0, 80);
  const [counts, list, groups, orgs, found] = await Promise.all([
    countsOf(context.db, a.event.id),
    listAttendees(context.db, a.event.id, status, url.searchParams.get("after")),
    visibleGroups(context.db, viewer),
    invitableOrgs(context.db),
    q ? searchInvitees(context.db, a.event.id, q) : [],
  ]);
  return {
    id: a.event.id,
    slug: a.event.slug,
    title: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en),
    status: a.event.status,
    capacity: a.event.capacity,
    tab: status,
    counts,
    list,
    groups,
    orgs,
    q,
    found,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 512 * 1024);
  const values = formObject(form);
  const intent = String(values.intent ?? "");
  const list = (k: string) => {
    const v = values[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const here = `/events/${a.event.slug}/manage`;
  try {
    switch (intent) {
      case "inviteGroup":
      case "inviteOrg":
      case "invitePeople":
      case "inviteGuests": {
        const r = await invite(context, viewer, a.event.id, {
          groupIds: intent === "inviteGroup" ? list("groupId") : [],
          orgIds: intent === "inviteOrg" ? list("orgId") : [],
          personIds: intent === "invitePeople" ? list("personId") : [],
          guests: intent === "inviteGuests" ? String(values.guests ?? "") : "",
          guestLocale: values.guestLocale === "en" ? "en" : "lv",
        });
        return redirect(`${here}?status=invited&invited=${r.invited}&skipped=${r.skipped}&merged=${r.merged}#invite`);
      }
      case "remove": {
        await removeAttendee(context, viewer, a.event.id, String(values.attendanceId ?? ""));
        return redirect(`${here}?status=${encodeURIComponent(String(values.tab ?? "going"))}&removed=1`);
      }
      default:
        throw new ActionError(400, "error.400.title");
    }
  } catch (err) {
    if (err instanceof ActionError) {
      return data({ intent, error: err.key, vars: err.vars, field: err.field ?? null, guests: String(values.guests ?? "") }, { status: err.status });
    }
    throw err;
  }
}

export default function ManageEvent() {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // A new key after each navigation empties the invite forms once they were sent (a refusal keeps what was typed).
  const formKey = useLocation().key;
  const here = `/events/${d.slug}/manage`;
  const invited = params.get("invited");
  const errorFor = (intent: string) => (result && result.intent === intent ? result : null);
  const guestErr = errorFor("inviteGuests");
  return (
    <div className="event-manage">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link> › <Link to={`/events/${d.slug}`}>{d.title}</Link>
      </p>
      <section className="page" aria-labelledby="manage-h">
        <div className="page-head">
          <h1 id="manage-h">{t("events.manage.heading", { title: d.title })}</h1>
          <div className="button-row">
            <a href={`/events/${d.slug}/attendees.csv`} className="button secondary small" download>
              {t("events.manage.csv")}
            </a>
            <Link to={`/events/${d.slug}/checkin`} className="button secondary small">
              {t("events.checkin.title")}
            </Link>
          </div>
        </div>
        {params.get("removed") ? <Notice>{t("events.manage.removed")}</Notice> : null}
        {result && (result.intent === "remove" || !result.intent) ? <FormError code={result.error} vars={result.vars} /> : null}
        <p>
          {t("events.going")}: {formatNumber(d.counts.going, locale)}
          {d.capacity ? ` / ${formatNumber(d.capacity, locale)}` : ""}
        </p>
        <nav className="tabs" aria-label={t("events.manage.lists")}>
          {ATTENDANCE_STATUSES.map((s) => (
            <Link key={s} to={`${here}?status=${s}`} aria-current={d.tab === s ? "page" : undefined}>
              {t(`events.list.${s}`)} ({formatNumber(d.counts[s], locale)})
            </Link>
          ))}
        </nav>
        {d.list.items.length === 0 ? (
          <p className="muted">{t("events.manage.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="attendees">
              <caption className="visually-hidden">{t(`events.list.${d.tab}`)}</caption>
              <thead>
                <tr>
                  {d.tab === "waitlisted" ? <th scope="col">{t("events.manage.position")}</th> : null}
                  <th scope="col">{t("events.csv.name")}</th>
                  <th scope="col">{t("events.manage.contact")}</th>
                  <th scope="col">{t("events.csv.answered")}</th>
                  <th scope="col">{t("events.csv.delivery")}</th>
                  <th scope="col">{t("events.manage.action")}</th>
                </tr>
              </thead>
              <tbody>
                {d.list.items.map((r, i) => (
                  <tr key={r.id} data-attendee={r.email}>
                    {d.tab === "waitlisted" ? <td>{i + 1}</td> : null}
                    <td>
                      {r.personId ? <Link to={`/directory/people/${r.personId}`}>{r.name}</Link> : r.name || r.email}
                      {r.guest ? (
                        <>
                          {" "}
                          <span className="badge">{t("events.manage.guest")}</span>
                        </>
                      ) : null}
                      {r.checkedInAt ? (
                        <>
                          {" "}
                          <span className="badge">{t("events.checkin.done")}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {r.org ? (
                        <>
                          {r.org}
                          <br />
                        </>
                      ) : null}
                      <span className="muted">{r.email}</span>
                    </td>
                    <td>{r.respondedAt ? formatDateTime(r.respondedAt, locale) : <span className="muted">—</span>}</td>
                    <td data-delivery={r.delivery ?? "none"}>
                      {r.delivery ? t(`events.delivery.${r.delivery}`) : <span className="muted">—</span>}
                      {r.deliveryError ? <div className="error-cell">{r.deliveryError}</div> : null}
                    </td>
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="tab" value={d.tab} />
                        <input type="hidden" name="attendanceId" value={r.id} />
                        <button type="submit" className="button small secondary" disabled={busy}>
                          {t("events.manage.remove")}
                          <span className="visually-hidden"> — {r.name || r.email}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d.list.next ? (
          <nav className="pager" aria-label={t(`events.list.${d.tab}`)}>
            <span />
            <Link to={`${here}?status=${d.tab}&after=${d.list.next}`}>{t("common.next")}</Link>
          </nav>
        ) : null}
      </section>

      {d.status !== "cancelled" ? (
        <section className="page" id="invite" aria-labelledby="invite-h">
          <h2 id="invite-h">{t("events.invite.title")}</h2>
          <p className="muted">{d.status === "draft" ? t("events.invite.draftHint") : t("events.invite.hint")}</p>
          {invited !== null ? (
            <Notice>
              {t("events.invite.done", { invited: Number(invited), skipped: Number(params.get("skipped") ?? 0), merged: Number(params.get("merged") ?? 0) })}
            </Notice>
          ) : null}
          <div className="invite-forms">
            <Form method="post" className="card">
              <input type="hidden" name="intent" value="inviteGroup" />
              {errorFor("inviteGroup") ? <FormError code={errorFor("inviteGroup")!.error} vars={errorFor("inviteGroup")!.vars} /> : null}
              <div className="field">
                <label htmlFor="f-groupId">{t("events.invite.group")}</label>
                <select id="f-groupId" name="groupId" required>
                  <option value="">—</option>
                  {d.groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {pickTitle(locale, g.nameLv, g.nameEn)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button small" disabled={busy}>
                {t("events.invite.send")}
              </button>
            </Form>
            <Form method="post" className="card">
              <input type="hidden" name="intent" value="inviteOrg" />
              {errorFor("inviteOrg") ? <FormError code={errorFor("inviteOrg")!.error} vars={errorFor("inviteOrg")!.vars} /> : null}
              <div className="field">
                <label htmlFor="f-orgId">{t("events.invite.organisation")}</label>
                <select id="f-orgId" name="orgId" required>
                  <option value="">—</option>
                  {d.orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button small" disabled={busy}>
                {t("events.invite.send")}
              </button>
            </Form>
          </div>

          <div className="card">
            <Form method="get" role="search" aria-label={t("events.invite.people")} action={`${here}#invite`}>
              <input type="hidden" name="status" value={d.tab} />
              <div className="field">
                <label htmlFor="f-q">{t("events.invite.people")}</label>
                <input id="f-q" name="q" type="search" defaultValue={d.q} maxLength={80} aria-describedby="f-q-hint" />
                <p className="hint" id="f-q-hint">
                  {t("events.invite.peopleHint")}
                </p>
              </div>
              <button type="submit" className="button small secondary">
                {t("common.search")}
              </button>
            </Form>
            {d.q ? (
              d.found.length ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="invitePeople" />
                  {errorFor("invitePeople") ? <FormError code={errorFor("invitePeople")!.error} /> : null}
                  <fieldset>
                    <legend>{t("events.invite.results")}</legend>
                    {d.found.map((p) => (
                      <label key={p.id} className="checkbox">
                        <input type="checkbox" name="personId" value={p.id} disabled={p.invited} />
                        {p.name} <span className="muted">· {p.org}</span>
                        {p.invited ? <span className="badge">{t("events.invite.already")}</span> : null}
                      </label>
                    ))}
                  </fieldset>
                  <button type="submit" className="button small" disabled={busy}>
                    {t("events.invite.send")}
                  </button>
                </Form>
              ) : (
                <p className="muted">{t("events.invite.noResults")}</p>
              )
            ) : null}
          </div>

          <Form method="post" className="card" key={formKey}>
            <input type="hidden" name="intent" value="inviteGuests" />
            <div className={`field${guestErr ? " has-error" : ""}`}>
              <label htmlFor="f-guests">{t("events.invite.guests")}</label>
              <textarea
                id="f-guests"
                name="guests"
                rows={5}
                defaultValue={guestErr?.guests ?? ""}
                aria-invalid={guestErr ? true : undefined}
                aria-describedby={`f-guests-hint${guestErr ? " f-guests-error" : ""}`}
              />
              <p className="hint" id="f-guests-hint">
                {t("events.invite.guestsHint")}
              </p>
              {guestErr ? (
                <p className="field-error" id="f-guests-error">
                  {err(guestErr.error, guestErr.vars)}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="f-guestLocale">{t("events.invite.guestLocale")}</label>
              <select id="f-guestLocale" name="guestLocale" defaultValue={locale}>
                <option value="lv">{t("events.language.lv")}</option>
                <option value="en">{t("events.language.en")}</option>
              </select>
            </div>
            <button type="submit" className="button small" disabled={busy}>
              {t("events.invite.send")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
