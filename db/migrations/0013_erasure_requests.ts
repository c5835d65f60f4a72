import type { Kysely } from "kysely";
import { runScript } from "./util";

// Privacy (issue 12, item 14): a signed-in person asks for their account to be erased; a cluster admin confirms it
// on /admin/erasure, which anonymises the person (app/modules/privacy/erasure.server.ts). Their posts stay, shown as
// written by a former member: person.erased_at marks such a person (name and contact details are gone).
//
// At most one pending request per person (erasure_request_pending_idx); the admin list reads pending requests oldest
// first (erasure_request_status_idx).

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table person add column erased_at timestamptz;
    create table erasure_request (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references person(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'confirmed', 'cancelled')),
      created_at timestamptz not null default now(),
      decided_by uuid references person(id) on delete set null,
      decided_at timestamptz
    );
    create unique index erasure_request_pending_idx on erasure_request (person_id) where status = 'pending';
    create index erasure_request_status_idx on erasure_request (status, created_at, id);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table erasure_request; alter table person drop column erased_at;`);
}
