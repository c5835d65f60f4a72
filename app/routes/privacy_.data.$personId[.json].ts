import type { LoaderFunctionArgs } from "@remix-run/node";
import { isUuid } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { exportPersonalData } from "~/modules/privacy/export.server";
import { notFound } from "~/modules/policy/authorize.server";

/** One's own data as a JSON download (GDPR access and copy). Anybody else's id: 404 (policy person.exportData). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  if (!isUuid(params.personId)) notFound();
  const data = await exportPersonalData(context.db, viewer, params.personId);
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-data-${day}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
