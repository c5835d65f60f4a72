import type { ColumnType, Generated, Selectable } from "kysely";

// Hand-written Database types, kept in step with db/migrations (tests run every query against both engines).
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<any, string | object, string | object>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type LegalType =
  | "manufacturer"
  | "research_institute"
  | "university"
  | "sme_supplier"
  | "service_provider"
  | "association"
  | "public_body";
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
  competency_tags: Generated<string[]>;
  logo_url: string | null;
  status: Generated<ApprovalStatus>;
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
  languages: Generated<string[]>;
  expertise_tags: Generated<string[]>;
  locale: Generated<Locale>;
  show_email: Generated<boolean>;
  phone: string | null;
  notify_email: Generated<boolean>;
  search_key: Generated<string>;
  deactivated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
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

export type MailStatus = "queued" | "sending" | "sent" | "captured" | "failed";

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
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type PersonRow = Selectable<PersonTable>;
