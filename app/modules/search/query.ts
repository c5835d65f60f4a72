// What a search box sends, made safe: words only (letters, marks, digits), so operators, quotes and backslashes
// (&|!():*'"\) never reach to_tsquery as syntax; the last word is a prefix. Shared by the page and the server.

export const SEARCH_TYPES = ["posts", "files", "groups", "events", "campaigns", "logistics", "organisations", "people"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 8;
const MAX_TERM_CHARS = 60;

export interface ParsedQuery {
  /** The words searched for, as typed (NFC). */
  terms: string[];
  /** Text for to_tsquery('search_simple', …): 'a' & 'b':* — null when there is nothing to search for. */
  tsquery: string | null;
}

export function parseQuery(raw: unknown): ParsedQuery {
  const text = typeof raw === "string" ? raw.normalize("NFC").slice(0, MAX_QUERY_CHARS) : "";
  const terms = (text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS).map((t) => t.slice(0, MAX_TERM_CHARS));
  if (terms.length === 0) return { terms, tsquery: null };
  const tsquery = terms.map((t, i) => `'${t}'${i === terms.length - 1 ? ":*" : ""}`).join(" & ");
  return { terms, tsquery };
}

export function isSearchType(v: unknown): v is SearchType {
  return typeof v === "string" && (SEARCH_TYPES as readonly string[]).includes(v);
}
