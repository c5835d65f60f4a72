import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { pickTitle } from "~/components/events";
import { formatDate, formatTime } from "~/i18n/format";
import { TIME_ZONE } from "~/i18n/types";
import { requireMember } from "~/modules/auth/guards.server";
import { eventsBetween } from "~/modules/events/events.server";
import { addDays, daysInMonth, localDate, monthKey, parseMonth, shiftMonth, wallClock, zonedInstant } from "~/lib/zoned-time";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.events.calendar")];

// docs/domain.md "Dates and times": month and weekday names (lowercase in Latvian running text; capitalised here as table labels);
// the week starts on Monday.
const MONTHS = {
  lv: ["janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};
const WEEKDAYS = {
  lv: ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};
const WEEKDAYS_SHORT = {
  lv: ["P", "O", "T", "C", "Pk", "S", "Sv"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const url = new URL(request.url);
  const today = localDate(new Date(), TIME_ZONE);
  const m = parseMonth(url.searchParams.get("month")) ?? { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
  const first = `${monthKey(m.year, m.month)}-01`;
  const days = daysInMonth(m.year, m.month);
  const from = zonedInstant(first, "00:00", TIME_ZONE).instant;
  const to = zonedInstant(addDays(first, days), "00:00", TIME_ZONE).instant;
  const events = await eventsBetween(context.db, viewer, from, to);
  return {
    year: m.year,
    month: m.month,
    today,
    prev: monthKey(shiftMonth(m.year, m.month, -1).year, shiftMonth(m.year, m.month, -1).month),
    next: monthKey(shiftMonth(m.year, m.month, 1).year, shiftMonth(m.year, m.month, 1).month),
    events: events.map((e) => ({
      slug: e.slug,
      titleLv: e.titleLv,
      titleEn: e.titleEn,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      allDay: e.allDay,
      timeZone: e.timeZone,
      status: e.status,
    })),
  };
}

export default function EventCalendar() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const first = `${monthKey(d.year, d.month)}-01`;
  const days = daysInMonth(d.year, d.month);
  const lead = wallClock(new Date(`${first}T12:00:00Z`), "UTC").weekday; // Monday = 0
  const cells: (string | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => addDays(first, i))];
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  // An event shows on every day it covers (in Riga time); all-day events by their own dates.
  const onDay = (day: string) =>
    d.events.filter((e) => {
      const tz = e.allDay ? e.timeZone : TIME_ZONE;
      const s = localDate(e.startsAt, tz);
      const end = new Date(new Date(e.endsAt).getTime() - 1);
      return s <= day && day <= localDate(end, tz);
    });
  const title = locale === "lv" ? `${d.year}. gada ${MONTHS.lv[d.month - 1]}` : `${MONTHS.en[d.month - 1]} ${d.year}`;
  return (
    <section className="page event-calendar">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("events.calendar.title")}</h1>
        <nav className="button-row" aria-label={t("events.calendar.months")}>
          <Link to={`/events/calendar?month=${d.prev}`} className="button secondary small" rel="prev">
            ← {t("events.calendar.prev")}
          </Link>
          <Link to={`/events/calendar?month=${d.next}`} className="button secondary small" rel="next">
            {t("events.calendar.next")} →
          </Link>
        </nav>
      </div>
      <div className="table-wrap">
        <table className="month">
          <caption>{title}</caption>
          <thead>
            <tr>
              {WEEKDAYS[locale].map((w, i) => (
                <th key={w} scope="col">
                  <abbr title={w}>{WEEKDAYS_SHORT[locale][i]}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, wi) => (
              <tr key={wi}>
                {week.map((day, di) => {
                  if (!day) return <td key={di} className="empty" />;
                  const list = onDay(day);
                  const n = Number(day.slice(8, 10));
                  return (
                    <td key={day} className={day === d.today ? "today" : undefined} aria-current={day === d.today ? "date" : undefined}>
                      <span className="day-number" aria-hidden="true">
                        {n}
                      </span>
                      <span className="visually-hidden">{formatDate(new Date(`${day}T12:00:00Z`), locale, "UTC")}</span>
                      {list.length ? (
                        <ul className="day-events">
                          {list.map((e) => (
                            <li key={e.slug} className={e.status === "cancelled" ? "cancelled" : undefined}>
                              <Link to={`/events/${e.slug}`}>
                                {`${!e.allDay && localDate(e.startsAt, TIME_ZONE) === day ? `${formatTime(e.startsAt, locale)} ` : ""}${pickTitle(locale, e.titleLv, e.titleEn)}${
                                  e.status === "cancelled" ? ` (${t("events.status.cancelled")})` : ""
                                }`}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("events.calendar.zoneNote")}</p>
    </section>
  );
}
