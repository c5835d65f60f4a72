import { pageTitle } from "~/i18n/meta";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { AttendeeTable, InviteSection } from "~/components/events/manage";
import { formatNumber } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/modules/events/constants";
import { accessOr404, visibleGroups } from "~/modules/events/events.server";
import { invitableOrgs, invite, listAttendees, previewGuests, removeAttendee, searchInvitees } from "~/modules/events/invitations.server";
import { countsOf } from "~/modules/events/load.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.events.slug.manage", data ? data.title : undefined)];

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
          // Each guest's language as chosen in the review step (fields lang:<address>); lv/en only.
          guestLocales: Object.fromEntries(
            Object.entries(values)
              .filter(([k, v]) => k.startsWith("lang:") && (v === "lv" || v === "en"))
              .map(([k, v]) => [k.slice(5).toLowerCase(), v as "lv" | "en"]),
          ),
          guestLocale: values.guestLocale === "en" || values.guestLocale === "lv" ? values.guestLocale : undefined,
        });
        return redirect(`${here}?status=invited&invited=${r.invited}&skipped=${r.skipped}&merged=${r.merged}#invite`);
      }
      case "previewGuests": {
        const guests = String(values.guests ?? "");
        return data({ intent, preview: { guests: await previewGuests(context, viewer, a.event.id, guests), list: guests } });
      }
      case "remove": {
        await removeAttendee(context, viewer, a.event.id, String(values.attendanceId ?? ""));
        return redirect(`${here}?status=${encodeURIComponent(String(values.tab ?? "going"))}&removed=1`);
      }
      default:
        throw new ActionError(400, "error.400.title");
    }
  } catch (err) {
    return actionError(err, { intent, values: { guests: String(values.guests ?? "") } });
  }
}

export default function ManageEvent() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { error, intent } = useActionError();
  const here = `/events/${d.slug}/manage`;
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
        {error && (intent === "remove" || !intent?.startsWith("invite")) ? <FormError code={error.key} vars={error.vars} /> : null}
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
        <AttendeeTable tab={d.tab} list={d.list} here={here} />
      </section>

      {d.status !== "cancelled" ? <InviteSection d={d} here={here} /> : null}
    </div>
  );
}
