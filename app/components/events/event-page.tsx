import { RsvpButtons } from "~/components/events/rsvp-buttons";
// The sections of an event's page (/events/:slug): the facts, the RSVP card, the description and agenda, who is going,
// and the newest posts of the discussion.
import { Link, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { EventWhen, Places, pickTitle } from "~/components/events";
import { PostBody } from "~/components/threads";
import { formatDateTime } from "~/i18n/format";
import type { AttendanceStatus, EventLanguage, EventStatus } from "~/modules/events/constants";
import type { EventTimes } from "~/modules/events/format";
import type { PostDto } from "~/modules/threads/dto";

/** "14:00" as LV "14.00" / EN "14:00" (docs/domain.md "Dates and times"). */
const clock = (hhmm: string, locale: "lv" | "en") => (locale === "lv" ? hhmm.replace(":", ".") : hhmm);

interface Counts {
  going: number;
  maybe: number;
  waitlisted: number;
}

export interface EventFactsData extends EventTimes {
  venue: string;
  onlineUrl: string | null;
  hasOnline: boolean;
  language: EventLanguage;
  group: { slug: string; name: string } | null;
  organiser: { id: string; name: string } | null;
  deadline: string | null;
  capacity: number | null;
  counts: Counts;
}

/** When, where, language, host group, organiser, deadline and places. */
export function EventFacts({ d }: { d: EventFactsData }) {
  const t = useT();
  const locale = useLocale();
  return (
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
  );
}

export interface RsvpData {
  status: EventStatus;
  full: boolean;
  may: { rsvp: boolean };
  my: { status: AttendanceStatus; place: number | null } | null;
}

/** The viewer's answer and the three buttons (going — or the waitlist when full —, maybe, declined). */
export function RsvpCard({ d }: { d: RsvpData }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { error, intent } = useActionError();
  const answered = d.my?.status;
  return (
    <section id="rsvp" className="card rsvp" aria-labelledby="rsvp-h">
      <h2 id="rsvp-h">{t("events.rsvp.title")}</h2>
      <FormError error={intent === "publish" || intent === "cancel" ? null : error} />
      <p data-rsvp-status={answered ?? "none"}>
        {answered === "waitlisted" && d.my?.place ? t("events.rsvp.waitlisted", { place: d.my.place }) : answered ? t(`events.rsvp.status.${answered}`) : t("events.rsvp.status.none")}
      </p>
      {d.may.rsvp ? <RsvpButtons answered={answered} full={d.full} busy={busy} intent="rsvp" /> : d.status === "published" ? <p className="muted">{t("events.rsvp.closed")}</p> : null}
      {d.full && d.may.rsvp && answered !== "going" ? <p className="hint">{t("events.rsvp.fullHint")}</p> : null}
    </section>
  );
}

export interface AboutData {
  descriptionHtml: string;
  descriptionLang: "lv" | "en" | null;
  agenda: { starts_at: string | null; ends_at: string | null; title_lv: string; title_en: string; speaker: string }[];
}

/** The description (in the other language, marked, when the viewer's is empty) and the agenda. */
export function EventAbout({ d }: { d: AboutData }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
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
                {item.starts_at ? <span className="agenda-time">{`${clock(item.starts_at, locale)}${item.ends_at ? `–${clock(item.ends_at, locale)}` : ""}`}</span> : null}{" "}
                {pickTitle(locale, item.title_lv, item.title_en)}
                {item.speaker ? <span className="muted"> · {item.speaker}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

export interface GoingData {
  counts: Counts;
  going: { people: { id: string; name: string; org: string }[]; guests: number } | null;
}

/** The counts, and the names of members going for those who may see them. */
export function WhoIsGoing({ d }: { d: GoingData }) {
  const t = useT();
  return (
    <section aria-labelledby="going-h">
      <h2 id="going-h">{t("events.whoIsGoing")}</h2>
      <p>{t("events.counts", { going: d.counts.going, maybe: d.counts.maybe, waitlisted: d.counts.waitlisted })}</p>
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
  );
}

export interface DiscussionData {
  thread: { id: string; postCount: number } | null;
  posts: PostDto[];
}

/** The newest posts of the event's discussion and a link to all of it. */
export function DiscussionPreview({ d, here }: { d: DiscussionData; here: string }) {
  const t = useT();
  const locale = useLocale();
  if (!d.thread) return null;
  return (
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
  );
}
