import { sql, type Kysely } from "kysely";
import { backfillSearch } from "./0019_search";

// Search, after files and vocabularies met it (issue 14; docs/decisions/0010-search.md):
// - Files are a search source: name, description and the text extracted from PDF/DOCX/TXT (file.search_text). Who
//   may find one is who may download it (policy file.download): a post's file follows its thread's subject (and
//   drops out with a hidden or deleted post), a library file its group, event materials the event or, when marked so,
//   only its participants, a campaign's files the campaign's participants. Only ready (attached) files.
// - Tags hold vocabulary keys since 0018: groups, organisations and people are indexed with their terms' Latvian and
//   English labels (and the key), and people with their English job title, so "Regulatīvās lietas" and "regulatory
//   affairs" find the same expert. Renaming a term re-indexes what carries it.

const STATEMENTS = [
  `create function search_term_labels(k text, keys text[]) returns text language sql stable as $$
     select coalesce(string_agg(v.label_lv || ' / ' || v.label_en || ' (' || v.key || ')', ', ' order by v.key), '')
     from vocabulary_term v where v.kind = k and v.key = any(keys) $$`,
  `create or replace view search_source_group as
     select 'group'::text as kind, g.id as ref_id, 'group'::text as audience, g.id as scope_id,
       g.name_lv as title, g.name_en as title_en, g.name_lv || ' ' || g.name_en as head,
       g.description_lv || E'\\n' || g.description_en || E'\\n' || search_term_labels('group_topic', g.tags) as body, g.created_at as at
     from working_group g`,
  `create or replace view search_source_org as
     select 'org'::text as kind, o.id as ref_id, 'org'::text as audience, o.id as scope_id,
       o.name as title, null::text as title_en, o.name as head,
       o.city || E'\\n' || search_term_labels('competence', o.competency_tags) || E'\\n' || o.description_lv || E'\\n' || o.description_en as body, o.created_at as at
     from organisation o`,
  `create or replace view search_source_person as
     select 'person'::text as kind, p.id as ref_id, 'person'::text as audience, p.id as scope_id,
       p.name as title, null::text as title_en, p.name as head,
       p.job_title || ' ' || p.job_title_en || E'\\n' || search_term_labels('expertise', p.expertise_tags) as body, p.created_at as at
     from person p where p.erased_at is null`,
  `drop trigger search_person on person`,
  `create trigger search_person after insert or delete or update of name, job_title, job_title_en, expertise_tags, erased_at on person for each row execute function search_sync('id', 'person')`,
  // A term renamed: everything that carries it again (rare; an admin's edit).
  `create function search_sync_term() returns trigger language plpgsql as $$
   declare r record;
   begin
     if NEW.kind = 'group_topic' then
       for r in select id from working_group where tags @> array[NEW.key] loop perform search_put('group', r.id); end loop;
     elsif NEW.kind = 'competence' then
       for r in select id from organisation where competency_tags @> array[NEW.key] loop perform search_put('org', r.id); end loop;
     elsif NEW.kind = 'expertise' then
       for r in select id from person where expertise_tags @> array[NEW.key] loop perform search_put('person', r.id); end loop;
     end if;
     return null;
   end $$`,
  `create trigger search_term after update of label_lv, label_en on vocabulary_term for each row execute function search_sync_term()`,

  `create view search_source_file as
     select 'file'::text as kind, f.id as ref_id,
       case when f.post_id is not null then 'thread:' || t.subject_type
            when f.group_id is not null then 'file:group'
            when f.event_id is not null then case when f.participants_only then 'file:event-participants' else 'event' end
            else 'file:campaign' end as audience,
       coalesce(t.subject_id, f.group_id, f.event_id, f.campaign_id) as scope_id,
       f.name as title, null::text as title_en, f.name as head,
       f.description || E'\\n' || f.search_text as body, f.created_at as at
     from file f
     left join post p on p.id = f.post_id
     left join thread t on t.id = p.thread_id
     where f.status = 'ready' and (f.post_id is null or (p.deleted_at is null and p.hidden_at is null))`,
  `create trigger search_file after insert or delete or update of status, name, description, search_text, post_id, group_id, event_id, campaign_id, participants_only on file for each row execute function search_sync('id', 'file')`,
  // A post hidden, deleted or shown again: its files follow it.
  `create function search_sync_post_files() returns trigger language plpgsql as $$
   declare r record;
   begin
     for r in select id from file where post_id = NEW.id loop perform search_put('file', r.id); end loop;
     return null;
   end $$`,
  `create trigger search_post_files after update of deleted_at, hidden_at on post for each row execute function search_sync_post_files()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  await sql.raw(`delete from search_doc where kind in ('group', 'org', 'person')`).execute(db);
  for (const kind of ["group", "org", "person", "file"]) await backfillSearch(db, kind);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const s of [
    "drop trigger if exists search_post_files on post",
    "drop function if exists search_sync_post_files()",
    "drop trigger if exists search_file on file",
    "drop view if exists search_source_file",
    "delete from search_doc where kind = 'file'",
    "drop trigger if exists search_term on vocabulary_term",
    "drop function if exists search_sync_term()",
  ])
    await sql.raw(s).execute(db);
  // The 0019 views come back with the tags as stored (keys).
  await sql
    .raw(
      `create or replace view search_source_person as
       select 'person'::text as kind, p.id as ref_id, 'person'::text as audience, p.id as scope_id,
         p.name as title, null::text as title_en, p.name as head,
         p.job_title || E'\\n' || array_to_string(p.expertise_tags, ', ') as body, p.created_at as at
       from person p where p.erased_at is null`,
    )
    .execute(db);
  await sql
    .raw(
      `create or replace view search_source_org as
       select 'org'::text as kind, o.id as ref_id, 'org'::text as audience, o.id as scope_id,
         o.name as title, null::text as title_en, o.name as head,
         o.city || E'\\n' || array_to_string(o.competency_tags, ', ') || E'\\n' || o.description_lv || E'\\n' || o.description_en as body, o.created_at as at
       from organisation o`,
    )
    .execute(db);
  await sql
    .raw(
      `create or replace view search_source_group as
       select 'group'::text as kind, g.id as ref_id, 'group'::text as audience, g.id as scope_id,
         g.name_lv as title, g.name_en as title_en, g.name_lv || ' ' || g.name_en as head,
         g.description_lv || E'\\n' || g.description_en || E'\\n' || array_to_string(g.tags, ', ') as body, g.created_at as at
       from working_group g`,
    )
    .execute(db);
  await sql.raw("drop function if exists search_term_labels(text, text[])").execute(db);
}
