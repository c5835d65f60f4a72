import { formatDate, formatTime, zoneName } from "~/i18n/format";
import type { Locale } from "~/i18n/types";
import { addDays, localDate } from "~/lib/zoned-time";

// "When" of an event as people read it: LV "11.12.2026. plkst. 14.00–17.00 (EET)", EN "11 Dec 2026, 14:00–17:00 (EET)"
// (docs/domain.md "Dates and times"), always naming the zone, in the viewer's zone (everyone's is Europe/Riga for now).

export interface EventTimes {
  startsAt: string | Date;
  endsAt: string | Date;
  timeZone: string;
  allDay: boolean;
}

/** EET/EEST in Riga; elsewhere the zone's short name (CET, GMT+5 …). */
export function zoneLabel(instant: Date | string, tz: string): string {
  return zoneName(instant, tz);
}

function at(instant: Date | string, locale: Locale, tz: string): string {
  return locale === "lv" ? `plkst. ${formatTime(instant, locale, tz)}` : formatTime(instant, locale, tz);
}

/** Start–end in zone `tz`, with the zone named (`zoneText` may dress the label: "Riga time, EET"). */
export function formatEventWhen(e: EventTimes, locale: Locale, tz: string, zoneText: (label: string) => string = (l) => l): string {
  if (e.allDay) {
    // All-day events are dates in the event's own zone; the stored end is the next midnight (exclusive).
    const first = localDate(e.startsAt, e.timeZone);
    const last = addDays(localDate(e.endsAt, e.timeZone), -1);
    const d = (x: string) => formatDate(new Date(`${x}T12:00:00Z`), locale, "UTC");
    return first >= last ? d(first) : `${d(first)}–${d(last)}`;
  }
  const zs = zoneText(zoneLabel(e.startsAt, tz));
  const ze = zoneText(zoneLabel(e.endsAt, tz));
  const sameDay = localDate(e.startsAt, tz) === localDate(e.endsAt, tz);
  const dateS = formatDate(e.startsAt, locale, tz);
  const sep = locale === "lv" ? " " : ", ";
  if (sameDay) {
    if (zs === ze) return `${dateS}${sep}${at(e.startsAt, locale, tz)}–${formatTime(e.endsAt, locale, tz)} (${zs})`;
    return `${dateS}${sep}${at(e.startsAt, locale, tz)} (${zs})–${formatTime(e.endsAt, locale, tz)} (${ze})`;
  }
  return `${dateS}${sep}${at(e.startsAt, locale, tz)} (${zs}) – ${formatDate(e.endsAt, locale, tz)}${sep}${at(e.endsAt, locale, tz)} (${ze})`;
}

/** Start only: LV "11.12.2026. plkst. 14.00", EN "11 Dec 2026, 14:00" (subject lines and lists). */
export function formatEventStart(e: EventTimes, locale: Locale, tz: string): string {
  if (e.allDay) return formatDate(new Date(`${localDate(e.startsAt, e.timeZone)}T12:00:00Z`), locale, "UTC");
  const sep = locale === "lv" ? " " : ", ";
  return `${formatDate(e.startsAt, locale, tz)}${sep}${at(e.startsAt, locale, tz)}`;
}
