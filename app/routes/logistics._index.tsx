import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { countryName } from "~/components/directory";
import { Lane, LoadSummary, RegionHelp, StatusBadge, Window } from "~/components/logistics";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { COUNTRY_CODES } from "~/modules/logistics/countries";
import { listMyPools } from "~/modules/logistics/pools.server";
import { expireStale, hiddenOpenRequests, listOpenRequests, listOrgRequests, readOpenFilter } from "~/modules/logistics/requests.server";
import { TEMP_CLASSES } from "~/modules/logistics/reference";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.logistics")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  await expireStale(context.db);
  const url = new URL(request.url);
  const filter = readOpenFilter(url.searchParams);
  const [mine, open, hidden, pools] = await Promise.all([
    listOrgRequests(context.db, viewer, url.searchParams.get("after")),
    listOpenRequests(context.db, viewer, filter, url.searchParams.get("openAfter")),
    hiddenOpenRequests(context.db, viewer, filter),
    listMyPools(context.db, viewer),
  ]);
  return {
    mine,
    open,
    hidden,
    filter,
    pools: pools.map((p) => ({ ...p, created_at: new Date(p.created_at).toISOString() })),
    search: url.searchParams.toString(),
  };
}

export default function LogisticsIndex() {
  const t = useT();
  const locale = useLocale();
  const { mine, open, hidden, filter, pools, search } = useLoaderData<typeof loader>();
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/logistics?${p}`;
  };
  return (
    <section className="page" aria-labelledby="logistics-h">
      <div className="page-head">
        <h1 id="logistics-h">{t("nav.logistics")}</h1>
        <Link to="/logistics/new" className="button">
          {t("logistics.new.title")}
        </Link>
      </div>
      <p className="muted">{t("logistics.intro")}</p>
      <RegionHelp />

      <h2 id="mine-h">{t("logistics.mine.title")}</h2>
      {mine.items.length === 0 ? (
        <p>{t("logistics.mine.none")}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="mine-h" className="logistics-table">
            <thead>
              <tr>
                <th scope="col">{t("logistics.field.ref")}</th>
                <th scope="col">{t("logistics.field.lane")}</th>
                <th scope="col">{t("logistics.field.pickup")}</th>
                <th scope="col">{t("logistics.field.load")}</th>
                <th scope="col">{t("logistics.field.temp")}</th>
                <th scope="col">{t("logistics.field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {mine.items.map((r) => (
                <tr key={r.card.id}>
                  <td>
                    <Link to={`/logistics/requests/${r.card.id}`}>{r.ref || r.goods.slice(0, 40)}</Link>
                  </td>
                  <td>
                    <Lane from={r.card.originArea} to={r.card.destinationArea} />
                  </td>
                  <td>
                    <Window from={r.card.earliestPickup} to={r.card.latestPickup} />
                  </td>
                  <td>
                    <LoadSummary card={r.card} />
                  </td>
                  <td>{t(`logistics.tempShort.${r.card.tempClass}`)}</td>
                  <td>
                    <StatusBadge status={r.card.status} />
                    {r.poolId ? (
                      <>
                        {" "}
                        <Link to={`/logistics/pools/${r.poolId}`}>{r.poolCode}</Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mine.next ? (
        <nav className="pager" aria-label={t("logistics.mine.title")}>
          <span />
          <Link to={params({ after: mine.next })}>{t("common.next")}</Link>
        </nav>
      ) : null}

      <h2 id="pools-h">{t("logistics.pools.title")}</h2>
      {pools.length === 0 ? (
        <p>{t("logistics.pools.none")}</p>
      ) : (
        <ul className="list" aria-labelledby="pools-h">
          {pools.map((p) => (
            <li key={p.id}>
              <Link to={`/logistics/pools/${p.id}`}>{t("logistics.pool.title", { code: p.code })}</Link> <StatusBadge status={p.status} kind="pool" />{" "}
              {p.coordinator ? <span className="badge">{t("logistics.pool.youCoordinate")}</span> : null} <span className="muted">{formatDateTime(p.created_at, locale)}</span>
            </li>
          ))}
        </ul>
      )}

      <h2 id="open-h">{t("logistics.open.title")}</h2>
      <Form noValidate method="get" className="filters" role="search" aria-label={t("logistics.open.filter")}>
        <div className="field">
          <label htmlFor="f-from">{t("logistics.filter.from")}</label>
          <select id="f-from" name="from" defaultValue={filter.from ?? ""}>
            <option value="">{t("common.any")}</option>
            {COUNTRY_CODES.map((c) => (
              <option key={c} value={c}>
                {countryName(c, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-to">{t("logistics.filter.to")}</label>
          <select id="f-to" name="to" defaultValue={filter.to ?? ""}>
            <option value="">{t("common.any")}</option>
            {COUNTRY_CODES.map((c) => (
              <option key={c} value={c}>
                {countryName(c, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-temp">{t("logistics.field.temp")}</label>
          <select id="f-temp" name="temp" defaultValue={filter.temp ?? ""}>
            <option value="">{t("common.any")}</option>
            {TEMP_CLASSES.map((c) => (
              <option key={c} value={c}>
                {t(`logistics.temp.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-mine">{t("logistics.filter.lanes")}</label>
          <select id="f-mine" name="mine" defaultValue={filter.mine ? "1" : "0"}>
            <option value="0">{t("logistics.filter.allLanes")}</option>
            <option value="1">{t("logistics.filter.myLanes")}</option>
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("common.filter")}
        </button>
      </Form>
      <p className="muted">{t("logistics.open.anonymous")}</p>
      {hidden > 0 ? (
        <p className="notice" role="status">
          {t("logistics.open.hidden", { count: hidden })} <Link to="/logistics#open-h">{t("logistics.open.showAll")}</Link>
        </p>
      ) : null}
      {open.items.length === 0 ? (
        <p>{t(hidden > 0 ? "logistics.open.none" : "logistics.open.noneAtAll")}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="open-h" className="logistics-table">
            <thead>
              <tr>
                <th scope="col">{t("logistics.field.lane")}</th>
                <th scope="col">{t("logistics.field.pickup")}</th>
                <th scope="col">{t("logistics.field.latestDelivery")}</th>
                <th scope="col">{t("logistics.field.load")}</th>
                <th scope="col">{t("logistics.field.temp")}</th>
                <th scope="col">{t("logistics.field.dg")}</th>
              </tr>
            </thead>
            <tbody>
              {open.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/logistics/requests/${c.id}`}>
                      <Lane from={c.originArea} to={c.destinationArea} />
                    </Link>
                  </td>
                  <td>
                    <Window from={c.earliestPickup} to={c.latestPickup} />
                  </td>
                  <td>
                    <time dateTime={c.latestDelivery}>{formatDateTime(c.latestDelivery, locale)}</time>
                  </td>
                  <td>
                    <LoadSummary card={c} />
                  </td>
                  <td>
                    {t(`logistics.tempShort.${c.tempClass}`)}
                    {c.gdp ? ` · ${t("logistics.gdp.short")}` : ""}
                  </td>
                  <td>{c.dgClasses.length ? c.dgClasses.map((x) => t("logistics.dg.class", { cls: x })).join(", ") : t("common.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open.next ? (
        <nav className="pager" aria-label={t("logistics.open.title")}>
          <span />
          <Link to={params({ openAfter: open.next })}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
