import type { Kysely } from "kysely";
import { runScript } from "./util";

// Joint-marketing campaigns (issue 5): the campaign with its status history, participating organisations, support
// rates per organisation category, budget lines with their split keys (chosen participants / custom percentages),
// deliverables, and the ledger versions (a jsonb snapshot of the computed shares per version).
// Money is numeric(12,2) (exact); percentages numeric(5,2); areas numeric(8,2).
// linked_event_id points at an event of the events feature (0004); its foreign key is added once both are merged.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table campaign (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      title_lv text not null,
      title_en text not null,
      description_lv text not null default '',
      description_en text not null default '',
      type text not null check (type in ('national_stand','joint_stand','export_mission','inbound_mission','joint_catalogue','digital_campaign','market_study')),
      target_markets text[] not null default '{}',
      starts_on date not null,
      ends_on date not null,
      city text not null default '',
      country text not null default '',
      application_deadline date not null,
      linked_event_id uuid,
      coordinator_id uuid not null references person(id),
      max_orgs int not null check (max_orgs between 1 and 200),
      stand_area_m2 numeric(8,2) check (stand_area_m2 >= 0),
      status text not null default 'draft' check (status in ('draft','recruiting','confirmed','running','closed','cancelled')),
      vat_rate numeric(5,2) not null default 21 check (vat_rate between 0 and 100),
      vat_recoverable boolean not null default true,
      publish_full_table boolean not null default false,
      reminder_days int not null default 3 check (reminder_days between 0 and 60),
      thread_id uuid references thread(id) on delete set null,
      list_rank smallint generated always as (
        case status when 'recruiting' then 0 when 'running' then 1 when 'confirmed' then 2 when 'draft' then 3 when 'closed' then 4 else 5 end
      ) stored,
      search_key text not null default '',
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint campaign_dates_order check (starts_on <= ends_on and application_deadline <= ends_on)
    );
    create index campaign_list_idx on campaign (list_rank, starts_on, id);
    create index campaign_markets_idx on campaign using gin (target_markets);
    create index campaign_coordinator_idx on campaign (coordinator_id);

    create table campaign_status_change (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references campaign(id) on delete cascade,
      from_status text,
      to_status text not null,
      note text not null default '',
      changed_by uuid references person(id),
      created_at timestamptz not null default now()
    );
    create index campaign_status_change_idx on campaign_status_change (campaign_id, created_at, id);

    create table campaign_participant (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references campaign(id) on delete cascade,
      organisation_id uuid not null references organisation(id),
      status text not null default 'applied' check (status in ('applied','accepted','waitlisted','declined','withdrawn')),
      stand_area_m2 numeric(8,2) not null default 0 check (stand_area_m2 >= 0),
      delegates int not null default 0 check (delegates between 0 and 1000),
      products text not null default '',
      note text not null default '',
      applied_by uuid references person(id),
      applied_at timestamptz not null default now(),
      decided_by uuid references person(id),
      decided_at timestamptz,
      withdrawn_at timestamptz,
      withdrawal_reason text,
      cap_eur numeric(12,2) check (cap_eur >= 0),
      rate_override numeric(5,2) check (rate_override between 0 and 100),
      constraint campaign_participant_org_key unique (campaign_id, organisation_id)
    );
    create index campaign_participant_org_idx on campaign_participant (organisation_id, campaign_id, status);
    create index campaign_participant_list_idx on campaign_participant (campaign_id, status, applied_at, id);

    create table campaign_rate (
      campaign_id uuid not null references campaign(id) on delete cascade,
      category text not null check (category in ('sme','large','research')),
      rate_pct numeric(5,2) not null check (rate_pct between 0 and 100),
      primary key (campaign_id, category)
    );

    create table campaign_budget_line (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references campaign(id) on delete cascade,
      category text not null check (category in ('space_rent','stand_construction','furniture_utilities','catalogue','travel','exhibit_logistics','marketing','other')),
      description text not null,
      planned_eur numeric(12,2) not null check (planned_eur >= 0),
      actual_eur numeric(12,2) check (actual_eur >= 0),
      eligible boolean not null default true,
      vat_note text not null default '',
      split_key text not null check (split_key in ('equal','area','delegates','custom')),
      applies_to text not null default 'all' check (applies_to in ('all','chosen')),
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint campaign_budget_line_custom_chosen check (split_key <> 'custom' or applies_to = 'chosen')
    );
    create index campaign_budget_line_idx on campaign_budget_line (campaign_id, created_at, id);

    create table campaign_line_participant (
      line_id uuid not null references campaign_budget_line(id) on delete cascade,
      participant_id uuid not null references campaign_participant(id) on delete cascade,
      percent numeric(5,2) check (percent > 0 and percent <= 100),
      primary key (line_id, participant_id)
    );
    create index campaign_line_participant_idx on campaign_line_participant (participant_id);

    create table campaign_deliverable (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references campaign(id) on delete cascade,
      title_lv text not null,
      title_en text not null,
      owner_org_id uuid references organisation(id),
      due_on date not null,
      status text not null default 'todo' check (status in ('todo','in_progress','done')),
      reminder_sent_at timestamptz,
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      updated_by uuid references person(id),
      updated_at timestamptz not null default now()
    );
    create index campaign_deliverable_idx on campaign_deliverable (campaign_id, due_on, id);
    create index campaign_deliverable_reminder_idx on campaign_deliverable (due_on) where status <> 'done' and reminder_sent_at is null;

    create table campaign_ledger_version (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references campaign(id) on delete cascade,
      version int not null,
      reason text not null,
      reason_vars jsonb not null default '{}',
      created_by uuid references person(id),
      created_at timestamptz not null default now(),
      snapshot jsonb not null,
      constraint campaign_ledger_version_key unique (campaign_id, version)
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table campaign_ledger_version;
    drop table campaign_deliverable;
    drop table campaign_line_participant;
    drop table campaign_budget_line;
    drop table campaign_rate;
    drop table campaign_participant;
    drop table campaign_status_change;
    drop table campaign;
  `,
  );
}
