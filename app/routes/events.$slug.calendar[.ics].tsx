import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/guards.server";
import { accessOr404 } from "~/modules/events/events.server";
import { downloadIcs } from "~/modules/events/ics.server";
import { loadSnapshot } from "~/modules/events/load.server";
import { parseMailbox } from "~/modules/events/mail.server";
import { notFound } from "~/modules/policy/authorize.server";

/**
 * "Add to calendar": the event as METHOD:PUBLISH with the same UID and SEQUENCE as its invitations, ORGANIZER and no
 * ATTENDEE; DTSTAMP = the event's updated_at (CAL-5). The online link only for people who may see it.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  if (a.event.status === "draft" && !a.may.manage) notFound();
  const snap = await loadSnapshot(context.db, a.event.id);
  const platform = parseMailbox(context.config.mailFrom);
  const body = downloadIcs(snap, {
    locale: viewer.locale,
    appOrigin: context.config.appOrigin,
    organizer: { name: snap.organiserName || platform.name || platform.email, email: platform.email },
    stamp: snap.updatedAt,
    lastModified: snap.updatedAt,
    showOnline: a.may.seeOnline,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
      "Content-Disposition": `attachment; filename="${a.event.slug}.ics"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
