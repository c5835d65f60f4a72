import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { activeOnly } from "~/modules/policy/sql.server";
import { decodeCursor, encodeCursor, type CursorPart } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";
import { parseQuery, type SearchType } from "./query";
import { KINDS, hrefSql, kindsOf, visibleTo } from "./sources.server";

/**
 * Site search (issue 14, docs/decisions/0010-search.md): one query over search_doc, ranked by ts_rank, with the
 * viewer's permissions inside the WHERE clause (sources.server.ts → policy/sql.server.ts), so nothing the viewer may
 * not open is ranked, counted, paged or quoted. Keyset-paginated by (rank, kind, ref_id); snippets come from
 * ts_headline for the rows of the page only. With no full-text match, a trigram fallback over titles catches typos.
 */

export const SEARCH_PAGE = 20;
const START = "\uE000";
const STOP = "\uE001";

export interface SearchParams {
  q: string;
  type: SearchType | null;
  /** Calendar dates (YYYY-MM-DD, Europe/Riga), inclusive. */
  from: string | null;
  to: string | null;
  after: string | null;
}

/** A piece of a snippet: plain text, or a word that matched (`hit`). Rendered as text, never as HTML. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  kind: string;
  type: SearchType;
  id: string;
  title: string;
  titleEn: string | null;
  href: string;
  at: string;
  snippet: SnippetPart[];
}

export interface SearchResult {
  hits: SearchHit[];
  next: string | null;
  /** The hits are close matches by title (no word matched): the page says so. */
  fuzzy: boolean;
  /** Nothing to search for (empty, or no words in it). */
  empty: boolean;
}

interface Row {
  kind: string;
  ref_id: string;
  title: string;
  title_en: string | null;
  href: string | null;
  at: Date | string;
  rank: number | string;
  snippet: string | null;
}

/** Splits ts_headline's output at its private-use marks into text and hits (marks in the text itself never pair up
 * into markup: each part is rendered as a text node). */
export function snippetParts(s: string | null): SnippetPart[] {
  if (!s) return [];
  const out: SnippetPart[] = [];
  for (const piece of s.split(START)) {
    const stop = piece.indexOf(STOP);
    if (stop < 0) {
      if (piece) out.push({ text: piece, hit: false });
      continue;
    }
    out.push({ text: piece.slice(0, stop), hit: true });
    const rest = piece.slice(stop + 1).replaceAll(STOP, "");
    if (rest) out.push({ text: rest, hit: false });
  }
  return out;
}

/** The full-text query for one page (exported for the EXPLAIN test), or null when there is nothing to search for. */
export function searchQuery(viewer: Viewer | null, p: SearchParams, limit = SEARCH_PAGE) {
  const parsed = parseQuery(p.q);
  if (!parsed.tsquery) return null;
  const tsq = sql`to_tsquery('search_simple', ${parsed.tsquery})`;
  const filters = [activeOnly(viewer, visibleTo)];
  if (p.type) filters.push(sql<boolean>`d.kind in (${sql.join(kindsOf(p.type))})`);
  if (p.from) filters.push(sql<boolean>`d.at >= (${p.from}::date)::timestamp at time zone 'Europe/Riga'`);
  if (p.to) filters.push(sql<boolean>`d.at < (${p.to}::date + 1)::timestamp at time zone 'Europe/Riga'`);
  const cursor = decodeCursor(p.after, 3, [(x) => typeof x === "number", (x) => typeof x === "string" && x in KINDS, (x) => isUuid(x)]);
  const keyset = cursor ? sql<boolean>`(x.rank < ${cursor[0]}::real or (x.rank = ${cursor[0]}::real and (x.kind, x.ref_id) > (${cursor[1]}, ${cursor[2]}::uuid)))` : sql<boolean>`true`;
  const where = sql.join(filters, sql` and `);

  // Three steps: every visible match ranked (x), the page by keyset (page), then titles, links and snippets for the
  // page's rows only (d: the names sources.server.ts's href fragments use).
  const query = sql<Row>`
    select d.kind, d.ref_id, d.rank, d.at, d.title_en,
      case when d.kind = 'post' then coalesce((select t.title from post p join thread t on t.id = p.thread_id where p.id = d.ref_id), '') else d.title end as title,
      ${hrefSql()} as href,
      ts_headline('search_simple', case when d.body = '' then d.title else d.body end, ${tsq},
        ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
    from (
      select x.* from (
        select d.kind, d.ref_id, d.title, d.title_en, d.body, d.at, ts_rank(d.tsv, ${tsq}) as rank
        from search_doc d
        where d.tsv @@ ${tsq} and ${where}
      ) x
      where ${keyset}
      order by x.rank desc, x.kind, x.ref_id
      limit ${limit + 1}
    ) d
    order by d.rank desc, d.kind, d.ref_id`;
  return { query, where, words: parsed.terms.join(" "), paged: !!cursor };
}

export async function search(exec: Executor, viewer: Viewer | null, p: SearchParams, limit = SEARCH_PAGE): Promise<SearchResult> {
  const q = searchQuery(viewer, p, limit);
  if (!q) return { hits: [], next: null, fuzzy: false, empty: true };
  const { where, words, paged } = q;
  // PostgreSQL would JIT-compile the query when a common word matches many rows: ~200 ms of compiling for a query that
  // runs in a few. Search runs with JIT off (set local: for this transaction only; PGlite has no JIT and ignores it).
  const run = async (trx: Executor) => {
    await sql`set local jit = off`.execute(trx);
    let rows = (await q.query.execute(trx)).rows;
    let fuzzy = false;
    if (rows.length === 0 && !paged) {
      rows = await fuzzyMatches(trx, words, where, limit);
      fuzzy = rows.length > 0;
    }
    return { rows, fuzzy };
  };
  const { rows, fuzzy } = exec.isTransaction ? await run(exec) : await exec.transaction().execute(run);
  const more = !fuzzy && rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = more && last ? encodeCursor([Number(last.rank), last.kind, last.ref_id] as CursorPart[]) : null;
  return { hits: page.map(toHit), next, fuzzy, empty: false };
}

/** Titles that are close to the words (pg_trgm word similarity), under the same filters, for a query that matched
 * nothing (a typo: "klavinsh", "regulatroy"). */
async function fuzzyMatches(exec: Executor, words: string, where: ReturnType<typeof sql.join>, limit: number): Promise<Row[]> {
  const r = await sql<Row>`
    select d.kind, d.ref_id, d.title, d.title_en, d.at, word_similarity(search_fold(${words}), d.title_key) as rank, ${hrefSql()} as href, null as snippet
    from search_doc d
    where search_fold(${words}) <% d.title_key and d.title_key <> '' and ${where}
    order by rank desc, d.kind, d.ref_id
    limit ${limit}`.execute(exec);
  return r.rows;
}

function toHit(r: Row): SearchHit {
  return {
    kind: r.kind,
    type: KINDS[r.kind]?.type ?? "posts",
    id: r.ref_id,
    title: r.title,
    titleEn: r.title_en,
    href: r.href ?? "/",
    at: new Date(r.at).toISOString(),
    snippet: snippetParts(r.snippet),
  };
}
