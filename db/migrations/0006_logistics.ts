import type { Kysely } from "kysely";
import { runScript } from "./util";

// Cooperative logistics (issue 6, docs/domain.md "Cooperative logistics"): shipper policy per organisation, logistics requests with their
// dangerous-goods lines, pools (members, quote, causer-pays surcharges). Decisions: docs/decisions/0006-logistics-pooling.md.
//
// Indexes and what they serve:
// - logistics_request_lane_idx (status, origin_country, earliest_pickup): the matcher's candidate query — open requests
//   from the same country whose pickup window can meet the new one (a bounded range, since windows are ≤ 14 days).
// - logistics_request_org_idx (organisation_id, earliest_pickup desc, id desc): "my organisation's requests", keyset.
// - logistics_request_open_window_idx (earliest_pickup, id) where open: "open requests on my lanes", keyset.
// - logistics_request_expiry_idx (latest_pickup) where open: the on-read expiry pass.
// - logistics_pool_member_active_idx unique (request_id) where pending/accepted: a request is in at most one live pool
//   (two pools claiming it at once: the second insert fails even if a lock were ever missed).

const INCOTERMS = "'EXW','FCA','FAS','FOB','CFR','CIF','CPT','CIP','DAP','DPU','DDP'";
const ADR_CLASSES = "'1','2.1','2.2','2.3','3','4.1','4.2','4.3','5.1','5.2','6.1','6.2','7','8','9'";
const REQUEST_STATUSES = "'open','pooled','booked','in_transit','delivered','closed','cancelled','expired'";
const POOL_STATUSES = "'proposed','confirmed','quoted','booked','in_transit','delivered','closed','cancelled'";
const SURCHARGES = "'temperature_control','adr_handling','tail_lift','extra_stop','storage','data_logger','waiting_time'";

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table organisation add column logistics_policy text not null default 'adr_table'
      check (logistics_policy in ('no_dg_coload','lq_only','adr_table'));

    create table logistics_request (
      id uuid primary key default gen_random_uuid(),
      ref text not null default '',
      organisation_id uuid not null references organisation(id),
      created_by uuid references person(id),
      origin_city text not null,
      origin_postcode text not null,
      origin_country text not null check (origin_country ~ '^[A-Z]{2}$'),
      origin_lat double precision,
      origin_lon double precision,
      destination_city text not null,
      destination_postcode text not null,
      destination_country text not null check (destination_country ~ '^[A-Z]{2}$'),
      destination_lat double precision,
      destination_lon double precision,
      route_min_lat double precision,
      route_max_lat double precision,
      route_min_lon double precision,
      route_max_lon double precision,
      earliest_pickup timestamptz not null,
      latest_pickup timestamptz not null,
      earliest_delivery timestamptz,
      latest_delivery timestamptz not null,
      customs text not null check (customs in ('eu_internal','export','import','temporary_admission')),
      goods_description text not null,
      packaging text not null check (packaging in ('eur_pallet','industrial_pallet','parcel','ibc','drum')),
      units integer not null check (units between 1 and 1000),
      gross_kg numeric(10,2) not null check (gross_kg > 0 and gross_kg <= 40000),
      volume_m3 numeric(9,3) check (volume_m3 > 0 and volume_m3 <= 200),
      ldm numeric(6,2) check (ldm > 0 and ldm <= 27.2),
      stackable boolean not null default false,
      temp_class text not null check (temp_class in ('CRT_15_25','CHILLED_2_8','FROZEN_MINUS_20','DEEP_FROZEN_MINUS_80','AMBIENT')),
      gdp_required boolean not null default false,
      incoterm text not null check (incoterm in (${INCOTERMS})),
      named_place text not null,
      member_role text not null default 'seller' check (member_role in ('seller','buyer')),
      consignee text not null default '',
      goods_value_eur numeric(14,2) check (goods_value_eur >= 0),
      standalone_quote_eur numeric(12,2) check (standalone_quote_eur > 0),
      contact text not null default '',
      notes text not null default '',
      status text not null default 'open' check (status in (${REQUEST_STATUSES})),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint logistics_request_pickup_window check (latest_pickup >= earliest_pickup and latest_pickup <= earliest_pickup + interval '14 days'),
      constraint logistics_request_delivery_window check (latest_delivery > latest_pickup
        and (earliest_delivery is null or (earliest_delivery >= earliest_pickup and earliest_delivery <= latest_delivery)))
    );
    create index logistics_request_lane_idx on logistics_request (status, origin_country, earliest_pickup);
    create index logistics_request_org_idx on logistics_request (organisation_id, earliest_pickup desc, id desc);
    create index logistics_request_open_window_idx on logistics_request (earliest_pickup, id) where status = 'open';
    create index logistics_request_expiry_idx on logistics_request (latest_pickup) where status = 'open';

    create table logistics_dg_line (
      request_id uuid not null references logistics_request(id) on delete cascade,
      line_no integer not null,
      un_number text not null check (un_number ~ '^UN[0-9]{4}$'),
      adr_class text not null check (adr_class in (${ADR_CLASSES})),
      packing_group text check (packing_group in ('I','II','III')),
      quantity numeric(10,2) not null check (quantity > 0),
      unit text not null check (unit in ('L','kg')),
      limited_quantity boolean not null default false,
      primary key (request_id, line_no)
    );

    create table logistics_pool (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      coordinator_org_id uuid not null references organisation(id),
      coordinator_id uuid references person(id),
      carrier_org_id uuid references organisation(id),
      carrier_name text not null default '',
      status text not null default 'proposed' check (status in (${POOL_STATUSES})),
      quote_amount_eur numeric(12,2) check (quote_amount_eur > 0),
      quote_currency text not null default 'EUR' check (quote_currency = 'EUR'),
      quote_valid_until timestamptz,
      quoted_at timestamptz,
      split_method text not null default 'per_place' check (split_method in ('per_place','per_kg','per_ldm','chargeable_weight','standalone')),
      return_offer_eur numeric(12,2) check (return_offer_eur > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index logistics_pool_coordinator_idx on logistics_pool (coordinator_org_id, created_at desc);

    create table logistics_pool_member (
      pool_id uuid not null references logistics_pool(id) on delete cascade,
      request_id uuid not null references logistics_request(id),
      label text not null,
      leg text not null default 'outbound' check (leg in ('outbound','return')),
      state text not null default 'pending' check (state in ('pending','accepted','declined','withdrawn')),
      joined boolean not null default false,
      share_contacts boolean not null default false,
      decided_by uuid references person(id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (pool_id, request_id),
      unique (pool_id, label)
    );
    create unique index logistics_pool_member_active_idx on logistics_pool_member (request_id) where state in ('pending','accepted');
    create index logistics_pool_member_request_idx on logistics_pool_member (request_id);

    create table logistics_pool_surcharge (
      id uuid primary key default gen_random_uuid(),
      pool_id uuid not null references logistics_pool(id) on delete cascade,
      position integer not null,
      kind text not null check (kind in (${SURCHARGES})),
      amount_eur numeric(12,2) not null check (amount_eur > 0),
      unique (pool_id, position)
    );

    create table logistics_pool_surcharge_share (
      surcharge_id uuid not null references logistics_pool_surcharge(id) on delete cascade,
      request_id uuid not null references logistics_request(id),
      weight integer not null check (weight between 1 and 1000),
      primary key (surcharge_id, request_id)
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table logistics_pool_surcharge_share;
    drop table logistics_pool_surcharge;
    drop table logistics_pool_member;
    drop table logistics_pool;
    drop table logistics_dg_line;
    drop table logistics_request;
    alter table organisation drop column logistics_policy;
  `,
  );
}
