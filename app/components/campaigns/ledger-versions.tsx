import { useLocale, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { formatDateTime, formatMoney } from "~/i18n/format";
import type { LedgerView } from "~/modules/campaigns/ledger.server";

/** Every stored version of the ledger: why, who, when, and whose share changed by how much. */
export function LedgerVersions({ view }: { view: LedgerView }) {
  const t = useT();
  const locale = useLocale();
  const money = (v: string) => formatMoney(v, locale);
  return (
    <section className="page" id="versions" aria-labelledby="versions-h">
      <h2 id="versions-h">{t("campaigns.ledger.versions")}</h2>
      {view.versions.length === 0 ? <p className="muted">{t("campaigns.ledger.noVersions")}</p> : null}
      <ol className="list versions">
        {view.versions.map((v) => (
          <li key={v.version} data-version={v.version}>
            <h3>
              {t("campaigns.ledger.version", { version: v.version })}: {t(v.reason as MessageKey, v.reasonVars)}
            </h3>
            <p className="muted">
              {formatDateTime(v.at, locale)}
              {v.by ? ` · ${v.by}` : ""} · {t("campaigns.ledger.totalsLine", { gross: money(v.totals.gross), support: money(v.totals.support), net: money(v.totals.net) })}
            </p>
            {v.changes.length ? (
              <table className="version-diff">
                <thead>
                  <tr>
                    <th scope="col">{t("campaigns.ledger.participant")}</th>
                    <th scope="col" className="num">
                      {t("campaigns.ledger.netBefore")}
                    </th>
                    <th scope="col" className="num">
                      {t("campaigns.ledger.netAfter")}
                    </th>
                    <th scope="col" className="num">
                      {t("campaigns.ledger.change")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((c, i) => (
                    <tr key={i} className={c.own ? "own" : undefined}>
                      <th scope="row">
                        {c.aggregate ? t("campaigns.ledger.othersChange") : c.name}
                        {!c.aggregate && !c.before ? <span className="badge">{t("campaigns.ledger.joinedBadge")}</span> : null}
                        {!c.aggregate && !c.after ? <span className="badge">{t("campaigns.ledger.leftBadge")}</span> : null}
                      </th>
                      <td className="num">{c.before ? money(c.before.net) : "—"}</td>
                      <td className="num">{c.after ? money(c.after.net) : "—"}</td>
                      <td className="num">{signed(c.deltaNet, money)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t("campaigns.ledger.noShareChange")}</p>
            )}
            {v.linesAdded.length || v.linesRemoved.length || v.linesChanged.length ? (
              <ul className="line-changes">
                {v.linesAdded.map((l, i) => (
                  <li key={`a${i}`}>{t("campaigns.ledger.lineAddedItem", { line: l })}</li>
                ))}
                {v.linesRemoved.map((l, i) => (
                  <li key={`r${i}`}>{t("campaigns.ledger.lineRemovedItem", { line: l })}</li>
                ))}
                {v.linesChanged.map((l, i) => (
                  <li key={`c${i}`}>{t("campaigns.ledger.lineChangedItem", { line: l.description, before: money(l.before), after: money(l.after) })}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function signed(v: string, money: (v: string) => string): string {
  if (v === "0.00") return money(v);
  return v.startsWith("-") ? `−${money(v.slice(1))}` : `+${money(v)}`;
}
