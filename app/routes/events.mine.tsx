import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { EventListEntry } from "~/components/events";
import { requireMember } from "~/modules/auth/guards.server";
import { listEvents } from "~/modules/events/events.server";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.events.mine")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const url = new URL(request.url);
  const tab = url.searchParams.get("tab") === "past" ? "past" : "upcoming";
  const after = url.searchParams.get("after");
  const [list, token] = await Promise.all([listEvents(context.db, viewer, { tab, mine: true, after }), currentFeedToken(context.db, context.config, viewer.id)]);
  return { tab, items: list.items, next: list.next, first: !after, feed: token ? feedUrls(context.config.appOrigin, token).mine : null };
}

export default function MyEvents() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const base = d.tab === "past" ? "/events/mine?tab=past" : "/events/mine";
  return (
    <section className="page events">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link>
      </p>
      <h1>{t("events.mine.title")}</h1>
      <p className="muted">{t("events.mine.intro")}</p>
      <p className="button-row">
        {d.feed ? (
          <>
            <a href={d.feed.webcal} className="button secondary small">
              {t("events.feed.subscribe")}
            </a>
            <Link to="/settings/calendar">{t("events.feed.manage")}</Link>
          </>
        ) : (
          <Link to="/settings/calendar" className="button secondary small">
            {t("events.feed.create")}
          </Link>
        )}
      </p>
      <nav className="tabs" aria-label={t("events.tabs")}>
        <Link to="/events/mine" aria-current={d.tab === "upcoming" ? "page" : undefined}>
          {t("events.tab.upcoming")}
        </Link>
        <Link to="/events/mine?tab=past" aria-current={d.tab === "past" ? "page" : undefined}>
          {t("events.tab.past")}
        </Link>
      </nav>
      {d.items.length === 0 ? <p>{d.first ? t("events.mine.none") : t("common.none")}</p> : null}
      <ul className="list event-list">
        {d.items.map((e) => (
          <EventListEntry key={e.id} e={e} />
        ))}
      </ul>
      {d.next ? (
        <nav className="pager" aria-label={t("events.pager")}>
          <span />
          <Link to={`${base}${base.includes("?") ? "&" : "?"}after=${d.next}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
