// Demo working groups (docs/domain.md "Working groups" and "Demo working groups (WG1 to WG6)"): the six groups with
// their chairs, members from several organisations, one private group, a pending join request and an open invitation,
// and discussions — threads with posts in Latvian (some in English), @mentions, a hidden post, a pinned and a locked
// thread — plus read positions and in-app notifications, so that the demo logins find unread discussions and
// mentions on first start. Rows are written as the app writes them (app/modules/groups/groups.server.ts,
// app/modules/threads/threads.server.ts): posts numbered by a gap-free per-thread seq, body_html rendered by
// renderMarkdown with the mentions that resolve to people who may see the group, the thread's counters
// (last_seq, post_count without hidden posts, last_post_at), the author's own read position, one "mention"
// notification per post and mentioned person. No mail is queued. Dates: D0 + n (app/seed/dates.ts); the latest
// posts and the join request are a few hours before the moment the seed runs, so the start page is alive.
import crypto from "node:crypto";
import type { Insertable, Transaction } from "kysely";
import type { Database, GroupVisibility, JoinPolicy, ThreadTable } from "#db/schema";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import { groupSubject } from "~/modules/groups/thread-subject.server";
import { excerpt, mentionedHandles, renderMarkdown } from "~/modules/threads/markdown.server";
import { searchKey } from "~/modules/text";
import type { DirectorySeed } from "./types";
import { termKeyResolver } from "./terms";

export type GroupKey = "WG1" | "WG2" | "WG3" | "WG4" | "WG5" | "WG6";

/** A post: author key, Markdown (`@{P05}` becomes that person's @handle), options. */
type PostSeed = [string, string, { hiddenBy?: string; hoursAgo?: number }?];

interface ThreadSeed {
  title: string;
  /** First post on D0 + start, the last dated one by D0 + start + span (never later than D0 − 3). */
  start: number;
  span: number;
  pinned?: boolean;
  locked?: boolean;
  posts: PostSeed[];
  /** How many posts a demo login has read (default: every post but the ones written in the last hours). */
  read?: Record<string, number>;
}

interface GroupSeed {
  key: GroupKey;
  slug: string;
  nameLv: string;
  nameEn: string;
  descriptionLv: string;
  descriptionEn: string;
  tags: string[];
  visibility: GroupVisibility;
  joinPolicy: JoinPolicy;
  /** Created on D0 + created by the first lead. */
  created: number;
  leads: string[];
  members: string[];
  threads: ThreadSeed[];
}

const DEMO_LOGIN_KEYS = new Set(["DEMO_ADMIN", "DEMO_ORGANISER", "DEMO_MEMBER"]);

// prettier-ignore
export const GROUPS: GroupSeed[] = [
  {
    key: "WG1",
    slug: "zalu-registracija",
    nameLv: "Normatīvās vides un zāļu reģistrācijas darba grupa",
    nameEn: "Regulatory Affairs",
    descriptionLv:
      "Sekojam ES farmācijas tiesību aktu reformai un Zāļu valsts aģentūras (ZVA) praksei, gatavojam klastera kopīgās pozīcijas un apmaināmies ar pieredzi reģistrācijas procedūrās. Sanāksmes — katra mēneša pirmajā otrdienā tiešsaistē.",
    descriptionEn:
      "We follow the reform of the EU pharmaceutical legislation and the practice of the State Agency of Medicines (ZVA), draft the cluster's joint positions and share experience of marketing-authorisation procedures. Meetings on the first Tuesday of every month, online.",
    tags: ["regulatory affairs", "eu pharma package", "zva"],
    visibility: "public",
    joinPolicy: "request",
    created: -420,
    leads: ["P05"],
    members: ["P09", "P07", "P13", "P21", "P16", "P19", "P02", "DEMO_ORGANISER", "DEMO_MEMBER"],
    threads: [
      {
        title: "ES farmācijas tiesību aktu pakete: klastera kopīgā pozīcija",
        start: -45,
        span: 41,
        pinned: true,
        read: { DEMO_MEMBER: 10 },
        posts: [
          ["P05", "Kolēģi, Padome un Parlaments ir vienojušies par **ES farmācijas tiesību aktu paketi** (direktīva un regula). Piedāvāju sagatavot klastera kopīgo pozīciju par ieviešanu Latvijā. Galvenie jautājumi:\n\n1. regulatīvās datu aizsardzības termiņi un to ietekme uz ģenēriku ienākšanu tirgū;\n2. pienākums nodrošināt piegādes un zāļu deficīta novēršanas plāni;\n3. vides riska novērtējums.\n\nLūdzu līdz mēneša beigām ierakstīt šeit savus komentārus."],
          ["P09", "Paldies, Dace! Mūsu uzņēmumam svarīgākais ir datu aizsardzības termiņš — ja bāzes termiņš paliek 8 gadi ar iespējamiem pagarinājumiem, ģenēriku izstrādes plānošana kļūst ļoti nenoteikta. Varu sagatavot pirmo uzmetumu šai sadaļai."],
          ["P05", "@{P09}, lieliski, paldies! Uzmetumu liksim kopīgajā dokumentā, saiti nosūtīšu e-pastā."],
          ["P07", "Par deficīta novēršanas plāniem: mums kā ražotājam būs jāuztur plāns katram produktam. Būtu labi vienoties par kopīgu veidni, lai ZVA nesaņem 20 dažādus formātus."],
          ["P21", "Uztura bagātinātāju ražotājus tas tieši neskar, bet bezrecepšu zāļu portfelim gan. Sekošu līdzi un iesaistīšos deficīta plānu daļā."],
          ["P13", "Vides riska novērtējums ir sarežģīts sterilajām injekcijām ar vecām aktīvajām vielām — daudzām nav ekotoksikoloģijas datu. Vai kāds jau ir runājis ar ZVA, kā viņi plāno to piemērot jau reģistrētām zālēm?"],
          ["P05", "Jautāju ZVA Zāļu reģistrācijas departamentam pagājušajā nedēļā. Atbilde: gaidīs Eiropas Zāļu aģentūras (EMA) vadlīnijas, pagaidām nekādu papildu prasību jau reģistrētām zālēm nebūs."],
          ["P16", "No ķīmiķu puses: vides datu prasības pārklājas ar REACH reģistrācijas dokumentāciju. Ja aktīvajai vielai ir REACH dosjē, daļu datu var izmantot atkārtoti. Varu palīdzēt ar šo sadaļu."],
          ["P02", "Informācijai: pozīciju varam iesniegt arī Ekonomikas ministrijai un Veselības ministrijai vienlaikus. Ieviešanas darba grupa ministrijā sāks darbu nākamā gada sākumā."],
          ["P19", "Kosmētikas ražotājus skar tikai robežproduktu jautājums, bet sekosim līdzi. Paldies par kopsavilkumu!"],
          ["P05", "Pirmais uzmetums ir gatavs (4 lpp.). Lūdzu komentārus līdz nākamajai piektdienai. @{P07}, lūdzu, paskaties deficīta plānu sadaļu."],
          ["P07", "Paskatījos — pieliku komentārus par kritisko zāļu sarakstu un krājumu prasībām. Kopumā labi."],
          ["DEMO_ORGANISER", "Pozīcijas apspriešanu iekļauju nākamās sanāksmes darba kārtībā; sanāksmes saite ir pasākuma lapā. @{P05}, vai 30 minūtes pietiks?", { hoursAgo: 30 }],
          ["P05", "Paldies, @{DEMO_ORGANISER}! Pietiks ar 30 minūtēm. @{DEMO_MEMBER}, lūdzu, pārbaudi, vai bezrecepšu zāļu piemērs 4. punktā ir korekts — tev ir pieredze ar robežproduktiem.", { hoursAgo: 5 }],
        ],
      },
      {
        title: "ZVA jaunumi: elektroniskā iesniegšana un maksas cenrādis",
        start: -60,
        span: 30,
        posts: [
          ["P09", "ZVA publicējusi jauno maksas pakalpojumu cenrādi — izmaiņu procedūru (variāciju) maksas IB tipa izmaiņām pieaug. Vai kāds jau ir izrēķinājis ietekmi uz gada budžetu?"],
          ["P05", "Mums tas ir aptuveni +12 % reģistrācijas uzturēšanas izmaksām. Lielāka problēma ir tā, ka savstarpējās atzīšanas procedūrās maksā katrā valstī atsevišķi."],
          ["P13", "Cik saprotu, no nākamā ceturkšņa visi iesniegumi tikai caur CESP portālu, papīra un CD vairs nepieņems?"],
          ["P05", "Jā, tā ir. Pieteikuma vēstulei jābūt parakstītai ar drošu elektronisko parakstu (eParaksts)."],
          ["P21", "Vai ZVA pieņem arī citu ES valstu kvalificētos elektroniskos parakstus? Mūsu valdes loceklis paraksta no Lietuvas."],
          ["P09", "Pieņem — jebkurš kvalificēts elektroniskais paraksts saskaņā ar eIDAS regulu. Mēs tā darām jau gadu."],
          ["P21", "Paldies, tas atrisina mūsu jautājumu."],
        ],
      },
      {
        title: "Variations Regulation guidelines — questions for the EMA consultation",
        start: -34,
        span: 14,
        posts: [
          ["P05", "The Commission's draft guidelines on the new **Variations Regulation** are open for comments. Since several of us work with foreign partners, let's collect the cluster's questions in English here and submit them together."],
          ["P09", "Question 1: will the new Type IA \"do and tell\" list include changes to the manufacturer of a non-sterile excipient? Today that needs a IB notification in our experience."],
          ["P13", "Question 2 from the sterile side: moving a filling line to a new room within the same licensed site — will it still be Type II if the validation data are unchanged?"],
          ["P07", "I would add: the timelines for worksharing procedures. We often wait longer for the slowest member state than for the assessment itself."],
          ["P05", "Thanks — I have merged the questions into one document and sent it to the cluster office. @{P02}, could you submit it through the association's account before the deadline?"],
          ["P02", "Submitted today, confirmation received. I will share the summary of replies once the Commission publishes them."],
        ],
      },
      {
        title: "Uztura bagātinātāju un bezrecepšu zāļu robeža",
        start: -26,
        span: 19,
        posts: [
          ["P21", "Mums ir produkts ar D3 vitamīnu 4000 SV dienas devā. PVD (Pārtikas un veterinārais dienests) norāda, ka tas varētu tikt uzskatīts par zālēm. Vai kādam ir pieredze ar šādu robežproduktu klasifikāciju?"],
          ["P05", "Klasifikāciju izlemj ZVA, ja ir šaubas. Var lūgt ZVA atzinumu par produkta statusu — tas nav dārgi un dod skaidrību pirms tirgū laišanas."],
          ["DEMO_MEMBER", "Mēs pagājušajā gadā lūdzām šādu atzinumu par magnija produktu. Atbildi saņēmām pēc ~6 nedēļām. Svarīgi bija norādīt ieteicamo devu un marķējuma tekstus — jebkurš apgalvojums par ārstēšanu uzreiz padara produktu par zālēm."],
          ["P21", "Paldies, @{DEMO_MEMBER}! Sagatavošu pieprasījumu."],
          ["P19", "Līdzīgs jautājums ir ar kosmētiku, kurai ir \"ārstnieciski\" apgalvojumi. Būtu vērts kopīgi sagatavot īsu ceļvedi biedriem."],
          ["DEMO_MEMBER", "Varu uzrakstīt pirmo versiju no pārtikas puses, ja kāds palīdz ar zāļu daļu."],
        ],
      },
    ],
  },
  {
    key: "WG2",
    slug: "eksporta-tirgi",
    nameLv: "Eksporta tirgu darba grupa",
    nameEn: "Export Markets",
    descriptionLv:
      "Kopīgi apgūstam eksporta tirgus: nacionālie stendi izstādēs (CPHI, WHX Dubai, Vitafoods), tirdzniecības misijas uz Centrālāziju un Tuvajiem Austrumiem, izplatītāju atlase un reģistrācijas prasības mērķa valstīs. Cenas, klienti un tirgus sadale netiek apspriesti.",
    descriptionEn:
      "We open export markets together: national pavilions at fairs (CPHI, WHX Dubai, Vitafoods), trade missions to Central Asia and the Middle East, choosing distributors and the registration rules of target countries. Prices, customers and market sharing are never discussed.",
    tags: ["export", "central asia", "trade fairs"],
    visibility: "public",
    joinPolicy: "request",
    created: -400,
    leads: ["P04", "P20", "DEMO_ORGANISER"],
    members: ["P08", "P14", "P22", "P23", "P15", "P12", "P03", "P21"],
    threads: [
      {
        title: "Centrālāzija: zāļu reģistrācija Kazahstānā un Uzbekistānā",
        start: -90,
        span: 86,
        posts: [
          ["P04", "Sākam tēmu par Centrālāzijas tirgiem pirms tirdzniecības misijas. Kazahstānā zāles reģistrē Nacionālais zāļu ekspertīzes centrs, Uzbekistānā — Farmācijas nozares attīstības aģentūra. Abas valstis ir EAEK kopējā tirgus procesā (Kazahstāna) vai tuvu tam."],
          ["P08", "Mūsu pieredze Kazahstānā: reģistrācija pēc EAEK noteikumiem aizņem 12–18 mēnešus, obligāta ražotnes GMP inspekcija no viņu puses. Inspekcijas vizīte jāplāno vismaz pusgadu iepriekš."],
          ["P04", "Tieši tā. Un dokumentācijai jābūt krievu valodā, ieskaitot marķējumu un lietošanas instrukciju. @{P08}, vai jūs izmantojat vietējo reģistrācijas aģentu?"],
          ["P08", "Jā, Almati. Bez vietējā aģenta praktiski nav iespējams — viņi iesniedz dokumentus un seko līdzi ekspertīzei."],
          ["P15", "Mēs pārdodam aktīvās vielas un starpproduktus, ne gatavās zāles. Vai aktīvajām vielām arī vajadzīga atsevišķa reģistrācija?"],
          ["P04", "Aktīvā viela tiek vērtēta kopā ar gatavo zāļu reģistrāciju (dosjē 3. modulis). Atsevišķa reģistrācija nav vajadzīga, bet ražotājam jābūt gatavam inspekcijai."],
          ["P22", "Uztura bagātinātājiem Kazahstānā vajadzīga valsts reģistrācija (EAEK sertifikāts). Mēs to nokārtojām 4 mēnešos, tas ir daudz vienkāršāk nekā zālēm."],
          ["P21", "Uzbekistānā bagātinātāju reģistrācija notiek caur Sanitāri epidemioloģisko dienestu. Mēs sākām pērn, vēl procesā."],
          ["P20", "Kosmētikai EAEK tehniskais reglaments TR CU 009/2011 — deklarācija, ne sertifikāts, ja produkts nav bērniem. Laboratorijas testus var veikt akreditētā laboratorijā Latvijā, bet protokoliem jābūt tulkotiem."],
          ["P04", "Ļoti noderīgi! Apkopošu tabulā pa produktu grupām: zāles / bagātinātāji / kosmētika / ķīmija."],
          ["P14", "From the DACH side I cannot help with Central Asia, but one practical point: check which Incoterms your distributor expects. In our experience DAP Almaty works better than EXW — the customs broker on their side handles the EAEU import declaration."],
          ["P23", "Loģistika: līdz Almati kravas auto 7–9 dienas caur Krieviju vairs nav risinājums. Mēs piedāvājam maršrutu caur Gruziju un Kaspijas jūru (Vidējais koridors) — 14–18 dienas, temperatūras kontrole iespējama."],
          ["P04", "Paldies, @{P23}! Vai jums ir pieredze ar +2…+8 °C kravām šajā maršrutā?"],
          ["P23", "Jā, pagājušajā ceturksnī vedām divas refrižeratora kravas uz Taškentu. Datu reģistratori visā ceļā, novirzes nebija. Varam apvienot kravas klastera biedriem."],
          ["P15", "Varbūt vienojamies par kopīgu minimālo cenu Kazahstānas izplatītājiem, lai nekonkurējam savā starpā? Mūsu starpproduktiem tirgus ir mazs.", { hiddenBy: "P04" }],
          ["P04", "Atgādinu konkurences tiesību noteikumus, kurus visi apstiprinājām, pievienojoties grupai: **cenas, klienti un tirgus sadale šeit netiek apspriesti**. Iepriekšējo ierakstu paslēpu. Par kopīgu loģistiku un reģistrācijas pieredzi — droši turpinām."],
          ["P15", "Atvainojos, nepārdomāts ieraksts. Paldies par atgādinājumu."],
          ["P12", "Uzbekistānā valsts iepirkumos slimnīcām priekšroka ir vietējiem ražotājiem vai tiem, kas lokalizē iepakošanu. Vai kāds apsver līgumražošanu uz vietas?"],
          ["P08", "Esam runājuši ar divām Taškentas rūpnīcām par sekundāro iepakošanu. Tas saīsina reģistrāciju, jo produkts tiek uzskatīts par daļēji vietēju. Bet GMP līmenis jāpārbauda pašiem."],
          ["P04", "Misijas programmā ir vizīte Taškentas farmācijas tehnoparkā — tur būs iespēja to redzēt klātienē."],
          ["P03", "Informācijai: misijas dalībnieku saraksts un vizas vēstules — caur kampaņas lapu. Vēstniecība lūdz dalībnieku pasu datus divas nedēļas pirms izbraukšanas."],
          ["P22", "Vai misijā būs B2B tikšanās ar aptieku ķēdēm, ne tikai ar izplatītājiem?"],
          ["P04", "Jā, LIAA pārstāvniecība Almati organizē tikšanās ar divām lielākajām aptieku ķēdēm. Pieteikumus ar produktu aprakstu krievu valodā lūdzu sūtīt man līdz nākamās nedēļas beigām."],
          ["P20", "Kosmētikai misijā būs atsevišķa tikšanās ar vienu izplatītāju Almati. Produktu paraugi jāved līdzi — lūdzu, pārbaudiet muitas noteikumus paraugiem."],
          ["P23", "Paraugiem līdz 1000 € vērtībā var izmantot vienkāršoto deklarāciju, bet zāļu paraugiem vajadzīga importa atļauja. Labāk sūtīt iepriekš ar kurjeru."],
          ["P04", "Apkopojums ir gatavs: tabula pa produktu grupām pievienota klastera dokumentu mapē. Paldies visiem — ļoti vērtīga diskusija pirms misijas!", { hoursAgo: 26 }],
        ],
      },
      {
        title: "CPHI Frankfurt: nacionālā stenda sagatavošana",
        start: -40,
        span: 37,
        read: { DEMO_ORGANISER: 6 },
        posts: [
          ["P03", "Nacionālā stenda dizaina projekts ir gatavs. Stenda platība 54 m², sešiem dalībniekiem pa vienam informācijas galdam un kopīga tikšanās zona."],
          ["P04", "Izskatās labi. Lūdzu, paredziet slēdzamu skapi paraugiem — pagājušajā reizē to pietrūka."],
          ["P14", "Could we have a screen with a rotating slide per company? Visitors at CPHI often look for CDMO capabilities quickly, a slide with \"sterile fill-finish, vials 2–50 ml\" helps a lot."],
          ["P03", "Ekrāns ir budžetā. Lūdzu, katrs dalībnieks iesūta vienu slaidu 16:9 formātā līdz stenda materiālu termiņam."],
          ["P12", "Dežūru grafiks: mēs varam nodrošināt cilvēku visās trīs dienās no 9 līdz 13."],
          ["P08", "Baltfarm — pēcpusdienas visās dienās."],
          ["DEMO_ORGANISER", "Dežūru grafiku apkopošu kampaņas lapā. Atgādinājums: stenda materiāli tiek nosūtīti apvienotajā kravā, pakošanas saraksts — līdz pirmdienai."],
          ["P22", "Mums būs divi roll-up stendi un 200 brošūras. Vai brošūras var nosūtīt tieši uz izstādi?"],
          ["P20", "Var, bet tikai caur oficiālo izstādes ekspeditoru un ar pareizu marķējumu (zāle, stenda numurs). Drošāk — apvienotajā kravā ar pārējiem."],
          ["P04", "@{DEMO_ORGANISER}, vai instruktāžā dalībniekiem varam īsi pārrunāt arī tikšanos pieteikšanu caur izstādes platformu?", { hoursAgo: 3 }],
        ],
      },
      {
        title: "WHX Dubai 2025: pieredze un secinājumi",
        start: -120,
        span: 16,
        locked: true,
        posts: [
          ["P20", "Paldies visiem, kas piedalījās kopstendā WHX Dubai! Lūdzu, dalieties ar secinājumiem — tos izmantosim nākamā gada pieteikumā."],
          ["P22", "Uztura bagātinātājiem ļoti labi: 30+ kontakti, divi nopietni izplatītāji no AAE un Saūda Arābijas. Ieteikums: reģistrācija AAE Veselības ministrijā jāsāk jau pirms izstādes."],
          ["P12", "Slimnīcu produktiem izstāde ir pareizā, bet mūsu stends bija zālē, kur lielākā daļa apmeklētāju meklēja medicīnas ierīces. Nākamgad jāprasa vieta farmācijas zālē."],
          ["P20", "Kosmētikai — vidēji. Halal sertifikāts ir praktiski obligāts, bez tā sarunas nesākas."],
          ["P03", "Apkopoju secinājumus nākamā gada kampaņas pieteikumā. Paldies!"],
          ["P20", "Slēdzu šo tēmu — nākamā gada kopstenda sagatavošana notiek kampaņas lapā."],
        ],
      },
      {
        title: "DACH hospital tenders — lessons learned",
        start: -70,
        span: 20,
        posts: [
          ["P14", "A short summary from our last two hospital tenders in Germany and Austria: price is weighted 60–70 %, but you cannot even bid without **EU GMP certificate, a German-language SmPC and a local pharmacovigilance contact**. Happy to answer questions."],
          ["P12", "To add: delivery reliability clauses are strict — penalties for every day of delay. We keep a safety stock in a German warehouse for tender products."],
          ["P08", "Do you bid directly or through a wholesaler?"],
          ["P14", "Directly for the purchasing groups in Germany; in Austria through a local partner who handles the hospital pharmacies."],
          ["P04", "Very useful, thank you @{P14}. Could you present this for 15 minutes at the next meeting?"],
        ],
      },
    ],
  },
  {
    key: "WG3",
    slug: "petnieciba-un-inovacijas",
    nameLv: "Pētniecības un inovāciju sadarbības darba grupa",
    nameEn: "R&D&I Collaboration",
    descriptionLv:
      "Savedam uzņēmumus ar pētniekiem: kopīgi projekti (Apvārsnis Eiropa, ERAF, LZP), koplietošanas iekārtas, tehnoloģiju pārnese un līgumpētījumi. Jauni projektu partneri — laipni aicināti.",
    descriptionEn:
      "We bring companies and researchers together: joint projects (Horizon Europe, ERDF, the Latvian Council of Science), shared equipment, technology transfer and contract research. New project partners are welcome.",
    tags: ["horizon europe", "technology transfer", "core facilities"],
    visibility: "public",
    joinPolicy: "open",
    created: -380,
    leads: ["P25"],
    members: ["P26", "P18", "P17", "P29", "P30", "P15", "P27", "P02", "P12"],
    threads: [
      {
        title: "Horizon Europe Cluster 1 (Health) calls — building a consortium",
        start: -50,
        span: 44,
        posts: [
          ["P25", "The next **Horizon Europe Cluster 1 – Health** work programme has two topics that fit us: one on new antimicrobials and one on sustainable manufacturing of medicines. Who would be interested in a Latvian core for a consortium?"],
          ["P18", "BioFerm is interested in the sustainable manufacturing topic — we have fermentation processes that replace two chemical synthesis steps. We could be an SME partner with a demonstration work package."],
          ["P26", "Our core facility can cover analytics (NMR, LC-MS) and impurity profiling. I would suggest we also look at the EU4Health calls for the antimicrobial topic."],
          ["P02", "Klastera birojs var palīdzēt ar projekta vadības daļu un budžetu. Atgādinu, ka Apvārsnī Eiropa MVK un pētniecības organizācijām finansējuma intensitāte ir 100 % tiešajām izmaksām (RIA), 70 % uzņēmumiem IA projektos."],
          ["P25", "Paldies, Mārtiņ. Koordinatoram jābūt organizācijai ar pieredzi — BBC var koordinēt, ja atradīsim vēl vismaz divus partnerus no citām valstīm."],
          ["P29", "BTU var piedāvāt procesu mērogošanu un dzīves cikla novērtējumu (LCA). Mums ir partneri Somijā (VTT tipa institūts), kuri meklē tieši šādu konsorciju."],
          ["P17", "Mums svarīgi saprast, cik daudz laika projekta rakstīšana prasīs mazam uzņēmumam. Mums ir 30 darbinieki."],
          ["P02", "No pieredzes — SME partnerim apmēram 10–15 darba dienas pieteikuma posmā. Daļu izmaksu var segt ar LIAA atbalstu projektu sagatavošanai."],
          ["P18", "OK. I'll draft one page on our work package and the expected impact (CO₂ and solvent reduction)."],
          ["P25", "Lieliski. Rīkojam tiešsaistes sanāksmi: @{P18}, @{P26}, @{P29} — lūdzu, atzīmējiet piemērotos laikus aptaujā."],
          ["P26", "Done. Also, the two-stage deadline for the first stage is in about four months — we should have the partner list fixed within six weeks."],
          ["P12", "Kurši Injectables varētu būt lietotājs (end user) — sterilās ražošanas vides ietekmes samazināšana mums ir aktuāla tēma."],
        ],
      },
      {
        title: "Koplietošanas iekārtas: KMR un LC-MS pieejamība uzņēmumiem",
        start: -75,
        span: 25,
        posts: [
          ["P26", "Informācijai uzņēmumiem: BBC koplietošanas laboratorijā no nākamā mēneša ir brīvs laiks 600 MHz KMR spektrometram (apmēram 20 stundas nedēļā) un LC-MS/MS. Rezervācija — ar e-pastu, drīzumā arī caur platformu."],
          ["P15", "Cik ilgi parasti jāgaida rezultāti piemaisījumu identifikācijai? Mums bieži vajag ātri — partijas izlaide gaida."],
          ["P26", "Standarta analīze — 5 darba dienas, steidzamā — 48 stundas par papildu samaksu. Metodes validāciju GMP vajadzībām gan nevaram piedāvāt, tikai pētniecībai."],
          ["P30", "BTU pilotiekārtu laboratorijā arī ir brīvs laiks izsmidzināšanas žāvētājam un verdošā slāņa iekārtai. Varbūt veidojam kopīgu iekārtu katalogu?"],
          ["P25", "Laba ideja — tas ir arī klastera projekta trešā daļa (specializētā pētnieciski tehnoloģiskā infrastruktūra). Ierosinu sākt ar vienkāršu tabulu: iekārta, kontaktpersona, pieejamība, cena."],
          ["P17", "Mēs labprāt izmantotu KMR fermentācijas produktu raksturošanai. Vai studentu projektiem ir atlaides?"],
          ["P26", "Yes — for joint projects with universities we charge only consumables."],
        ],
      },
      {
        title: "Pilotiekārtas mērogošana: smidzināšanas žāvēšana probiotikām",
        start: -30,
        span: 22,
        posts: [
          ["P17", "Meklējam iespēju pārbaudīt probiotiku smidzināšanas žāvēšanu 5–10 kg mērogā. Laboratorijā dzīvotspēja ir laba, bet nezinām, kā būs lielākā iekārtā."],
          ["P30", "Mūsu izsmidzināšanas žāvētājs pieļauj izejas temperatūru no 60 °C, kas probiotikām parasti ir robežās. Iesaku sākt ar trim izmēģinājumiem ar dažādiem aizsargvielu sastāviem."],
          ["P29", "Varam to veidot kā studenta maģistra darbu — students veic eksperimentus, jūs sedzat materiālu izmaksas."],
          ["P18", "Sounds good. We would need viability counts within 24 h after drying; can we do CFU plating at BTU or should we take samples back to Jelgava?"],
          ["P30", "Mikrobioloģijas laboratorija mums ir, bet BSL-1 līmenī. Ja celmi ir BSL-1, varam sēt uz vietas."],
          ["P25", "Šis ir labs piemērs nākamās nedēļas demonstrācijai pilotiekārtu nakts maiņā — varbūt varat pievienoties?"],
        ],
      },
    ],
  },
  {
    key: "WG4",
    slug: "izglitiba-un-talanti",
    nameLv: "Izglītības un talantu darba grupa",
    nameEn: "Education & Talent",
    descriptionLv:
      "Prakses vietas studentiem, karjeras dienas, industriālie doktoranti un nozares vajadzībām atbilstošas studiju programmas. Kopā ar universitātēm plānojam, kā piesaistīt un noturēt speciālistus.",
    descriptionEn:
      "Internships, careers days, industrial PhDs and study programmes that match what the industry needs. Together with the universities we plan how to attract and keep specialists.",
    tags: ["internships", "careers", "education"],
    visibility: "public",
    joinPolicy: "open",
    created: -360,
    leads: ["P27"],
    members: ["P28", "P11", "P29", "P19", "P24", "P03", "DEMO_ADMIN", "P30"],
    threads: [
      {
        title: "Vasaras prakses 2026: vietas un termiņi",
        start: -35,
        span: 31,
        read: { DEMO_ADMIN: 7 },
        posts: [
          ["P28", "Sākam vākt prakšu vietas nākamajai vasarai. Lūdzu, norādiet: nodaļa, studiju programma (farmācija, ķīmija, biotehnoloģija), vietu skaits, periods un vai prakse ir apmaksāta."],
          ["P11", "Baltfarm: 6 vietas — 3 kvalitātes kontroles laboratorijā, 2 ražošanā, 1 reģistrācijas nodaļā. Jūnijs–augusts, apmaksātas."],
          ["P24", "Baltic Pharma Logistics: 2 vietas kvalitātes nodaļā (laba izplatīšanas prakse), jūlijs–augusts. Prasība — B kategorijas autovadītāja apliecība nav vajadzīga 🙂"],
          ["P19", "Dzintara Krasts: 2 vietas produktu izstrādē (kosmētikas formulēšana), apmaksātas."],
          ["P29", "BTU studentiem svarīgi, lai prakses ilgums ir vismaz 8 nedēļas — tad to var ieskaitīt kā kursa praksi (6 KP)."],
          ["P28", "Paldies! Apkopošu un publicēšu kopīgu sarakstu universitāšu karjeras centros līdz februārim."],
          ["P27", "Ierosinu arī vienotu prakses līguma veidni ar konfidencialitātes punktu — uzņēmumi to bieži prasa, un studentiem vieglāk, ja tas ir vienāds."],
          ["P03", "Klastera birojs var sagatavot veidni kopā ar juristu. @{DEMO_ADMIN}, vai vari to iekļaut nākamā mēneša darbu sarakstā?"],
          ["DEMO_ADMIN", "Jā, iekļauju. Veidnes projektu publicēšu šeit līdz mēneša vidum.", { hoursAgo: 20 }],
          ["P27", "Paldies, @{DEMO_ADMIN}! Prakšu saraksts būs pieejams arī karjeras dienā.", { hoursAgo: 8 }],
        ],
      },
      {
        title: "Karjeras diena ķīmijā un farmācijā: stendi un programma",
        start: -25,
        span: 20,
        posts: [
          ["P27", "Karjeras dienai pieteikušies 8 uzņēmumi. Stendus izvietosim BTU Ķīpsalas foajē, laboratoriju ekskursijas — ik pēc stundas."],
          ["P28", "Studentiem sagatavosim \"karjeras pasi\" — jāapmeklē vismaz 5 stendi, lai piedalītos balvu izlozē."],
          ["P11", "Vai varam nodrošināt arī īsas prezentācijas (10 min) no uzņēmumu jaunajiem speciālistiem? Studentiem tas ir pārliecinošāk nekā personāldaļa."],
          ["P27", "Jā, aud. 101 būs pieejama visu dienu. Lūdzu, piesakiet runātājus līdz reģistrācijas termiņam."],
          ["P30", "BTU pilotiekārtu laboratorija būs atvērta apmeklētājiem no 11 līdz 14."],
          ["P03", "Plakātu un sociālo tīklu kampaņu sagatavošu līdz nākamajai nedēļai."],
        ],
      },
      {
        title: "Industrial PhD programme — co-supervision with companies",
        start: -100,
        span: 30,
        posts: [
          ["P29", "The new industrial PhD scheme allows a doctoral student to be employed by a company for up to 50 % of their time. We have two candidates in process chemistry looking for a company partner."],
          ["P11", "Baltfarm might be interested in one position. What does the company commit to — salary share and a co-supervisor?"],
          ["P29", "Yes: a co-supervisor with a doctoral degree or equivalent experience, and a research topic relevant to both sides. IP is agreed in the collaboration contract."],
          ["P27", "RMU has the same scheme for pharmaceutical sciences. Let's prepare a one-page comparison for the companies."],
          ["P11", "Great — I'll bring it to our management board next month."],
        ],
      },
    ],
  },
  {
    key: "WG5",
    slug: "kvalitate-gmp-gdp",
    nameLv: "Kvalitātes un labas ražošanas/izplatīšanas prakses (GMP/GDP) darba grupa",
    nameEn: "Quality, GMP & GDP",
    descriptionLv:
      "Slēgta grupa kvalitātes vadītājiem un atbildīgajām personām: kopīgā piegādātāju audita shēma, GMP/GDP inspekciju pieredze, ES GMP 1. pielikums un temperatūras kartēšana. Audita ziņojumi un inspekciju novērojumi tiek apspriesti tikai anonimizēti. Dalība — pēc uzaicinājuma.",
    descriptionEn:
      "A closed group for quality heads and responsible persons: the joint supplier audit scheme, GMP/GDP inspection experience, EU GMP Annex 1 and temperature mapping. Audit reports and inspection findings are discussed anonymised only. Membership by invitation.",
    tags: ["gmp", "gdp", "supplier audits"],
    visibility: "private",
    joinPolicy: "invite",
    created: -390,
    leads: ["P13"],
    members: ["P07", "P24", "P06", "P16", "P10", "P21", "DEMO_MEMBER"],
    threads: [
      {
        title: "Kopīgā piegādātāju audita shēma 2026",
        start: -55,
        span: 50,
        read: { DEMO_MEMBER: 8 },
        posts: [
          ["P13", "Piedāvāju turpināt kopīgo piegādātāju auditu shēmu arī nākamgad: viens audits, ziņojums visiem dalībniekiem, kuri izmanto to pašu piegādātāju. Pērn ietaupījām ~40 audita dienas."],
          ["P07", "Atbalstu. Daugavas Farmācijai prioritāte ir divi palīgvielu piegādātāji Indijā un viens iepakojuma ražotājs Polijā."],
          ["P10", "Baltfarm — tas pats Polijas iepakojuma ražotājs un viens API ražotājs Ķīnā. Varam dalīt ceļa izmaksas."],
          ["P16", "Latchem var piedāvāt auditoru ar pieredzi ķīmisko starpproduktu ražotnēs (ICH Q7). Tas varētu būt noderīgi API auditam."],
          ["P13", "Lieliski. Atgādinu principu: auditu veic kvalificēts auditors, ziņojumu katrs uzņēmums izvērtē pats un pieņem savu lēmumu par piegādātāja apstiprināšanu. Audita izmaksas dalām vienādās daļās."],
          ["P21", "Mums iepakojuma piegādātājs ir tas pats — vai uztura bagātinātāju ražotājs var pievienoties, ja mums nav GMP prasību, bet ir FSSC 22000?"],
          ["P13", "Var, ja audita programmā iekļaujam arī pārtikas drošības prasības. @{DEMO_MEMBER}, vai vari sagatavot sarakstu ar FSSC 22000 papildu punktiem?"],
          ["DEMO_MEMBER", "Jā, sagatavošu līdz nākamajai nedēļai. Lielākā daļa pārklājas ar GMP, papildus būs alergēnu pārvaldība un pārtikas aizsardzība (food defence)."],
          ["P07", "Audita grafiks: Polija — marts, Indija — maijs (pirms musonu sezonas). Ķīna — rudenī."],
          ["P06", "Ceļojuma loģistiku varam apvienot — Daugavas Farmācijai ir korporatīvais līgums ar ceļojumu aģentūru."],
          ["DEMO_MEMBER", "FSSC 22000 papildu punktu saraksts pievienots dokumentu mapē (2 lpp.)."],
          ["P13", "Paldies, @{DEMO_MEMBER}! Iekļausim to Polijas audita plānā. Lūdzu visus apstiprināt dalību līdz mēneša beigām.", { hoursAgo: 20 }],
        ],
      },
      {
        title: "ES GMP 1. pielikums: piesārņojuma kontroles stratēģija",
        start: -80,
        span: 40,
        posts: [
          ["P13", "Pēc pēdējās inspekcijas: inspektori detalizēti pārbaudīja **piesārņojuma kontroles stratēģiju (CCS)** — ne tikai dokumentu, bet kā tas sasaistīts ar vides monitoringa tendencēm un CAPA."],
          ["P07", "Mums bija novērojums par to, ka CCS nav aptverti ūdens sistēmas riski. Pārstrādājām riska novērtējumu ar FMEA."],
          ["P13", "Vai jūs veicat barotnes pildījumus (media fill) divas reizes gadā katrai līnijai?"],
          ["P07", "Jā, un pēc katras būtiskas izmaiņas. Inspektors jautāja arī par intervences (iejaukšanās) sarakstu un to, kā tās modelējam barotnes pildījumā."],
          ["P10", "Baltfarm nav sterilās ražošanas, bet mums ir līdzīgs jautājums par ne-sterilo ražošanu — vai CCS pieeja tiek sagaidīta arī tur?"],
          ["P13", "Formāli 1. pielikums attiecas uz sterilajām zālēm, bet inspektori sagaida riska pieeju visur. Iesaku vismaz vienkāršotu CCS."],
          ["P07", "Varam dalīties ar mūsu CCS struktūru (bez konfidenciālas informācijas) — 12 nodaļas. Nosūtīšu grupas dalībniekiem."],
          ["P13", "Paldies, Olga. Apspriedīsim to arī seminārā par 1. pielikumu."],
        ],
      },
      {
        title: "GDP: noliktavu temperatūras kartēšana vasarā un ziemā",
        start: -65,
        span: 20,
        posts: [
          ["P24", "Ziemas temperatūras kartēšanu mūsu Mārupes noliktavā sāksim nākamajā mēnesī. Ja kādam vajag datus par uzglabāšanu mūsu noliktavā savai kvalifikācijai, varam tos dalīt."],
          ["P06", "Jā, lūdzu — mūsu GDP auditam vajadzīgi abu sezonu kartēšanas ziņojumi."],
          ["P24", "Izmantojam 45 datu reģistratorus, 14 dienas. Karstākie punkti vasarā bija pie vārtiem un augšējos plauktos — tur tagad neglabājam produktus, kam vajadzīgs 15–25 °C."],
          ["P16", "Bīstamajām kravām ir atsevišķa zona? Mūsu šķīdinātājiem vajadzīga arī ugunsdrošības prasību atbilstība."],
          ["P24", "Jā, ADR zona ar atsevišķu ventilāciju, bet tā nav temperatūras kontrolēta. Šķīdinātājus uzglabājam tur."],
          ["P13", "Noderīgi. Ierosinu kopīgu veidni kartēšanas protokolam — lai auditoriem ir vienāda struktūra."],
        ],
      },
      {
        title: "Inspekciju novērojumi: ko mācāmies (anonimizēti)",
        start: -20,
        span: 13,
        read: { DEMO_MEMBER: 0 },
        posts: [
          ["P13", "Šeit apkopojam inspekciju novērojumus **bez uzņēmumu nosaukumiem**, lai visi varētu mācīties. Pirmais: datu integritāte — kopīgi lietotāju konti HPLC sistēmā."],
          ["P07", "Otrais: novirzes izmeklēšana bez pamatcēloņa analīzes — \"cilvēka kļūda\" kā vienīgais cēlonis vairs netiek pieņemts."],
          ["P24", "No GDP inspekcijas: transportēšanas temperatūras novirzes netika izvērtētas kopā ar produkta stabilitātes datiem."],
          ["P10", "Piegādātāju kvalifikācija: kvalitātes līgums nebija atjaunots pēc piegādātāja īpašnieka maiņas."],
          ["P13", "Paldies! Šos piemērus izmantošu nākamajā seminārā, protams, anonīmi."],
        ],
      },
    ],
  },
  {
    key: "WG6",
    slug: "digitalizacija",
    nameLv: "Digitalizācijas darba grupa",
    nameEn: "Digitalisation",
    descriptionLv:
      "Digitālie sēriju ieraksti, datu integritāte (ALCOA+), ES GMP 11. pielikums, serializācija un Industrija 4.0 ražošanā. Dalāmies ar pieredzi par piegādātājiem un validāciju.",
    descriptionEn:
      "Electronic batch records, data integrity (ALCOA+), EU GMP Annex 11, serialisation and Industry 4.0 in manufacturing. We share experience of vendors and validation.",
    tags: ["ebr", "data integrity", "industry 4.0"],
    visibility: "public",
    joinPolicy: "open",
    created: -300,
    leads: ["P10", "P30"],
    members: ["P06", "P24", "P26", "P02", "P18", "P29", "P07"],
    threads: [
      {
        title: "Digitālie sēriju ieraksti (eBR): pieredze un piegādātāji",
        start: -58,
        span: 52,
        posts: [
          ["P10", "Baltfarm gatavojas pāriet no papīra sēriju ierakstiem uz **elektroniskajiem sēriju ierakstiem (eBR)** tablešu ražošanā. Kādas ir jūsu pieredzes ar MES sistēmām?"],
          ["P07", "Daugavas Farmācija ieviesa eBR vienā ražošanas ēkā pirms diviem gadiem. Galvenā mācība: **sāciet ar procesu standartizāciju**, nevis ar programmatūru. Mums pagāja 8 mēneši tikai sēriju ierakstu veidņu saskaņošanai."],
          ["P10", "Cik ilgi ilga validācija (CSV)?"],
          ["P07", "Apmēram gads, ieskaitot interfeisus ar ERP un laboratorijas sistēmu (LIMS). Risku balstīta pieeja pēc GAMP 5 palīdz samazināt testēšanu standarta funkcijām."],
          ["P30", "BTU Industrijas 4.0 laboratorijā ir testa vide ar atvērtā koda MES — studenti var palīdzēt ar procesu modelēšanu pirms ieviešanas."],
          ["P06", "Noliktavas pusē svarīgi, lai eBR sasaistās ar materiālu izsniegšanu (svītrkodi, partiju numuri) — mums tas ievērojami samazināja kļūdas."],
          ["P26", "A question: do you keep the eBR data in the cloud? Our institute's IT policy is strict about where GMP-relevant data may be stored."],
          ["P07", "On-premises for production data, with a validated backup to a second data centre. Cloud only for non-GMP reporting."],
          ["P10", "Ierosinu nākamajā sanāksmē trīs piegādātāju demonstrācijas. @{P30}, vai BTU var uzņemt sanāksmi Ķīpsalā?"],
          ["P30", "Jā, protams. Iesaku pēcpusdienu, lai varam parādīt arī laboratoriju."],
          ["P29", "Studenti varētu sagatavot salīdzinošo tabulu par piegādātājiem kā kursa darbu."],
          ["P10", "Lieliski — sanāksmes datums tiks publicēts grupas pasākumos."],
        ],
      },
      {
        title: "Data integrity and Annex 11 revision",
        start: -40,
        span: 21,
        posts: [
          ["P10", "The revised **EU GMP Annex 11** draft brings more detailed requirements on audit trails review, cloud services and AI. Let's collect comments together."],
          ["P07", "The audit-trail review frequency is our main concern — reviewing every audit trail for every batch is not realistic without tools."],
          ["P24", "For GDP we mostly deal with temperature monitoring systems; the vendor's qualification documents rarely cover the new expectations."],
          ["P26", "On AI: we use a machine-learning model for NMR spectrum interpretation in research only. It would be helpful to know where the line for GMP use is."],
          ["P02", "Klastera birojs var iesniegt komentārus kā asociācija — lūdzu, līdz termiņam ierakstiet tos šeit vai kopīgajā dokumentā."],
          ["P10", "I'll consolidate the comments by the end of next week."],
          ["P18", "One more from us: the requirements for spreadsheets used in QC calculations. Many small companies still rely on Excel."],
        ],
      },
      {
        title: "Serializācija un ES zāļu verifikācijas sistēma",
        start: -110,
        span: 25,
        posts: [
          ["P10", "Latvijas zāļu verifikācijas organizācija (LZVO) ziņo par pieaugušu trauksmes signālu skaitu aptiekās. Lielākā daļa — datu augšupielādes kļūdas no ražotāju puses."],
          ["P06", "Mums bija gadījums ar nepareizu derīguma termiņa formātu pēc printera programmatūras atjaunināšanas. Tagad pēc katras izmaiņas pārbaudām pirmās kastītes skenējot."],
          ["P07", "Ieteikums: ikdienas atskaite no EMVS par trauksmes signāliem — mēs to pārskatām katru rītu."],
          ["P24", "Izplatītājam svarīgi, ka atgriezto produktu statuss tiek mainīts pareizi — citādi aptiekā trauksme."],
          ["P10", "Paldies — apkopošu labās prakses vienā lapā un nosūtīšu LZVO kā klastera ieteikumus."],
        ],
      },
    ],
  },
];

/** docs/domain.md "Demo working groups (WG1 to WG6)": the join request a lead of WG2 has to decide, and WG6's invitation to the demo member. */
const PENDING_REQUEST = { group: "WG2" as GroupKey, person: "P17" };
const OPEN_INVITE = { group: "WG6" as GroupKey, person: "DEMO_MEMBER", by: "P10", day: -4 };

/** Seeds the working groups and their discussions; returns the group ids by key. */
export async function seedGroups(trx: Transaction<Database>, dir: DirectorySeed, now: Date): Promise<Record<GroupKey, string>> {
  const { dates, people } = dir;
  const personRows = await trx.selectFrom("person as p").innerJoin("organisation as o", "o.id", "p.organisation_id").select(["p.id", "p.name", "p.handle", "o.name as org"]).execute();
  const person = new Map(personRows.map((r) => [r.id, r]));
  const who = (key: string) => {
    const p = person.get(people[key]);
    if (!p) throw new Error(`seed: unknown person ${key}`);
    return p;
  };
  const latestDated = dates.at(-3, "20:00");

  const ids = {} as Record<GroupKey, string>;
  const topicKeys = await termKeyResolver(trx, "group_topic");
  const groupRows = GROUPS.map((g) => {
    const id = crypto.randomUUID();
    ids[g.key] = id;
    const created = dates.at(g.created, "10:00");
    return {
      id,
      slug: g.slug,
      name_lv: g.nameLv,
      name_en: g.nameEn,
      description_lv: g.descriptionLv,
      description_en: g.descriptionEn,
      tags: topicKeys(g.tags),
      visibility: g.visibility,
      join_policy: g.joinPolicy,
      created_by: people[g.leads[0]],
      created_at: created,
      updated_at: created,
      search_key: searchKey(g.nameLv, g.nameEn),
    };
  });
  await trx.insertInto("working_group").values(groupRows).execute();

  // Leads from the start, members a few days apart; each accepted the competition-law notice on joining.
  const memberRows = GROUPS.flatMap((g) =>
    [...g.leads, ...g.members].map((key, i) => {
      const joined = dates.at(g.created + (i < g.leads.length ? 0 : 2 + 3 * i), "11:00");
      return { group_id: ids[g.key], person_id: people[key], role: i < g.leads.length ? ("lead" as const) : ("member" as const), joined_at: joined, competition_ack_at: joined };
    }),
  );
  await trx.insertInto("working_group_member").values(memberRows).execute();

  // Who may see each group's threads decides which @mentions resolve (as threads.server.ts resolveMentions does).
  const viewers = new Map((await peopleAsViewers(trx, Object.values(people))).map((v) => [v.id, v]));
  const mayView = new Map<string, boolean>();
  async function sees(personId: string, groupId: string): Promise<boolean> {
    const k = `${personId}|${groupId}`;
    if (!mayView.has(k)) {
      const v = viewers.get(personId);
      mayView.set(k, !!v && (await groupSubject.access(trx, v, groupId)).view);
    }
    return mayView.get(k)!;
  }

  const threadRows: Insertable<ThreadTable>[] = [];
  const postRows: {
    id: string;
    thread_id: string;
    seq: number;
    author_id: string;
    body_md: string;
    body_html: string;
    created_at: Date;
    hidden_at: Date | null;
    hidden_by: string | null;
  }[] = [];
  const reads = new Map<string, { person_id: string; thread_id: string; last_read_seq: number; updated_at: Date }>();
  const notifications: { person_id: string; kind: string; payload: string; dedupe_key: string; created_at: Date; read_at: Date | null }[] = [];
  const read = (personId: string, threadId: string, seq: number, at: Date) => {
    const k = `${personId}|${threadId}`;
    const cur = reads.get(k);
    if (!cur || cur.last_read_seq < seq) reads.set(k, { person_id: personId, thread_id: threadId, last_read_seq: seq, updated_at: at });
  };

  let threadNo = 0;
  for (const g of GROUPS) {
    const groupId = ids[g.key];
    const everyone = [...g.leads, ...g.members];
    for (const t of g.threads) {
      threadNo++;
      const threadId = crypto.randomUUID();
      const times = postTimes(dates, t, threadNo, now);
      if (times.some((d, i) => !t.posts[i][2]?.hoursAgo && d > latestDated)) throw new Error(`seed: "${t.title}" has posts after D0−3`);
      let visible = 0;
      for (const [i, [authorKey, template, opts]] of t.posts.entries()) {
        const seq = i + 1;
        const at = times[i];
        if (!everyone.includes(authorKey)) throw new Error(`seed: ${authorKey} posts in ${g.key} without being a member`);
        const author = who(authorKey);
        const md = template.replace(/@\{(\w+)\}/g, (_, k: string) => `@${who(k).handle}`);
        // resolveMentions: the handles written, of people other than the author who may see the group.
        const mentioned: { id: string; handle: string }[] = [];
        for (const h of mentionedHandles(md, 20)) {
          const p = personRows.find((r) => r.handle === h);
          if (p && p.id !== author.id && (await sees(p.id, groupId))) mentioned.push({ id: p.id, handle: h });
        }
        if (mentioned.length !== (template.match(/@\{/g) ?? []).length) throw new Error(`seed: a mention in "${t.title}" #${seq} would not resolve`);
        const postId = crypto.randomUUID();
        const hiddenBy = opts?.hiddenBy ? people[opts.hiddenBy] : null;
        postRows.push({
          id: postId,
          thread_id: threadId,
          seq,
          author_id: author.id,
          body_md: md,
          body_html: renderMarkdown(md, new Set(mentioned.map((m) => m.handle))),
          created_at: at,
          hidden_at: hiddenBy ? new Date(at.getTime() + 2 * 3600_000) : null,
          hidden_by: hiddenBy,
        });
        if (!hiddenBy) visible++;
        read(author.id, threadId, seq, at); // one's own post is read
        for (const m of mentioned) {
          const demo = [...DEMO_LOGIN_KEYS].some((k) => people[k] === m.id);
          const recent = now.getTime() - at.getTime() < 10 * 86_400_000;
          const opened = new Date(at.getTime() + 3 * 3600_000);
          notifications.push({
            person_id: m.id,
            kind: "mention",
            dedupe_key: `mention:${postId}`,
            payload: JSON.stringify({
              author: author.name,
              threadTitle: t.title,
              subject: { lv: g.nameLv, en: g.nameEn },
              href: `/posts/${postId}`,
              excerpt: excerpt(md, 280),
              threadId,
              postId,
              seq,
            }),
            created_at: at,
            // Older mentions were opened long ago; the demo logins' recent ones wait for them.
            read_at: (demo && recent) || opened > now ? null : opened,
          });
        }
      }
      const n = t.posts.length;
      const settled = t.posts.filter((p) => !p[2]?.hoursAgo).length; // read by everyone who keeps up
      everyone.forEach((key, i) => {
        const id = people[key];
        const keeps = DEMO_LOGIN_KEYS.has(key) || (i + threadNo) % 3 !== 0;
        const upTo = t.read?.[key] ?? (keeps ? settled : 0);
        if (upTo > 0) read(id, threadId, upTo, times[upTo - 1]);
      });
      const first = times[0];
      const last = times[n - 1];
      threadRows.push({
        id: threadId,
        subject_type: "group",
        subject_id: groupId,
        title: t.title,
        created_by: who(t.posts[0][0]).id,
        created_at: first,
        last_seq: n,
        post_count: visible,
        last_post_at: last,
        pinned: !!t.pinned,
        locked: !!t.locked,
      });
    }
  }
  await trx.insertInto("thread").values(threadRows).execute();
  await trx.insertInto("post").values(postRows).execute();
  await trx
    .insertInto("thread_read")
    .values([...reads.values()])
    .execute();

  // The pending request (its leads told in-app, as requestToJoin does) and the open invitation (invitePerson).
  const rg = GROUPS.find((g) => g.key === PENDING_REQUEST.group)!;
  const requester = who(PENDING_REQUEST.person);
  const requestedAt = new Date(now.getTime() - 30 * 3600_000);
  const request = await trx
    .insertInto("working_group_request")
    .values({ group_id: ids[rg.key], person_id: requester.id, competition_ack_at: requestedAt, created_at: requestedAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const lead of rg.leads) {
    notifications.push({
      person_id: people[lead],
      kind: "group_request",
      dedupe_key: `group-request:${request.id}`,
      payload: JSON.stringify({ group: { lv: rg.nameLv, en: rg.nameEn }, slug: rg.slug, name: requester.name, org: requester.org, href: `/groups/${rg.slug}#requests` }),
      created_at: requestedAt,
      read_at: null,
    });
  }
  const ig = GROUPS.find((g) => g.key === OPEN_INVITE.group)!;
  const invitedAt = dates.at(OPEN_INVITE.day, "11:20");
  const invite = await trx
    .insertInto("working_group_invite")
    .values({ group_id: ids[ig.key], person_id: people[OPEN_INVITE.person], invited_by: people[OPEN_INVITE.by], created_at: invitedAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  notifications.push({
    person_id: people[OPEN_INVITE.person],
    kind: "group_invite",
    dedupe_key: `group-invite:${invite.id}`,
    payload: JSON.stringify({ group: { lv: ig.nameLv, en: ig.nameEn }, slug: ig.slug, by: who(OPEN_INVITE.by).name, href: `/groups/${ig.slug}` }),
    created_at: invitedAt,
    read_at: null,
  });
  await trx.insertInto("notification").values(notifications).execute();
  return ids;
}

/**
 * When each post of a thread was written: dated posts spread over [start, start + span] days in working hours
 * (strictly increasing), then the `hoursAgo` ones relative to the moment the seed runs.
 */
function postTimes(dates: DirectorySeed["dates"], t: ThreadSeed, threadNo: number, now: Date): Date[] {
  const dated = t.posts.filter((p) => !p[2]?.hoursAgo).length;
  const out: Date[] = [];
  let prev = 0;
  t.posts.forEach((p, i) => {
    let at: Date;
    if (p[2]?.hoursAgo) at = new Date(now.getTime() - p[2].hoursAgo * 3600_000);
    else {
      const day = t.start + Math.floor((i * t.span) / Math.max(1, dated - 1 || 1));
      const minutes = 8 * 60 + 40 + ((i * 137 + threadNo * 53) % 520);
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      at = dates.at(Math.min(day, t.start + t.span), hhmm);
    }
    // Several posts on one day: each at least 11 minutes after the one before.
    if (at.getTime() <= prev) at = new Date(prev + (11 + ((i * 7) % 40)) * 60_000);
    prev = at.getTime();
    out.push(at);
  });
  return out;
}
