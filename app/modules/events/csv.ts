import type { Locale, T } from "~/i18n";
import { formatDateTime } from "~/i18n/format";
import { toCsv } from "~/lib/csv";
import type { AttendeeRow } from "./invitations.server";

// The attendee list for organisers as CSV: the rows are the event's; the file format (BOM, `;`, CRLF, quoting,
// formula safety) is ~/lib/csv's, the one convention for every export (the campaign ledger's too), with the header
// row, the statuses and the dates in the viewer's language.

export function attendeesCsv(rows: readonly AttendeeRow[], opts: { locale: Locale; t: T }): string {
  const { t, locale } = opts;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale) : "");
  return toCsv(
    [
      t("events.csv.name"),
      t("events.csv.organisation"),
      t("events.csv.email"),
      t("events.csv.status"),
      t("events.csv.waitlist"),
      t("events.csv.guest"),
      t("events.csv.answered"),
      t("events.csv.checkedIn"),
      t("events.csv.delivery"),
    ],
    rows.map((r) => [
      r.name,
      r.org,
      r.email,
      t(`events.attendance.${r.status}`),
      r.waitlistPos,
      r.guest ? t("events.csv.yes") : "",
      when(r.respondedAt),
      when(r.checkedInAt),
      r.delivery ? t(`events.delivery.${r.delivery}`) : "",
    ]),
  );
}
