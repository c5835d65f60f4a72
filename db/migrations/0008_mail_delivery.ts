import type { Kysely } from "kysely";
import { runScript } from "./util";

// Mail delivery hardening (issue 10 #16, #17; docs/decisions/0003-mail-outbox-pgboss.md):
// - claimed_at: when a worker took the row for sending; a claim older than the lease (the job expiry) is presumed
//   dead (its process was killed) and may be taken again.
// - retry_at: when a deferred row is due again; a job that finds the row not yet due ends as a no-op (a newer job
//   for retry_at exists).
// - last_error_kind: unreachable (no SMTP answer, or 421: the server as a whole) / deferred (a 4xx for this message) /
//   rejected (5xx). Only unreachable rows are woken early when a send succeeds again.
// - mail_outbox_wake_idx serves that wake-up: "unreachable rows still waiting", empty almost always.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table mail_outbox add column claimed_at timestamptz;
    alter table mail_outbox add column retry_at timestamptz;
    alter table mail_outbox add column last_error_kind text check (last_error_kind in ('unreachable','deferred','rejected'));
    create index mail_outbox_wake_idx on mail_outbox (retry_at) where status = 'queued' and last_error_kind = 'unreachable';
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop index mail_outbox_wake_idx;
    alter table mail_outbox drop column last_error_kind;
    alter table mail_outbox drop column retry_at;
    alter table mail_outbox drop column claimed_at;
  `,
  );
}
