// Latvian for ../mail.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../mail";

const lv: Bilingual<typeof en>["lv"] = {
  "mail.greeting": "Labdien!",
  "mail.footer": "Dzīvības zinātņu klastera biedru platforma. Jūs saņemat šo ziņu sava platformas konta dēļ.",
  "mail.footer.guest": "Dzīvības zinātņu klastera biedru platforma. Jūs saņemat šo ziņu, jo jums kā viesim ir nosūtīts ielūgums uz pasākumu; konta platformā jums nav.",
  "mail.verify.subject": "Apstipriniet savu e-pasta adresi",
  "mail.verify.body": "Lūdzu, apstipriniet savu e-pasta adresi Dzīvības zinātņu klastera platformai. Saite ir derīga 48 stundas.",
  "mail.verify.action": "Apstiprināt e-pasta adresi",
  "mail.reset.subject": "Paroles atjaunošana",
  "mail.reset.body": "Saņemts pieprasījums atjaunot jūsu konta paroli. Ja tas bijāt jūs, izvēlieties jaunu paroli ar zemāk esošo saiti (derīga vienu stundu). Ja ne, šo ziņu varat neņemt vērā.",
  "mail.reset.action": "Izvēlēties jaunu paroli",
  "mail.changeEmail.subject": "Apstipriniet savu jauno e-pasta adresi",
  "mail.changeEmail.body": "Lūdzu, apstipriniet, ka {email} ir jūsu jaunā e-pasta adrese platformā. Saite ir derīga 48 stundas.",
  "mail.changeEmail.action": "Apstiprināt jauno adresi",
  "mail.changeNotice.subject": "Jūsu e-pasta adrese tiek mainīta",
  "mail.changeNotice.body": "Pieprasīta jūsu konta e-pasta adreses maiņa uz {email}. Ja tas nebijāt jūs, nekavējoties nomainiet paroli un sazinieties ar klastera administratoriem.",
  "mail.passwordChanged.subject": "Jūsu parole ir nomainīta",
  "mail.passwordChanged.body":
    "Jūsu konta parole tika nomainīta, pārējās sesijas tika slēgtas, un kalendāra abonementu adreses pārstāja darboties. Ja tas nebijāt jūs, nekavējoties atjaunojiet paroli.",
  "mail.approved.subject": "Jūsu dalība ir apstiprināta",
  "mail.approved.body": "Jūsu dalība organizācijā {org} Dzīvības zinātņu klastera platformā ir apstiprināta. Laipni lūdzam!",
  "mail.approved.action": "Pieslēgties",
  "mail.rejected.subject": "Jūsu dalības pieteikums",
  "mail.rejected.body": "Jūsu pieteikums pievienoties organizācijai {org} platformā netika apstiprināts. Ja uzskatāt, ka tā ir kļūda, sazinieties ar klastera administratoriem.",
  "mail.joinRequest.subject": "{name} vēlas pievienoties jūsu organizācijai",
  "mail.joinRequest.body": "{name} ir reģistrējies kā organizācijas {org} dalībnieks un gaida apstiprinājumu.",
  "mail.joinRequest.action": "Skatīt pieteikumus",
  "mail.orgProposal.subject": "Ierosināta jauna biedru organizācija: {org}",
  "mail.orgProposal.body": "{name} ir reģistrējies un ierosina organizāciju {org} kā jaunu klastera biedru. Tā gaida jūsu apstiprinājumu.",
};

export { lv };
