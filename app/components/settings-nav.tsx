import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/components/i18n";

/** The frame of every settings page: heading and the sub-navigation (NavLink marks the current tab with aria-current). */
export function SettingsPage({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <section className="page settings">
      <h1>{t("settings.title")}</h1>
      <nav aria-label={t("settings.tabs")} className="tabs">
        <NavLink to="/settings" end>
          {t("settings.tab.profile")}
        </NavLink>
        <NavLink to="/settings/security">{t("settings.tab.security")}</NavLink>
        <NavLink to="/settings/notifications">{t("notify.settings.title")}</NavLink>
        <NavLink to="/settings/calendar">{t("settings.tab.calendar")}</NavLink>
        <NavLink to="/settings/privacy">{t("settings.tab.privacy")}</NavLink>
      </nav>
      {children}
    </section>
  );
}
