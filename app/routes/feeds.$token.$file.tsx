import type { LoaderFunctionArgs } from "@remix-run/node";
import { hit } from "~/modules/auth/rate-limit.server";
import { buildFeed, parseFeedFile, viewerByFeedToken } from "~/modules/events/feeds.server";
import { tokenHash } from "~/modules/events/tokens.server";

// Calendar subscription feeds at a secret URL (docs/requirements.md CAL-14…CAL-16). A calendar app polls without a
// session: the token is the credential for this read-only feed and nothing else. Unknown, malformed or revoked
// tokens and feeds the person may not see are all the same 404 (no event data, no hint which part was wrong).

const PER_IP = { limit: 300, windowSeconds: 600 };
const PER_TOKEN = { limit: 60, windowSeconds: 600 };

function notFound(): Response {
  return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

function tooMany(seconds: number): Response {
  return new Response("Too Many Requests", { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" } });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ip = await hit(context.db, `feed-ip:${context.clientIp}`, PER_IP.limit, PER_IP.windowSeconds);
  if (!ip.ok) return tooMany(ip.retryAfterSeconds);
  const token = params.token ?? "";
  const kind = parseFeedFile(params.file ?? "");
  const viewer = kind ? await viewerByFeedToken(context.db, token) : null;
  if (!kind || !viewer) return notFound();
  const per = await hit(context.db, `feed:${tokenHash(token).slice(0, 32)}`, PER_TOKEN.limit, PER_TOKEN.windowSeconds);
  if (!per.ok) return tooMany(per.retryAfterSeconds);
  const feed = await buildFeed(context.db, context.config, viewer, kind);
  if (!feed) return notFound();
  const headers = {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `inline; filename="${feed.filename}"`,
    "Cache-Control": "private, no-cache",
    ETag: feed.etag,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
  };
  const inm = request.headers.get("if-none-match");
  if (inm && inm.split(",").some((x) => x.trim().replace(/^W\//, "") === feed.etag)) {
    return new Response(null, { status: 304, headers: { ETag: feed.etag, "Cache-Control": headers["Cache-Control"] } });
  }
  return new Response(request.method === "HEAD" ? null : feed.body, { headers });
}
