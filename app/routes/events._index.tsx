import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { EventListEntry, pickTitle } from "~/components/events";
import { requireMember } from "~/modules/auth/guards.server";
import { can } from "~/modules/policy/authorize.server";
import { EVENT_LANGUAGES, EVENT_TYPES, type EventLanguage, type EventType } from "~/modules/events/constants";
import { leadsAnyGroup, listEvents, visibleGroups } from "~/modules/events/events.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.events")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const url = new URL(request.url);
  const tab = url.searchParams.get("tab") === "past" ? "past" : "upcoming";
  const typeParam = url.searchParams.get("type");
  const type = EVENT_TYPES.includes(typeParam as EventType) ? (typeParam as EventType) : null;
  const langParam = url.searchParams.get("language");
  const language = EVENT_LANGUAGES.includes(langParam as EventLanguage) ? (langParam as EventLanguage) : null;
  const groups = await visibleGroups(context.db, viewer);
  const groupSlug = url.searchParams.get("group");
  const group = groupSlug ? (groups.find((g) => g.slug === groupSlug) ?? null) : null;
  const after = url.searchParams.get("after");
  const list = await listEvents(context.db, viewer, { tab, type, language, groupId: group?.id ?? null, after });
  return {
    tab,
    type,
    language,
    group: group?.slug ?? null,
    groups,
    items: list.items,
    next: list.next,
    first: !after,
    canCreate: can(viewer, { action: "event.create", leadOfHostGroup: await leadsAnyGroup(context.db, viewer) }),
  };
}

export default function Events() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const query = (extra: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const base: Record<string, string | null> = { tab: d.tab === "past" ? "past" : null, type: d.type, language: d.language, group: d.group, ...extra };
    for (const [k, v] of Object.entries(base)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  return (
    <section className="page events">
      <div className="page-head">
        <h1>{t("nav.events")}</h1>
        <div className="button-row">
          <Link to="/events/calendar" className="button secondary">
            {t("events.calendar.title")}
          </Link>
          <Link to="/events/mine" className="button secondary">
            {t("events.mine.title")}
          </Link>
          {d.canCreate ? (
            <Link to="/events/new" className="button">
              {t("events.create")}
            </Link>
          ) : null}
        </div>
      </div>
      <nav className="tabs" aria-label={t("events.tabs")}>
        <Link to={`/events${query({ tab: null, after: null })}`} aria-current={d.tab === "upcoming" ? "page" : undefined}>
          {t("events.tab.upcoming")}
        </Link>
        <Link to={`/events${query({ tab: "past", after: null })}`} aria-current={d.tab === "past" ? "page" : undefined}>
          {t("events.tab.past")}
        </Link>
      </nav>
      <Form noValidate method="get" className="filters" role="search" aria-label={t("events.filter.label")}>
        {d.tab === "past" ? <input type="hidden" name="tab" value="past" /> : null}
        <div className="field">
          <label htmlFor="f-type">{t("events.filter.type")}</label>
          <select id="f-type" name="type" defaultValue={d.type ?? ""}>
            <option value="">{t("common.any")}</option>
            {EVENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`events.type.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-group">{t("events.filter.group")}</label>
          <select id="f-group" name="group" defaultValue={d.group ?? ""}>
            <option value="">{t("common.any")}</option>
            {d.groups.map((g) => (
              <option key={g.slug} value={g.slug}>
                {pickTitle(locale, g.nameLv, g.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-language">{t("events.filter.language")}</label>
          <select id="f-language" name="language" defaultValue={d.language ?? ""}>
            <option value="">{t("common.any")}</option>
            {EVENT_LANGUAGES.map((x) => (
              <option key={x} value={x}>
                {t(`events.language.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("common.filter")}
        </button>
      </Form>
      {d.items.length === 0 ? <p>{d.first ? t(d.tab === "past" ? "events.none.past" : "events.none.upcoming") : t("common.none")}</p> : null}
      <ul className="list event-list">
        {d.items.map((e) => (
          <EventListEntry key={e.id} e={e} />
        ))}
      </ul>
      {d.next ? (
        <nav className="pager" aria-label={t("events.pager")}>
          <span />
          <Link to={`/events${query({ after: d.next })}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
