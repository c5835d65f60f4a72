import type { Kysely } from "kysely";
import { runScript } from "./util";

// Frozen in time: migrations use Kysely<any> and raw SQL that runs on PostgreSQL 15 and PGlite alike.
export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table app_setting (
      key text primary key,
      value text not null
    );

    create table organisation (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      legal_type text not null check (legal_type in ('manufacturer','research_institute','university','sme_supplier','service_provider','association','public_body')),
      size text not null check (size in ('sme','large')),
      country text not null default 'LV',
      city text not null default '',
      website text,
      description_lv text not null default '',
      description_en text not null default '',
      competency_tags text[] not null default '{}',
      logo_url text,
      status text not null default 'pending' check (status in ('pending','approved','rejected')),
      search_key text not null default '',
      proposed_by uuid,
      approved_by uuid,
      approved_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index organisation_status_name_idx on organisation (status, search_key, id);
    create index organisation_tags_idx on organisation using gin (competency_tags);

    create table person (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      email_verified_at timestamptz,
      organisation_id uuid not null references organisation(id),
      org_role text not null default 'member' check (org_role in ('admin','member')),
      membership_status text not null default 'pending' check (membership_status in ('pending','approved','rejected')),
      cluster_role text not null default 'member' check (cluster_role in ('admin','organiser','member')),
      job_title text not null default '',
      languages text[] not null default '{}',
      expertise_tags text[] not null default '{}',
      locale text not null default 'lv' check (locale in ('lv','en')),
      show_email boolean not null default true,
      phone text,
      notify_email boolean not null default true,
      search_key text not null default '',
      deactivated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index person_email_idx on person (lower(email));
    create index person_org_idx on person (organisation_id, membership_status);
    create index person_directory_idx on person (membership_status, search_key, id);
    create index person_tags_idx on person using gin (expertise_tags);

    alter table organisation add constraint organisation_proposed_by_fk foreign key (proposed_by) references person(id);
    alter table organisation add constraint organisation_approved_by_fk foreign key (approved_by) references person(id);

    create table session (
      id_hash text primary key,
      person_id uuid not null references person(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text not null default '',
      ip text not null default ''
    );
    create index session_person_idx on session (person_id);

    create table email_token (
      token_hash text primary key,
      person_id uuid not null references person(id) on delete cascade,
      purpose text not null check (purpose in ('verify_email','reset_password','change_email')),
      new_email text,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index email_token_person_idx on email_token (person_id, purpose);

    create table rate_limit (
      key text primary key,
      count int not null,
      reset_at timestamptz not null
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      actor_id uuid references person(id),
      action text not null,
      target_type text not null,
      target_id text,
      details jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index audit_log_created_idx on audit_log (created_at desc, id desc);

    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      idempotency_key text not null unique,
      to_address text not null,
      to_name text not null default '',
      locale text not null default 'lv',
      template text not null,
      params jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued','sending','sent','captured','failed')),
      attempts int not null default 0,
      last_error text,
      message_id text not null,
      subject text,
      raw text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index mail_outbox_created_idx on mail_outbox (created_at desc, id desc);
    create index mail_outbox_status_idx on mail_outbox (status, created_at);

    create table socket_io_attachments (
      id bigserial unique,
      created_at timestamptz default now(),
      payload bytea
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table socket_io_attachments;
    drop table mail_outbox;
    drop table audit_log;
    drop table rate_limit;
    drop table email_token;
    drop table session;
    alter table organisation drop constraint organisation_proposed_by_fk;
    alter table organisation drop constraint organisation_approved_by_fk;
    drop table person;
    drop table organisation;
    drop table app_setting;
  `,
  );
}
