import { sql, type Kysely } from "kysely";
import { runScript } from "./util";

// Working groups, generic discussion threads (a thread belongs to a subject: 'group' now; events, campaigns and
// logistics pools later), posts with a per-thread gap-free seq (docs/requirements.md RT-2), read positions,
// in-app notifications, and a unique @mention handle per person.

// Latvian (and a few neighbouring) letters → ASCII, both cases, so the result does not depend on the collation.
const FROM = "ĀāČčĒēĢģĪīĶķĻļŅņŌōŖŗŠšŪūŽžÄäÖöÜüÕõÅåÉéÈèÁáÍíÓóÚúÑñÇçŁłĄąĘęĖėĮįŲųŚśĆćŃńŹźŻż";
const TO = "AaCcEeGgIiKkLlNnOoRrSsUuZzAaOoUuOoAaEeEeAaIiOoUuNnCcLlAaEeEeIiUuSsCcNnZzZz";

// Function bodies are sent as single statements (runScript splits on semicolons at line ends).
const FUNCTIONS = [
  `create function person_handle_base(full_name text) returns text language sql immutable as $fn$
     select coalesce(nullif(left(trim(both '.' from regexp_replace(lower(translate(full_name, '${FROM}', '${TO}')), '[^a-z0-9]+', '.', 'g')), 40), ''), 'member')
   $fn$`,
  // The first free handle for a name: liga.abele, liga.abele2, liga.abele3 … An advisory lock per base serialises
  // two people with the same name signing up at the same moment (the second one then sees the first one's row).
  `create function person_free_handle(full_name text) returns text language plpgsql volatile as $fn$
   declare
     base text := person_handle_base(full_name);
     candidate text := base;
     n int := 1;
   begin
     perform pg_advisory_xact_lock(hashtext('person_handle:' || base));
     while exists (select 1 from person where handle = candidate) loop
       n := n + 1;
       candidate := base || n::text;
     end loop;
     return candidate;
   end
   $fn$`,
  `create function person_assign_handle() returns trigger language plpgsql as $fn$
   begin
     if new.handle is null then
       new.handle := person_free_handle(new.name);
     end if;
     return new;
   end
   $fn$`,
  // Existing people get a handle in creation order (each UPDATE is its own statement, so the next sees it).
  `do $fn$
   declare r record;
   begin
     for r in select id, name from person where handle is null order by created_at, id loop
       update person set handle = person_free_handle(r.name) where id = r.id;
     end loop;
   end
   $fn$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table person add column handle text;
    create unique index person_handle_idx on person (handle);
  `,
  );
  for (const f of FUNCTIONS.slice(0, 3)) await sql.raw(f).execute(db);
  await runScript(
    db,
    `
    create trigger person_handle_trg before insert on person for each row execute function person_assign_handle();
  `,
  );
  await sql.raw(FUNCTIONS[3]).execute(db);

  await runScript(
    db,
    `
    create table working_group (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name_lv text not null,
      name_en text not null,
      description_lv text not null default '',
      description_en text not null default '',
      tags text[] not null default '{}',
      visibility text not null default 'public' check (visibility in ('public','private')),
      join_policy text not null default 'open' check (join_policy in ('open','request','invite')),
      archived_at timestamptz,
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_key text not null default '',
      constraint working_group_private_invite check (visibility = 'public' or join_policy = 'invite')
    );
    create index working_group_list_idx on working_group (search_key, id);
    create index working_group_tags_idx on working_group using gin (tags);

    create table working_group_member (
      group_id uuid not null references working_group(id) on delete cascade,
      person_id uuid not null references person(id) on delete cascade,
      role text not null default 'member' check (role in ('lead','member')),
      joined_at timestamptz not null default now(),
      competition_ack_at timestamptz not null,
      primary key (group_id, person_id)
    );
    create index working_group_member_person_idx on working_group_member (person_id, group_id);
    create index working_group_member_list_idx on working_group_member (group_id, role, joined_at, person_id);

    create table working_group_request (
      id uuid primary key default gen_random_uuid(),
      group_id uuid not null references working_group(id) on delete cascade,
      person_id uuid not null references person(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending','approved','declined')),
      competition_ack_at timestamptz not null,
      created_at timestamptz not null default now(),
      decided_by uuid references person(id),
      decided_at timestamptz
    );
    create unique index working_group_request_pending_idx on working_group_request (group_id, person_id) where status = 'pending';
    create index working_group_request_list_idx on working_group_request (group_id, status, created_at, id);

    create table working_group_invite (
      id uuid primary key default gen_random_uuid(),
      group_id uuid not null references working_group(id) on delete cascade,
      person_id uuid references person(id) on delete cascade,
      organisation_id uuid references organisation(id) on delete cascade,
      invited_by uuid references person(id),
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      constraint working_group_invite_target check ((person_id is null) <> (organisation_id is null))
    );
    create unique index working_group_invite_person_idx on working_group_invite (person_id, group_id) where person_id is not null and accepted_at is null;
    create unique index working_group_invite_org_idx on working_group_invite (organisation_id, group_id) where organisation_id is not null;
    create index working_group_invite_group_idx on working_group_invite (group_id, created_at, id);

    create table thread (
      id uuid primary key default gen_random_uuid(),
      subject_type text not null,
      subject_id uuid not null,
      title text not null,
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      last_seq int not null default 0,
      post_count int not null default 0,
      last_post_at timestamptz not null default now(),
      pinned boolean not null default false,
      locked boolean not null default false
    );
    create index thread_subject_idx on thread (subject_type, subject_id, pinned, last_post_at, id);

    create table post (
      id uuid primary key default gen_random_uuid(),
      thread_id uuid not null references thread(id) on delete cascade,
      seq int not null,
      author_id uuid not null references person(id),
      body_md text not null,
      body_html text not null,
      quote_of uuid references post(id),
      client_id text,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      deleted_at timestamptz,
      hidden_at timestamptz,
      hidden_by uuid references person(id),
      constraint post_thread_seq_key unique (thread_id, seq)
    );
    create unique index post_client_idx on post (thread_id, author_id, client_id) where client_id is not null;

    create table post_revision (
      id uuid primary key default gen_random_uuid(),
      post_id uuid not null references post(id) on delete cascade,
      body_md text not null,
      reason text not null default 'edit' check (reason in ('edit','delete')),
      edited_by uuid references person(id),
      created_at timestamptz not null default now()
    );
    create index post_revision_post_idx on post_revision (post_id, created_at, id);

    create table thread_read (
      person_id uuid not null references person(id) on delete cascade,
      thread_id uuid not null references thread(id) on delete cascade,
      last_read_seq int not null default 0,
      updated_at timestamptz not null default now(),
      primary key (person_id, thread_id)
    );

    create table notification (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references person(id) on delete cascade,
      kind text not null,
      payload jsonb not null default '{}',
      dedupe_key text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notification_person_idx on notification (person_id, created_at desc, id desc);
    create index notification_unread_idx on notification (person_id) where read_at is null;
    create unique index notification_dedupe_idx on notification (person_id, dedupe_key) where dedupe_key is not null;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table notification;
    drop table thread_read;
    drop table post_revision;
    drop table post;
    drop table thread;
    drop table working_group_invite;
    drop table working_group_request;
    drop table working_group_member;
    drop table working_group;
    drop trigger person_handle_trg on person;
    drop function person_assign_handle();
    drop function person_free_handle(text);
    drop function person_handle_base(text);
    drop index person_handle_idx;
    alter table person drop column handle;
  `,
  );
}
