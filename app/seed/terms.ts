import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import { startingTerms, VOCABULARY_KINDS, type VocabularyKind } from "~/lib/vocabulary-terms";

/**
 * The starting vocabularies (as migration 0018 inserts them), for a reset: `db:seed` empties every table, the
 * vocabularies too (their terms point at people who added them).
 */
export async function ensureStartingTerms(trx: Transaction<Database>): Promise<void> {
  const rows = VOCABULARY_KINDS.flatMap((kind) => startingTerms(kind).map((t) => ({ kind, key: t.key, label_lv: t.lv, label_en: t.en })));
  await trx
    .insertInto("vocabulary_term")
    .values(rows)
    .onConflict((oc) => oc.columns(["kind", "key"]).doNothing())
    .execute();
}

/**
 * The demo's tags are written as the terms' English labels (or keys), so the seed reads like the demo it describes;
 * stored are the keys of the vocabulary that migration 0018 fills (Latvian and English labels). A tag that is not a
 * term of its vocabulary is a mistake in the seed: it throws.
 */
export async function termKeyResolver(trx: Transaction<Database>, kind: VocabularyKind): Promise<(tags: string[]) => string[]> {
  const rows = await trx.selectFrom("vocabulary_term").select(["key", "label_en"]).where("kind", "=", kind).execute();
  const byName = new Map<string, string>();
  for (const r of rows) {
    byName.set(r.key, r.key);
    byName.set(r.label_en.toLowerCase(), r.key);
  }
  return (tags) =>
    tags.map((tag) => {
      const key = byName.get(tag.toLowerCase());
      if (!key) throw new Error(`demo seed: "${tag}" is not a ${kind} term (app/lib/vocabulary-terms.ts)`);
      return key;
    });
}
