// One line of plain text per notification, in the reader's language: the notifications page, the digest email.
// Shared by server and browser code. Nothing here is HTML: pages render it as text, the mail layout escapes it.
import type { MessageKey, T } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import type { NotificationKind } from "./kinds";

type Label = { lv?: string; en?: string };

/** What notification payloads carry (each kind a few of these). */
export interface NotificationPayload {
  href?: string;
  author?: string;
  threadTitle?: string;
  excerpt?: string;
  name?: string;
  by?: string;
  org?: string;
  to?: string;
  waitlisted?: boolean;
  decision?: string;
  version?: number | null;
  dueOn?: string;
  ref?: string;
  code?: string;
  share?: string;
  status?: string;
  group?: Label;
  subject?: Label;
  campaign?: Label;
  event?: Label;
  deliverable?: Label;
  lane?: Label;
  [key: string]: unknown;
}

const label = (l: Label | undefined, locale: "lv" | "en") => (l ? l[locale] || l.lv || l.en || "" : "");

/** The group / event / campaign a notification belongs to (the digest groups by it), or "". */
export function scopeLabel(p: NotificationPayload, locale: "lv" | "en"): string {
  return label(p.group, locale) || label(p.subject, locale) || label(p.event, locale) || label(p.campaign, locale);
}

/** Markdown marks removed, whitespace collapsed: a preview is plain text (older rows kept the Markdown source). */
export function plainText(md: string, max = 280): string {
  const s = md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/(\*\*|__|~~|`+)/g, "")
    .replace(/(^|\W)[*_]([^*_\s][^*_]*)[*_](?=\W|$)/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function describeNotification(t: T, kind: NotificationKind | string, p: NotificationPayload, locale: "lv" | "en"): string {
  const group = scopeLabel(p, locale);
  switch (kind as NotificationKind) {
    case "mention":
      return t("notifications.mention", { author: p.author ?? "", thread: p.threadTitle ?? "", group });
    case "thread_reply":
      return t("notifications.threadReply", { author: p.author ?? "", thread: p.threadTitle ?? "", group });
    case "thread_new":
      return t("notifications.threadNew", { author: p.author ?? "", thread: p.threadTitle ?? "", group });
    case "event_invitation":
      return t("notifications.eventInvitation", { by: p.by ?? "", event: label(p.event, locale) });
    case "event_update":
      return t("notifications.eventUpdate", { event: label(p.event, locale) });
    case "event_cancelled":
      return t("notifications.eventCancelled", { event: label(p.event, locale) });
    case "event_promoted":
      return t("notifications.eventPromoted", { event: label(p.event, locale) });
    case "rsvp_reminder":
      return t("notifications.rsvpReminder", { event: label(p.event, locale) });
    case "approval_request":
      return t("notifications.approvalRequest", { name: p.name ?? "" });
    case "group_request":
      return t("notifications.groupRequest", { name: p.name ?? "", group });
    case "group_request_approved":
      return t("notifications.groupApproved", { group });
    case "group_request_declined":
      return t("notifications.groupDeclined", { group });
    case "group_invite":
      return p.org ? t("notifications.groupInviteOrg", { by: p.by ?? "", group, org: p.org }) : t("notifications.groupInvite", { by: p.by ?? "", group });
    case "campaign_status":
      return t("notifications.campaignStatus", { campaign: group, status: t(`campaigns.status.${p.to}` as MessageKey) });
    case "campaign_application":
      return t(p.waitlisted ? "notifications.campaignApplicationWaitlisted" : "notifications.campaignApplication", { campaign: group, org: p.org ?? "" });
    case "campaign_decision":
      return t(`notifications.campaignDecision.${p.decision as "accepted" | "declined" | "waitlisted"}`, { campaign: group });
    case "campaign_withdrawal":
      return t(p.version ? "notifications.campaignWithdrawal" : "notifications.campaignWithdrawalApplication", { campaign: group, org: p.org ?? "" });
    case "campaign_deliverable_due":
      return t("notifications.campaignDeliverableDue", {
        campaign: group,
        deliverable: label(p.deliverable, locale),
        date: p.dueOn ? formatDate(p.dueOn, locale) : "",
      });
    case "logistics_match":
      return t("logistics.notify.match", { ref: p.ref || "—", lane: label(p.lane, locale) });
    case "pool_invite":
      return t("logistics.notify.invite", { code: p.code ?? "", ref: p.ref || "—" });
    case "pool_join":
      return t("logistics.notify.join", { code: p.code ?? "" });
    case "pool_quoted":
      return t("logistics.notify.quoted", { code: p.code ?? "", ref: p.ref || "—", share: p.share ? formatMoney(p.share, locale) : "" });
    case "pool_status":
      return t("logistics.notify.status", { code: p.code ?? "", ref: p.ref || "—", status: t(`logistics.poolStatus.${p.status}` as never) });
    default:
      return kind;
  }
}
