import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { DiscussionPreview, EventAbout, EventFacts, RsvpCard, WhoIsGoing } from "~/components/events/event-page";
import { CancelCard, PublishCard } from "~/components/events/lifecycle";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { parseForm } from "~/modules/forms";
import { readUpload } from "~/modules/files/upload.server";
import { LIBRARY_INTENTS, libraryIntent, libraryView } from "~/modules/files/library.server";
import { FileLibrary } from "~/components/files";
import { actionError } from "~/modules/forms.server";
import { accessOr404, changeEventStatus, eventPageFacts, eventThread, goingPeople } from "~/modules/events/events.server";
import { LifecycleSchema } from "~/modules/events/input.server";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";
import { agendaOf, countsOf } from "~/modules/events/load.server";
import { rsvp, waitlistPlace } from "~/modules/events/rsvp.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import { postsAfter } from "~/modules/threads/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.events.slug", data ? data.title : undefined)];

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
    audience: counts.going + counts.maybe + counts.waitlisted + counts.invited,
    going,
    my: mine ? { status: mine.status, place } : null,
    may: a.may,
    full: e.capacity !== null && counts.going >= e.capacity,
    thread: thread ? { id: thread.id, postCount: thread.post_count } : null,
    posts,
    feed: token ? feedUrls(context.config.appOrigin, token).mine : null,
    materials: await libraryView(context, viewer, { owner: "event", event: a.facts }, e.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  const upload = await readUpload(context, viewer, request, { maxFields: 8 * 1024 });
  const form = upload.form;
  const intent = String(form.get("intent") ?? "");
  if ((LIBRARY_INTENTS as readonly string[]).includes(intent)) {
    // Materials (agenda, slides): the organisers add them, for everyone who sees the event or its participants only.
    try {
      const done = await libraryIntent(context, viewer, { owner: "event", event: a.facts }, a.event.id, upload);
      return redirect(`/events/${a.event.slug}?files=${done}#materials`);
    } catch (err) {
      return actionError(err, { intent });
    } finally {
      await upload.discard();
    }
  }
  await upload.discard();
  try {
    if (intent === "rsvp") {
      const r = await rsvp(context, viewer, a.event.id, form.get("answer"));
      return redirect(`/events/${a.event.slug}?done=${r.status}#rsvp`);
    }
    // Publish and cancel for the draft's organisers (the same forms as on the edit page; publishEvent and
    // cancelEvent demand event.manage).
    const parsed = parseForm(form, LifecycleSchema);
    if (!parsed.ok) throw new ActionError(400, "error.400.title");
    const done = await changeEventStatus(context, viewer, a.event.id, parsed.data);
    return redirect(`/events/${a.event.slug}?done=${done}`);
  } catch (err) {
    return actionError(err, { intent });
  }
}

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
  const [params] = useSearchParams();
  const done = params.get("done");
  const here = `/events/${d.slug}`;
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
        {d.may.rsvp ? (
          // On a phone the answer buttons sit below the facts: one tap takes the person there (a router link, so the
          // router's scroll restoration scrolls to it instead of undoing a native jump).
          <p className="phone-only">
            <Link to="#rsvp" className="button small">
              {t("events.rsvp.jump")}
            </Link>
          </p>
        ) : null}
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {d.status === "cancelled" ? <p className="notice">{t("events.cancelled.notice")}</p> : null}
        {d.status === "draft" ? <p className="notice">{t("events.draft.notice")}</p> : null}
        {d.status === "draft" && d.may.manage ? (
          <div className="draft-actions">
            <PublishCard status={d.status} audience={d.audience} />
            <CancelCard status={d.status} audience={d.audience} />
          </div>
        ) : null}

        <EventFacts d={d} />

        <RsvpCard d={d} />

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

        <EventAbout d={d} />

        <WhoIsGoing d={d} />
      </section>

      {d.materials && (d.materials.files.length > 0 || d.materials.canUpload) ? (
        <FileLibrary id="materials" title={t("files.materials.title")} empty={t("files.materials.empty")} view={d.materials} participantsOption done={params.get("files")} />
      ) : null}

      <DiscussionPreview d={d} here={here} />
    </div>
  );
}
