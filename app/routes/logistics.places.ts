import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/guards.server";
import { isCountry } from "~/modules/logistics/input";
import { placeSuggestions } from "~/modules/logistics/geo";
import { assertCan } from "~/modules/policy/authorize.server";

/** Place suggestions for the request form's town fields (progressive enhancement: the form works without it). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "logistics.use" });
  const url = new URL(request.url);
  const country = (url.searchParams.get("country") ?? "").toUpperCase();
  const q = (url.searchParams.get("q") ?? "").slice(0, 80);
  const places = isCountry(country) ? placeSuggestions(country, q, 12) : [];
  return Response.json({ places }, { headers: { "Cache-Control": "private, max-age=3600" } });
}
