import { sql, type Kysely } from "kysely";

// The live fan-out's outbox (issue 15, item 3; docs/decisions/0013-post-fanout.md). A reply is one statement (the
// thread's seq, the post, the author's read mark and follow, this row), pushed to the thread's room as soon as it
// committed; the people to tell (mentions, followers: notification rows and mail) are worked out right after the push
// in their own transaction, which deletes this row. A row still here after a crash is picked up by a periodic task,
// and the notifications' dedupe keys make a repeat tell nobody twice.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table post_fanout (
    post_id uuid primary key references post (id) on delete cascade,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index post_fanout_created_idx on post_fanout (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table post_fanout`.execute(db);
}
