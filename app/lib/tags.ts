// Free-text tag lists ("GMP, regulatory affairs") shared by organisation profiles, people's expertise and working
// groups: one parser, each caller with its own limits (and its own rule for which characters a tag may hold).

export interface TagOptions {
  /** At most this many tags (counted after duplicates are dropped). */
  max: number;
  /** At most this many characters per tag. */
  maxLength: number;
  /** Lower-case every tag (working-group topics: the list's tag filter compares them as stored). */
  lowerCase?: boolean;
}

export type TagsResult = { ok: true; tags: string[] } | { ok: false; problem: "tooMany" | "tooLong" };

/**
 * "GMP, regulatory affairs,, gmp " → ["GMP", "regulatory affairs"]: split at commas, trimmed, inner whitespace
 * collapsed, empties dropped, duplicates dropped ignoring case (the first spelling stays). Too many tags or a tag
 * that is too long is a problem the caller reports (nothing is cut off silently).
 */
export function parseTags(input: string, opts: TagOptions): TagsResult {
  const seen = new Set<string>();
  const tags: string[] = [];
  let tooLong = false;
  for (const raw of input.split(",")) {
    const spelled = raw.trim().replace(/\s+/g, " ");
    if (!spelled) continue;
    const key = spelled.toLocaleLowerCase("lv");
    if (seen.has(key)) continue;
    seen.add(key);
    if ([...spelled].length > opts.maxLength) tooLong = true;
    tags.push(opts.lowerCase ? key : spelled);
  }
  if (tags.length > opts.max) return { ok: false, problem: "tooMany" };
  if (tooLong) return { ok: false, problem: "tooLong" };
  return { ok: true, tags };
}
