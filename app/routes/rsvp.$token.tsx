import { pageTitle } from "~/i18n/meta";
import { RsvpButtons } from "~/components/events/rsvp-buttons";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { EventWhen, Places, pickTitle } from "~/components/events";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { guestPage, guestRsvp } from "~/modules/events/rsvp.server";
import { notFound } from "~/modules/policy/authorize.server";

// A guest's personal RSVP page (no account): the link from their invitation opens this page; only its buttons
// (POST) change the answer, so mail scanners that follow links change nothing (docs/requirements.md F10, CAL-11).
// The token is scoped to one guest of one event.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.rsvp.token", data ? data.title : undefined), { name: "robots", content: "noindex" }];

export const headers: HeadersFunction = () => ({
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
});

export async function loader({ params, context }: LoaderFunctionArgs) {
  const p = await guestPage(context.db, params.token ?? "");
  if (!p) notFound();
  const { guest: g, event: ev } = p;
  return {
    title: pickTitle(g.locale, ev.titleLv, ev.titleEn),
    titleLv: ev.titleLv,
    titleEn: ev.titleEn,
    descriptionLv: ev.descriptionLv,
    descriptionEn: ev.descriptionEn,
    startsAt: ev.startsAt,
    endsAt: ev.endsAt,
    timeZone: ev.timeZone,
    allDay: ev.allDay,
    venue: ev.venue,
    onlineUrl: g.status !== "declined" && ev.status === "published" ? ev.onlineUrl : null,
    organiser: ev.organiserName,
    eventStatus: ev.status,
    open: p.open,
    capacity: p.capacity,
    going: p.going,
    guest: { name: g.name, email: g.email, status: g.status, place: p.place },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request, 4 * 1024);
  try {
    const r = await guestRsvp(context, params.token ?? "", form.get("answer"));
    return redirect(`/rsvp/${params.token}?done=${r.status}`);
  } catch (err) {
    return actionError(err);
  }
}

export default function GuestRsvp() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const s = d.guest.status;
  const full = d.capacity !== null && d.going >= d.capacity;
  const description = locale === "lv" ? d.descriptionLv || d.descriptionEn : d.descriptionEn || d.descriptionLv;
  return (
    <section className="page narrow guest-rsvp" aria-labelledby="rsvp-h">
      <p className="muted">{t("events.guest.greeting", { name: d.guest.name || d.guest.email })}</p>
      <h1 id="rsvp-h">{pickTitle(locale, d.titleLv, d.titleEn)}</h1>
      {done ? <Notice>{t("events.guest.saved")}</Notice> : null}
      <FormError error={error} />
      {d.eventStatus === "cancelled" ? <p className="notice">{t("events.cancelled.notice")}</p> : null}
      <dl className="facts">
        <dt>{t("events.when")}</dt>
        <dd>
          <EventWhen e={d} />
        </dd>
        <dt>{t("events.where")}</dt>
        <dd>
          {d.venue || t("events.onlineOnly")}
          {d.onlineUrl ? (
            <>
              <br />
              {t("events.onlineLink")}:{" "}
              <a href={d.onlineUrl} rel="noopener noreferrer" target="_blank">
                {d.onlineUrl}
              </a>
            </>
          ) : null}
        </dd>
        {d.organiser ? (
          <>
            <dt>{t("events.organiser")}</dt>
            <dd>{d.organiser}</dd>
          </>
        ) : null}
        <dt>{t("events.going")}</dt>
        <dd>
          <Places going={d.going} capacity={d.capacity} />
        </dd>
      </dl>
      {description ? <p className="event-description-plain">{description}</p> : null}
      <section className="card rsvp" aria-labelledby="answer-h">
        <h2 id="answer-h">{t("events.rsvp.title")}</h2>
        <p data-rsvp-status={s}>{s === "waitlisted" && d.guest.place ? t("events.rsvp.waitlisted", { place: d.guest.place }) : t(`events.rsvp.status.${s === "invited" ? "none" : s}`)}</p>
        {d.open ? <RsvpButtons answered={s} full={full} busy={busy} /> : d.eventStatus === "published" ? <p className="muted">{t("events.rsvp.closed")}</p> : null}
      </section>
      <p className="hint">{t("events.guest.privacy")}</p>
    </section>
  );
}
