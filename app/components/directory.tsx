import { Form, Link } from "@remix-run/react";
import type { Locale } from "~/i18n";
import type { LegalType, OrgSize } from "#db/schema";
import { useLocale, useT } from "~/components/i18n";
import { filterParams, type DirectoryFilters } from "~/modules/directory/filters";
import { LEGAL_TYPES, ORG_SIZES } from "~/modules/orgs/constants";
import { sortTerms, termLabel, type Term } from "~/modules/vocabulary/terms";

type Tab = "orgs" | "people";
type Filters = Omit<DirectoryFilters, "after">;

const BASE: Record<Tab, string> = { orgs: "/directory", people: "/directory/people" };

/** Organisations | People: plain links; the search text, type and size carry over. */
export function DirectoryTabs({ current, filters }: { current: Tab; filters: Filters }) {
  const t = useT();
  const carry = filterParams({ q: filters.q, type: filters.type, size: filters.size });
  return (
    <nav className="tabs" aria-label={t("directory.sections")}>
      {(["orgs", "people"] as const).map((tab) => (
        <Link key={tab} to={BASE[tab] + carry} aria-current={tab === current ? "page" : undefined}>
          {t(tab === "orgs" ? "directory.tab.orgs" : "directory.tab.people")}
        </Link>
      ))}
    </nav>
  );
}

function Select(props: { name: string; label: string; value: string | null; options: { value: string; label: string }[] }) {
  const t = useT();
  const id = `f-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">{t("directory.filter.any")}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A GET form: works without JavaScript and every filtered view has its own URL. */
export function DirectoryFilterForm({ tab, filters, tags }: { tab: Tab; filters: Filters; tags: Term[] }) {
  const t = useT();
  const locale = useLocale();
  // the choice lists terms in use, by their label in the reader's language; a filtered-by key stays a choice
  const sorted = sortTerms(tags, locale);
  const tagOptions = filters.tag && !tags.some((x) => x.key === filters.tag) ? [{ key: filters.tag, lv: filters.tag, en: filters.tag }, ...sorted] : sorted;
  const active = !!(filters.q || filters.type || filters.size || filters.tag);
  return (
    // keyed by the filters so the inputs show the URL's values after a client-side navigation
    <Form noValidate method="get" action={BASE[tab]} className="filters" role="search" aria-label={t("directory.filters")} key={JSON.stringify(filters)}>
      <div className="field">
        <label htmlFor="f-q">{t(tab === "orgs" ? "directory.filter.qOrgs" : "directory.filter.qPeople")}</label>
        <input type="search" id="f-q" name="q" defaultValue={filters.q} maxLength={100} autoComplete="off" />
      </div>
      <Select name="type" label={t("directory.filter.type")} value={filters.type} options={LEGAL_TYPES.map((x: LegalType) => ({ value: x, label: t(`org.type.${x}`) }))} />
      <Select name="size" label={t("directory.filter.size")} value={filters.size} options={ORG_SIZES.map((x: OrgSize) => ({ value: x, label: t(`org.size.${x}`) }))} />
      <Select
        name="tag"
        label={t(tab === "orgs" ? "directory.filter.competency" : "directory.filter.expertise")}
        value={filters.tag}
        options={tagOptions.map((x) => ({ value: x.key, label: termLabel(x, locale) }))}
      />
      {filters.org ? <input type="hidden" name="org" value={filters.org} /> : null}
      <div className="button-row">
        <button type="submit" className="button">
          {t("common.filter")}
        </button>
        {active ? <Link to={BASE[tab] + filterParams({ org: filters.org })}>{t("directory.filter.clear")}</Link> : null}
      </div>
    </Form>
  );
}

/** Keyset pager: "First page" once you have left it, "Next page" while there is more. */
export function Pager({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  const t = useT();
  if (!firstHref && !nextHref) return null;
  return (
    <nav className="pager" aria-label={t("directory.pages")}>
      <span>{firstHref ? <Link to={firstHref}>{t("directory.firstPage")}</Link> : null}</span>
      <span>
        {nextHref ? (
          <Link to={nextHref} rel="next">
            {t("common.next")}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

/** Terms as links to the list filtered by that term's key, labelled in the reader's language. */
export function TagList({ tags, base, label }: { tags: Term[]; base: string; label: string }) {
  const locale = useLocale();
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag.key}>
          <Link className="tag" to={`${base}?${new URLSearchParams({ tag: tag.key })}`}>
            {termLabel(tag, locale)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The description in the viewer's language, else the other one (with a note saying so). */
export function pickDescription(locale: Locale, lv: string, en: string): { text: string; lang: Locale; fallback: boolean } {
  const mine = locale === "lv" ? lv : en;
  const other = locale === "lv" ? en : lv;
  const otherLang: Locale = locale === "lv" ? "en" : "lv";
  if (mine.trim()) return { text: mine, lang: locale, fallback: false };
  if (other.trim()) return { text: other, lang: otherLang, fallback: true };
  return { text: "", lang: locale, fallback: false };
}

/** Plain text as paragraphs (blank line = new paragraph). React escapes it: no HTML from members reaches the page. */
export function PlainText({ text, lang }: { text: string; lang?: string }) {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div className="plain-text" lang={lang}>
      {paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

export function preview(text: string, max = 200): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/** "LV" → "Latvija" / "Latvia"; unknown codes stay as they are. */
export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "lv" → "latviešu" / "Latvian"; free text (not a language code) stays as it is. */
export function languageName(code: string, locale: Locale): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(code)) return code;
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "code" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Website as shown: without the scheme and a bare trailing slash. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "").replace(/\/$/, "");
}

/** Only http(s) URLs become links (defence in depth: the edit form already refuses anything else). */
export function isSafeHttpUrl(url: string | null): url is string {
  return !!url && /^https?:\/\/[^\s]+$/i.test(url);
}
