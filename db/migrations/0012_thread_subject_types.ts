import type { Kysely } from "kysely";
import { runScript } from "./util";

// Thread subjects are a static table (issue 11, docs/decisions/0007-collaboration-core.md): SUBJECTS in
// app/modules/threads/subjects.server.ts lists every kind of subject, and the database accepts exactly those. Adding
// the constraint checks the existing rows: it fails if any thread has another subject type (none should).
// A new subject type drops and re-adds this constraint with one more value in its own migration.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table thread add constraint thread_subject_type_check
      check (subject_type in ('group', 'event', 'campaign', 'pool'));
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `alter table thread drop constraint thread_subject_type_check;`);
}
