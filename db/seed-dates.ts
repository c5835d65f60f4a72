// Demo dates relative to the day the seed runs (domain.md §7 "Principles" and §7.9).
// D0 = the Monday of the current week in Europe/Riga; every seeded date is D0 + n days at a local wall-clock time in
// an IANA zone, converted to the right UTC instant (EET/EEST and every other zone's DST handled through Intl).

export const SEED_ZONE = "Europe/Riga";

export interface SeedDates {
  /** The zone D0 is computed in (Europe/Riga). */
  zone: string;
  /** D0 as a calendar date, "YYYY-MM-DD" (always a Monday). */
  d0: string;
  /** The calendar date D0 + n days, "YYYY-MM-DD" (for date-only columns such as deadlines). */
  date(dayOffset: number): string;
  /**
   * The instant of local time `hhmm` ("HH:MM", 24-hour) on D0 + dayOffset in `tz`.
   * A time that happens twice (the autumn change) resolves to the first one; a time that does not exist (the spring
   * gap) moves forward by the gap, e.g. 03:30 on the last Sunday of March in Riga → 04:30 EEST.
   */
  at(dayOffset: number, hhmm: string, tz?: string): Date;
}

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
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, tz: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (Riga: +2 h in winter, +3 h in summer). */
export function zoneOffsetMs(instant: Date | number, tz: string): number {
  const ms = Math.floor(+instant / 1000) * 1000;
  const w = wallClock(ms, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function parseTime(hhmm: string): { h: number; min: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`expected a time HH:MM (00:00–23:59), got ${JSON.stringify(hhmm)}`);
  return { h: Number(m[1]), min: Number(m[2]) };
}

/** The UTC instant of a local date and wall-clock time in an IANA zone. */
export function zonedTime(date: string, hhmm: string, tz: string = SEED_ZONE): Date {
  const { y, m, d } = parseDate(date);
  const { h, min } = parseTime(hhmm);
  const asUtc = Date.UTC(y, m - 1, d, h, min);
  // The offsets in force a day either side cover every transition (no zone changes twice within two days).
  const before = zoneOffsetMs(asUtc - DAY_MS, tz);
  const after = zoneOffsetMs(asUtc + DAY_MS, tz);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((t) => zoneOffsetMs(t, tz) === asUtc - t)
    .sort((a, b) => a - b);
  // Two candidates: a repeated hour, take the first. None: a skipped hour, keep the earlier offset (moves forward).
  return new Date(candidates.length ? candidates[0] : asUtc - before);
}

function isoDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

/** D0 (the Monday of the week `now` falls in, in Europe/Riga) and helpers for D0 + n days. */
export function seedDates(now: Date, zone: string = SEED_ZONE): SeedDates {
  const w = wallClock(+now, zone);
  const today = Date.UTC(w.year, w.month - 1, w.day);
  const weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday = 0 … Sunday = 6
  const d0Ms = today - weekday * DAY_MS;
  const date = (dayOffset: number) => {
    if (!Number.isInteger(dayOffset)) throw new Error(`day offset must be a whole number, got ${dayOffset}`);
    return isoDate(d0Ms + dayOffset * DAY_MS);
  };
  return {
    zone,
    d0: isoDate(d0Ms),
    date,
    at: (dayOffset, hhmm, tz = zone) => zonedTime(date(dayOffset), hhmm, tz),
  };
}
