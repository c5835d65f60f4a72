// Notification types as a person chooses them on /settings/notifications: each in-app notification kind belongs to
// one type; a type has an in-app switch and an email cadence, with defaults (invitations and approvals immediately,
// replies and new threads in a daily digest). Shared by server and browser code (no server imports).
import type { NotificationKind } from "./kinds";

export const EMAIL_CADENCES = ["immediate", "daily", "weekly", "never"] as const;
export type EmailCadence = (typeof EMAIL_CADENCES)[number];

export const NOTIFICATION_TYPES = [
  "mention",
  "reply",
  "new_thread",
  "event_invitation",
  "event_change",
  "rsvp_reminder",
  "join_request",
  "join_decision",
  "approval",
  "campaign",
  "deliverable_due",
  "pool",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface TypePref {
  inApp: boolean;
  email: EmailCadence;
}

export const TYPE_DEFAULTS: Record<NotificationType, TypePref> = {
  mention: { inApp: true, email: "immediate" },
  reply: { inApp: true, email: "daily" },
  new_thread: { inApp: true, email: "daily" },
  event_invitation: { inApp: true, email: "immediate" },
  event_change: { inApp: true, email: "immediate" },
  rsvp_reminder: { inApp: true, email: "immediate" },
  join_request: { inApp: true, email: "immediate" },
  join_decision: { inApp: true, email: "immediate" },
  approval: { inApp: true, email: "immediate" },
  campaign: { inApp: true, email: "immediate" },
  deliverable_due: { inApp: true, email: "immediate" },
  pool: { inApp: true, email: "immediate" },
};

const KIND_TYPE: Record<NotificationKind, NotificationType> = {
  mention: "mention",
  thread_reply: "reply",
  thread_new: "new_thread",
  event_invitation: "event_invitation",
  event_update: "event_change",
  event_cancelled: "event_change",
  event_promoted: "event_change",
  rsvp_reminder: "rsvp_reminder",
  group_request: "join_request",
  group_request_approved: "join_decision",
  group_request_declined: "join_decision",
  group_invite: "join_decision",
  approval_request: "approval",
  campaign_status: "campaign",
  campaign_application: "campaign",
  campaign_decision: "campaign",
  campaign_withdrawal: "campaign",
  campaign_deliverable_due: "deliverable_due",
  logistics_match: "pool",
  pool_invite: "pool",
  pool_join: "pool",
  pool_quoted: "pool",
  pool_status: "pool",
};

export function typeOfKind(kind: string): NotificationType | null {
  return Object.prototype.hasOwnProperty.call(KIND_TYPE, kind) ? KIND_TYPE[kind as NotificationKind] : null;
}

export function isNotificationType(v: unknown): v is NotificationType {
  return typeof v === "string" && (NOTIFICATION_TYPES as readonly string[]).includes(v);
}

export function isEmailCadence(v: unknown): v is EmailCadence {
  return typeof v === "string" && (EMAIL_CADENCES as readonly string[]).includes(v);
}
