// Latvian for ../privacy.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../privacy";

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

export { lv };
