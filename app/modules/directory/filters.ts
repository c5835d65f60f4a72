import type { LegalType, OrgSize } from "#db/schema";

// Directory filters shared by the list loaders and their forms (browser-safe; parsing lives in filters.server.ts).

export const PAGE_SIZE = 25;

/** Position after the last row shown: its id (the query looks up its sort key, search_key). */
export interface Cursor {
  id: string;
}

export interface DirectoryFilters {
  q: string;
  type: LegalType | null;
  size: OrgSize | null;
  tag: string | null;
  /** People tab only: the slug of one organisation. */
  org: string | null;
  after: Cursor | null;
}

/** The query string of these filters (without the cursor), for tab links and the next-page link. */
export function filterParams(f: Partial<Omit<DirectoryFilters, "after">>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.type) p.set("type", f.type);
  if (f.size) p.set("size", f.size);
  if (f.tag) p.set("tag", f.tag);
  if (f.org) p.set("org", f.org);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
