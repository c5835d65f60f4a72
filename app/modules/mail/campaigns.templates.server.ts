import { translator, type MessageKey } from "~/i18n";
import { formatDate } from "~/i18n/format";
import { layout, type TemplateFn } from "./render.server";

// Campaign mail, in the recipient's language. Every user-written value (organisation names, notes, reasons) is put
// in as text: layout() escapes it (SEC-5/SEC-6).

type Label = { lv: string; en: string };
const pick = (l: Label | undefined, locale: "lv" | "en") => (l ? l[locale] || l.lv || l.en : "");

const status: TemplateFn<{ campaign: Label; href: string; to: string; note?: string }> = (p, locale, env) => {
  const t = translator(locale);
  const campaign = pick(p.campaign, locale);
  const statusLabel = t(`campaigns.status.${p.to}` as MessageKey);
  const subject = t("mail.campaignStatus.subject", { campaign, status: statusLabel });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.campaignStatus.body", { campaign, status: statusLabel }), ...(p.note ? [t("mail.campaignStatus.note", { note: p.note })] : [])],
      action: { label: t("mail.campaign.open"), url: `${env.appOrigin}${p.href}` },
    }),
  };
};

const application: TemplateFn<{ campaign: Label; href: string; org: string; waitlisted: boolean }> = (p, locale, env) => {
  const t = translator(locale);
  const campaign = pick(p.campaign, locale);
  const subject = t("mail.campaignApplication.subject", { campaign, org: p.org });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.campaignApplication.body", { campaign, org: p.org }), ...(p.waitlisted ? [t("mail.campaignApplication.waitlisted")] : [])],
      action: { label: t("mail.campaign.open"), url: `${env.appOrigin}${p.href}` },
    }),
  };
};

const decision: TemplateFn<{ campaign: Label; href: string; decision: "accepted" | "declined" | "waitlisted" }> = (p, locale, env) => {
  const t = translator(locale);
  const campaign = pick(p.campaign, locale);
  const subject = t(`mail.campaignDecision.subject.${p.decision}`, { campaign });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t(`notifications.campaignDecision.${p.decision}`, { campaign })],
      action: { label: t("mail.campaign.open"), url: `${env.appOrigin}${p.href}` },
    }),
  };
};

const withdrawal: TemplateFn<{ campaign: Label; href: string; org: string; reason: string; version: number | null }> = (p, locale, env) => {
  const t = translator(locale);
  const campaign = pick(p.campaign, locale);
  const subject = t("mail.campaignWithdrawal.subject", { campaign, org: p.org });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [
        t("mail.greeting"),
        t("mail.campaignWithdrawal.body", { campaign, org: p.org }),
        ...(p.reason ? [t("mail.campaignWithdrawal.reason", { reason: p.reason })] : []),
        ...(p.version ? [t("mail.campaignWithdrawal.version", { version: p.version })] : []),
      ],
      action: { label: t("mail.campaign.open"), url: `${env.appOrigin}${p.href}` },
    }),
  };
};

const deliverable: TemplateFn<{ campaign: Label; href: string; deliverable: Label; dueOn: string }> = (p, locale, env) => {
  const t = translator(locale);
  const vars = { campaign: pick(p.campaign, locale), deliverable: pick(p.deliverable, locale), date: formatDate(p.dueOn, locale) };
  const subject = t("mail.campaignDeliverable.subject", vars);
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.campaignDeliverable.body", vars)],
      action: { label: t("mail.campaign.open"), url: `${env.appOrigin}${p.href}` },
    }),
  };
};

export const campaignTemplates = {
  campaign_status: status,
  campaign_application: application,
  campaign_decision: decision,
  campaign_withdrawal: withdrawal,
  campaign_deliverable_reminder: deliverable,
};
