// Wall-clock arithmetic in IANA zones through Intl (shared by server and browser code: forms and pages use it).
// Rows store instants (timestamptz); forms, ICS and the seed need the local fields in a zone (Europe/Riga by default).

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Monday = 0 … Sunday = 6 */
  weekday: number;
}

/** The local date and time of an instant in a zone. */
export function wallClock(instant: Date | string | number, tz: string): WallClock {
  const ms = Math.floor(+new Date(instant) / 1000) * 1000;
  const p: Record<string, string> = {};
  for (const x of formatter(tz).formatToParts(new Date(ms))) if (x.type !== "literal") p[x.type] = x.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS[p.weekday] ?? 0,
  };
}

/** True for a zone Intl knows (IANA names such as Europe/Riga, Asia/Almaty). */
export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function offsetMs(instant: Date | number, tz: string): number {
  const ms = Math.floor(+instant / 1000) * 1000;
  const w = wallClock(ms, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDate(instant: Date | string, tz: string): string {
  const w = wallClock(instant, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** "HH:MM" of an instant in a zone. */
export function localTime(instant: Date | string, tz: string): string {
  const w = wallClock(instant, tz);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export function parseIsoDate(s: unknown): { y: number; m: number; d: number } | null {
  if (typeof s !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 1970 || y > 2200) return null;
  return { y, m: mo, d };
}

export function parseHhmm(s: unknown): { h: number; min: number } | null {
  if (typeof s !== "string") return null;
  const m = /^([01]\d|2[0-3])[:.]([0-5]\d)$/.exec(s);
  return m ? { h: Number(m[1]), min: Number(m[2]) } : null;
}

/** The date `n` days after "YYYY-MM-DD". */
export function addDays(date: string, n: number): string {
  const p = parseIsoDate(date);
  if (!p) throw new Error(`bad date ${date}`);
  return new Date(Date.UTC(p.y, p.m - 1, p.d) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant of a local date and wall-clock time in a zone, and whether that local time exists.
 * A repeated time (the autumn change) resolves to the first occurrence; a skipped one (the spring gap) is reported
 * with exists = false (the instant then moves forward by the gap).
 */
export function zonedInstant(date: string, hhmm: string, tz: string): { instant: Date; exists: boolean } {
  const p = parseIsoDate(date);
  const t = parseHhmm(hhmm);
  if (!p || !t) throw new Error(`bad local time ${date} ${hhmm}`);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, t.h, t.min);
  const before = offsetMs(asUtc - DAY_MS, tz);
  const after = offsetMs(asUtc + DAY_MS, tz);
  const candidates = [...new Set([before, after])]
    .map((o) => asUtc - o)
    .filter((x) => offsetMs(x, tz) === asUtc - x)
    .sort((a, b) => a - b);
  if (candidates.length) return { instant: new Date(candidates[0]), exists: true };
  return { instant: new Date(asUtc - before), exists: false };
}

/** "2026-11" → the first day and the number of days; null for anything else. */
export function parseMonth(s: unknown): { year: number; month: number } | null {
  if (typeof s !== "string") return null;
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 1970 || year > 2200) return null;
  return { year, month };
}

export function monthKey(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}`;
}

export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
  const i = year * 12 + (month - 1) + by;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The cluster's zone: forms are entered and dates shown in Riga time. */
export const RIGA = "Europe/Riga";

/** Today's calendar date "YYYY-MM-DD" in a zone (Riga by default). */
export function todayIn(tz: string = RIGA, now: Date = new Date()): string {
  return localDate(now, tz);
}

/** A `datetime-local` value ("2026-10-14T09:30") of an instant in a zone. */
export function toLocalInput(instant: Date | string, tz: string = RIGA): string {
  return `${localDate(instant, tz)}T${localTime(instant, tz)}`;
}

/** A `datetime-local` value in a zone → the instant; null when it is not one (a skipped local time moves forward). */
export function fromLocalInput(value: unknown, tz: string = RIGA): Date | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!m || !parseIsoDate(m[1]) || !parseHhmm(m[2])) return null;
  return zonedInstant(m[1], m[2], tz).instant;
}
