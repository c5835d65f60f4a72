import crypto from "node:crypto";
import { translator, type Locale } from "~/i18n";
import type { AttendanceStatus } from "#db/schema";
import { PARTSTAT } from "./constants";
import { addDays, localDate, wallClock } from "~/lib/zoned-time";
import type { EventSnapshot } from "./snapshot";

/**
 * iCalendar (RFC 5545) for invitations (iTIP REQUEST/CANCEL, RFC 5546), downloads (PUBLISH) and feeds (no METHOD).
 *
 * A small serializer of our own rather than ical-generator 10.2.0, because that version (the last on Node 20):
 * - writes TZID-qualified times from native Dates in the *server process's* zone (a probe with TZ=UTC printed
 *   `DTSTART;TZID=Europe/Riga:20261211T120000` for 14:00 Riga time);
 * - does not escape the calendar-level NAME / X-WR-CALNAME / DESCRIPTION (docs/requirements.md F1);
 * - backslash-escapes `"` inside CN (F4), which strict parsers reject;
 * - costs ~0.2 ms per event in feeds (docs/performance.md S5).
 * Every rule it has to follow is listed in docs/requirements.md CAL-1…CAL-14 and is tested in tests/events-ics.test.ts.
 */

export type IcsMethod = "REQUEST" | "CANCEL" | "PUBLISH" | "DECLINECOUNTER";

const CRLF = "\r\n";
const PRODID = "-//Life Science Cluster//Events 1.0//EN";

/**
 * TEXT value (CAL-2): backslash, semicolon, comma escaped; any line break → \n, including the Unicode ones (U+0085
 * NEL, U+2028, U+2029) that some parsers split lines on; other control characters (C0 and C1) dropped.
 */
export function escapeText(s: string): string {
  return s
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/**
 * A parameter value such as CN (CAL-3): always DQUOTE-quoted, so `;`, `:` and `,` are safe; `"` becomes `'` (a quoted
 * string cannot contain DQUOTE, and RFC 6868's ^' is not understood by every client); CR/LF become a space; `^` is
 * written `^^` (RFC 6868) so no client decodes a caret sequence that was never meant.
 */
export function paramValue(s: string): string {
  const clean = s
    .replace(/[\r\n\u0085\u2028\u2029]+/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/"/g, "'")
    .replace(/\^/g, "^^")
    .trim();
  return `"${clean}"`;
}

/** A mailto: URI for a validated address (no CR/LF, no spaces can reach it). */
function mailto(address: string): string {
  return `mailto:${address.replace(/[\s\u0000-\u001f\u007f-\u009f"<>]/g, "")}`;
}

/** A URI value (URL property): URIs are not TEXT, so no escaping, but nothing that could break a line. */
function uri(u: string): string {
  return u.replace(/[\s\u0000-\u001f\u007f-\u009f]/g, "");
}

/**
 * Folds one content line at 75 octets (CAL-1): continuation lines start with one space and carry at most 74 octets,
 * breaks fall between code points (never inside a UTF-8 sequence or a surrogate pair) and never between a backslash
 * and the character it escapes.
 */
export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line) <= 75) return line;
  const out: string[] = [];
  let current = "";
  let bytes = 0;
  let limit = 75;
  const chars = Array.from(line);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const len = ch.length === 1 ? (ch.charCodeAt(0) < 0x80 ? 1 : ch.charCodeAt(0) < 0x800 ? 2 : 3) : 4;
    // Keep an escape pair (\n, \\, \;, \,) together.
    const pair = ch === "\\" && i + 1 < chars.length ? 1 + Buffer.byteLength(chars[i + 1]) : len;
    if (bytes + pair > limit) {
      out.push(current);
      current = "";
      bytes = 0;
      limit = 74;
    }
    current += ch;
    bytes += len;
    if (ch === "\\" && i + 1 < chars.length) {
      i++;
      current += chars[i];
      bytes += Buffer.byteLength(chars[i]);
    }
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** 20251211T120000Z */
export function utcStamp(d: Date | string): string {
  const x = new Date(d);
  return `${pad(x.getUTCFullYear(), 4)}${pad(x.getUTCMonth() + 1)}${pad(x.getUTCDate())}T${pad(x.getUTCHours())}${pad(x.getUTCMinutes())}${pad(x.getUTCSeconds())}Z`;
}

function localStamp(d: Date | string, tz: string): string {
  const w = wallClock(d, tz);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** The zones we write with TZID (each with its VTIMEZONE); every other zone is written in UTC (CAL-6). */
export const VTIMEZONES: Record<string, string[]> = {
  // docs/domain.md "Time zones and calendar invitations": EU rule, DST from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
  "Europe/Riga": [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Riga",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "DTSTART:19700329T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "DTSTART:19701025T040000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
  ],
};

/** DTSTART/DTEND lines and the TZID they need (null when written in UTC or as dates). */
function timeLines(ev: Pick<EventSnapshot, "startsAt" | "endsAt" | "timeZone" | "allDay">): { lines: string[]; tzid: string | null } {
  if (ev.allDay) {
    const first = localDate(ev.startsAt, ev.timeZone).replace(/-/g, "");
    let end = localDate(ev.endsAt, ev.timeZone);
    if (end.replace(/-/g, "") <= first) end = addDays(localDate(ev.startsAt, ev.timeZone), 1);
    return { lines: [`DTSTART;VALUE=DATE:${first}`, `DTEND;VALUE=DATE:${end.replace(/-/g, "")}`], tzid: null };
  }
  if (VTIMEZONES[ev.timeZone]) {
    const tz = ev.timeZone;
    return { lines: [`DTSTART;TZID=${tz}:${localStamp(ev.startsAt, tz)}`, `DTEND;TZID=${tz}:${localStamp(ev.endsAt, tz)}`], tzid: tz };
  }
  return { lines: [`DTSTART:${utcStamp(ev.startsAt)}`, `DTEND:${utcStamp(ev.endsAt)}`], tzid: null };
}

export interface VeventOptions {
  locale: Locale;
  appOrigin: string;
  organizer: { name: string; email: string };
  /** DTSTAMP: the message's creation time, or the event's updated_at in feeds and downloads (CAL-5). */
  stamp: Date | string;
  /** Feeds: LAST-MODIFIED (= updated_at). */
  lastModified?: Date | string;
  /** The one recipient of an iTIP message (CAL-8); never set in feeds or downloads (CAL-14). */
  attendee?: { name: string; email: string; status: AttendanceStatus };
  /** false only for a CANCEL to one removed invitee (CAL-10). */
  includeStatus?: boolean;
  /** The online link is only for registrants and invitees. */
  showOnline: boolean;
  /** Feed marker in front of the summary ("[Invited] "). */
  mark?: string;
  /** Where the description's link points (a guest's personal RSVP page instead of the event page). */
  answerUrl?: string;
}

function pick(lv: string, en: string, locale: Locale): string {
  return locale === "lv" ? lv || en : en || lv;
}

/** The lines of one VEVENT, unfolded. */
export function veventLines(ev: EventSnapshot, o: VeventOptions): { lines: string[]; tzid: string | null } {
  const t = translator(o.locale);
  const url = `${o.appOrigin}/events/${ev.slug}`;
  const title = pick(ev.titleLv, ev.titleEn, o.locale);
  const description = pick(ev.descriptionLv, ev.descriptionEn, o.locale).trim();
  const online = o.showOnline && ev.onlineUrl ? ev.onlineUrl : null;
  const descParts = [o.mark ? o.mark.trim() : "", description, online ? `${t("events.ics.online")}: ${online}` : "", `${t("events.ics.answer")}: ${o.answerUrl ?? url}`].filter(Boolean);
  const location = [ev.venue.trim(), !ev.venue.trim() && online ? online : ""].filter(Boolean).join("");
  const { lines: times, tzid } = timeLines(ev);
  const lines = [
    "BEGIN:VEVENT",
    `UID:${ev.uid}`,
    `DTSTAMP:${utcStamp(o.stamp)}`,
    `SEQUENCE:${ev.sequence}`,
    ...times,
    `SUMMARY:${escapeText(`${o.mark ?? ""}${title}`)}`,
    `DESCRIPTION:${escapeText(descParts.join("\n\n"))}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `URL:${uri(url)}`,
    `ORGANIZER;CN=${paramValue(o.organizer.name)}:${mailto(o.organizer.email)}`,
    ...(o.attendee ? [`ATTENDEE;CN=${paramValue(o.attendee.name || o.attendee.email)};ROLE=REQ-PARTICIPANT;PARTSTAT=${PARTSTAT[o.attendee.status]};RSVP=TRUE:${mailto(o.attendee.email)}`] : []),
    ...(o.includeStatus === false ? [] : [`STATUS:${ev.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`]),
    ...(o.lastModified ? [`LAST-MODIFIED:${utcStamp(o.lastModified)}`] : []),
    "END:VEVENT",
  ];
  return { lines, tzid };
}

/** Folded text of one VEVENT, ending in CRLF. */
export function veventText(ev: EventSnapshot, o: VeventOptions): { text: string; tzid: string | null } {
  const { lines, tzid } = veventLines(ev, o);
  return { text: lines.map(foldLine).join(CRLF) + CRLF, tzid };
}

export interface CalendarOptions {
  method?: IcsMethod;
  /** Feed name (NAME + X-WR-CALNAME) and description: escaped here, unlike ical-generator (F1). */
  name?: string;
  description?: string;
  /** Feeds: REFRESH-INTERVAL + X-PUBLISHED-TTL (CAL-14). */
  refresh?: boolean;
}

/** A VCALENDAR around already folded VEVENT blocks, with one VTIMEZONE per TZID used (CAL-6). */
export function calendarText(vevents: string[], tzids: Iterable<string | null>, o: CalendarOptions): string {
  const head = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    ...(o.method ? [`METHOD:${o.method}`] : []),
    ...(o.name ? [`NAME:${escapeText(o.name)}`, `X-WR-CALNAME:${escapeText(o.name)}`] : []),
    ...(o.description ? [`DESCRIPTION:${escapeText(o.description)}`, `X-WR-CALDESC:${escapeText(o.description)}`] : []),
    ...(o.refresh ? ["REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"] : []),
  ];
  const zones = [...new Set([...tzids].filter((z): z is string => !!z && !!VTIMEZONES[z]))].sort();
  const tzLines = zones.flatMap((z) => VTIMEZONES[z]);
  return [...head, ...tzLines].map(foldLine).join(CRLF) + CRLF + vevents.join("") + "END:VCALENDAR" + CRLF;
}

/** One invitation, update, cancellation or reminder: METHOD + one VEVENT with the recipient as the one ATTENDEE. */
export function messageIcs(ev: EventSnapshot, method: "REQUEST" | "CANCEL" | "DECLINECOUNTER", o: VeventOptions): string {
  const v = veventText(ev, o);
  return calendarText([v.text], [v.tzid], { method });
}

/** "Add to calendar": METHOD:PUBLISH, ORGANIZER, no ATTENDEE, same UID and SEQUENCE as the invitations. */
export function downloadIcs(ev: EventSnapshot, o: Omit<VeventOptions, "attendee" | "includeStatus">): string {
  const v = veventText(ev, { ...o, attendee: undefined });
  return calendarText([v.text], [v.tzid], { method: "PUBLISH" });
}

export function etagOf(parts: string): string {
  return `"${crypto.createHash("sha256").update(parts).digest("base64url").slice(0, 32)}"`;
}
