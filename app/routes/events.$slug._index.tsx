import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice } from "~/components/forms";
import { EventWhen, Places, pickTitle } from "~/components/events";
import { PostBody } from "~/components/threads";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { accessOr404, eventPageFacts, eventThread, goingPeople } from "~/modules/events/events.server";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";
import { agendaOf, countsOf } from "~/modules/events/load.server";
import { rsvp, waitlistPlace } from "~/modules/events/rsvp.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import { postsAfter } from "~/modules/threads/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Pasākumi · Events` : "Pasākums · Event" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  const e = a.event;
  const locale = viewer.locale;
  const [counts, agenda, going, thread, token, { group, organiser, mine }] = await Promise.all([
    countsOf(context.db, e.id),
    agendaOf(context.db, e.id),
    a.may.seeAttendees ? goingPeople(context.db, e.id) : null,
    eventThread(context.db, e.id),
    currentFeedToken(context.db, context.config, viewer.id),
    eventPageFacts(context.db, viewer, a),
  ]);
  const place = mine?.status === "waitlisted" ? await waitlistPlace(context.db, e.id, mine.waitlist_pos) : null;
  const posts = thread && thread.last_seq > 0 ? await postsAfter(context.db, thread.id, Math.max(0, thread.last_seq - 3)) : [];
  const desc = locale === "lv" ? e.description_lv || e.description_en : e.description_en || e.description_lv;
  const descLang: "lv" | "en" | null = (locale === "lv" ? !e.description_lv && e.description_en : !e.description_en && e.description_lv) ? (locale === "lv" ? "en" : "lv") : null;
  return {
    id: e.id,
    slug: e.slug,
    title: pickTitle(locale, e.title_lv, e.title_en),
    titleOther: locale === "lv" ? e.title_en : e.title_lv,
    type: e.type,
    status: e.status,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    timeZone: e.time_zone,
    allDay: e.all_day,
    venue: e.venue,
    onlineUrl: a.may.seeOnline ? e.online_url : null,
    hasOnline: !!e.online_url,
    capacity: e.capacity,
    deadline: e.registration_deadline?.toISOString() ?? null,
    language: e.language,
    visibility: e.visibility,
    descriptionHtml: desc ? renderMarkdown(desc) : "",
    descriptionLang: descLang,
    agenda,
    group: group ? { slug: group.slug, name: pickTitle(locale, group.nameLv, group.nameEn) } : null,
    organiser,
    counts,
    going,
    my: mine ? { status: mine.status, place } : null,
    may: a.may,
    full: e.capacity !== null && counts.going >= e.capacity,
    thread: thread ? { id: thread.id, postCount: thread.post_count } : null,
    posts,
    feed: token ? feedUrls(context.config.appOrigin, token).mine : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  const form = await readForm(request, 8 * 1024);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "rsvp") {
      const r = await rsvp(context, viewer, a.event.id, form.get("answer"));
      return redirect(`/events/${a.event.slug}?done=${r.status}#rsvp`);
    }
    throw new ActionError(400, "error.400.title");
  } catch (err) {
    if (err instanceof ActionError) return data({ error: err.key, vars: err.vars }, { status: err.status });
    throw err;
  }
}

/** "14:00" as LV "14.00" / EN "14:00" (domain.md §6.2). */
const clock = (hhmm: string, locale: "lv" | "en") => (locale === "lv" ? hhmm.replace(":", ".") : hhmm);

const DONE: Record<string, Parameters<ReturnType<typeof useT>>[0]> = {
  created: "events.done.created",
  published: "events.done.published",
  updated: "events.done.updated",
  notified: "events.done.notified",
  saved: "events.done.saved",
  cancelled: "events.done.cancelled",
  going: "events.done.going",
  waitlisted: "events.done.waitlisted",
  maybe: "events.done.maybe",
  declined: "events.done.declined",
};

export default function EventPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const here = `/events/${d.slug}`;
  const answered = d.my?.status;
  return (
    <div className="event-page">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link>
      </p>
      <section className="page" aria-labelledby="event-h">
        <div className="page-head">
          <h1 id="event-h">{d.title}</h1>
          {d.may.manage ? (
            <div className="button-row">
              <Link to={`${here}/edit`} className="button secondary small">
                {t("events.edit")}
              </Link>
              <Link to={`${here}/manage`} className="button secondary small">
                {t("events.manage.title")}
              </Link>
              <Link to={`${here}/checkin`} className="button secondary small">
                {t("events.checkin.title")}
              </Link>
            </div>
          ) : null}
        </div>
        {d.titleOther && d.titleOther !== d.title ? (
          <p className="muted" lang={locale === "lv" ? "en" : "lv"}>
            {d.titleOther}
          </p>
        ) : null}
        <p className="button-row">
          <span className="badge">{t(`events.type.${d.type}`)}</span>
          {d.status !== "published" ? <span className={`badge status-${d.status}`}>{t(`events.status.${d.status}`)}</span> : null}
          <span className="badge">{t(`events.visibility.${d.visibility}`)}</span>
        </p>
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {d.status === "cancelled" ? <p className="notice">{t("events.cancelled.notice")}</p> : null}
        {d.status === "draft" ? <p className="notice">{t("events.draft.notice")}</p> : null}

        <dl className="facts event-facts">
          <dt>{t("events.when")}</dt>
          <dd>
            <EventWhen e={d} />
          </dd>
          <dt>{t("events.where")}</dt>
          <dd>
            {d.venue || (d.hasOnline ? t("events.onlineOnly") : t("events.venueTba"))}
            {d.onlineUrl ? (
              <>
                <br />
                {t("events.onlineLink")}:{" "}
                <a href={d.onlineUrl} rel="noopener noreferrer" target="_blank">
                  {d.onlineUrl}
                </a>
              </>
            ) : d.hasOnline ? (
              <>
                <br />
                <span className="muted">{t("events.onlineForRegistrants")}</span>
              </>
            ) : null}
          </dd>
          <dt>{t("events.language")}</dt>
          <dd>{t(`events.language.${d.language}`)}</dd>
          {d.group ? (
            <>
              <dt>{t("events.hostGroup")}</dt>
              <dd>
                <Link to={`/groups/${d.group.slug}`}>{d.group.name}</Link>
              </dd>
            </>
          ) : null}
          {d.organiser ? (
            <>
              <dt>{t("events.organiser")}</dt>
              <dd>
                <Link to={`/directory/people/${d.organiser.id}`}>{d.organiser.name}</Link>
              </dd>
            </>
          ) : null}
          {d.deadline ? (
            <>
              <dt>{t("events.deadline")}</dt>
              <dd>
                <time dateTime={d.deadline}>{formatDateTime(d.deadline, locale)}</time>
              </dd>
            </>
          ) : null}
          <dt>{t("events.going")}</dt>
          <dd>
            <Places going={d.counts.going} capacity={d.capacity} />
            {d.counts.waitlisted ? <span className="muted"> · {t("events.waitlistCount", { count: d.counts.waitlisted })}</span> : null}
          </dd>
        </dl>

        <section id="rsvp" className="card rsvp" aria-labelledby="rsvp-h">
          <h2 id="rsvp-h">{t("events.rsvp.title")}</h2>
          {result?.error ? <FormError code={result.error} vars={result.vars} /> : null}
          <p data-rsvp-status={answered ?? "none"}>
            {answered === "waitlisted" && d.my?.place
              ? t("events.rsvp.waitlisted", { place: d.my.place })
              : answered
                ? t(`events.rsvp.status.${answered}`)
                : t("events.rsvp.status.none")}
          </p>
          {d.may.rsvp ? (
            <Form method="post" className="button-row rsvp-buttons">
              <input type="hidden" name="intent" value="rsvp" />
              <button type="submit" name="answer" value="going" className="button" disabled={busy} aria-pressed={answered === "going" || answered === "waitlisted"}>
                {d.full && answered !== "going" ? t("events.rsvp.joinWaitlist") : t("events.rsvp.going")}
              </button>
              <button type="submit" name="answer" value="maybe" className="button secondary" disabled={busy} aria-pressed={answered === "maybe"}>
                {t("events.rsvp.maybe")}
              </button>
              <button type="submit" name="answer" value="declined" className="button secondary" disabled={busy} aria-pressed={answered === "declined"}>
                {t("events.rsvp.declined")}
              </button>
            </Form>
          ) : d.status === "published" ? (
            <p className="muted">{t("events.rsvp.closed")}</p>
          ) : null}
          {d.full && d.may.rsvp && answered !== "going" ? <p className="hint">{t("events.rsvp.fullHint")}</p> : null}
        </section>

        {d.status !== "draft" ? (
          <section className="add-to-calendar" aria-labelledby="cal-h">
            <h2 id="cal-h">{t("events.addToCalendar")}</h2>
            <p className="button-row">
              <a href={`${here}/calendar.ics`} className="button secondary small" download>
                {t("events.downloadIcs")}
              </a>
              {d.feed ? (
                <a href={d.feed.webcal} className="button secondary small">
                  {t("events.feed.subscribe")}
                </a>
              ) : (
                <Link to="/settings/calendar" className="button secondary small">
                  {t("events.feed.create")}
                </Link>
              )}
            </p>
            <p className="hint">{t("events.addToCalendarHint")}</p>
          </section>
        ) : null}

        {d.descriptionHtml ? (
          <section aria-labelledby="about-h">
            <h2 id="about-h">{t("events.about")}</h2>
            <div className="event-description" lang={d.descriptionLang ?? undefined}>
              {d.descriptionLang ? <p className="muted">{t(`groups.fallback.${d.descriptionLang}`)}</p> : null}
              <PostBody html={d.descriptionHtml} />
            </div>
          </section>
        ) : null}

        {d.agenda.length ? (
          <section aria-labelledby="agenda-h">
            <h2 id="agenda-h">{t("events.agenda")}</h2>
            <ol className="list agenda">
              {d.agenda.map((item, i) => (
                <li key={i}>
                  {item.starts_at ? (
                    <span className="agenda-time">{`${clock(item.starts_at, locale)}${item.ends_at ? `–${clock(item.ends_at, locale)}` : ""}`}</span>
                  ) : null}{" "}
                  {pickTitle(locale, item.title_lv, item.title_en)}
                  {item.speaker ? <span className="muted"> · {item.speaker}</span> : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}

        <section aria-labelledby="going-h">
          <h2 id="going-h">{t("events.whoIsGoing")}</h2>
          <p>
            {t("events.counts", { going: d.counts.going, maybe: d.counts.maybe, waitlisted: d.counts.waitlisted })}
          </p>
          {d.going && d.going.people.length ? (
            <ul className="list going-list">
              {d.going.people.map((p) => (
                <li key={p.id}>
                  <Link to={`/directory/people/${p.id}`}>{p.name}</Link> <span className="muted">· {p.org}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {d.going && d.going.guests ? <p className="muted">{t("events.guestsGoing", { count: d.going.guests })}</p> : null}
        </section>
      </section>

      {d.thread ? (
        <section className="page" id="discussion" aria-labelledby="discussion-h">
          <div className="page-head">
            <h2 id="discussion-h">{t("events.discussion")}</h2>
            <Link to={`${here}/discussion`} className="button secondary small">
              {t("events.discussion.open", { count: d.thread.postCount })}
            </Link>
          </div>
          {d.posts.length === 0 ? <p className="muted">{t("events.discussion.none")}</p> : null}
          <ol className="posts">
            {d.posts.map((p) => (
              <li key={p.id} className={`post post-${p.state}`}>
                <p className="post-meta muted">
                  <Link to={`/directory/people/${p.author.id}`}>{p.author.name}</Link> · {formatDateTime(p.createdAt, locale)}
                </p>
                {p.state === "visible" ? <PostBody html={p.bodyHtml} /> : <p className="post-placeholder">{t(p.state === "deleted" ? "threads.post.deleted" : "threads.post.hidden")}</p>}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
