import type { Kysely } from "kysely";
import { runScript } from "./util";

// Issue 13 (notifications): following, per-type preferences, digests and one-click unsubscribe.
// - follow: a person follows or mutes a group, a thread or an event discussion. Group members follow their groups and
//   authors follow the threads they post in without a row; a row overrides that (mute), or adds a follow.
//   follow_subject_idx serves "who follows / mutes this subject" when a post is written.
// - notification_pref: per person and notification type (app/modules/notifications/types.ts): in-app on/off and the
//   email cadence. No row = the type's default.
// - notification.in_app: false for a notification kept only for the digest (in-app off); never listed or counted.
//   notification.scope_type/scope_id: the subject it belongs to (group, event, campaign, pool), re-checked when a
//   digest is sent. notification_created_idx serves the digest's window scan.
// - digest_run: one row per cadence and period; the run's keyset position, so a restart continues where it stopped
//   (each digest's mail also has an idempotency key per person and period, so nothing is ever sent twice).
export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table follow (
      person_id uuid not null references person(id) on delete cascade,
      subject_type text not null check (subject_type in ('group', 'thread', 'event')),
      subject_id uuid not null,
      state text not null check (state in ('follow', 'mute')),
      created_at timestamptz not null default now(),
      primary key (person_id, subject_type, subject_id)
    );
    create index follow_subject_idx on follow (subject_type, subject_id, state, person_id);
    create table notification_pref (
      person_id uuid not null references person(id) on delete cascade,
      type text not null,
      in_app boolean not null,
      email text not null check (email in ('immediate', 'daily', 'weekly', 'never')),
      updated_at timestamptz not null default now(),
      primary key (person_id, type)
    );
    alter table notification add column in_app boolean not null default true;
    alter table notification add column scope_type text;
    alter table notification add column scope_id uuid;
    create index notification_created_idx on notification (created_at, person_id);
    create table digest_run (
      cadence text not null check (cadence in ('daily', 'weekly')),
      period date not null,
      after_person uuid,
      claimed_at timestamptz,
      done_at timestamptz,
      sent int not null default 0,
      primary key (cadence, period)
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table digest_run;
    drop index notification_created_idx;
    alter table notification drop column scope_id;
    alter table notification drop column scope_type;
    alter table notification drop column in_app;
    drop table notification_pref;
    drop table follow;
  `,
  );
}
