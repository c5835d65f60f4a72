// Exact decimal arithmetic for quantities and money: values travel as strings (PostgreSQL numeric) and are computed as
// BigInt in fixed scales — quantities in thousandths (milli), money in cents. No floating point touches a share.

const DECIMAL = /^-?\d{1,15}(\.\d{1,12})?$/;

/** "2.88" → 2880n at scale 3. Throws on more decimals than the scale holds (the caller validated the input). */
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

export const milli = (v: string | number) => toScaled(v, 3);
export const cents = (v: string | number) => toScaled(v, 2);

/** 314999n → "3149.99" */
export function fromScaled(v: bigint, scale: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const base = 10n ** BigInt(scale);
  const i = a / base;
  const f = (a % base).toString().padStart(scale, "0");
  return `${neg ? "-" : ""}${i}${scale > 0 ? `.${f}` : ""}`;
}

export const centsToString = (v: bigint) => fromScaled(v, 2);

/** Number of decimals in a decimal string ("1.250" → 3, trailing zeros count). */
export function decimals(s: string): number {
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

export function maxBig(...v: bigint[]): bigint {
  return v.reduce((a, b) => (b > a ? b : a));
}

/**
 * Splits `total` (cents) in proportion to `weights`, exactly: everyone gets floor(total × w / Σw), then the cents
 * left over go one each to the largest remainders. Ties go to the larger weight, then to the smaller tie key (request
 * reference), so the result never depends on the order rows came from the database. Σ result = total always.
 * All-zero weights split equally.
 */
export function allocate(total: bigint, weights: bigint[], tieKeys: string[]): bigint[] {
  const n = weights.length;
  if (n === 0) return [];
  if (weights.some((w) => w < 0n)) throw new Error("negative weight");
  const w = weights.every((x) => x === 0n) ? weights.map(() => 1n) : weights;
  const sum = w.reduce((a, b) => a + b, 0n);
  const shares = w.map((x) => (total * x) / sum);
  const rema = w.map((x) => (total * x) % sum);
  let left = total - shares.reduce((a, b) => a + b, 0n);
  const order = [...w.keys()].sort((a, b) => {
    if (rema[a] !== rema[b]) return rema[a] > rema[b] ? -1 : 1;
    if (w[a] !== w[b]) return w[a] > w[b] ? -1 : 1;
    return tieKeys[a] < tieKeys[b] ? -1 : tieKeys[a] > tieKeys[b] ? 1 : a - b;
  });
  for (let k = 0; left > 0n; k = (k + 1) % n, left--) shares[order[k]] += 1n;
  return shares;
}
