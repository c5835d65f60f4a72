import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { accessOr404 } from "~/modules/events/events.server";
import { allAttendees } from "~/modules/events/invitations.server";
import { attendeesCsv } from "~/modules/events/csv";

/** GET /events/:slug/attendees.csv — the attendee list for the event's organisers (event.manage), in their language. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  assertCan(viewer, { action: "event.manage", event: a.facts });
  const body = attendeesCsv(await allAttendees(context.db, a.event.id), { locale: viewer.locale, t: translator(viewer.locale) });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${a.event.slug}-attendees.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
