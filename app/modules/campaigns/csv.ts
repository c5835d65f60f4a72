import type { Locale, T } from "~/i18n";
import { csvDecimal, toCsv } from "~/lib/csv";
import type { LedgerView } from "./ledger.server";

// The ledger for accounting as CSV: the rows are the campaign's; the file format (BOM, `;`, CRLF, quoting, formula
// safety, the viewer's decimal separator) is ~/lib/csv's, the one convention for every export.

export function ledgerCsv(view: LedgerView, opts: { title: string; locale: Locale; t: T }): string {
  const { t, locale } = opts;
  const header = [
    t("campaigns.csv.organisation"),
    t("campaigns.csv.category"),
    t("campaigns.csv.rate"),
    t("campaigns.csv.line"),
    t("campaigns.csv.lineCategory"),
    t("campaigns.csv.eligible"),
    t("campaigns.csv.gross"),
    t("campaigns.csv.support"),
    t("campaigns.csv.net"),
  ];
  const rows: string[][] = [];
  const lineById = new Map(view.lines.map((l) => [l.id, l]));
  const money = (v: string) => csvDecimal(v, locale);
  for (const r of view.rows) {
    const category = t(`campaigns.orgCategory.${r.category}`);
    for (const l of r.lines) {
      const line = lineById.get(l.lineId);
      rows.push([
        r.name,
        category,
        r.rate,
        l.description,
        line ? t(`campaigns.cost.${line.category}` as Parameters<T>[0]) : "",
        line?.eligible ? t("common.yes") : t("common.no"),
        money(l.gross),
        money(l.support),
        money(l.net),
      ]);
    }
    rows.push([r.name, category, r.rate, t("campaigns.csv.total"), "", "", money(r.gross), money(r.support), money(r.net)]);
  }
  if (view.others) {
    rows.push([t("campaigns.ledger.others", { count: view.others.count }), "", "", t("campaigns.csv.total"), "", "", money(view.others.gross), money(view.others.support), money(view.others.net)]);
  }
  rows.push([opts.title, "", "", t("campaigns.csv.campaignTotal"), "", "", money(view.totals.gross), money(view.totals.support), money(view.totals.net)]);
  if (view.totals.unallocated !== "0.00") rows.push([opts.title, "", "", t("campaigns.csv.unallocated"), "", "", money(view.totals.unallocated), "", ""]);
  return toCsv(header, rows);
}
