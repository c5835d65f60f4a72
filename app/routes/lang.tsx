import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/modules/forms";
import { isLocale } from "~/i18n";
import { getViewer } from "~/modules/auth/session.server";
import { safeRedirect } from "~/modules/auth/redirect";
import { langCookie } from "~/modules/i18n/locale.server";
import { setLocale } from "~/modules/people/profile.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lang)) throw new Response("Unknown language", { status: 400 });
  const viewer = await getViewer(request, context);
  if (viewer) await setLocale(context.db, viewer.id, lang);
  return redirect(to, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}
