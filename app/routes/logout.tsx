import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/modules/forms";
import { getViewer, destroySessionCookie } from "~/modules/auth/session.server";
import { logout, logoutEverywhere } from "~/modules/auth/accounts.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 1024);
  const viewer = await getViewer(request, context);
  if (viewer) {
    if (form.get("everywhere") === "1") await logoutEverywhere(context, viewer.id);
    else await logout(context, viewer.sessionHash, viewer.id);
  }
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": await destroySessionCookie(context.config) } });
}
