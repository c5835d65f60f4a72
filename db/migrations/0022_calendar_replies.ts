import { sql, type Kysely } from "kysely";

// Calendar replies (issue 16; docs/events.md "Calendar replies"):
// - event_reply_token: the reply address of one invitation (events+<token>@domain). Bound to the attendance row (the
//   invitee) and the event's UID; only a salt and sha256(token) are stored (the token is derived again with the server
//   secret when the next message is written). Removing the invitee revokes it: the row stays (attendance_id set null,
//   revoked_at set) so a late reply is logged as "revoked" rather than "unknown".
// - inbound_reply: every inbound message handled, with its outcome and reason (the log organisers and admins can
//   read). Message-ID and a hash of the reply's content are unique, so the same reply twice changes nothing.

const STATEMENTS = [
  `create table event_reply_token (
     id uuid primary key default gen_random_uuid(),
     attendance_id uuid unique references event_attendance(id) on delete set null,
     event_id uuid not null references event(id) on delete cascade,
     event_uid text not null,
     invitee_email text not null,
     salt text not null,
     token_hash text not null unique,
     created_at timestamptz not null default now(),
     revoked_at timestamptz
   )`,
  `create index event_reply_token_event_idx on event_reply_token (event_id)`,
  `create table inbound_reply (
     id uuid primary key default gen_random_uuid(),
     received_at timestamptz not null default now(),
     via text not null check (via in ('smtp', 'imap')),
     message_id text,
     reply_hash text,
     outcome text not null check (outcome in ('applied', 'dropped', 'answered')),
     reason text not null,
     event_id uuid references event(id) on delete set null,
     attendance_id uuid references event_attendance(id) on delete set null,
     partstat text,
     status text
   )`,
  `create unique index inbound_reply_message_id_idx on inbound_reply (message_id) where message_id is not null`,
  `create unique index inbound_reply_hash_idx on inbound_reply (reply_hash) where reply_hash is not null`,
  `create index inbound_reply_event_idx on inbound_reply (event_id, received_at desc, id) where event_id is not null`,
  `create index inbound_reply_received_idx on inbound_reply (received_at, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table inbound_reply`).execute(db);
  await sql.raw(`drop table event_reply_token`).execute(db);
}
