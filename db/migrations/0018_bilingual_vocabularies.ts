import { sql, type Kysely } from "kysely";
import { runScript } from "./util";
import { startingTerms, termKeyFrom, VOCABULARY_KINDS, type VocabularyKind } from "../../app/lib/vocabulary-terms";

// Bilingual vocabularies (issue 12, item 10; ADR 0008). Competences of organisations, expertise of people and topics
// of working groups become terms of a controlled vocabulary: vocabulary_term (kind, key) with a Latvian and an English
// label. The tag columns keep their shape (text[]) but now hold term keys, so the directory's and the groups' filters
// (`tags @> array[key]`) keep working. Free tags already stored become terms: a tag that names a starting term (either
// label or the key, ignoring case) becomes that term; any other keeps its text, in its original case, as both labels.
// Free text that people write gets an optional English field beside the original: person.job_title_en and
// campaign_budget_line.description_en (shown to English readers when filled, else the original).

const COLUMNS: { kind: VocabularyKind; table: string; column: string }[] = [
  { kind: "competence", table: "organisation", column: "competency_tags" },
  { kind: "expertise", table: "person", column: "expertise_tags" },
  { kind: "group_topic", table: "working_group", column: "tags" },
];

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `create table vocabulary_term (
      kind text not null check (kind in ('competence', 'expertise', 'group_topic')),
      key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(key) <= 64),
      label_lv text not null check (char_length(btrim(label_lv)) between 1 and 60),
      label_en text not null check (char_length(btrim(label_en)) between 1 and 60),
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (kind, key)
    );
    alter table person add column job_title_en text not null default '';
    alter table campaign_budget_line add column description_en text not null default '';`,
  );

  for (const kind of VOCABULARY_KINDS) {
    for (const t of startingTerms(kind)) {
      await sql`insert into vocabulary_term (kind, key, label_lv, label_en) values (${kind}, ${t.key}, ${t.lv}, ${t.en})`.execute(db);
    }
  }

  for (const { kind, table, column } of COLUMNS) {
    const terms = (await sql<{ key: string; label_lv: string; label_en: string }>`select key, label_lv, label_en from vocabulary_term where kind = ${kind}`.execute(db)).rows;
    const byName = new Map<string, string>();
    const keys = new Set<string>();
    for (const t of terms) {
      keys.add(t.key);
      for (const name of [t.key, t.label_en, t.label_lv]) byName.set(name.toLocaleLowerCase("lv"), t.key);
    }
    const keyOf = async (tag: string): Promise<string> => {
      const name = tag.toLocaleLowerCase("lv");
      const known = byName.get(name);
      if (known) return known;
      const base = termKeyFrom(tag);
      let key = base;
      for (let i = 2; keys.has(key); i++) key = `${base}-${i}`;
      const label = tag.slice(0, 60);
      await sql`insert into vocabulary_term (kind, key, label_lv, label_en) values (${kind}, ${key}, ${label}, ${label})`.execute(db);
      keys.add(key);
      byName.set(name, key);
      return key;
    };
    const rows = (await sql<{ id: string; tags: string[] }>`select id, ${sql.ref(column)} as tags from ${sql.table(table)} where cardinality(${sql.ref(column)}) > 0 order by id`.execute(db)).rows;
    for (const row of rows) {
      const next: string[] = [];
      for (const tag of row.tags) {
        if (!tag.trim()) continue;
        const key = await keyOf(tag.trim());
        if (!next.includes(key)) next.push(key);
      }
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${next}::text[] where id = ${row.id}`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to free text: each key becomes its English label.
  for (const { kind, table, column } of COLUMNS) {
    await sql`update ${sql.table(table)} t set ${sql.ref(column)} = array(
        select coalesce(v.label_en, k.key) from unnest(t.${sql.ref(column)}) with ordinality as k(key, n)
        left join vocabulary_term v on v.kind = ${kind} and v.key = k.key order by k.n)
      where cardinality(t.${sql.ref(column)}) > 0`.execute(db);
  }
  await runScript(
    db,
    `alter table campaign_budget_line drop column description_en;
    alter table person drop column job_title_en;
    drop table vocabulary_term;`,
  );
}
