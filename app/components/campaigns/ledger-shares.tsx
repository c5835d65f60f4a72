import { SplitChart, type ChartRow } from "~/components/campaigns";
import { useLocale, useT } from "~/components/i18n";
import { formatMoney, formatNumber } from "~/i18n/format";
import { LocalText } from "~/components/vocabulary";
import type { LedgerView } from "~/modules/campaigns/ledger.server";

/** Who pays what: per participant (or the viewer's own row and the others together), totals and the chart. */
export function LedgerShares({ view }: { view: LedgerView }) {
  const t = useT();
  const locale = useLocale();
  const money = (v: string) => formatMoney(v, locale);
  const chartRows: ChartRow[] = [
    ...view.rows.map((r) => ({ name: r.name, gross: r.gross, support: r.support, net: r.net, own: r.own })),
    ...(view.others ? [{ name: t("campaigns.ledger.others", { count: view.others.count }), gross: view.others.gross, support: view.others.support, net: view.others.net }] : []),
  ];
  return (
    <>
      <h2 id="shares-h">{t("campaigns.ledger.shares")}</h2>
      {!view.full ? <p className="muted">{t("campaigns.ledger.aggregateNote")}</p> : null}
      <div className="table-wrap">
        <table className="ledger-table" aria-labelledby="shares-h">
          <thead>
            <tr>
              <th scope="col">{t("campaigns.ledger.participant")}</th>
              <th scope="col">{t("campaigns.ledger.category")}</th>
              <th scope="col" className="num">
                {t("campaigns.ledger.rate")}
              </th>
              <th scope="col" className="num">
                {t("campaigns.ledger.gross")}
              </th>
              <th scope="col" className="num">
                {t("campaigns.ledger.support")}
              </th>
              <th scope="col" className="num">
                {t("campaigns.ledger.net")}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.orgId} className={r.own ? "own" : undefined} data-org={r.name}>
                <th scope="row">
                  {r.name}
                  {r.own ? <span className="badge">{t("campaigns.ledger.you")}</span> : null}
                  {r.zero ? (
                    <p className="zero-share notice warning" data-zero>
                      <span className="badge">{t("campaigns.ledger.zero.badge")}</span>{" "}
                      {r.zero.noLines
                        ? t("campaigns.ledger.zero.noLines")
                        : [
                            r.zero.notChosen.length ? t("campaigns.ledger.zero.notChosen", { lines: r.zero.notChosen.join(", ") }) : null,
                            r.zero.noBasis.length ? t("campaigns.ledger.zero.noBasis", { lines: r.zero.noBasis.join(", ") }) : null,
                          ]
                            .filter(Boolean)
                            .join(" ") || t("campaigns.ledger.zero.other")}
                    </p>
                  ) : null}
                  {r.lines.length ? (
                    <details>
                      <summary>{t("campaigns.ledger.perLine")}</summary>
                      <table className="per-line">
                        <thead>
                          <tr>
                            <th scope="col">{t("campaigns.ledger.line")}</th>
                            <th scope="col" className="num">
                              {t("campaigns.ledger.gross")}
                            </th>
                            <th scope="col" className="num">
                              {t("campaigns.ledger.support")}
                            </th>
                            <th scope="col" className="num">
                              {t("campaigns.ledger.net")}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {r.lines.map((l) => (
                            <tr key={l.lineId}>
                              <th scope="row">
                                <LocalText original={l.description} en={l.descriptionEn} />
                              </th>
                              <td className="num">{money(l.gross)}</td>
                              <td className="num">{money(l.support)}</td>
                              <td className="num">{money(l.net)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  ) : null}
                </th>
                <td>{t(`campaigns.orgCategory.${r.category}`)}</td>
                <td className="num">{formatNumber(r.rate, locale)} %</td>
                <td className="num">{money(r.gross)}</td>
                <td className="num">
                  {money(r.support)}
                  {r.capped ? <span className="muted"> ({t("campaigns.ledger.capped", { cap: money(r.cap ?? "0") })})</span> : null}
                </td>
                <td className="num" data-net>
                  <strong>{money(r.net)}</strong>
                </td>
              </tr>
            ))}
            {view.others ? (
              <tr className="others">
                <th scope="row">{t("campaigns.ledger.others", { count: view.others.count })}</th>
                <td colSpan={2} className="muted">
                  {t("campaigns.ledger.aggregate")}
                </td>
                <td className="num">{money(view.others.gross)}</td>
                <td className="num">{money(view.others.support)}</td>
                <td className="num">{money(view.others.net)}</td>
              </tr>
            ) : null}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("campaigns.ledger.total")}</th>
              <td colSpan={2} />
              <td className="num">{money(view.totals.gross)}</td>
              <td className="num">{money(view.totals.support)}</td>
              <td className="num">
                <strong>{money(view.totals.net)}</strong>
              </td>
            </tr>
            {view.totals.unallocated !== "0.00" ? (
              <tr className="unallocated">
                <th scope="row">{t("campaigns.ledger.unallocated")}</th>
                <td colSpan={2} />
                <td className="num">{money(view.totals.unallocated)}</td>
                <td colSpan={2} />
              </tr>
            ) : null}
          </tfoot>
        </table>
      </div>
      <p className="muted">{t("campaigns.ledger.budgetTotal", { amount: money(view.totals.amount) })}</p>
      <SplitChart rows={chartRows} />
    </>
  );
}
