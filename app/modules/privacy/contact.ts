/**
 * Who is responsible for the personal data on the platform (GDPR art. 13): the cluster association as controller.
 * Configured with PRIVACY_CONTROLLER_NAME, PRIVACY_CONTROLLER_ADDRESS, PRIVACY_CONTROLLER_EMAIL and
 * PRIVACY_MAIL_PROVIDER (server/config.ts); the defaults describe the demo cluster.
 */
export interface PrivacyContact {
  /** The association's legal name, e.g. "Biedrība «Latvijas Dzīvības zinātņu klasteris»". */
  controllerName: string;
  /** Registered address. */
  controllerAddress: string;
  /** Where people send privacy questions and requests (also the footer's contact link). */
  controllerEmail: string;
  /** The email delivery (SMTP) provider that receives addresses to deliver the platform's mail. */
  mailProvider: string;
}

export const DEMO_PRIVACY_CONTACT: PrivacyContact = {
  controllerName: "Biedrība «Dzīvības zinātņu klasteris» (demo)",
  controllerAddress: "Rīga, Latvija",
  controllerEmail: "privacy@cluster.example",
  mailProvider: "SMTP",
};

/** The configured contact, each missing part from the demo defaults. */
export function privacyContact(config: { privacy?: Partial<PrivacyContact> }): PrivacyContact {
  const p = config.privacy ?? {};
  return {
    controllerName: p.controllerName || DEMO_PRIVACY_CONTACT.controllerName,
    controllerAddress: p.controllerAddress || DEMO_PRIVACY_CONTACT.controllerAddress,
    controllerEmail: p.controllerEmail || DEMO_PRIVACY_CONTACT.controllerEmail,
    mailProvider: p.mailProvider || DEMO_PRIVACY_CONTACT.mailProvider,
  };
}
