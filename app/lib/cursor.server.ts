// Opaque keyset cursors for ?after=… links: base64url JSON of the last row's sort key.
// A cursor that does not decode (edited by hand, truncated, from another list) is "first page", never an error:
// callers get null and start from the top.

const MAX_CURSOR = 600;

export type CursorPart = string | number | null;

export function encodeCursor(parts: CursorPart[]): string {
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/**
 * Decodes a cursor of exactly `arity` parts, each a string, a number or null. With `check`, each part must also pass
 * its own test (e.g. isUuid, isTimestampText), so a forged cursor never reaches a typed column.
 */
export function decodeCursor(value: string | null | undefined, arity: number, check?: ((part: CursorPart) => boolean)[]): CursorPart[] | null {
  if (!value || value.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== arity) return null;
  if (!parts.every((p) => p === null || typeof p === "string" || (typeof p === "number" && Number.isFinite(p)))) return null;
  if (check && !parts.every((p, i) => !check[i] || check[i](p as CursorPart))) return null;
  return parts as CursorPart[];
}

/** PostgreSQL's text form of a timestamptz, e.g. "2026-10-14 11:00:00.123456+00" (cursors keep microseconds). */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)?$/;

export function isTimestampText(v: unknown): v is string {
  return typeof v === "string" && TIMESTAMP_TEXT.test(v);
}

/** Takes one row more than the page to learn whether a next page exists; `key` gives the last row's sort key. */
export function keysetPage<T>(rows: T[], size: number, key: (row: T) => CursorPart[]): { items: T[]; next: string | null } {
  const items = rows.slice(0, size);
  const next = rows.length > size ? encodeCursor(key(items[items.length - 1])) : null;
  return { items, next };
}
