import type { Kysely } from "kysely";
import { runScript } from "./util";

// Removal from a working group sticks (issue 10, item 7): a lead's or admin's removal records a per-person exclusion
// that an invitation of the person's organisation, an open group or a request cannot undo. A lead lifts it on the
// group page, or by inviting that person by name. Rules: app/modules/policy/authorize.server.ts (group.*).
//
// The primary key (group_id, person_id) serves the viewer's fact lookup; working_group_exclusion_list_idx the lead's
// list of removed people, newest first.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table working_group_exclusion (
      group_id uuid not null references working_group(id) on delete cascade,
      person_id uuid not null references person(id) on delete cascade,
      excluded_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (group_id, person_id)
    );
    create index working_group_exclusion_list_idx on working_group_exclusion (group_id, created_at desc, person_id);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table working_group_exclusion;`);
}
