import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { accessOr404 } from "~/modules/events/events.server";
import { allAttendees } from "~/modules/events/invitations.server";
import { toCsv } from "~/lib/csv";

/** The attendee list for organisers as CSV (~/lib/csv: UTF-8 with BOM, `;` between cells, escaped, formulas neutralised). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  if (!a.may.manage) throw new Response("Forbidden", { status: 403 });
  const t = translator(viewer.locale);
  const rows = await allAttendees(context.db, a.event.id);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, viewer.locale) : "");
  const csv = toCsv(
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
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${a.event.slug}-attendees.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
