import type { Kysely } from "kysely";
import { runScript } from "./util";

// Per-recipient order of mail about one thing (issue 16 #5; docs/decisions/0012-mail-order.md):
// - order_key: what a message is about plus its recipient ("<event UID> <lower(address)>"); null for mail that stands
//   alone (sign-up, notifications, digests…), which keeps the old unordered path.
// - order_seq: creation order, from one sequence (nextval at INSERT; writers of one event hold its row lock, so the
//   later change gets the larger number).
// - superseded_by: a newer message of the same key made this one pointless; it is never sent (status 'superseded').
// - mail_outbox_order_idx: the worker reads a key's rows under its advisory lock; partial, unordered mail is not in it.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create sequence mail_outbox_order_seq;
    alter table mail_outbox add column order_key text;
    alter table mail_outbox add column order_seq bigint not null default nextval('mail_outbox_order_seq');
    alter table mail_outbox add column superseded_by uuid;
    alter table mail_outbox drop constraint mail_outbox_status_check;
    alter table mail_outbox add constraint mail_outbox_status_check check (status in ('queued','sending','sent','captured','failed','superseded'));
    create index mail_outbox_order_idx on mail_outbox (order_key, order_seq) where order_key is not null;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop index mail_outbox_order_idx;
    update mail_outbox set status = 'failed', last_error = 'superseded' where status = 'superseded';
    alter table mail_outbox drop constraint mail_outbox_status_check;
    alter table mail_outbox add constraint mail_outbox_status_check check (status in ('queued','sending','sent','captured','failed'));
    alter table mail_outbox drop column superseded_by;
    alter table mail_outbox drop column order_seq;
    alter table mail_outbox drop column order_key;
    drop sequence mail_outbox_order_seq;
  `,
  );
}
