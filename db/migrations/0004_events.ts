import type { Kysely } from "kysely";
import { runScript } from "./util";

// Events (issue 4): the event with its stored iCalendar revision (sequence) and stable UID, agenda items, one
// attendance row per (event, person) or (event, guest email) with RSVP state, waitlist position and check-in, and
// the personal calendar-feed tokens. Design notes: docs/events.md.
//
// - event.sequence is the revision sent in every iTIP message (RFC 5546 §2.1.4): raised by exactly one, atomically,
//   for a significant change, a cancellation or the removal of an invitee; never by title-only edits.
// - event.uid is fixed at creation (event-<uuid>@<host of APP_ORIGIN>) and never contains personal data (CAL-4).
// - event.waitlist_counter hands out waitlist positions in arrival order under the event row's lock.
// - event_attendance.last_mail_key is the outbox idempotency key of the newest message to that person: the
//   organiser's per-invitee delivery status is a join on mail_outbox.idempotency_key (unique).
// - Guest RSVP links and feed URLs carry random-looking tokens derived with HMAC from the server secret and a
//   per-row salt; only sha256(token) is stored and looked up.
export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table event (
      id uuid primary key,
      slug text not null unique,
      uid text not null unique,
      title_lv text not null,
      title_en text not null,
      description_lv text not null default '',
      description_en text not null default '',
      type text not null check (type in ('seminar','webinar','workshop','conference','b2b_matchmaking','trade_mission',
        'inbound_mission','experience_exchange','general_assembly','strategy_meeting','wg_meeting','career_day','training',
        'fair_participation')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      time_zone text not null default 'Europe/Riga',
      all_day boolean not null default false,
      venue text not null default '',
      online_url text,
      capacity int check (capacity is null or capacity > 0),
      registration_deadline timestamptz,
      language text not null default 'lv' check (language in ('lv','en','lv+en','ru')),
      host_group_id uuid references working_group(id) on delete set null,
      visibility text not null default 'all_members' check (visibility in ('all_members','group_members','invitees_only')),
      status text not null default 'draft' check (status in ('draft','published','cancelled')),
      sequence int not null default 0 check (sequence >= 0),
      reminder_hours int not null default 24 check (reminder_hours between 0 and 336),
      waitlist_counter int not null default 0,
      search_key text not null default '',
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      cancelled_at timestamptz,
      constraint event_times check (ends_at > starts_at),
      constraint event_group_visibility check (visibility <> 'group_members' or host_group_id is not null)
    );
    create index event_list_idx on event (starts_at, id);
    create index event_group_idx on event (host_group_id, starts_at, id) where host_group_id is not null;
    create index event_reminder_idx on event (starts_at) where status = 'published' and reminder_hours > 0;

    create table event_agenda_item (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references event(id) on delete cascade,
      position int not null,
      starts_at text check (starts_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
      ends_at text check (ends_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
      title_lv text not null,
      title_en text not null,
      speaker text not null default '',
      constraint event_agenda_position_key unique (event_id, position)
    );

    create table event_attendance (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references event(id) on delete cascade,
      person_id uuid references person(id) on delete cascade,
      guest_email text,
      guest_name text not null default '',
      guest_locale text not null default 'lv' check (guest_locale in ('lv','en')),
      guest_token_salt text,
      guest_token_hash text unique,
      status text not null check (status in ('invited','going','maybe','declined','waitlisted')),
      waitlist_pos int,
      invited_by uuid references person(id) on delete set null,
      invited_at timestamptz,
      responded_at timestamptz,
      checked_in_at timestamptz,
      checked_in_by uuid references person(id) on delete set null,
      reminded_for timestamptz,
      last_mail_key text,
      created_at timestamptz not null default now(),
      constraint event_attendance_who check ((person_id is null) <> (guest_email is null)),
      constraint event_attendance_guest_token check (guest_email is null or guest_token_hash is not null),
      constraint event_attendance_waitlist check ((status = 'waitlisted') = (waitlist_pos is not null))
    );
    create unique index event_attendance_person_idx on event_attendance (event_id, person_id) where person_id is not null;
    create unique index event_attendance_guest_idx on event_attendance (event_id, guest_email) where guest_email is not null;
    create index event_attendance_list_idx on event_attendance (event_id, status, created_at, id);
    create index event_attendance_waitlist_idx on event_attendance (event_id, waitlist_pos) where status = 'waitlisted';
    create index event_attendance_mine_idx on event_attendance (person_id, event_id) where person_id is not null;

    create table calendar_feed_token (
      person_id uuid primary key references person(id) on delete cascade,
      salt text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop table calendar_feed_token;
    drop table event_attendance;
    drop table event_agenda_item;
    drop table event;
  `,
  );
}
