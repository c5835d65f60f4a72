import { translator, type Locale } from "~/i18n";
import { formatDate, formatDateTime, formatMoney } from "~/i18n/format";
import { layout, type TemplateFn } from "./render.server";

// Cooperative logistics emails. Parameters carry only the recipient's own request (reference, lane as region labels,
// its own share) and the pool's code — never another member's organisation, consignee, goods, value, share or contact.

type Lane = { lv: string; en: string };
const lane = (l: Lane | undefined, locale: Locale) => (l ? l[locale] || l.lv || l.en : "");

function footer(locale: Locale): string {
  const t = translator(locale);
  return `${t("mail.mention.optOut")} ${t("mail.footer")}`;
}

const match: TemplateFn<{ href: string; ref: string; lane: Lane; pickup: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("logistics.mail.match.subject", { lane: lane(p.lane, locale) });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("logistics.mail.match.body", { ref: p.ref || "—", lane: lane(p.lane, locale), date: formatDate(p.pickup, locale) }), t("logistics.mail.privacy")],
      action: { label: t("logistics.mail.match.action"), url: `${env.appOrigin}${p.href}` },
      footer: footer(locale),
    }),
  };
};

const invite: TemplateFn<{ href: string; code: string; ref: string; lane: Lane }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("logistics.mail.invite.subject", { code: p.code });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("logistics.mail.invite.body", { code: p.code, ref: p.ref || "—", lane: lane(p.lane, locale) }), t("logistics.mail.privacy")],
      action: { label: t("logistics.mail.invite.action"), url: `${env.appOrigin}${p.href}` },
      footer: footer(locale),
    }),
  };
};

const join: TemplateFn<{ href: string; code: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("logistics.mail.join.subject", { code: p.code });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("logistics.mail.join.body", { code: p.code })],
      action: { label: t("logistics.mail.open"), url: `${env.appOrigin}${p.href}` },
      footer: footer(locale),
    }),
  };
};

const quoted: TemplateFn<{ href: string; code: string; ref: string; share: string; validUntil: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("logistics.mail.quoted.subject", { code: p.code });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("logistics.mail.quoted.body", { code: p.code, ref: p.ref || "—", share: formatMoney(p.share, locale), until: formatDateTime(p.validUntil, locale) })],
      action: { label: t("logistics.mail.open"), url: `${env.appOrigin}${p.href}` },
      footer: footer(locale),
    }),
  };
};

const status: TemplateFn<{ href: string; code: string; ref: string; status: string }> = (p, locale, env) => {
  const t = translator(locale);
  const st = t(`logistics.poolStatus.${p.status}` as never);
  const subject = t("logistics.mail.status.subject", { code: p.code, status: st });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("logistics.mail.status.body", { code: p.code, ref: p.ref || "—", status: st })],
      action: { label: t(p.status === "cancelled" ? "logistics.mail.openRequest" : "logistics.mail.open"), url: `${env.appOrigin}${p.href}` },
      footer: footer(locale),
    }),
  };
};

export const logisticsTemplates = {
  logistics_match: match,
  pool_invite: invite,
  pool_join: join,
  pool_quoted: quoted,
  pool_status: status,
};
