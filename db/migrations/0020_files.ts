import type { Kysely } from "kysely";
import { runScript } from "./util";

// Files (issue 14, ADR 0009): stored in PostgreSQL, in chunks, so downloads and range requests stream chunk by chunk.
// A file is written while its upload streams as a `staged` row plus its chunks; it becomes `ready` (and gets its owner:
// a post, a group's library, an event's materials or a campaign) in the transaction that writes the owner. Staged rows
// of an upload that failed are deleted by the request; those of a crashed instance by housekeeping.
// search_text: the name, description and extracted text, for the search index to cover later.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table file (
      id uuid primary key default gen_random_uuid(),
      status text not null default 'staged' check (status in ('staged','ready')),
      post_id uuid references post(id) on delete cascade,
      group_id uuid references working_group(id) on delete cascade,
      event_id uuid references event(id) on delete cascade,
      campaign_id uuid references campaign(id) on delete cascade,
      participants_only boolean not null default false,
      org_id uuid not null references organisation(id) on delete cascade,
      uploaded_by uuid references person(id) on delete set null,
      name text not null check (length(name) between 1 and 255),
      content_type text not null,
      size bigint not null default 0 check (size >= 0),
      chunk_size int not null check (chunk_size > 0),
      chunk_count int not null default 0,
      sha256 text,
      description text not null default '',
      search_text text not null default '',
      created_at timestamptz not null default now(),
      constraint file_one_owner check (status = 'staged' or num_nonnulls(post_id, group_id, event_id, campaign_id) = 1)
    );
    create table file_blob (
      file_id uuid not null references file(id) on delete cascade,
      seq int not null check (seq >= 0),
      data bytea not null,
      primary key (file_id, seq)
    );
    create index file_post_idx on file (post_id, created_at) where post_id is not null;
    create index file_group_idx on file (group_id, created_at desc, id) where group_id is not null;
    create index file_event_idx on file (event_id, created_at) where event_id is not null;
    create index file_campaign_idx on file (campaign_id, created_at) where campaign_id is not null;
    create index file_org_ready_idx on file (org_id) include (size) where status = 'ready';
    create index file_staged_idx on file (created_at) where status = 'staged';
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table file_blob;\ndrop table file;`);
}
