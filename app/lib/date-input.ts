// Typed dates and times in forms (shared by server and browser code; pure).
// Native <input type="date|time|datetime-local"> follow the browser's language, not the page's (a Latvian page in an
// en-US browser shows mm/dd/yyyy and AM/PM), so forms use plain text inputs in the page's format:
//   lv: date "14.10.2026." (trailing dot optional), time "14.00", date and time "14.10.2026. 14.00"
//   en: date "14/10/2026", time "14:00", date and time "14/10/2026 14:00"
// Either language also accepts ISO ("2026-10-14", "14:00", "2026-10-14T14:00"), the other separators (. / -),
// digits only ("14102026", "1400": phone number pads have no punctuation) and "plkst." before a time.
// Parsers return ISO strings (what the forms' schemas and the database work with), or null.

import type { Locale } from "~/i18n/types";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function realDate(y: number, m: number, d: number): string | null {
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** "14.10.2026." / "14/10/2026" / "14-10-2026" / "2026-10-14" / "14102026" → "2026-10-14"; null when not a real date. */
export function parseDateInput(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const s = value.trim().replace(/\s+/g, "");
  if (s.length > 12) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})\.?$/.exec(s);
  if (m) return realDate(Number(m[4]), Number(m[3]), Number(m[1]));
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** "14.00" / "14:00" / "9.30" / "1400" / "plkst. 14.00" → "14:00"; null when not a 24-hour time. AM/PM is refused. */
export function parseTimeInput(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const s = value
    .trim()
    .replace(/^plkst\.?\s*/i, "")
    .trim();
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

/** A date and a time in one field ("14.10.2026. 14.00", "14/10/2026 14:00", "2026-10-14T14:00") → "2026-10-14T14:00". */
export function parseDateTimeInput(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const s = value.trim();
  if (s.length > 40) return null;
  const m = /^(\S+?)(?:\s*,\s*|\s+|T)(?:plkst\.?\s*)?(\d{1,2}[:.]\d{2}|\d{4})(?::\d{2})?$/i.exec(s);
  if (!m) return null;
  const date = parseDateInput(m[1]);
  const time = parseTimeInput(m[2]);
  return date && time ? `${date}T${time}` : null;
}

/** For a zod preprocess: the ISO date when the value reads as one, else the value unchanged (the schema then refuses it). */
export function normaliseDate(value: unknown): unknown {
  return parseDateInput(value) ?? value;
}

export function normaliseTime(value: unknown): unknown {
  return parseTimeInput(value) ?? value;
}

export function normaliseDateTime(value: unknown): unknown {
  return parseDateTimeInput(value) ?? value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2})$/;
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/;

/** "2026-10-14" in the page's input format (lv "14.10.2026.", en "14/10/2026"); anything else (what someone typed) as it is. */
export function formatDateInput(value: string | undefined, locale: Locale): string {
  if (!value) return "";
  const m = ISO_DATE.exec(value);
  if (!m) return value;
  return locale === "lv" ? `${m[3]}.${m[2]}.${m[1]}.` : `${m[3]}/${m[2]}/${m[1]}`;
}

/** "14:00" in the page's input format (lv "14.00", en "14:00"); anything else as it is. */
export function formatTimeInput(value: string | undefined, locale: Locale): string {
  if (!value) return "";
  const m = ISO_TIME.exec(value);
  if (!m) return value;
  return locale === "lv" ? `${m[1]}.${m[2]}` : `${m[1]}:${m[2]}`;
}

/** "2026-10-14T14:00" in the page's input format (lv "14.10.2026. 14.00", en "14/10/2026 14:00"); anything else as it is. */
export function formatDateTimeInput(value: string | undefined, locale: Locale): string {
  if (!value) return "";
  const m = ISO_DATETIME.exec(value);
  if (!m) return value;
  return `${formatDateInput(m[1], locale)} ${formatTimeInput(m[2], locale)}`;
}
