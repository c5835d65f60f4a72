import type { LegalType, OrgSize } from "#db/schema";
import { LEGAL_TYPES, ORG_SIZES } from "~/modules/orgs/constants";
import type { Cursor, DirectoryFilters } from "./filters";
import { translate } from "~/i18n";
import type { Viewer } from "~/modules/policy/facts";
import { resolveLocale } from "~/modules/i18n/locale.server";
import { decodeCursor as decodeParts, encodeCursor as encodeParts } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";

// URL → filters and the opaque keyset cursor.
// The lists sort by (search_key, id). The cursor carries only the id of the last row shown, and the query reads
// that row's search_key itself: a person's search_key contains their email address, which must not travel in
// URLs (nor be decodable from one) when they chose not to show it.

const MAX_QUERY = 100;
const MAX_TAG = 60;
/** The id of the last row shown, through the one cursor codec (~/lib/cursor.server). */
export function encodeCursor(c: Cursor): string {
  return encodeParts([c.id]);
}

function decodeCursor(s: string): Cursor | null {
  const parts = decodeParts(s, 1, [isUuid]);
  return parts ? { id: parts[0] as string } : null;
}

/** Reads the GET form's parameters; null when one of them is not a value the form could have sent. */
export function parseFilters(params: URLSearchParams): DirectoryFilters | null {
  const get = (k: string) => (params.get(k) ?? "").trim();
  const type = get("type");
  const size = get("size");
  const tag = get("tag");
  const org = get("org");
  const after = get("after");
  if (type && !LEGAL_TYPES.includes(type as LegalType)) return null;
  if (size && !ORG_SIZES.includes(size as OrgSize)) return null;
  if (tag.length > MAX_TAG) return null;
  if (org && !/^[a-z0-9-]{1,120}$/.test(org)) return null;
  const cursor = after ? decodeCursor(after) : null;
  if (after && !cursor) return null;
  return {
    q: get("q").slice(0, MAX_QUERY),
    type: (type || null) as LegalType | null,
    size: (size || null) as OrgSize | null,
    tag: tag || null,
    org: org || null,
    after: cursor,
  };
}

/** ILIKE pattern "contains" with LIKE's own wildcards escaped (backslash is the default escape). */
export function containsPattern(key: string): string {
  return `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** 400 with a translated explanation (the root error boundary shows short string bodies). */
export async function badFilter(request: Request, viewer: Viewer): Promise<never> {
  const locale = await resolveLocale(request, viewer);
  throw new Response(translate(locale, "directory.error.badFilter"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
