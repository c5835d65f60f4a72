import type { Bilingual } from "../types";

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

const lv: Bilingual<typeof en>["lv"] = {
  "privacy.formerMember": "Bijušais biedrs",
  "footer.privacy": "Privātuma paziņojums",
  "footer.contact": "Kontakti",
  "privacy.signupNotice": "Izveidojot kontu, jūs piekrītat, ka klastera biedrība apstrādā jūsu datus, kā aprakstīts",
  "privacy.signupNotice.link": "privātuma paziņojumā",

  "privacy.title": "Privātuma paziņojums",
  "privacy.intro": "Šajā paziņojumā skaidrots, kādus jūsu personas datus glabā klastera biedru platforma, kāpēc, cik ilgi, kas tos saņem un kādas ir jūsu tiesības.",
  "privacy.controller.title": "Kas atbild par jūsu datiem",
  "privacy.controller.body": "Jūsu personas datu pārzinis ir {name} ({address}) — klastera dalībnieku biedrība.",
  "privacy.controller.contact": "Ar jebkuru jautājumu vai pieprasījumu par saviem datiem rakstiet mums:",
  "privacy.data.title": "Kādus datus mēs glabājam",
  "privacy.data.account": "Jūsu konts: vārds, uzvārds, e-pasta adrese, parole (glabāta tikai kā neatgriezeniska jaucējvērtība), organizācija un lomas.",
  "privacy.data.profile": "Jūsu profils, ciktāl to aizpildāt: amats, valodas, kompetences jomas, tālruņa numurs un tas, vai citi biedri drīkst redzēt jūsu e-pasta adresi.",
  "privacy.data.activity": "Jūsu darbības platformā: dalība darba grupās, ziņas, pieteikšanās pasākumiem un ierašanās atzīmes, paziņojumi.",
  "privacy.data.technical": "Drošības dati: jūsu sesijas (pārlūks un IP adrese) un būtisku darbību žurnāls, piemēram, lomu maiņas.",
  "privacy.purpose.title": "Kāpēc un uz kāda tiesiskā pamata",
  "privacy.purpose.service":
    "Lai jums un jūsu organizācijai nodrošinātu biedru platformu: dalību, biedru katalogu, darba grupas, pasākumus, kopīgās kampaņas un kopīgo loģistiku. Tiesiskais pamats: jūsu organizācijas dalība biedrībā (VDAR 6. panta 1. punkta b) apakšpunkts) un biedrības leģitīmās intereses organizēt biedru sadarbību (f) apakšpunkts).",
  "privacy.purpose.security":
    "Lai platforma un jūsu konts būtu drošībā: sesijas, pieteikšanās mēģinājumu ierobežojumi, drošības žurnāls. Tiesiskais pamats: leģitīmās intereses (6. panta 1. punkta f) apakšpunkts).",
  "privacy.purpose.mail":
    "Lai sūtītu platformas darbībai nepieciešamās e-pasta vēstules (adreses apstiprināšana, paroles atjaunošana, apstiprinājumi) un paziņojumus, kurus varat izslēgt iestatījumos. Tiesiskais pamats: 6. panta 1. punkta b) apakšpunkts.",
  "privacy.retention.title": "Cik ilgi mēs tos glabājam",
  "privacy.retention.body":
    "Tik ilgi, kamēr jums ir konts. Sesijas beidzas pēc 14 neizmantotām dienām un ne vēlāk kā pēc 30 dienām; beigušās sesijas un novecojušās saites tiek dzēstas aptuveni pēc nedēļas, nosūtīto e-pasta vēstuļu kopijas — aptuveni pēc 90 dienām. Kad jūsu konts tiek dzēsts, jūsu ziņas diskusijās paliek bez jūsu vārda un tiek rādītas kā bijušā biedra rakstītas.",
  "privacy.recipients.title": "Kas tos saņem",
  "privacy.recipients.members":
    "Citi biedri redz to, ko platforma viņiem rāda saskaņā ar tās noteikumiem: jūsu profilu biedru katalogā, jūsu ziņas tur, kur viņi drīkst tās lasīt, jūsu dalību pasākumos.",
  "privacy.recipients.mail": "E-pasta vēstules tiek piegādātas ar mūsu e-pasta (SMTP) pakalpojuma sniedzēja {provider} starpniecību; tas saņem jūsu vārdu un e-pasta adresi tikai šim nolūkam.",
  "privacy.recipients.none": "Mēs nepārdodam jūsu datus un neizmantojam tos reklāmai.",
  "privacy.rights.title": "Jūsu tiesības",
  "privacy.rights.access": "Piekļuve un kopija: lejupielādējiet visus savus datus kā datni savā privātuma iestatījumu lapā.",
  "privacy.rights.rectification": "Labošana: izlabojiet savu profilu iestatījumos vai lūdziet to mums.",
  "privacy.rights.erasure": "Dzēšana: lūdziet dzēst savu kontu savā privātuma iestatījumu lapā; pieprasījumu apstiprina klastera administrators.",
  "privacy.rights.objection": "Iebildumi: iebilstiet pret apstrādi, kas balstīta uz mūsu leģitīmajām interesēm, rakstot mums.",
  "privacy.rights.complaint": "Sūdzība: jūs varat iesniegt sūdzību Datu valsts inspekcijai,",
  "privacy.rights.settingsLink": "Jūsu privātuma iestatījumi",

  "settings.tab.privacy": "Privātums",
  "privacy.settings.title": "Jūsu dati",
  "privacy.settings.noticeLink": "Lasīt privātuma paziņojumu",
  "privacy.export.title": "Lejupielādēt savus datus",
  "privacy.export.body": "JSON datne ar visu, ko platforma glabā par jums: profils, dalība un lomas, jūsu ziņas, pieteikšanās pasākumiem un ierašanās atzīmes, paziņojumi un sesijas.",
  "privacy.export.button": "Lejupielādēt manus datus (JSON)",
  "privacy.erase.title": "Dzēst savu kontu",
  "privacy.erase.body":
    "Pieprasījumu apstiprina klastera administrators. Tad jūsu vārds, e-pasta adrese, parole un profils tiek dzēsti, un jūs vairs nevarat pieteikties. Jūsu ziņas diskusijās paliek un tiek rādītas kā bijušā biedra rakstītas. Kad tas būs izdarīts, mēs jums nosūtīsim e-pasta vēstuli.",
  "privacy.erase.button": "Lūgt dzēst manu kontu",
  "privacy.erase.pending": "Jūs {date} lūdzāt dzēst savu kontu. Klastera administrators to apstiprinās.",
  "privacy.erase.cancel": "Atsaukt pieprasījumu",
  "privacy.erase.requested": "Jūsu pieprasījums ir nosūtīts klastera administratoriem.",
  "privacy.erase.cancelled": "Jūsu pieprasījums ir atsaukts.",

  "admin.nav.erasure": "Dzēšanas pieprasījumi",
  "privacy.admin.title": "Dzēšanas pieprasījumi",
  "privacy.admin.intro":
    "Apstiprinot persona tiek anonimizēta: vārds, e-pasta adrese, parole, profils, sesijas un saites tiek dzēstas; tās ziņas paliek un tiek rādītas kā bijušā biedra rakstītas. Vispirms persona saņem e-pasta vēstuli.",
  "privacy.admin.empty": "Neviens pieprasījums negaida.",
  "privacy.admin.col.person": "Persona",
  "privacy.admin.col.org": "Organizācija",
  "privacy.admin.col.requested": "Pieprasīts",
  "privacy.admin.col.action": "Darbība",
  "privacy.admin.confirm": "Apstiprināt un anonimizēt",
  "privacy.admin.confirmFor": "Apstiprināt un anonimizēt: {name}",
  "privacy.admin.done": "Persona ir anonimizēta un par to informēta e-pastā.",
  "privacy.error.requestGone": "Šis pieprasījums vairs nepastāv.",
  "privacy.error.requestDecided": "Par šo pieprasījumu jau ir izlemts.",

  "admin.audit.action.erasure.requested": "Pieprasīta dzēšana",
  "admin.audit.action.erasure.cancelled": "Dzēšanas pieprasījums atsaukts",
  "admin.audit.action.erasure.confirmed": "Persona anonimizēta (dzēšana)",

  "mail.erasure.subject": "Jūsu konts ir dzēsts",
  "mail.erasure.body":
    "Kā lūdzāt, jūsu konts klastera platformā ir dzēsts: jūsu vārds, e-pasta adrese, parole un profils ir izdzēsti. Jūsu ziņas diskusijās paliek un tiek rādītas kā bijušā biedra rakstītas. Šī ir pēdējā vēstule, ko sūtām uz šo adresi.",
};

export { en, lv };
