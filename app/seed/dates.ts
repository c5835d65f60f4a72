// Demo dates relative to the day the seed runs (docs/domain.md, "Seed dates (D0)" and "Seed offsets").
// D0 = the Monday of the current week in Europe/Riga; every seeded date is D0 + n days at a local wall-clock time in
// an IANA zone, converted to the right UTC instant by ~/lib/zoned-time (DST handled through Intl).
import { addDays, parseHhmm, RIGA, wallClock, zonedInstant } from "~/lib/zoned-time";

export const SEED_ZONE = RIGA;

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

/** The instant of a local date and "HH:MM" in a zone (the seed's own times are written strictly as HH:MM). */
export function seedInstant(date: string, hhmm: string, tz: string = SEED_ZONE): Date {
  if (!/^\d{2}:\d{2}$/.test(hhmm) || !parseHhmm(hhmm)) throw new Error(`expected a time HH:MM (00:00–23:59), got ${JSON.stringify(hhmm)}`);
  return zonedInstant(date, hhmm, tz).instant;
}

/** D0 (the Monday of the week `now` falls in, in Europe/Riga) and helpers for D0 + n days. */
export function seedDates(now: Date, zone: string = SEED_ZONE): SeedDates {
  const w = wallClock(now, zone);
  const today = `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
  const d0 = addDays(today, -w.weekday); // weekday: Monday = 0 … Sunday = 6
  const date = (dayOffset: number) => {
    if (!Number.isInteger(dayOffset)) throw new Error(`day offset must be a whole number, got ${dayOffset}`);
    return addDays(d0, dayOffset);
  };
  return { zone, d0, date, at: (dayOffset, hhmm, tz = zone) => seedInstant(date(dayOffset), hhmm, tz) };
}
