import { translator } from "~/i18n";
import { layout, type TemplateFn } from "./render.server";

const verifyEmail: TemplateFn<{ name: string; token: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("mail.verify.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.verify.body")],
      action: { label: t("mail.verify.action"), url: `${env.appOrigin}/verify-email/${p.token}` },
    }),
  };
};

const resetPassword: TemplateFn<{ token: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("mail.reset.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.reset.body")],
      action: { label: t("mail.reset.action"), url: `${env.appOrigin}/reset-password/${p.token}` },
    }),
  };
};

const changeEmail: TemplateFn<{ token: string; newEmail: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("mail.changeEmail.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.changeEmail.body", { email: p.newEmail })],
      action: { label: t("mail.changeEmail.action"), url: `${env.appOrigin}/verify-email/${p.token}` },
    }),
  };
};

const emailChangeNotice: TemplateFn<{ newEmail: string }> = (p, locale) => {
  const t = translator(locale);
  const subject = t("mail.changeNotice.subject");
  return { subject, ...layout({ locale, subject, paragraphs: [t("mail.greeting"), t("mail.changeNotice.body", { email: p.newEmail })] }) };
};

const passwordChanged: TemplateFn<Record<string, never>> = (_p, locale) => {
  const t = translator(locale);
  const subject = t("mail.passwordChanged.subject");
  return { subject, ...layout({ locale, subject, paragraphs: [t("mail.greeting"), t("mail.passwordChanged.body")] }) };
};

const membershipApproved: TemplateFn<{ org: string }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("mail.approved.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.approved.body", { org: p.org })],
      action: { label: t("mail.approved.action"), url: `${env.appOrigin}/login` },
    }),
  };
};

const membershipRejected: TemplateFn<{ org: string }> = (p, locale) => {
  const t = translator(locale);
  const subject = t("mail.rejected.subject");
  return { subject, ...layout({ locale, subject, paragraphs: [t("mail.greeting"), t("mail.rejected.body", { org: p.org })] }) };
};

const joinRequest: TemplateFn<{ name: string; org: string; proposal?: boolean }> = (p, locale, env) => {
  const t = translator(locale);
  if (p.proposal) {
    const subject = t("mail.orgProposal.subject", { org: p.org });
    return {
      subject,
      ...layout({
        locale,
        subject,
        paragraphs: [t("mail.greeting"), t("mail.orgProposal.body", { name: p.name, org: p.org })],
        action: { label: t("mail.joinRequest.action"), url: `${env.appOrigin}/approvals` },
      }),
    };
  }
  const subject = t("mail.joinRequest.subject", { name: p.name });
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("mail.joinRequest.body", { name: p.name, org: p.org })],
      action: { label: t("mail.joinRequest.action"), url: `${env.appOrigin}/approvals` },
    }),
  };
};

/** To the owner of an address someone tried to sign up with: same answer on the page, the truth in their mailbox. */
const signupExisting: TemplateFn<Record<string, never>> = (_p, locale, env) => {
  const t = translator(locale);
  const subject = t("auth.mail.signupExisting.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("auth.mail.signupExisting.body"), t("auth.mail.signupExisting.reset", { url: `${env.appOrigin}/forgot-password` }), t("auth.mail.signupExisting.ignore")],
      action: { label: t("auth.mail.signupExisting.action"), url: `${env.appOrigin}/login` },
    }),
  };
};

const loginFailures: TemplateFn<{ count: number }> = (p, locale, env) => {
  const t = translator(locale);
  const subject = t("auth.mail.loginFailures.subject");
  return {
    subject,
    ...layout({
      locale,
      subject,
      paragraphs: [t("mail.greeting"), t("auth.mail.loginFailures.body", { count: p.count }), t("auth.mail.loginFailures.advice")],
      action: { label: t("auth.mail.loginFailures.action"), url: `${env.appOrigin}/forgot-password` },
    }),
  };
};

export const authTemplates = {
  verify_email: verifyEmail,
  reset_password: resetPassword,
  change_email: changeEmail,
  email_change_notice: emailChangeNotice,
  password_changed: passwordChanged,
  membership_approved: membershipApproved,
  membership_rejected: membershipRejected,
  join_request: joinRequest,
  signup_existing: signupExisting,
  login_failures: loginFailures,
};
