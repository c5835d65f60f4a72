import type { ColumnType, Generated, Selectable } from "kysely";

// Hand-written Database types, kept in step with db/migrations (tests run every query against both engines).
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON column holds whatever was stored; readers narrow it
type Json = ColumnType<any, string | object, string | object>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type LegalType = "manufacturer" | "research_institute" | "university" | "sme_supplier" | "service_provider" | "association" | "public_body";
export type OrgSize = "sme" | "large";
export type ApprovalStatus = "pending" | "approved" | "rejected";
export type ClusterRole = "admin" | "organiser" | "member";
export type OrgRole = "admin" | "member";
export type Locale = "lv" | "en";

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  legal_type: LegalType;
  size: OrgSize;
  country: Generated<string>;
  city: Generated<string>;
  website: string | null;
  description_lv: Generated<string>;
  description_en: Generated<string>;
  /** Keys of vocabulary_term (kind 'competence', 0018). */
  competency_tags: Generated<string[]>;
  logo_url: string | null;
  status: Generated<ApprovalStatus>;
  /** Shipper policy for pooling with dangerous goods (0006). */
  logistics_policy: Generated<LogisticsPolicy>;
  /** Its ordinary members may see its own cost share in campaigns (0014; its org admin decides). */
  campaign_costs_to_members: Generated<boolean>;
  search_key: Generated<string>;
  proposed_by: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface PersonTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  email_verified_at: Timestamp | null;
  organisation_id: string;
  org_role: Generated<OrgRole>;
  membership_status: Generated<ApprovalStatus>;
  cluster_role: Generated<ClusterRole>;
  job_title: Generated<string>;
  /** The job title in English, when the person gave one (0018); job_title is the original (usually Latvian). */
  job_title_en: Generated<string>;
  languages: Generated<string[]>;
  /** Keys of vocabulary_term (kind 'expertise', 0018). */
  expertise_tags: Generated<string[]>;
  locale: Generated<Locale>;
  show_email: Generated<boolean>;
  phone: string | null;
  notify_email: Generated<boolean>;
  search_key: Generated<string>;
  /** Unique @mention handle (liga.abele); filled by a trigger when left null (0003). */
  handle: string | null;
  deactivated_at: Timestamp | null;
  /** Anonymised after a confirmed erasure request (0013): shown as "former member". */
  erased_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export type ErasureStatus = "pending" | "confirmed" | "cancelled";

/** A person's request to be erased; a cluster admin confirms it (0013). */
export interface ErasureRequestTable {
  id: Generated<string>;
  person_id: string;
  status: Generated<ErasureStatus>;
  created_at: CreatedAt;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export type VocabularyKind = "competence" | "expertise" | "group_topic";

/** A term of a controlled vocabulary (0018): competences, expertise, group topics. */
export interface VocabularyTermTable {
  kind: VocabularyKind;
  key: string;
  label_lv: string;
  label_en: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  person_id: string;
  created_at: CreatedAt;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  user_agent: Generated<string>;
  ip: Generated<string>;
}

export interface EmailTokenTable {
  token_hash: string;
  person_id: string;
  purpose: "verify_email" | "reset_password" | "change_email";
  new_email: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface RateLimitTable {
  key: string;
  count: number;
  reset_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Json;
  created_at: CreatedAt;
}

export type MailStatus = "queued" | "sending" | "sent" | "captured" | "failed" | "superseded";
export type MailErrorKind = "unreachable" | "deferred" | "rejected";

export interface MailOutboxTable {
  id: Generated<string>;
  idempotency_key: string;
  to_address: string;
  to_name: Generated<string>;
  locale: Generated<Locale>;
  template: string;
  params: Json;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string;
  subject: string | null;
  raw: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  // 0008
  claimed_at: Timestamp | null;
  retry_at: Timestamp | null;
  last_error_kind: MailErrorKind | null;
  // 0023: per-recipient order (docs/decisions/0012-mail-order.md)
  order_key: string | null;
  order_seq: Generated<number>;
  superseded_by: string | null;
}

// Working groups and discussion threads (0003).
export type GroupVisibility = "public" | "private";
export type JoinPolicy = "open" | "request" | "invite";
export type GroupRole = "lead" | "member";
export type RequestStatus = "pending" | "approved" | "declined";

export interface WorkingGroupTable {
  id: Generated<string>;
  slug: string;
  name_lv: string;
  name_en: string;
  description_lv: Generated<string>;
  description_en: Generated<string>;
  /** Keys of vocabulary_term (kind 'group_topic', 0018). */
  tags: Generated<string[]>;
  visibility: Generated<GroupVisibility>;
  join_policy: Generated<JoinPolicy>;
  archived_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
  search_key: Generated<string>;
}

export interface WorkingGroupMemberTable {
  group_id: string;
  person_id: string;
  role: Generated<GroupRole>;
  joined_at: GeneratedTimestamp;
  competition_ack_at: Timestamp;
}

export interface WorkingGroupRequestTable {
  id: Generated<string>;
  group_id: string;
  person_id: string;
  status: Generated<RequestStatus>;
  competition_ack_at: Timestamp;
  created_at: CreatedAt;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface WorkingGroupInviteTable {
  id: Generated<string>;
  group_id: string;
  person_id: string | null;
  organisation_id: string | null;
  invited_by: string | null;
  created_at: CreatedAt;
  accepted_at: Timestamp | null;
}

/** A person a lead or admin removed from a group: no rejoining until a lead lifts it (or invites them by name). */
export interface WorkingGroupExclusionTable {
  group_id: string;
  person_id: string;
  excluded_by: string | null;
  created_at: CreatedAt;
}

/** What a thread belongs to: the keys of SUBJECTS (app/modules/threads/subjects.server.ts); a CHECK constraint (0012). */
export type ThreadSubjectType = "group" | "event" | "campaign" | "pool";

export interface ThreadTable {
  id: Generated<string>;
  subject_type: ThreadSubjectType;
  subject_id: string;
  title: string;
  created_by: string | null;
  created_at: CreatedAt;
  /** Per-thread gap-free counter (RT-2): the seq of the newest post. */
  last_seq: Generated<number>;
  post_count: Generated<number>;
  last_post_at: GeneratedTimestamp;
  pinned: Generated<boolean>;
  locked: Generated<boolean>;
}

export interface PostTable {
  id: Generated<string>;
  thread_id: string;
  seq: number;
  author_id: string;
  body_md: string;
  /** Sanitised HTML rendered at write time; the only thing ever rendered as HTML. */
  body_html: string;
  quote_of: string | null;
  client_id: string | null;
  created_at: CreatedAt;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
}

export interface PostRevisionTable {
  id: Generated<string>;
  post_id: string;
  body_md: string;
  reason: Generated<"edit" | "delete">;
  edited_by: string | null;
  created_at: CreatedAt;
}

export interface ThreadReadTable {
  person_id: string;
  thread_id: string;
  last_read_seq: Generated<number>;
  updated_at: GeneratedTimestamp;
}

/** A post whose notifications (mentions, followers) are not written yet (0024; docs/decisions/0013-post-fanout.md). */
export interface PostFanoutTable {
  post_id: string;
  created_at: GeneratedTimestamp;
}

export interface NotificationTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  payload: Json;
  dedupe_key: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
  /** false: kept only for the digest (in-app off for its type); never listed or counted (0016). */
  in_app: Generated<boolean>;
  /** The subject it belongs to (group, event, campaign, pool), re-checked when a digest is sent (0016). */
  scope_type: string | null;
  scope_id: string | null;
}

// Following, notification preferences and digests (0016).
export type FollowSubjectType = "group" | "thread" | "event";
export type FollowState = "follow" | "mute";
export interface FollowTable {
  person_id: string;
  subject_type: FollowSubjectType;
  subject_id: string;
  state: FollowState;
  created_at: CreatedAt;
}
export type EmailCadence = "immediate" | "daily" | "weekly" | "never";
export interface NotificationPrefTable {
  person_id: string;
  type: string;
  in_app: boolean;
  email: EmailCadence;
  updated_at: Generated<Timestamp>;
}
export interface DigestRunTable {
  cadence: "daily" | "weekly";
  /** The local (Europe/Riga) date of the run's 07:00. */
  period: string;
  after_person: string | null;
  claimed_at: Timestamp | null;
  done_at: Timestamp | null;
  sent: Generated<number>;
}

// Joint-marketing campaigns (0005).
export type CampaignType = "national_stand" | "joint_stand" | "export_mission" | "inbound_mission" | "joint_catalogue" | "digital_campaign" | "market_study";
export type CampaignStatus = "draft" | "recruiting" | "confirmed" | "running" | "closed" | "cancelled";
export type ParticipantStatus = "applied" | "accepted" | "waitlisted" | "declined" | "withdrawn";
export type CostCategory = "space_rent" | "stand_construction" | "furniture_utilities" | "catalogue" | "travel" | "exhibit_logistics" | "marketing" | "other";
export type DeliverableStatus = "todo" | "in_progress" | "done";
/** numeric columns come back as decimal strings ("1234.50"); write strings too (never floats). */
type Numeric = ColumnType<string, string, string>;
type NumericNull = ColumnType<string | null, string | null | undefined, string | null>;
/** A date column: written as "YYYY-MM-DD"; read it as `col::text` (pg would give a Date at local midnight). */
type DateCol = ColumnType<unknown, string, string>;

export interface CampaignTable {
  id: Generated<string>;
  slug: string;
  title_lv: string;
  title_en: string;
  description_lv: Generated<string>;
  description_en: Generated<string>;
  type: CampaignType;
  target_markets: Generated<string[]>;
  starts_on: DateCol;
  ends_on: DateCol;
  city: Generated<string>;
  country: Generated<string>;
  application_deadline: DateCol;
  /** An event of the events feature (0004); no foreign key until both are merged. */
  linked_event_id: string | null;
  coordinator_id: string;
  max_orgs: number;
  stand_area_m2: NumericNull;
  status: Generated<CampaignStatus>;
  vat_rate: ColumnType<string, string | undefined, string>;
  vat_recoverable: Generated<boolean>;
  publish_full_table: Generated<boolean>;
  reminder_days: Generated<number>;
  thread_id: string | null;
  /** Generated: recruiting 0, running 1, confirmed 2, draft 3, closed 4, cancelled 5 (list order). */
  list_rank: ColumnType<number, never, never>;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface CampaignStatusChangeTable {
  id: Generated<string>;
  campaign_id: string;
  from_status: CampaignStatus | null;
  to_status: CampaignStatus;
  note: Generated<string>;
  changed_by: string | null;
  created_at: CreatedAt;
}

export interface CampaignParticipantTable {
  id: Generated<string>;
  campaign_id: string;
  organisation_id: string;
  status: Generated<ParticipantStatus>;
  stand_area_m2: ColumnType<string, string | undefined, string>;
  delegates: Generated<number>;
  products: Generated<string>;
  note: Generated<string>;
  applied_by: string | null;
  applied_at: GeneratedTimestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  withdrawal_reason: string | null;
  cap_eur: NumericNull;
  rate_override: NumericNull;
}

export interface CampaignRateTable {
  campaign_id: string;
  category: "sme" | "large" | "research";
  rate_pct: Numeric;
}

export interface CampaignBudgetLineTable {
  id: Generated<string>;
  campaign_id: string;
  category: CostCategory;
  description: string;
  /** The description in English, when given (0018); description is the original. */
  description_en: Generated<string>;
  planned_eur: Numeric;
  actual_eur: NumericNull;
  eligible: Generated<boolean>;
  vat_note: Generated<string>;
  split_key: "equal" | "area" | "delegates" | "custom";
  applies_to: Generated<"all" | "chosen">;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

export interface CampaignLineParticipantTable {
  line_id: string;
  participant_id: string;
  percent: NumericNull;
}

export interface CampaignDeliverableTable {
  id: Generated<string>;
  campaign_id: string;
  title_lv: string;
  title_en: string;
  owner_org_id: string | null;
  due_on: DateCol;
  status: Generated<DeliverableStatus>;
  reminder_sent_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface CampaignLedgerVersionTable {
  id: Generated<string>;
  campaign_id: string;
  version: number;
  /** A message key (campaigns.reason.*) with its variables. */
  reason: string;
  reason_vars: Json;
  created_by: string | null;
  created_at: CreatedAt;
  snapshot: Json;
}

// Cooperative logistics (0006). Value sets: app/modules/logistics/reference.ts.
export type LogisticsPolicy = "no_dg_coload" | "lq_only" | "adr_table";
export type LogisticsRequestStatus = "open" | "pooled" | "booked" | "in_transit" | "delivered" | "closed" | "cancelled" | "expired";
export type LogisticsPoolStatus = "proposed" | "confirmed" | "quoted" | "booked" | "in_transit" | "delivered" | "closed" | "cancelled";
export type PoolMemberState = "pending" | "accepted" | "declined" | "withdrawn";

export interface LogisticsRequestTable {
  id: Generated<string>;
  /** The member's own reference (private to its organisation). */
  ref: Generated<string>;
  organisation_id: string;
  created_by: string | null;
  origin_city: string;
  origin_postcode: string;
  origin_country: string;
  origin_lat: number | null;
  origin_lon: number | null;
  destination_city: string;
  destination_postcode: string;
  destination_country: string;
  destination_lat: number | null;
  destination_lon: number | null;
  /** Bounding box of the route widened by the corridor pad (null when a city is unknown). */
  route_min_lat: number | null;
  route_max_lat: number | null;
  route_min_lon: number | null;
  route_max_lon: number | null;
  earliest_pickup: Timestamp;
  latest_pickup: Timestamp;
  earliest_delivery: Timestamp | null;
  latest_delivery: Timestamp;
  customs: "eu_internal" | "export" | "import" | "temporary_admission";
  goods_description: string;
  packaging: "eur_pallet" | "industrial_pallet" | "parcel" | "ibc" | "drum";
  units: number;
  /** numeric: strings in JS. */
  gross_kg: string;
  volume_m3: string | null;
  ldm: string | null;
  stackable: Generated<boolean>;
  temp_class: "CRT_15_25" | "CHILLED_2_8" | "FROZEN_MINUS_20" | "DEEP_FROZEN_MINUS_80" | "AMBIENT";
  gdp_required: Generated<boolean>;
  incoterm: "EXW" | "FCA" | "FAS" | "FOB" | "CFR" | "CIF" | "CPT" | "CIP" | "DAP" | "DPU" | "DDP";
  named_place: string;
  member_role: Generated<"seller" | "buyer">;
  consignee: Generated<string>;
  goods_value_eur: string | null;
  standalone_quote_eur: string | null;
  contact: Generated<string>;
  notes: Generated<string>;
  status: Generated<LogisticsRequestStatus>;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
  version: Generated<number>;
}

export interface LogisticsDgLineTable {
  request_id: string;
  line_no: number;
  un_number: string;
  adr_class: string;
  packing_group: "I" | "II" | "III" | null;
  quantity: string;
  unit: "L" | "kg";
  limited_quantity: Generated<boolean>;
}

export interface LogisticsPoolTable {
  id: Generated<string>;
  code: string;
  coordinator_org_id: string;
  coordinator_id: string | null;
  carrier_org_id: string | null;
  carrier_name: Generated<string>;
  status: Generated<LogisticsPoolStatus>;
  quote_amount_eur: string | null;
  quote_currency: Generated<"EUR">;
  quote_valid_until: Timestamp | null;
  quoted_at: Timestamp | null;
  split_method: Generated<"per_place" | "per_kg" | "per_ldm" | "chargeable_weight" | "standalone">;
  return_offer_eur: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
  version: Generated<number>;
}

export interface LogisticsPoolMemberTable {
  pool_id: string;
  request_id: string;
  /** "A", "B", … — how the other participants see this member. */
  label: string;
  leg: Generated<"outbound" | "return">;
  state: Generated<PoolMemberState>;
  /** The request's owner asked to join (the coordinator decides); false: the pool invited it (its owner decides). */
  joined: Generated<boolean>;
  share_contacts: Generated<boolean>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: CreatedAt;
  /** This load's stand-alone price entered a split "in proportion to stand-alone quotes" of this pool (0010). */
  standalone_split: Generated<boolean>;
}

export interface LogisticsPoolSurchargeTable {
  id: Generated<string>;
  pool_id: string;
  position: number;
  kind: "temperature_control" | "adr_handling" | "tail_lift" | "extra_stop" | "storage" | "data_logger" | "waiting_time";
  amount_eur: string;
}

export interface LogisticsPoolSurchargeShareTable {
  surcharge_id: string;
  request_id: string;
  weight: number;
}

// Events (0004).
export type EventType =
  | "seminar"
  | "webinar"
  | "workshop"
  | "conference"
  | "b2b_matchmaking"
  | "trade_mission"
  | "inbound_mission"
  | "experience_exchange"
  | "general_assembly"
  | "strategy_meeting"
  | "wg_meeting"
  | "career_day"
  | "training"
  | "fair_participation";
export type EventLanguage = "lv" | "en" | "lv+en" | "ru";
export type EventVisibility = "all_members" | "group_members" | "invitees_only";
export type EventStatus = "draft" | "published" | "cancelled";
export type AttendanceStatus = "invited" | "going" | "maybe" | "declined" | "waitlisted";

export interface EventTable {
  id: string;
  slug: string;
  /** event-<uuid>@<host>: fixed at creation, the same in every message, feed and download (CAL-4). */
  uid: string;
  title_lv: string;
  title_en: string;
  description_lv: Generated<string>;
  description_en: Generated<string>;
  type: EventType;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: Generated<string>;
  all_day: Generated<boolean>;
  venue: Generated<string>;
  online_url: string | null;
  capacity: number | null;
  registration_deadline: Timestamp | null;
  language: Generated<EventLanguage>;
  host_group_id: string | null;
  visibility: Generated<EventVisibility>;
  status: Generated<EventStatus>;
  /** The iCalendar SEQUENCE of the last sent revision (CAL-9). */
  sequence: Generated<number>;
  reminder_hours: Generated<number>;
  waitlist_counter: Generated<number>;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface EventAgendaItemTable {
  id: Generated<string>;
  event_id: string;
  position: number;
  /** Local wall-clock time "HH:MM" in the event's zone. */
  starts_at: string | null;
  ends_at: string | null;
  title_lv: string;
  title_en: string;
  speaker: Generated<string>;
}

export interface EventAttendanceTable {
  id: Generated<string>;
  event_id: string;
  person_id: string | null;
  /** Lower-cased; set for guests without an account. */
  guest_email: string | null;
  guest_name: Generated<string>;
  guest_locale: Generated<Locale>;
  guest_token_salt: string | null;
  guest_token_hash: string | null;
  status: AttendanceStatus;
  waitlist_pos: number | null;
  invited_by: string | null;
  invited_at: Timestamp | null;
  responded_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  checked_in_by: string | null;
  /** The start time a reminder was enqueued for (a moved event is reminded again). */
  reminded_for: Timestamp | null;
  /** Idempotency key of the newest message to this attendee (joins mail_outbox for the delivery status). */
  last_mail_key: string | null;
  created_at: CreatedAt;
}

/** The reply address of one invitation (migration 0022; app/modules/events/replies). */
export interface EventReplyTokenTable {
  id: Generated<string>;
  /** Null once the invitee was removed (the token is revoked then). */
  attendance_id: string | null;
  event_id: string;
  event_uid: string;
  invitee_email: string;
  salt: string;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export type InboundVia = "smtp" | "imap";
export type InboundOutcome = "applied" | "dropped" | "answered";

/** One inbound message handled (calendar replies, migration 0022): the log, and the idempotency record. */
export interface InboundReplyTable {
  id: Generated<string>;
  received_at: CreatedAt;
  via: InboundVia;
  message_id: string | null;
  reply_hash: string | null;
  outcome: InboundOutcome;
  reason: string;
  event_id: string | null;
  attendance_id: string | null;
  partstat: string | null;
  status: string | null;
}

export interface CalendarFeedTokenTable {
  person_id: string;
  salt: string;
  token_hash: string;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
}

/** One searchable thing (migration 0019, kept by triggers; app/modules/search). Written only by the database. */
export interface SearchDocTable {
  kind: string;
  ref_id: string;
  /** Which rule decides who may see it (app/modules/search/search.server.ts), about scope_id. */
  audience: string;
  scope_id: string | null;
  title: string;
  title_en: string | null;
  /** search_fold(head): the key of the trigram fallback for typos. */
  title_key: string;
  body: string;
  at: Timestamp;
  tsv: string;
}

export interface Database {
  app_setting: AppSettingTable;
  organisation: OrganisationTable;
  person: PersonTable;
  session: SessionTable;
  email_token: EmailTokenTable;
  rate_limit: RateLimitTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  vocabulary_term: VocabularyTermTable;
  working_group: WorkingGroupTable;
  working_group_member: WorkingGroupMemberTable;
  working_group_request: WorkingGroupRequestTable;
  working_group_invite: WorkingGroupInviteTable;
  thread: ThreadTable;
  post: PostTable;
  post_revision: PostRevisionTable;
  thread_read: ThreadReadTable;
  post_fanout: PostFanoutTable;
  notification: NotificationTable;
  follow: FollowTable;
  notification_pref: NotificationPrefTable;
  digest_run: DigestRunTable;
  campaign: CampaignTable;
  campaign_status_change: CampaignStatusChangeTable;
  campaign_participant: CampaignParticipantTable;
  campaign_rate: CampaignRateTable;
  campaign_budget_line: CampaignBudgetLineTable;
  campaign_line_participant: CampaignLineParticipantTable;
  campaign_deliverable: CampaignDeliverableTable;
  campaign_ledger_version: CampaignLedgerVersionTable;
  logistics_request: LogisticsRequestTable;
  logistics_dg_line: LogisticsDgLineTable;
  logistics_pool: LogisticsPoolTable;
  logistics_pool_member: LogisticsPoolMemberTable;
  logistics_pool_surcharge: LogisticsPoolSurchargeTable;
  logistics_pool_surcharge_share: LogisticsPoolSurchargeShareTable;
  event: EventTable;
  event_agenda_item: EventAgendaItemTable;
  event_attendance: EventAttendanceTable;
  calendar_feed_token: CalendarFeedTokenTable;
  event_reply_token: EventReplyTokenTable;
  inbound_reply: InboundReplyTable;
  search_doc: SearchDocTable;
  working_group_exclusion: WorkingGroupExclusionTable;
  erasure_request: ErasureRequestTable;
  file: FileTable;
  file_blob: FileBlobTable;
  file_thumbnail: FileThumbnailTable;
}

export type FileStatus = "staged" | "ready";

/** An uploaded file (migration 0020, ADR 0009): exactly one owner once ready. */
export interface FileTable {
  id: Generated<string>;
  status: Generated<FileStatus>;
  post_id: string | null;
  group_id: string | null;
  event_id: string | null;
  campaign_id: string | null;
  /** Event materials only for the event's participants (and its organisers). */
  participants_only: Generated<boolean>;
  /** The uploader's organisation: counts against its quota. */
  org_id: string;
  uploaded_by: string | null;
  name: string;
  content_type: string;
  /** bigint: a string from pg, a number from PGlite. */
  size: ColumnType<string | number, number | undefined, number>;
  chunk_size: number;
  chunk_count: Generated<number>;
  sha256: string | null;
  description: Generated<string>;
  /** Name, description and extracted text (PDF/DOCX/TXT), for the search index. */
  search_text: Generated<string>;
  created_at: CreatedAt;
}

export interface FileBlobTable {
  file_id: string;
  seq: number;
  data: Uint8Array;
}

export interface FileThumbnailTable {
  file_id: string;
  content_type: string;
  width: number;
  height: number;
  data: Uint8Array;
  created_at: CreatedAt;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type PersonRow = Selectable<PersonTable>;
