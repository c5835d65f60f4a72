// Opaque keyset cursors for ?after=… links: base64url JSON of the last row's sort key.
// A cursor that does not decode (edited by hand, truncated) is treated as "first page", never as an error.

export const PAGE_SIZE = 25;

function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

export function decodeCursor(value: string | null | undefined, arity: number): string[] | null {
  if (!value || value.length > 600) return null;
  try {
    const parts = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parts) || parts.length !== arity) return null;
    if (!parts.every((p) => typeof p === "string" || typeof p === "number")) return null;
    return parts.map(String);
  } catch {
    return null;
  }
}

export { isUuid } from "~/lib/ids";

/** PostgreSQL's text form of a timestamptz, e.g. "2026-10-14 11:00:00.123456+00" (cursors keep microseconds). */
export const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)?$/;

/** Takes one row more than the page to learn whether a next page exists. */
export function page<T>(rows: T[], size: number, key: (row: T) => (string | number)[]): { items: T[]; next: string | null } {
  const items = rows.slice(0, size);
  const next = rows.length > size ? encodeCursor(key(items[items.length - 1])) : null;
  return { items, next };
}
