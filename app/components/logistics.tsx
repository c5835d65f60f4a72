import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useLocale, useT } from "~/components/i18n";
import { formatDateTime, formatNumber, zoneName } from "~/i18n/format";
import type { Locale } from "~/i18n";
import type { Area, RequestCard } from "~/modules/logistics/visibility.server";
import { formatEuro } from "~/modules/logistics/notes";

export function LogisticsTabs() {
  const t = useT();
  const tabs = [
    ["/logistics", "logistics.tab.overview"],
    ["/logistics/lanes", "logistics.tab.lanes"],
    ["/logistics/new", "logistics.tab.new"],
  ] as const;
  return (
    <nav className="tabs" aria-label={t("logistics.tabs")}>
      {tabs.map(([to, key]) => (
        <NavLink key={to} to={to} end>
          {t(key)}
        </NavLink>
      ))}
    </nav>
  );
}

export function areaText(a: Area, locale: Locale): string {
  return a[locale] || a.lv || a.en;
}

export function Lane({ from, to }: { from: Area; to: Area }) {
  const locale = useLocale();
  return (
    <span className="lane">
      {areaText(from, locale)} <span aria-hidden="true">→</span>
      <span className="visually-hidden"> – </span> {areaText(to, locale)}
    </span>
  );
}

/** "28.12.2026. plkst. 08.00 – 16.00 (EET)" style window; instants shown in Europe/Riga. */
export function Window({ from, to }: { from: string; to: string }) {
  const locale = useLocale();
  const a = formatDateTime(from, locale);
  const b = formatDateTime(to, locale);
  const sameDay = a.slice(0, 11) === b.slice(0, 11);
  return (
    <span className="window">
      <time dateTime={from}>{a}</time> – <time dateTime={to}>{sameDay ? b.slice(b.lastIndexOf(" ") + 1) : b}</time> <span className="muted">({zoneName(from)})</span>
    </span>
  );
}

export function StatusBadge({ status, kind = "request" }: { status: string; kind?: "request" | "pool" }) {
  const t = useT();
  return <span className={`badge status-${status}`}>{t(`logistics.${kind === "pool" ? "poolStatus" : "status"}.${status}` as never)}</span>;
}

export function num(n: number | string, locale: Locale): string {
  return formatNumber(String(n), locale);
}

export function euro(n: number, locale: Locale): string {
  return formatEuro(n, locale);
}

export function LoadSummary({ card }: { card: Pick<RequestCard, "packaging" | "units" | "stackable" | "places" | "grossKg"> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span>
      {t(`logistics.packagingCount.${card.packaging}` as never, { count: card.units })}
      {card.stackable ? `, ${t("logistics.stackable.short")}` : ""} · {t("logistics.places", { count: card.places, places: num(card.places, locale) })} · {num(card.grossKg, locale)} kg
    </span>
  );
}

export function Notes({ title, items, className }: { title: string; items: string[]; className: string }) {
  if (items.length === 0) return null;
  return (
    <div className={`notes ${className}`}>
      <p className="notes-title">{title}</p>
      <ul>
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    </div>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The region rule, said once for every page that matches (docs/decisions/0006-logistics-pooling.md). */
export function RegionHelp() {
  const t = useT();
  return (
    <details className="help">
      <summary>{t("logistics.help.title")}</summary>
      <ul>
        <li>{t("logistics.help.pickup")}</li>
        <li>{t("logistics.help.drop")}</li>
        <li>{t("logistics.help.time")}</li>
        <li>{t("logistics.help.goods")}</li>
        <li>{t("logistics.help.unknown")}</li>
        <li>{t("logistics.help.privacy")}</li>
        <li>{t("logistics.help.cost")}</li>
      </ul>
    </details>
  );
}
