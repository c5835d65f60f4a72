import type { Locale, T } from "~/i18n";
import type { LedgerView } from "./ledger.server";

// CSV export of the ledger for accounting: UTF-8 with a byte-order mark (so spreadsheet programs detect the
// encoding), semicolon-separated, CRLF line ends (RFC 4180 quoting), amounts as plain decimals with the viewer's
// decimal separator and no grouping. Text cells that a spreadsheet would run as a formula (= + - @ tab CR) get a
// leading apostrophe (OWASP "CSV injection").

export function csvCell(v: string): string {
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function amount(v: string, locale: Locale): string {
  return locale === "lv" ? v.replace(".", ",") : v;
}

export function ledgerCsv(view: LedgerView, opts: { title: string; locale: Locale; t: T }): string {
  const { t, locale } = opts;
  const rows: string[][] = [];
  rows.push([
    t("campaigns.csv.organisation"),
    t("campaigns.csv.category"),
    t("campaigns.csv.rate"),
    t("campaigns.csv.line"),
    t("campaigns.csv.lineCategory"),
    t("campaigns.csv.eligible"),
    t("campaigns.csv.gross"),
    t("campaigns.csv.support"),
    t("campaigns.csv.net"),
  ]);
  const lineById = new Map(view.lines.map((l) => [l.id, l]));
  const money = (v: string) => amount(v, locale);
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
  return "\ufeff" + rows.map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
}
