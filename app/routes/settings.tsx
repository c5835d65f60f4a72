import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { requireViewer } from "~/modules/auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Iestatījumi · Settings" }];

// Every settings page needs a signed-in person (also one still waiting for approval); each child checks more.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireViewer(request, context);
  return null;
}

export default function SettingsLayout() {
  const t = useT();
  return (
    <section className="page settings">
      <h1>{t("settings.title")}</h1>
      <nav aria-label={t("settings.tabs")} className="tabs">
        <NavLink to="/settings" end>
          {t("settings.tab.profile")}
        </NavLink>
        <NavLink to="/settings/security">{t("settings.tab.security")}</NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
