import { translator } from "~/i18n";
import { layout, type TemplateFn } from "./render.server";

type Label = { lv: string; en: string };
const pick = (l: Label | undefined, locale: "lv" | "en") => (l ? l[locale] || l.lv || l.en : "");

// The post is shown as plain text (its Markdown source): layout() escapes every paragraph, so nothing a member
// writes ever reaches the email as HTML (SEC-5).
const mention: TemplateFn<{ author: string; threadTitle: string; subject: Label; text: string; path: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("mail.mention.subject", { author: p.author, thread: p.threadTitle });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.mention.body", { author: p.author, thread: p.threadTitle, group: pick(p.subject, locale) }), p.text],
      action: { label: t("mail.mention.action"), url: `${env.appOrigin}${p.path}` },
      footer: `${t("mail.mention.optOut")} ${t("mail.footer")}`,
    }),
  };
};

const requestDecided: TemplateFn<{ group: Label; slug: string; approved: boolean }> = (p, locale, env) => {
  const t = translator(locale);
  const name = pick(p.group, locale);
  const subject = p.approved ? t("mail.groupApproved.subject", { group: name }) : t("mail.groupDeclined.subject", { group: name });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), p.approved ? t("mail.groupApproved.body", { group: name }) : t("mail.groupDeclined.body", { group: name })],
      action: p.approved ? { label: t("mail.group.open"), url: `${env.appOrigin}/groups/${p.slug}` } : undefined,
    }),
  };
};

const invited: TemplateFn<{ group: Label; slug: string; by: string }> = (p, locale, env) => {
  const t = translator(locale);
  const name = pick(p.group, locale);
  const subject = t("mail.groupInvite.subject", { group: name });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.groupInvite.body", { group: name, by: p.by })],
      action: { label: t("mail.groupInvite.action"), url: `${env.appOrigin}/groups/${p.slug}` },
    }),
  };
};

// A reply in a followed thread, or a new thread in a followed group / event discussion (plain text, as above).
const followed: TemplateFn<{ author: string; threadTitle: string; subject: Label; text: string; path: string; newThread?: boolean; unsubscribeUrl?: string }> = (p, locale, env) => {
  const t = translator(locale);
  const vars = { author: p.author, thread: p.threadTitle, group: pick(p.subject, locale) };
  const subject = p.newThread ? t("notifications.threadNew", vars) : t("notifications.threadReply", vars);
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), subject, p.text],
      action: { label: t("mail.mention.action"), url: `${env.appOrigin}${p.path}` },
      footer: `${p.unsubscribeUrl ? t("mail.unsubscribe", { url: p.unsubscribeUrl }) + " " : ""}${t("mail.footer")}`,
    }),
  };
};

export const threadTemplates = {
  thread_reply: followed,
  thread_new: followed,
  thread_mention: mention,
  group_request_decided: requestDecided,
  group_invite: invited,
};
