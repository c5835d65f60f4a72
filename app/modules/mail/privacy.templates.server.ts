import { translator } from "~/i18n";
import { layout, type TemplateFn } from "./render.server";

/** The last message to a person whose erasure request an admin confirmed (sent to the address they had). */
const erasureConfirmed: TemplateFn<Record<string, never>> = (_p, locale) => {
  const t = translator(locale);
  const subject = t("mail.erasure.subject");
  return { subject, ...layout({ locale, subject, paragraphs: [t("mail.greeting"), t("mail.erasure.body")] }) };
};

export const privacyTemplates = { erasure_confirmed: erasureConfirmed };
