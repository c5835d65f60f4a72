import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/guards.server";
import { postLocation } from "~/modules/threads/threads.server";

/** A post's permanent address (used in notifications and emails): redirects to the page showing it, else 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  throw redirect(await postLocation(context.db, viewer, params.postId ?? ""));
}
