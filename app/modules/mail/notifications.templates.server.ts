import { translator } from "~/i18n";
import { layout, type TemplateFn } from "./render.server";
import type { DigestParams } from "~/modules/notifications/digest.server";

// The digest (app/modules/notifications/digest.server.ts): every line was written in the reader's language when the
// digest was built; here it is laid out, grouped by group / event / campaign, all of it escaped.
const digest: TemplateFn<DigestParams> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t(p.cadence === "weekly" ? "digest.subject.weekly" : "digest.subject.daily", { count: p.total });
  const paragraphs = [t(p.cadence === "weekly" ? "digest.intro.weekly" : "digest.intro.daily")];
  for (const g of p.groups) paragraphs.push([g.label, ...g.items.map((i) => `• ${i.text}${i.href ? `\n  ${i.href}` : ""}`)].join("\n"));
  if (p.more > 0) paragraphs.push(`+ ${p.more}`);
  const footer = `${t("digest.unsubscribe", { url: p.unsubscribeUrl })} ${t("digest.settings", { url: p.settingsUrl })} ${t("mail.footer")}`;
  const out = layout({ locale, subject, paragraphs, action: { label: t("digest.open"), url: `${env.appOrigin}/notifications` }, footer });
  return { subject, ...out };
};

export const notificationTemplates = { digest };
