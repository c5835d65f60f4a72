import { sql, type Kysely } from "kysely";

// Site search (issue 14, docs/decisions/0010-search.md): one table of search documents, one row per searchable thing,
// kept by triggers in the same transaction as the write and back-filled here.
//
// - Text: the `search_simple` configuration is `simple` with the `unaccent` dictionary in front, so "Kļaviņš",
//   "Klaviņš" and "klavins" are the same lexeme, in the index, in queries and in ts_headline (which then marks the
//   word as written). `search_fold(text)` is the same folding for trigram keys; unaccent() itself is not IMMUTABLE,
//   so the wrapper names the dictionary explicitly.
// - Each kind of document is a view `search_source_<kind>` (kind, ref_id, audience, scope_id, title, title_en, head,
//   body, at); `search_put(kind, id)` replaces one document from its view, `search_sync()` is the trigger function.
//   Adding a source is: a view, a trigger on each table it reads, a back-fill line, and an entry in
//   app/modules/search/sources.server.ts (see docs/decisions/0010-search.md "Adding a source").
// - `audience` names the rule that decides who may see a document and `scope_id` the thing it is about; the search
//   query (app/modules/search/search.server.ts) expresses the policy's rules in SQL per audience.

const STATEMENTS = [
  `create extension if not exists unaccent`,
  `create extension if not exists pg_trgm`,
  `create text search configuration search_simple (copy = simple)`,
  `alter text search configuration search_simple alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart with unaccent, simple`,
  `create function search_fold(t text) returns text language sql immutable parallel safe strict
     as $$ select lower(public.unaccent('public.unaccent'::regdictionary, t)) $$`,
  `create table search_doc (
     kind text not null,
     ref_id uuid not null,
     audience text not null,
     scope_id uuid,
     title text not null,
     title_en text,
     title_key text not null,
     body text not null,
     at timestamptz not null,
     tsv tsvector not null,
     primary key (kind, ref_id)
   )`,
  `create index search_doc_tsv_idx on search_doc using gin (tsv)`,
  `create index search_doc_title_trgm_idx on search_doc using gin (title_key gin_trgm_ops)`,

  // Posts: visible, not deleted or hidden; who sees one is the thread subject's rule (audience thread:<subject>).
  `create view search_source_post as
     select 'post'::text as kind, p.id as ref_id, 'thread:' || t.subject_type as audience, t.subject_id as scope_id,
       ''::text as title, null::text as title_en, ''::text as head, p.body_md as body, p.created_at as at
     from post p join thread t on t.id = p.thread_id
     where p.deleted_at is null and p.hidden_at is null`,
  // Topics of working groups (an event's, campaign's or pool's one discussion is titled after the subject itself).
  `create view search_source_thread as
     select 'thread'::text as kind, t.id as ref_id, 'thread:' || t.subject_type as audience, t.subject_id as scope_id,
       t.title as title, null::text as title_en, t.title as head, ''::text as body, t.created_at as at
     from thread t where t.subject_type = 'group'`,
  `create view search_source_group as
     select 'group'::text as kind, g.id as ref_id, 'group'::text as audience, g.id as scope_id,
       g.name_lv as title, g.name_en as title_en, g.name_lv || ' ' || g.name_en as head,
       g.description_lv || E'\\n' || g.description_en || E'\\n' || array_to_string(g.tags, ', ') as body, g.created_at as at
     from working_group g`,
  `create view search_source_event as
     select 'event'::text as kind, e.id as ref_id, 'event'::text as audience, e.id as scope_id,
       e.title_lv as title, e.title_en as title_en, e.title_lv || ' ' || e.title_en as head,
       e.venue || E'\\n' || e.description_lv || E'\\n' || e.description_en || E'\\n' ||
         coalesce((select string_agg(a.title_lv || ' ' || a.title_en || ' ' || a.speaker, E'\\n' order by a.position) from event_agenda_item a where a.event_id = e.id), '') as body,
       e.starts_at as at
     from event e`,
  `create view search_source_campaign as
     select 'campaign'::text as kind, c.id as ref_id, 'campaign'::text as audience, c.id as scope_id,
       c.title_lv as title, c.title_en as title_en, c.title_lv || ' ' || c.title_en as head,
       c.city || ' ' || c.country || ' ' || array_to_string(c.target_markets, ' ') || E'\\n' || c.description_lv || E'\\n' || c.description_en as body,
       (c.starts_on::timestamp at time zone 'Europe/Riga') as at
     from campaign c`,
  // Pools: their code and carrier, for the organisations in them (the requests' details stay on their pages).
  `create view search_source_pool as
     select 'pool'::text as kind, p.id as ref_id, 'pool'::text as audience, p.id as scope_id,
       p.code as title, null::text as title_en, p.code || ' ' || p.carrier_name as head, p.carrier_name as body, p.created_at as at
     from logistics_pool p`,
  // A logistics request with its confidential fields: found only by its own organisation and cluster admins (other
  // members see an anonymised card on the logistics pages, nothing of it through search).
  `create view search_source_request as
     select 'request'::text as kind, r.id as ref_id, 'request'::text as audience, r.id as scope_id,
       r.origin_city || ' → ' || r.destination_city as title, null::text as title_en,
       r.ref || ' ' || r.origin_city || ' ' || r.destination_city as head,
       r.goods_description || E'\\n' || r.named_place || ' ' || r.origin_country || ' ' || r.destination_country || E'\\n' || r.consignee || E'\\n' || r.contact || E'\\n' || r.notes as body,
       r.created_at as at
     from logistics_request r`,
  `create view search_source_org as
     select 'org'::text as kind, o.id as ref_id, 'org'::text as audience, o.id as scope_id,
       o.name as title, null::text as title_en, o.name as head,
       o.city || E'\\n' || array_to_string(o.competency_tags, ', ') || E'\\n' || o.description_lv || E'\\n' || o.description_en as body, o.created_at as at
     from organisation o`,
  // People: name, job title and expertise (never the email address).
  `create view search_source_person as
     select 'person'::text as kind, p.id as ref_id, 'person'::text as audience, p.id as scope_id,
       p.name as title, null::text as title_en, p.name as head,
       p.job_title || E'\\n' || array_to_string(p.expertise_tags, ', ') as body, p.created_at as at
     from person p where p.erased_at is null`,

  `create function search_put(k text, id uuid) returns void language plpgsql as $$
   begin
     delete from search_doc where kind = k and ref_id = id;
     execute format('insert into search_doc (kind, ref_id, audience, scope_id, title, title_en, title_key, body, at, tsv)
       select kind, ref_id, audience, scope_id, title, title_en, search_fold(head), body, at,
         setweight(to_tsvector(''search_simple'', head), ''A'') || setweight(to_tsvector(''search_simple'', body), ''B'')
       from %I where ref_id = $1', 'search_source_' || k) using id;
   end $$`,
  // Trigger arguments: the column holding the document's id, then the kinds to refresh. Updates trigger only on the
  // columns the kind's view reads (a status change or an RSVP counter does not re-index).
  `create function search_sync() returns trigger language plpgsql as $$
   declare
     col text := TG_ARGV[0];
     old_id uuid;
     new_id uuid;
   begin
     if TG_OP <> 'INSERT' then old_id := (to_jsonb(OLD) ->> col)::uuid; end if;
     if TG_OP <> 'DELETE' then new_id := (to_jsonb(NEW) ->> col)::uuid; end if;
     for i in 1 .. TG_NARGS - 1 loop
       if old_id is not null and old_id is distinct from new_id then perform search_put(TG_ARGV[i], old_id); end if;
       if new_id is not null then perform search_put(TG_ARGV[i], new_id); end if;
     end loop;
     return null;
   end $$`,
  `create trigger search_post after insert or delete or update of body_md, deleted_at, hidden_at, thread_id on post for each row execute function search_sync('id', 'post')`,
  `create trigger search_thread after insert or delete or update of title, subject_type, subject_id on thread for each row execute function search_sync('id', 'thread')`,
  `create trigger search_group after insert or delete or update of name_lv, name_en, description_lv, description_en, tags on working_group for each row execute function search_sync('id', 'group')`,
  `create trigger search_event after insert or delete or update of title_lv, title_en, description_lv, description_en, venue, starts_at on event for each row execute function search_sync('id', 'event')`,
  `create trigger search_event_agenda after insert or delete or update on event_agenda_item for each row execute function search_sync('event_id', 'event')`,
  `create trigger search_campaign after insert or delete or update of title_lv, title_en, description_lv, description_en, city, country, target_markets, starts_on on campaign for each row execute function search_sync('id', 'campaign')`,
  `create trigger search_pool after insert or delete or update of code, carrier_name on logistics_pool for each row execute function search_sync('id', 'pool')`,
  `create trigger search_request after insert or delete or update of ref, origin_city, destination_city, origin_country, destination_country, goods_description, named_place, consignee, contact, notes on logistics_request for each row execute function search_sync('id', 'request')`,
  `create trigger search_org after insert or delete or update of name, city, competency_tags, description_lv, description_en on organisation for each row execute function search_sync('id', 'org')`,
  `create trigger search_person after insert or delete or update of name, job_title, expertise_tags, erased_at on person for each row execute function search_sync('id', 'person')`,
];

/** The kinds back-filled here (and their views); keep in step with app/modules/search/sources.server.ts. */
export const SEARCH_KINDS_0019 = ["post", "thread", "group", "event", "campaign", "pool", "request", "org", "person"] as const;

/** Fills search_doc from one source view (a migration that adds a source calls this for its kind). */
export async function backfillSearch(db: Kysely<any>, kind: string): Promise<void> {
  await sql
    .raw(
      `insert into search_doc (kind, ref_id, audience, scope_id, title, title_en, title_key, body, at, tsv)
       select kind, ref_id, audience, scope_id, title, title_en, search_fold(head), body, at,
         setweight(to_tsvector('search_simple', head), 'A') || setweight(to_tsvector('search_simple', body), 'B')
       from search_source_${kind}`,
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
  for (const kind of SEARCH_KINDS_0019) await backfillSearch(db, kind);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["post", "thread", "working_group", "event", "event_agenda_item", "campaign", "logistics_pool", "logistics_request", "organisation", "person"]) {
    const name = { working_group: "group", event_agenda_item: "event_agenda", logistics_pool: "pool", logistics_request: "request", organisation: "org" }[t] ?? t;
    await sql.raw(`drop trigger if exists search_${name} on ${t}`).execute(db);
  }
  for (const kind of SEARCH_KINDS_0019) await sql.raw(`drop view if exists search_source_${kind}`).execute(db);
  for (const s of ["drop function search_sync()", "drop function search_put(text, uuid)", "drop table search_doc", "drop function search_fold(text)", "drop text search configuration search_simple"])
    await sql.raw(s).execute(db);
}
