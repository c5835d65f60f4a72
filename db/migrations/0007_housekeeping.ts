import type { Kysely } from "kysely";
import { runScript } from "./util";

// Indexes for the housekeeping purge (app/modules/housekeeping/purge.server.ts): each batch selects expired rows by
// these columns, so a purge reads only what it deletes instead of scanning the table.
// - session_expires_idx / session_last_seen_idx: sessions past their absolute lifetime or idle timeout (BitmapOr).
// - email_token_expires_idx / email_token_used_idx: tokens expired or used before the retention cut.
// - rate_limit_reset_idx: counters whose window ended.
// Finished mail rows are found through mail_outbox_status_idx (status, created_at) from 0001.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create index session_expires_idx on session (expires_at);
    create index session_last_seen_idx on session (last_seen_at);
    create index email_token_expires_idx on email_token (expires_at);
    create index email_token_used_idx on email_token (used_at) where used_at is not null;
    create index rate_limit_reset_idx on rate_limit (reset_at);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop index rate_limit_reset_idx;
    drop index email_token_used_idx;
    drop index email_token_expires_idx;
    drop index session_last_seen_idx;
    drop index session_expires_idx;
  `,
  );
}
