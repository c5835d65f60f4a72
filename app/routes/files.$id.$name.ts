import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer, loginRedirect } from "~/modules/auth/session.server";
import { fileAccess } from "~/modules/files/access.server";
import { fileResponse, thumbnailResponse } from "~/modules/files/download.server";
import { thumbnailOf } from "~/modules/files/thumbnails.server";
import { notFound } from "~/modules/policy/authorize.server";

/**
 * GET /files/:id/:name — a file's bytes, for whoever may see its owner (file.download, asked again on every request);
 * anyone else gets 404 whether or not it exists. `?thumb=1` is an image's small preview (404 when there is none),
 * `?inline=1` shows an image itself in the browser; everything else downloads as an attachment. The name in the path is
 * only for the browser: the id decides.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (!viewer) loginRedirect(request);
  const a = await fileAccess(context.db, viewer, params.id ?? "");
  if (!a || !a.download.ok) notFound();
  const query = new URL(request.url).searchParams;
  if (query.get("thumb") === "1") {
    const thumb = await thumbnailOf(context, a.file);
    if (!thumb) notFound();
    return thumbnailResponse(thumb, a.file, request);
  }
  return fileResponse(context.db, a.file, request, { inline: query.get("inline") === "1", engine: context.dbKind });
}
