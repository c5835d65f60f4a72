// CSV for spreadsheets, one convention for every export: UTF-8 with a byte-order mark (Excel then reads ā, š, ž
// right), `;` between cells (the list separator of Latvian Excel, where `,` is the decimal comma), CRLF line ends,
// RFC 4180 quoting. A text cell a spreadsheet would run as a formula (= + - @ tab CR at the start) gets a leading
// apostrophe (OWASP "CSV injection"); numbers — including negative ones such as "-12,50" — are left as they are.

export type CsvValue = string | number | bigint | null | undefined;

const NUMBER = /^-?\d+([.,]\d+)?$/;

export function csvCell(v: CsvValue): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: a header row (in the viewer's language) and the data rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return "\uFEFF" + [header, ...rows].map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
}

/** A decimal for a cell in the viewer's language: "1234,50" in Latvian, "1234.50" in English (no grouping). */
export function csvDecimal(v: string, locale: "lv" | "en"): string {
  return locale === "lv" ? v.replace(".", ",") : v;
}
