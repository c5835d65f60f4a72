import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer, loginRedirect } from "~/modules/auth/session.server";
import { fileAccess } from "~/modules/files/access.server";
import { fileResponse } from "~/modules/files/download.server";
import { notFound } from "~/modules/policy/authorize.server";

/**
 * GET /files/:id/:name — a file's bytes, for whoever may see its owner (file.download, asked again on every request);
 * anyone else gets 404 whether or not it exists. `?inline=1` shows an image in the page (the preview); everything else
 * downloads as an attachment. The name in the path is only for the browser: the id decides.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (!viewer) loginRedirect(request);
  const a = await fileAccess(context.db, viewer, params.id ?? "");
  if (!a || !a.download.ok) notFound();
  return fileResponse(context.db, a.file, request, { inline: new URL(request.url).searchParams.get("inline") === "1", engine: context.dbKind });
}
