import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { countryName } from "~/components/directory";
import { Lane, LoadSummary, num, RegionHelp, StatusBadge, Window } from "~/components/logistics";
import { formatDate, formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { expireStale, laneSummaries, laneTimeline } from "~/modules/logistics/requests.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.logistics.lanes")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  await expireStale(context.db);
  const url = new URL(request.url);
  const cc = (v: string | null) => (v && /^[A-Z]{2}$/.test(v) ? v : null);
  const from = cc(url.searchParams.get("from"));
  const to = cc(url.searchParams.get("to"));
  const [lanes, timeline] = await Promise.all([laneSummaries(context.db), from && to ? laneTimeline(context.db, viewer, { from, to }, url.searchParams.get("after")) : null]);
  return { lanes, lane: from && to ? { from, to } : null, timeline };
}

const DAY = 86_400_000;

export default function Lanes() {
  const t = useT();
  const locale = useLocale();
  const { lanes, lane, timeline } = useLoaderData<typeof loader>();
  const items = timeline?.items ?? [];
  const start = items.length ? Math.min(...items.map((i) => +new Date(i.earliestPickup))) : 0;
  const end = items.length ? Math.max(...items.map((i) => +new Date(i.latestDelivery))) : 0;
  const span = Math.max(DAY, end - start);
  const pct = (iso: string) => (((+new Date(iso) - start) / span) * 100).toFixed(2);
  const width = (a: string, b: string) => Math.max(0.8, ((+new Date(b) - +new Date(a)) / span) * 100).toFixed(2);
  return (
    <section className="page" aria-labelledby="lanes-h">
      <h1 id="lanes-h">{t("logistics.lanes.title")}</h1>
      <p className="muted">{t("logistics.lanes.intro")}</p>
      <RegionHelp />
      {lanes.length === 0 ? (
        <p>{t("logistics.lanes.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="logistics-table">
            <caption className="visually-hidden">{t("logistics.lanes.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("logistics.field.lane")}</th>
                <th scope="col">{t("logistics.lanes.open")}</th>
                <th scope="col">{t("logistics.lanes.places")}</th>
                <th scope="col">{t("logistics.lanes.dates")}</th>
              </tr>
            </thead>
            <tbody>
              {lanes.map((l) => (
                <tr key={`${l.from}-${l.to}`} aria-current={lane && lane.from === l.from && lane.to === l.to ? "true" : undefined}>
                  <th scope="row">
                    <Link to={`/logistics/lanes?from=${l.from}&to=${l.to}#timeline-h`}>
                      {countryName(l.from, locale)} → {countryName(l.to, locale)}
                    </Link>
                  </th>
                  <td>{num(l.open, locale)}</td>
                  <td>{num(l.places, locale)}</td>
                  <td>
                    <time dateTime={l.first}>{formatDate(l.first, locale)}</time> – <time dateTime={l.last}>{formatDate(l.last, locale)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {lane ? (
        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">{t("logistics.lanes.timeline", { from: countryName(lane.from, locale), to: countryName(lane.to, locale) })}</h2>
          {items.length === 0 ? (
            <p>{t("logistics.lanes.empty")}</p>
          ) : (
            <>
              <p className="muted" id="timeline-legend">
                {t("logistics.lanes.legend")}
              </p>
              <div className="timeline" aria-hidden="true">
                <div className="timeline-scale">
                  <span>{formatDate(new Date(start).toISOString(), locale)}</span>
                  <span>{formatDate(new Date(end).toISOString(), locale)}</span>
                </div>
                {items.map((i) => (
                  <div key={i.id} className={`timeline-row${i.own ? " own" : ""}`}>
                    <span className="timeline-label">
                      {i.own ? t("logistics.lanes.yours") : ""} {i.originArea[locale]} → {i.destinationArea[locale]}
                    </span>
                    <span className="timeline-track">
                      <span className="bar transit" style={{ left: `${pct(i.earliestPickup)}%`, width: `${width(i.earliestPickup, i.latestDelivery)}%` }} />
                      <span className="bar pickup" style={{ left: `${pct(i.earliestPickup)}%`, width: `${width(i.earliestPickup, i.latestPickup)}%` }} />
                    </span>
                  </div>
                ))}
              </div>
              <div className="table-wrap">
                <table className="logistics-table">
                  <caption>{t("logistics.lanes.tableCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("logistics.field.lane")}</th>
                      <th scope="col">{t("logistics.field.pickup")}</th>
                      <th scope="col">{t("logistics.field.latestDelivery")}</th>
                      <th scope="col">{t("logistics.field.load")}</th>
                      <th scope="col">{t("logistics.field.temp")}</th>
                      <th scope="col">{t("logistics.field.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.id}>
                        <td>
                          <Link to={`/logistics/requests/${i.id}`}>
                            <Lane from={i.originArea} to={i.destinationArea} />
                          </Link>
                          {i.own ? <span className="badge">{t("logistics.lanes.yours")}</span> : null}
                        </td>
                        <td>
                          <Window from={i.earliestPickup} to={i.latestPickup} />
                        </td>
                        <td>
                          <time dateTime={i.latestDelivery}>{formatDateTime(i.latestDelivery, locale)}</time>
                        </td>
                        <td>
                          <LoadSummary card={i} />
                        </td>
                        <td>{t(`logistics.tempShort.${i.tempClass}`)}</td>
                        <td>
                          <StatusBadge status={i.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {timeline?.next ? (
                <nav className="pager" aria-label={t("logistics.lanes.timelineNav")}>
                  <span />
                  <Link to={`/logistics/lanes?from=${lane.from}&to=${lane.to}&after=${timeline.next}#timeline-h`}>{t("common.next")}</Link>
                </nav>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </section>
  );
}
