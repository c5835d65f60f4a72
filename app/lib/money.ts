// Exact decimal arithmetic for money and quantities: values travel as strings (PostgreSQL numeric) and are computed as
// BigInt in fixed scales — money in cents, quantities in thousandths. No floating point ever touches a share.

const DECIMAL = /^-?\d{1,15}(\.\d{1,12})?$/;

/** "2.88" → 2880n at scale 3. Throws on more decimals than the scale holds (callers validated the input first). */
export function toScaled(value: string | number, scale: number): bigint {
  const s = typeof value === "number" ? String(value) : value.trim();
  if (!DECIMAL.test(s)) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const neg = s.startsWith("-");
  const [i, f = ""] = (neg ? s.slice(1) : s).split(".");
  const frac = f.replace(/0+$/, "");
  if (frac.length > scale) throw new Error(`${s} has more than ${scale} decimals`);
  const v = BigInt(i) * 10n ** BigInt(scale) + BigInt((frac + "0".repeat(scale)).slice(0, scale) || "0");
  return neg ? -v : v;
}

/** 314999n at scale 2 → "3149.99" (a plain decimal for the database, CSV and formatMoney). */
export function fromScaled(v: bigint, scale: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const base = 10n ** BigInt(scale);
  const i = a / base;
  const f = (a % base).toString().padStart(scale, "0");
  return `${neg ? "-" : ""}${i}${scale > 0 ? `.${f}` : ""}`;
}

/** A PostgreSQL numeric ("1234.5", "-3.10") or null → cents. */
export function toCents(v: string | number | null | undefined): bigint {
  return v === null || v === undefined ? 0n : toScaled(v, 2);
}
export const centsToDecimal = (v: bigint): string => fromScaled(v, 2);
export const toMilli = (v: string | number): bigint => toScaled(v, 3);
export const milliToDecimal = (v: bigint): string => fromScaled(v, 3);

/** Number of decimals in a decimal string ("1.250" → 3, trailing zeros count). */
export function decimals(s: string): number {
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

export function maxBig(...v: bigint[]): bigint {
  return v.reduce((a, b) => (b > a ? b : a));
}

export type ParseError = "invalid" | "negative" | "tooLarge";
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** Largest amount a numeric(12,2) column holds: 9 999 999 999.99. */
export const MAX_CENTS = 999_999_999_999n;

/**
 * A non-negative decimal typed by a person → an integer number of 10^-decimals units. Accepts "1234.50", "1234,5",
 * "1 234" (spaces, no-break spaces) and an optional "€"/"EUR"; refuses "1,234.50" (ambiguous between LV and EN).
 */
export function parseDecimal(input: unknown, decimals = 2, max: bigint = MAX_CENTS): Parsed<bigint> {
  if (typeof input !== "string") return { ok: false, error: "invalid" };
  let s = input
    .replace(/[\s\u00a0\u202f]+/g, "")
    .replace(/€/g, "")
    .replace(/EUR$/i, "");
  if (s === "") return { ok: false, error: "invalid" };
  let negative = false;
  if (/^[-−–]/.test(s)) {
    negative = true;
    s = s.slice(1);
  }
  const m = /^(\d{1,13})(?:[.,](\d+))?$/.exec(s);
  if (!m) return { ok: false, error: "invalid" };
  const frac = m[2] ?? "";
  if (frac.length > decimals) return { ok: false, error: "invalid" };
  const scaled = BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  if (negative && scaled !== 0n) return { ok: false, error: "negative" };
  if (scaled > max) return { ok: false, error: "tooLarge" };
  return { ok: true, value: scaled };
}

export const parseMoney = (input: unknown): Parsed<bigint> => parseDecimal(input, 2, MAX_CENTS);

export interface Weighted {
  /** Tie-break key: among equal remainders the larger weight wins, then the smaller key. */
  key: string;
  weight: bigint;
}

/**
 * Splits `total` (≥ 0, in cents or any unit) in proportion to the weights by the largest-remainder rule, exactly:
 * each item gets floor(total × w / Σw), then the units left over go one each to the largest remainders (ties: larger
 * weight, then smaller key), so the result never depends on the order rows came from the database and Σ = total.
 * An exact share never gets an extra unit.
 *
 * The one rule for all-zero weights: split equally (as if every weight were 1). Callers for which "nobody has a
 * basis" is a mistake the person must fix (a ledger line split by stand area when nobody has an area yet) check for
 * that before calling and say so.
 */
export function allocate(total: bigint, items: readonly Weighted[]): bigint[] {
  if (total < 0n) throw new Error("allocate: negative total");
  if (items.length === 0) return [];
  if (items.some((x) => x.weight < 0n)) throw new Error("allocate: negative weight");
  const w = items.every((x) => x.weight === 0n) ? items.map(() => 1n) : items.map((x) => x.weight);
  const sum = w.reduce((a, b) => a + b, 0n);
  const out = w.map((x) => (total * x) / sum);
  const rem = w.map((x) => (total * x) % sum);
  let left = total - out.reduce((a, b) => a + b, 0n);
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    if (rem[a] !== rem[b]) return rem[a] > rem[b] ? -1 : 1;
    if (w[a] !== w[b]) return w[a] > w[b] ? -1 : 1;
    return items[a].key < items[b].key ? -1 : items[a].key > items[b].key ? 1 : a - b;
  });
  for (const i of order) {
    if (left === 0n) break;
    out[i] += 1n;
    left -= 1n;
  }
  return out;
}
