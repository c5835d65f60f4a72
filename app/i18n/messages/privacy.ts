// Privacy (issue 12, item 14): the privacy notice (/privacy), the footer's links, the signup notice, one's own data
// (/settings/privacy) and the admins' erasure requests (/admin/erasure).

const en = {
  "privacy.formerMember": "Former member",
  "footer.privacy": "Privacy notice",
  "footer.contact": "Contact",
  "privacy.signupNotice": "By creating an account you accept that the cluster association processes your data as described in the",
  "privacy.signupNotice.link": "privacy notice",

  "privacy.title": "Privacy notice",
  "privacy.intro": "This notice explains what personal data the cluster's member platform keeps about you, why, for how long, who receives it, and what rights you have.",
  "privacy.controller.title": "Who is responsible for your data",
  "privacy.controller.body": "The controller of your personal data is {name} ({address}), the association of the cluster's members.",
  "privacy.controller.contact": "Write to us with any question or request about your data:",
  "privacy.data.title": "What data we keep",
  "privacy.data.account": "Your account: name, email address, password (stored only as a one-way hash), organisation and roles.",
  "privacy.data.profile": "Your profile, as far as you fill it in: job title, languages, areas of expertise, phone number and whether other members may see your email address.",
  "privacy.data.activity": "What you do on the platform: working group memberships, posts, event registrations and check-ins, notifications.",
  "privacy.data.technical": "Security data: your sessions (browser and IP address) and a log of sensitive actions such as role changes.",
  "privacy.purpose.title": "Why, and on what legal basis",
  "privacy.purpose.service":
    "To run the member platform for you and your organisation: membership, the directory, working groups, events, joint campaigns and cooperative logistics. Legal basis: your organisation's membership of the association (GDPR art. 6(1)(b)) and the association's legitimate interest in organising cooperation among its members (art. 6(1)(f)).",
  "privacy.purpose.security": "To keep the platform and your account secure: sessions, limits on login attempts, the security log. Legal basis: legitimate interest (art. 6(1)(f)).",
  "privacy.purpose.mail":
    "To send you the emails the platform needs (confirming your address, password resets, approvals) and notifications, which you can turn off in your settings. Legal basis: art. 6(1)(b).",
  "privacy.retention.title": "How long we keep it",
  "privacy.retention.body":
    "As long as you have an account. Sessions end after 14 days without use and after 30 days at most; ended sessions and expired links are deleted after about a week, and copies of sent emails after about 90 days. When your account is erased, your posts remain in the discussions, shown as written by a former member, without your name.",
  "privacy.recipients.title": "Who receives it",
  "privacy.recipients.members": "Other members see what the platform shows them under its rules: your directory profile, your posts where they may read them, your attendance at events.",
  "privacy.recipients.mail": "Emails are delivered through our email (SMTP) provider, {provider}, which receives your name and email address for that purpose only.",
  "privacy.recipients.none": "We do not sell your data or use it for advertising.",
  "privacy.rights.title": "Your rights",
  "privacy.rights.access": "Access and a copy: download all your data as a file on your privacy settings page.",
  "privacy.rights.rectification": "Rectification: correct your profile in your settings, or ask us.",
  "privacy.rights.erasure": "Erasure: ask for your account to be erased on your privacy settings page; a cluster administrator confirms it.",
  "privacy.rights.objection": "Objection: object to processing based on our legitimate interest by writing to us.",
  "privacy.rights.complaint": "Complaint: you may complain to the Data State Inspectorate of Latvia (Datu valsts inspekcija),",
  "privacy.rights.settingsLink": "Your privacy settings",

  "settings.tab.privacy": "Privacy",
  "privacy.settings.title": "Your data",
  "privacy.settings.noticeLink": "Read the privacy notice",
  "privacy.export.title": "Download your data",
  "privacy.export.body": "A JSON file with everything the platform keeps about you: profile, memberships and roles, your posts, event registrations and check-ins, notifications and sessions.",
  "privacy.export.button": "Download my data (JSON)",
  "privacy.erase.title": "Erase your account",
  "privacy.erase.body":
    "A cluster administrator confirms the request. Then your name, email address, password and profile are deleted and you can no longer log in. Your posts remain in the discussions, shown as written by a former member. We send you an email when it is done.",
  "privacy.erase.button": "Ask to erase my account",
  "privacy.erase.pending": "You asked on {date} for your account to be erased. A cluster administrator will confirm it.",
  "privacy.erase.cancel": "Withdraw the request",
  "privacy.erase.requested": "Your request has been sent to the cluster administrators.",
  "privacy.erase.cancelled": "Your request has been withdrawn.",

  "admin.nav.erasure": "Erasure requests",
  "privacy.admin.title": "Erasure requests",
  "privacy.admin.intro":
    "Confirming anonymises the person: name, email address, password, profile, sessions and links are deleted; their posts remain, shown as written by a former member. They receive an email first.",
  "privacy.admin.empty": "No requests are waiting.",
  "privacy.admin.col.person": "Person",
  "privacy.admin.col.org": "Organisation",
  "privacy.admin.col.requested": "Requested",
  "privacy.admin.col.action": "Action",
  "privacy.admin.confirm": "Confirm and anonymise",
  "privacy.admin.confirmFor": "Confirm and anonymise {name}",
  "privacy.admin.done": "The person has been anonymised and told by email.",
  "privacy.error.requestGone": "This request no longer exists.",
  "privacy.error.requestDecided": "This request has already been decided.",

  "admin.audit.action.erasure.requested": "Erasure requested",
  "admin.audit.action.erasure.cancelled": "Erasure request withdrawn",
  "admin.audit.action.erasure.confirmed": "Person anonymised (erasure)",

  "mail.erasure.subject": "Your account has been erased",
  "mail.erasure.body":
    "As you asked, your account on the cluster platform has been erased: your name, email address, password and profile have been deleted. Your posts remain in the discussions, shown as written by a former member. This is the last message we send to this address.",
};

export { en };
