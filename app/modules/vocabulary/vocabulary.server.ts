import { sql } from "kysely";
import type { Executor } from "~/context";
import { ActionError } from "~/modules/errors";
import { termKeyFrom, type VocabularyKind } from "~/lib/vocabulary-terms";
import type { Term } from "./terms";

// Reads and writes of the controlled vocabularies (ADR 0008). Tag columns hold term keys; these functions give them
// their labels and check what a form chose.

type TermRow = { key: string; label_lv: string; label_en: string };
const toTerm = (r: TermRow): Term => ({ key: r.key, lv: r.label_lv, en: r.label_en });

/** Every term of a vocabulary (for an edit form's choices; the component sorts them by the reader's label). */
export async function listTerms(db: Executor, kind: VocabularyKind): Promise<Term[]> {
  const rows = await db.selectFrom("vocabulary_term").select(["key", "label_lv", "label_en"]).where("kind", "=", kind).orderBy("key").limit(2000).execute();
  return rows.map(toTerm);
}

/** The terms with these keys, by key (one query). */
export async function termsByKey(db: Executor, kind: VocabularyKind, keys: readonly string[]): Promise<Map<string, Term>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom("vocabulary_term").select(["key", "label_lv", "label_en"]).where("kind", "=", kind).where("key", "in", unique).execute();
  return new Map(rows.map((r) => [r.key, toTerm(r)]));
}

/** A stored list of keys as terms, in stored order (a key without a term shows as itself). */
export function asTerms(keys: readonly string[], known: Map<string, Term>): Term[] {
  return keys.map((k) => known.get(k) ?? { key: k, lv: k, en: k });
}

/** Gives each row's key list its terms: `rows[i][field]` (keys) becomes Term[]; one query for all rows. */
export async function withTerms<R, F extends keyof R & string>(db: Executor, kind: VocabularyKind, rows: R[], field: F): Promise<(Omit<R, F> & { [K in F]: Term[] })[]> {
  const known = await termsByKey(
    db,
    kind,
    rows.flatMap((r) => r[field] as unknown as string[]),
  );
  return rows.map((r) => ({ ...r, [field]: asTerms(r[field] as unknown as string[], known) }) as Omit<R, F> & { [K in F]: Term[] });
}

export interface TermChoice {
  keys: string[];
  newLv: string;
  newEn: string;
}

/**
 * What an edit form chose, checked: every key must be a term of the vocabulary (else 400 on `field`); a new term
 * (either label, or both) is added — or, when a term of that kind already has that label in either language
 * (ignoring case), that term is taken — and appended. At most `max` in all (400 `tooMany` with `{ max }`).
 */
export async function resolveTermChoice(trx: Executor, kind: VocabularyKind, actorId: string | null, choice: TermChoice, opts: { field: string; max: number; tooMany: string }): Promise<string[]> {
  const keys = [...choice.keys];
  const known = await termsByKey(trx, kind, keys);
  if (keys.some((k) => !known.has(k))) throw new ActionError(400, "vocabulary.error.unknown", {}, opts.field);
  const lv = choice.newLv.trim();
  const en = choice.newEn.trim();
  if (lv || en) {
    const key = await addTerm(trx, kind, actorId, lv || en, en || lv);
    if (!keys.includes(key)) keys.push(key);
  }
  if (keys.length > opts.max) throw new ActionError(400, opts.tooMany, { max: opts.max }, opts.field);
  return keys;
}

/** Adds a term (or finds the one with that label in either language, ignoring case) and gives its key. */
export async function addTerm(trx: Executor, kind: VocabularyKind, actorId: string | null, labelLv: string, labelEn: string): Promise<string> {
  const same = await trx
    .selectFrom("vocabulary_term")
    .select("key")
    .where("kind", "=", kind)
    .where((eb) => eb.or([eb(sql`lower(label_lv)`, "in", [labelLv.toLowerCase(), labelEn.toLowerCase()]), eb(sql`lower(label_en)`, "in", [labelLv.toLowerCase(), labelEn.toLowerCase()])]))
    .orderBy("key")
    .executeTakeFirst();
  if (same) return same.key;
  const base = termKeyFrom(labelEn || labelLv);
  const taken = new Set((await trx.selectFrom("vocabulary_term").select("key").where("kind", "=", kind).where("key", "like", `${base}%`).execute()).map((r) => r.key));
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
  // two people adding the same new term at once: the second insert does nothing and takes the first one's key
  const inserted = await trx
    .insertInto("vocabulary_term")
    .values({ kind, key, label_lv: labelLv, label_en: labelEn, created_by: actorId })
    .onConflict((oc) => oc.columns(["kind", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return inserted?.key ?? key;
}
