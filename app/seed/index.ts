import crypto from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { AttendanceStatus, ClusterRole, Database, EventLanguage, EventType, EventVisibility, LegalType, Locale, OrgRole, OrgSize } from "#db/schema";
import { hashPassword } from "~/modules/auth/password.server";
import { searchKey } from "~/modules/text";
import { seedDates, seedInstant, type SeedDates } from "./dates";
import { DEMO_LOGINS, type DirectorySeed, type OrgKey } from "./types";

export { DEMO_LOGINS, type DirectorySeed, type OrgKey };
import { seedCampaigns } from "./campaigns";
import { seedGroups, type GroupKey } from "./groups";
import { seedLogistics } from "./logistics";
import { ensureStartingTerms, termKeyResolver } from "./terms";
import { seedFiles } from "./files";
import { eventUid } from "~/modules/events/uid";

// The demo cluster of docs/domain.md "Demo seed": 12 fictional organisations modelled on real archetypes, the 30 people of
// "Demo people", one proposed organisation and one join request waiting for approval (docs/domain.md "Demo people"), and the
// three demo logins. Every address uses the reserved .example TLD (RFC 2606). Dates are relative to the day the seed
// runs (app/seed/dates.ts). Each feature (working groups, events, campaigns, logistics) adds its own seed step that
// takes the ids returned by seedDemo's directory step.

type Exec = Kysely<Database> | Transaction<Database>;

interface OrgSeed {
  key: OrgKey | "PENDING";
  slug: string;
  name: string;
  /** The short name (docs/domain.md "Demo organisations"); searchable. */
  short: string;
  /**
   * docs/domain.md "Members and organisation types" types mapped onto our legal_type: cluster_manager → association; manufacturer_pharma, cdmo,
   * cosmetics, food_supplements → manufacturer; chemicals and biotech SMEs that sell inputs to manufacturers →
   * sme_supplier; logistics_provider → service_provider.
   */
  legalType: LegalType;
  /**
   * EU SME definition (Commission Recommendation 2003/361): fewer than 250 staff → "sme". State research institutes and
   * universities are "large": an entity controlled by public bodies is never an SME (Annex, Art. 3(4)), so no SME
   * co-financing rate can be granted to them by mistake. Funding rules treat research organisations by legal type;
   * size only matters for companies.
   */
  size: OrgSize;
  city: string;
  domain: string;
  tags: string[];
  descriptionLv: string;
  descriptionEn: string;
  /** Joined the platform this many days before D0. */
  joinedDaysAgo: number;
}

const ORGS: OrgSeed[] = [
  {
    key: "O01",
    slug: "dzk",
    name: 'Biedrība "Dzīvības zinātņu klasteris"',
    short: "DZK",
    legalType: "association",
    size: "sme", // micro, 5 staff
    city: "Rīga",
    domain: "dzk.example",
    tags: ["cluster management", "EU funds", "export promotion"],
    descriptionLv:
      "Biedrība apvieno Latvijas farmācijas, ķīmijas, biotehnoloģiju, funkcionālās kosmētikas un funkcionālās pārtikas uzņēmumus, zinātniskos institūtus un augstskolas. Klasteris rīko kopstendus starptautiskās izstādēs un eksporta misijas, vada darba grupas un palīdz dalībniekiem apvienot kravas. Klastera pārvaldībai piešķirta ESCA bronzas zīme.",
    descriptionEn:
      "The association brings together Latvian pharmaceutical, chemical, biotech, functional cosmetics and functional food companies, research institutes and universities. The cluster organises joint stands at international fairs and export missions, runs working groups and helps members pool their shipments. Its cluster management holds the ESCA Bronze label.",
    joinedDaysAgo: 730,
  },
  {
    key: "O02",
    slug: "daugavas-farmacija",
    name: 'AS "Daugavas Farmācija"',
    short: "DAUFA",
    legalType: "manufacturer",
    size: "large", // ~1,100 staff
    city: "Rīga",
    domain: "daugavas-farmacija.example",
    tags: ["GMP manufacturing", "API synthesis", "regulatory affairs", "analytics"],
    descriptionLv:
      "Vertikāli integrēts farmācijas uzņēmums, kas ražo aktīvās farmaceitiskās vielas un gatavās zāļu formas. Ražotnēm ir ES labas ražošanas prakses (GMP) sertifikāti, bet vairākām aktīvajām vielām arī ASV FDA apstiprinājums. Produkcija tiek eksportēta uz vairāk nekā 80 valstīm.",
    descriptionEn:
      "A vertically integrated pharmaceutical company producing active pharmaceutical ingredients (APIs) and finished dosage forms. Its plants hold EU GMP certificates, and several of its APIs are also approved by the US FDA. Its products are exported to more than 80 countries.",
    joinedDaysAgo: 720,
  },
  {
    key: "O03",
    slug: "baltfarm-olaine",
    name: 'AS "Baltfarm Olaine"',
    short: "BALTF",
    legalType: "manufacturer",
    size: "large", // ~900 staff
    city: "Olaine",
    domain: "baltfarm.example",
    tags: ["GMP manufacturing", "API synthesis", "regulatory affairs"],
    descriptionLv:
      "Zāļu ražotājs Olainē ar vairāk nekā 60 gatavajām zāļu formām, galvenokārt centrālās nervu sistēmas un sirds un asinsvadu slimību ārstēšanai. Uzņēmums ražo arī aktīvās farmaceitiskās vielas, un tam ir meitasuzņēmumi vairākās ES valstīs.",
    descriptionEn:
      "A medicines manufacturer in Olaine with more than 60 finished dosage forms, mainly for central nervous system and cardiovascular conditions. The company also produces APIs and has subsidiaries in several EU countries.",
    joinedDaysAgo: 715,
  },
  {
    key: "O04",
    slug: "kursi-injectables",
    name: 'SIA "Kurši Injectables"',
    short: "KURSI",
    legalType: "manufacturer",
    size: "sme", // medium, ~140 staff
    city: "Rīga",
    domain: "kursi-injectables.example",
    tags: ["sterile injectables", "GMP manufacturing", "contract manufacturing", "analytics"],
    descriptionLv:
      "Līgumizstrādes un līgumražošanas uzņēmums (CDMO), kas specializējas sterilu injekciju šķīdumu ražošanā ampulās un flakonos atbilstoši ES GMP 1. pielikumam. Uzņēmums piegādā slimnīcu ģenēriskās zāles publiskajos iepirkumos Vācijā, Austrijā, Šveicē un Ziemeļvalstīs.",
    descriptionEn:
      "A contract development and manufacturing organisation (CDMO) specialising in sterile injectables in ampoules and vials under EU GMP Annex 1. It supplies hospital generics through public tenders in Germany, Austria, Switzerland and the Nordics.",
    joinedDaysAgo: 640,
  },
  {
    key: "O05",
    slug: "latchem-solutions",
    name: 'SIA "Latchem Solutions"',
    short: "LATCH",
    legalType: "sme_supplier",
    size: "sme", // small, ~45 staff
    city: "Olaine",
    domain: "latchem.example",
    tags: ["fine chemicals", "API synthesis", "dangerous goods (ADR)"],
    descriptionLv:
      "Smalkās ķīmijas uzņēmums, kas ražo farmaceitiskās kvalitātes šķīdinātājus, starpproduktus un bioloģiskas izcelsmes esterus. Kvalitātes vadības sistēma ir sertificēta atbilstoši ISO 9001. Uzņēmumam ir sava bīstamo kravu drošības konsultante, un bīstamās kravas saskaņā ar ADR tas nosūta pats.",
    descriptionEn:
      "A fine-chemicals company producing pharma-grade solvents, intermediates and bio-based esters. Its quality management system is ISO 9001 certified. The company has its own dangerous goods safety adviser (DGSA) and ships ADR consignments itself.",
    joinedDaysAgo: 600,
  },
  {
    key: "O06",
    slug: "bioferm-latvia",
    name: 'SIA "BioFerm Latvia"',
    short: "BIOF",
    legalType: "sme_supplier",
    size: "sme", // small, ~30 staff
    city: "Jelgava",
    domain: "bioferm.example",
    tags: ["fermentation", "probiotics", "food supplements"],
    descriptionLv:
      "Biotehnoloģiju uzņēmums, kas izstrādā un ražo probiotiskās kultūras un postbiotiskos fermentātus kosmētikas un pārtikas nozarei. Kultūras tiek piegādātas sasaldētas, tāpēc uzņēmumam svarīga ir kravu pārvadāšana ar sauso ledu. Ražošana ir sertificēta atbilstoši ISO 22000.",
    descriptionEn:
      "A biotech company developing and producing probiotic cultures and postbiotic ferments for the cosmetics and food industries. The cultures are shipped frozen, so dry-ice transport matters to it. Production is ISO 22000 certified.",
    joinedDaysAgo: 420,
  },
  {
    key: "O07",
    slug: "dzintara-krasts-cosmetics",
    name: 'SIA "Dzintara Krasts Cosmetics"',
    short: "DZKC",
    legalType: "manufacturer",
    size: "sme", // medium, ~160 staff
    city: "Mārupe",
    domain: "dzintara-krasts.example",
    tags: ["cosmetics formulation", "natural cosmetics"],
    descriptionLv:
      "Dabīgās un funkcionālās ādas kopšanas kosmētikas ražotājs, kura produkti tiek pārdoti 30 valstīs. Ražošana notiek atbilstoši ISO 22716 (kosmētikas labas ražošanas prakse), un visi produkti ir paziņoti ES Kosmētikas produktu paziņošanas portālā (CPNP).",
    descriptionEn:
      "A maker of natural and functional skincare sold in 30 countries. Production follows ISO 22716 (cosmetics GMP), and every product is notified in the EU Cosmetic Products Notification Portal (CPNP).",
    joinedDaysAgo: 560,
  },
  {
    key: "O08",
    slug: "gauja-nutrition",
    name: 'SIA "Gauja Nutrition"',
    short: "GAUJA",
    legalType: "manufacturer",
    size: "sme", // small, ~60 staff
    city: "Mārupe",
    domain: "gauja-nutrition.example",
    tags: ["food supplements", "functional food", "GMP manufacturing"],
    descriptionLv:
      "Uztura bagātinātāju un funkcionālās pārtikas ražotājs, kas reģistrēts Pārtikas un veterinārajā dienestā un sertificēts atbilstoši FSSC 22000. Uzņēmuma partneri ir vairāk nekā 20 valstīs, un tas gatavojas sākt ražot arī bezrecepšu zāles.",
    descriptionEn:
      "A manufacturer of food supplements and functional foods, registered with the Food and Veterinary Service (PVD) and certified to FSSC 22000. It has partners in more than 20 countries and is preparing to produce over-the-counter medicines as well.",
    joinedDaysAgo: 500,
  },
  {
    key: "O09",
    slug: "baltic-pharma-logistics",
    name: 'SIA "Baltic Pharma Logistics"',
    short: "BPL",
    legalType: "service_provider",
    size: "sme", // medium, ~120 staff
    city: "Mārupe",
    domain: "bpl.example",
    tags: ["cold-chain logistics", "GDP distribution", "dangerous goods (ADR)", "customs brokerage"],
    descriptionLv:
      'Farmācijas loģistikas uzņēmums ar labas izplatīšanas prakses (GDP) sertificētu noliktavu pie lidostas "Rīga" (+2…+8 °C un +15…+25 °C). Uzņēmums pārvadā bīstamās kravas (ADR), sniedz muitas brokera pakalpojumus un organizē temperatūras kontrolētus grupāžas kravu pārvadājumus starp Baltijas valstīm, Vāciju, Poliju un Ziemeļvalstīm.',
    descriptionEn:
      "A pharma logistics company with a GDP-certified warehouse next to Riga airport (+2…+8 °C and +15…+25 °C). It carries dangerous goods (ADR), acts as a customs broker and runs temperature-controlled groupage between the Baltic states, Germany, Poland and the Nordics.",
    joinedDaysAgo: 470,
  },
  {
    key: "O10",
    slug: "baltijas-biomedicinas-centrs",
    name: 'Valsts zinātniskais institūts "Baltijas Biomedicīnas centrs"',
    short: "BBC",
    legalType: "research_institute",
    size: "large", // public research institute: not an SME (see OrgSeed.size)
    city: "Rīga",
    domain: "bbc-institute.example",
    tags: ["analytics", "API synthesis", "fermentation", "medicinal chemistry", "technology transfer"],
    descriptionLv:
      "Valsts zinātniskais institūts, kas veic pētījumus medicīnas ķīmijā un biotehnoloģijā. Koplietošanas laboratorijās pieejama kodolmagnētiskās rezonanses (KMR) spektroskopija, šķidrumhromatogrāfija ar masspektrometriju (LC-MS) un 2. bioloģiskās drošības līmeņa (BSL-2) laboratorijas. Tehnoloģiju pārneses nodaļa piedāvā uzņēmumiem līgumpētījumus un licencēšanu.",
    descriptionEn:
      "A state research institute working in medicinal chemistry and biotechnology. Its core facilities offer NMR spectroscopy, liquid chromatography–mass spectrometry (LC-MS) and biosafety level 2 (BSL-2) laboratories. The technology transfer office offers companies contract research and licensing.",
    joinedDaysAgo: 700,
  },
  {
    key: "O11",
    slug: "rmu-farmacijas-fakultate",
    name: "Rīgas Medicīnas universitāte — Farmācijas fakultāte",
    short: "RMU",
    legalType: "university",
    size: "large", // public university: not an SME (see OrgSeed.size)
    city: "Rīga",
    domain: "rmu.example",
    tags: ["education", "analytics", "stability testing"],
    descriptionLv:
      "Fakultāte īsteno farmācijas studiju programmas un kopā ar nozares uzņēmumiem organizē studentu prakses un karjeras dienas. Fakultātes laboratorijā veic zāļu šķīšanas un stabilitātes testus.",
    descriptionEn:
      "The faculty runs pharmacy degree programmes and, together with industry, organises student internships and career days. Its laboratory performs dissolution and stability testing of medicines.",
    joinedDaysAgo: 680,
  },
  {
    key: "O12",
    slug: "btu-kimijas-tehnologiju-instituts",
    name: "Baltijas Tehnoloģiju universitāte — Ķīmijas tehnoloģiju institūts",
    short: "BTU",
    legalType: "university",
    size: "large", // public university: not an SME (see OrgSeed.size)
    city: "Rīga",
    domain: "btu.example",
    tags: ["education", "pilot plant", "chemical engineering"],
    descriptionLv:
      "Institūts sagatavo ķīmijas tehnoloģijas inženierus un veic lietišķos pētījumus. Izmēģinājumu iekārtu laboratorijā ir izsmidzināšanas žāvētājs, verdošā slāņa iekārta un 50 litru reaktors, bet Industrijas 4.0 laboratorijā tiek testēti digitāli ražošanas risinājumi.",
    descriptionEn:
      "The institute trains chemical engineers and carries out applied research. Its pilot plant has a spray dryer, a fluid-bed unit and a 50-litre reactor, and its Industry 4.0 lab tests digital manufacturing solutions.",
    joinedDaysAgo: 660,
  },
  {
    // Proposed at sign-up and waiting for a cluster administrator (the organisation-approval flow).
    key: "PENDING",
    slug: "zala-molekula",
    name: 'SIA "Zaļā Molekula"',
    short: "",
    legalType: "sme_supplier",
    size: "sme",
    city: "Rīga",
    domain: "zala-molekula.example",
    tags: ["green chemistry", "fine chemicals"],
    descriptionLv:
      "Jaunuzņēmums, kas izstrādā zaļās ķīmijas katalizatorus un šķīdinātājus farmaceitisko starpproduktu sintēzei. Uzņēmums vēlas iesaistīties klastera pētniecības un inovāciju darba grupā un atrast partnerus izmēģinājuma ražošanai.",
    descriptionEn:
      "A start-up developing green-chemistry catalysts and solvents for the synthesis of pharmaceutical intermediates. It wants to join the cluster's R&D&I working group and find partners for pilot-scale production.",
    joinedDaysAgo: 0,
  },
];

interface PersonSeed {
  key: string;
  name: string;
  email: string;
  org: OrgKey | "PENDING";
  /**
   * job_title holds the Latvian title (gendered, docs/domain.md "Text, names and search"), academic degrees after it; job_title_en the
   * English title from docs/domain.md "Demo people" (shown to readers in English).
   */
  titleLv: string;
  titleEn: string;
  locale: Locale;
  languages: string[];
  tags: string[];
  clusterRole?: ClusterRole;
  /** Default: the first person listed for an organisation is its administrator, the others are members. */
  orgRole?: OrgRole;
}

// docs/domain.md "Demo people". Cluster roles: P01–P03 are cluster staff (admin); the working-group chairs P04, P05, P10, P13, P25,
// P27 are organisers; everyone else is a member.
const PEOPLE: PersonSeed[] = [
  {
    key: "P01",
    name: "Inese Kalniņa",
    email: "inese.kalnina@dzk.example",
    org: "O01",
    titleLv: "Klastera vadītāja",
    titleEn: "Cluster Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["cluster management", "EU funds", "export promotion"],
    clusterRole: "admin",
  },
  {
    key: "P02",
    name: "Mārtiņš Ozols",
    email: "martins.ozols@dzk.example",
    org: "O01",
    titleLv: "Projektu koordinators",
    titleEn: "Project Coordinator (EU funds)",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["EU funds", "project management", "state aid"],
    clusterRole: "admin",
  },
  {
    key: "P03",
    name: "Elīna Bērziņa",
    email: "elina.berzina@dzk.example",
    org: "O01",
    titleLv: "Komunikācijas un mārketinga vadītāja",
    titleEn: "Communications & Marketing Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["communications", "trade fairs", "marketing"],
    clusterRole: "admin",
  },
  {
    key: "P04",
    name: "Andris Liepiņš",
    email: "andris.liepins@daugavas-farmacija.example",
    org: "O02",
    titleLv: "Eksporta direktors",
    titleEn: "Export Director",
    locale: "lv",
    languages: ["lv", "en", "ru"],
    tags: ["export markets", "market access", "Central Asia"],
    clusterRole: "organiser",
  },
  {
    key: "P05",
    name: "Dace Zariņa",
    email: "dace.zarina@daugavas-farmacija.example",
    org: "O02",
    titleLv: "Zāļu reģistrācijas nodaļas vadītāja",
    titleEn: "Head of Regulatory Affairs",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["regulatory affairs", "marketing authorisation", "EU pharma legislation"],
    clusterRole: "organiser",
  },
  {
    key: "P06",
    name: "Jānis Kļaviņš",
    email: "janis.klavins@daugavas-farmacija.example",
    org: "O02",
    titleLv: "Loģistikas vadītājs",
    titleEn: "Logistics Manager",
    locale: "lv",
    languages: ["lv", "en", "ru"],
    tags: ["logistics", "GDP distribution", "dangerous goods (ADR)"],
  },
  {
    key: "P07",
    name: "Olga Petrova",
    email: "olga.petrova@daugavas-farmacija.example",
    org: "O02",
    titleLv: "Par zāļu ražošanu atbildīgā amatpersona",
    titleEn: "Qualified Person",
    locale: "lv",
    languages: ["lv", "ru", "en"],
    tags: ["GMP manufacturing", "batch release", "supplier audits"],
  },
  {
    key: "P08",
    name: "Sergejs Ivanovs",
    email: "sergejs.ivanovs@baltfarm.example",
    org: "O03",
    titleLv: "Biznesa attīstības direktors",
    titleEn: "Business Development Director",
    locale: "lv",
    languages: ["lv", "ru", "en"],
    tags: ["business development", "licensing", "export markets"],
  },
  {
    key: "P09",
    name: "Laura Vītola",
    email: "laura.vitola@baltfarm.example",
    org: "O03",
    titleLv: "Reģistrācijas speciāliste",
    titleEn: "Regulatory Affairs Specialist",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["regulatory affairs", "pharmacovigilance"],
  },
  {
    key: "P10",
    name: "Edgars Siliņš",
    email: "edgars.silins@baltfarm.example",
    org: "O03",
    titleLv: "Piegādes ķēdes vadītājs",
    titleEn: "Supply Chain Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["supply chain", "serialisation", "digitalisation"],
    clusterRole: "organiser",
  },
  {
    key: "P11",
    name: "Kristīne Rudzīte",
    email: "kristine.rudzite@baltfarm.example",
    org: "O03",
    titleLv: "Personāla attīstības vadītāja",
    titleEn: "Talent Development Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["talent development", "internships"],
  },
  {
    key: "P12",
    name: "Raimonds Krūmiņš",
    email: "raimonds.krumins@kursi-injectables.example",
    org: "O04",
    titleLv: "Valdes priekšsēdētājs",
    titleEn: "Chief Executive Officer (Chairman of the Board)",
    locale: "lv",
    languages: ["lv", "en", "de"],
    tags: ["sterile injectables", "hospital tenders"],
  },
  {
    key: "P13",
    name: "Ilze Jansone",
    email: "ilze.jansone@kursi-injectables.example",
    org: "O04",
    titleLv: "Kvalitātes nodrošināšanas vadītāja",
    titleEn: "Head of Quality Assurance",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["quality assurance", "EU GMP Annex 1", "supplier audits"],
    clusterRole: "organiser",
  },
  // Foreign names stay in their original spelling in the directory (official Latvian text would add "Tomass Bekers").
  {
    key: "P14",
    name: "Thomas Becker",
    email: "thomas.becker@kursi-injectables.example",
    org: "O04",
    titleLv: "Pārdošanas vadītājs (DACH)",
    titleEn: "Sales Manager DACH",
    locale: "en",
    languages: ["de", "en"],
    tags: ["hospital tenders", "DACH markets", "sales"],
  },
  {
    key: "P15",
    name: "Gints Lācis",
    email: "gints.lacis@latchem.example",
    org: "O05",
    titleLv: "Valdes loceklis",
    titleEn: "Managing Director",
    locale: "lv",
    languages: ["lv", "en", "ru"],
    tags: ["fine chemicals", "process chemistry"],
  },
  {
    key: "P16",
    name: "Jeļena Kuzņecova",
    email: "jelena.kuznecova@latchem.example",
    org: "O05",
    titleLv: "Bīstamo kravu drošības konsultante (DGSA), darba aizsardzības speciāliste",
    titleEn: "DGSA & EHS Specialist",
    locale: "lv",
    languages: ["lv", "ru", "en"],
    tags: ["dangerous goods (ADR)", "occupational safety", "REACH/CLP"],
  },
  {
    key: "P17",
    name: "Agnese Balode",
    email: "agnese.balode@bioferm.example",
    org: "O06",
    titleLv: "Dibinātāja, valdes priekšsēdētāja",
    titleEn: "Founder & Chief Executive Officer",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["fermentation", "probiotics", "start-up funding"],
  },
  {
    key: "P18",
    name: "Rihards Puriņš",
    email: "rihards.purins@bioferm.example",
    org: "O06",
    titleLv: "Pētniecības un attīstības vadītājs",
    titleEn: "Head of R&D",
    locale: "en",
    languages: ["lv", "en"],
    tags: ["fermentation", "microbiology", "bioinformatics"],
  },
  {
    key: "P19",
    name: "Zane Grīnberga",
    email: "zane.grinberga@dzintara-krasts.example",
    org: "O07",
    titleLv: "Valdes priekšsēdētāja",
    titleEn: "Chief Executive Officer",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["natural cosmetics", "brand strategy"],
  },
  {
    key: "P20",
    name: "Kārlis Eglītis",
    email: "karlis.eglitis@dzintara-krasts.example",
    org: "O07",
    titleLv: "Eksporta vadītājs",
    titleEn: "Export Manager",
    locale: "lv",
    languages: ["lv", "en", "de"],
    tags: ["export markets", "trade fairs", "cosmetics distribution"],
  },
  {
    key: "P21",
    name: "Sanita Lapiņa",
    email: "sanita.lapina@gauja-nutrition.example",
    org: "O08",
    titleLv: "Valdes locekle",
    titleEn: "Managing Director",
    locale: "lv",
    languages: ["lv", "en", "ru"],
    tags: ["food supplements", "regulatory affairs", "OTC medicines"],
  },
  {
    key: "P22",
    name: "Artūrs Vanags",
    email: "arturs.vanags@gauja-nutrition.example",
    org: "O08",
    titleLv: "Mārketinga un eksporta vadītājs",
    titleEn: "Marketing & Export Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["marketing", "export markets", "trade fairs"],
  },
  {
    key: "P23",
    name: "Vitālijs Popovs",
    email: "vitalijs.popovs@bpl.example",
    org: "O09",
    titleLv: "Farmācijas loģistikas pārdošanas vadītājs",
    titleEn: "Head of Pharma Logistics Sales",
    locale: "lv",
    languages: ["lv", "ru", "en"],
    tags: ["cold-chain logistics", "groupage", "customs brokerage"],
  },
  {
    key: "P24",
    name: "Līga Ābele",
    email: "liga.abele@bpl.example",
    org: "O09",
    titleLv: "Atbildīgā persona (laba izplatīšanas prakse)",
    titleEn: "GDP Responsible Person",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["GDP distribution", "temperature mapping", "quality assurance"],
  },
  {
    key: "P25",
    name: "Valdis Straume",
    email: "valdis.straume@bbc-institute.example",
    org: "O10",
    titleLv: "Tehnoloģiju pārneses vadītājs, Dr. chem.",
    titleEn: "Head of Technology Transfer",
    locale: "lv",
    languages: ["lv", "en", "de"],
    tags: ["technology transfer", "licensing", "medicinal chemistry"],
    clusterRole: "organiser",
  },
  {
    key: "P26",
    name: "Anna Saulīte",
    email: "anna.saulite@bbc-institute.example",
    org: "O10",
    titleLv: "Vadošā pētniece, koplietošanas laboratorijas vadītāja, Dr. biol.",
    titleEn: "Lead Researcher, Core Facility Manager",
    locale: "en",
    languages: ["lv", "en"],
    tags: ["NMR", "LC-MS", "biotechnology", "core facilities"],
  },
  {
    key: "P27",
    name: "Ieva Dreimane",
    email: "ieva.dreimane@rmu.example",
    org: "O11",
    titleLv: "Farmācijas fakultātes dekāne, profesore",
    titleEn: "Dean, Faculty of Pharmacy",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["pharmaceutical education", "pharmaceutics"],
    clusterRole: "organiser",
  },
  {
    key: "P28",
    name: "Matīss Skuja",
    email: "matiss.skuja@rmu.example",
    org: "O11",
    titleLv: "Karjeras centra vadītājs",
    titleEn: "Career Centre Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["internships", "career events"],
  },
  {
    key: "P29",
    name: "Aivars Kalējs",
    email: "aivars.kalejs@btu.example",
    org: "O12",
    titleLv: "Ķīmijas tehnoloģijas profesors",
    titleEn: "Professor of Chemical Engineering",
    locale: "lv",
    languages: ["lv", "en", "ru"],
    tags: ["chemical engineering", "process scale-up"],
  },
  {
    key: "P30",
    name: "Evija Meiere",
    email: "evija.meiere@btu.example",
    org: "O12",
    titleLv: "Pilotiekārtu laboratorijas vadītāja, Dr. sc. ing.",
    titleEn: "Pilot Plant Manager",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["pilot plant", "spray drying", "Industry 4.0"],
  },
];

// The three demo logins (DEMO_LOGINS): extra accounts beyond the 30, created only here.
const DEMO_PEOPLE: PersonSeed[] = [
  {
    key: "DEMO_ADMIN",
    name: "Baiba Strautiņa",
    email: "admin@demo.example",
    org: "O01",
    titleLv: "Klastera administratore",
    titleEn: "Cluster Administrator",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["member services", "platform administration"],
    clusterRole: "admin",
    orgRole: "admin",
  },
  {
    key: "DEMO_ORGANISER",
    name: "Renārs Lejnieks",
    email: "organiser@demo.example",
    org: "O07",
    titleLv: "Pasākumu un izstāžu koordinators",
    titleEn: "Events and Trade Fairs Coordinator",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["events", "trade fairs"],
    clusterRole: "organiser",
    orgRole: "member",
  },
  {
    key: "DEMO_MEMBER",
    name: "Laila Sproģe",
    email: "member@demo.example",
    org: "O08",
    titleLv: "Kvalitātes speciāliste",
    titleEn: "Quality Specialist",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["food safety", "FSSC 22000"],
    clusterRole: "member",
    orgRole: "member",
  },
];

// Waiting for approval: the proposer of the pending organisation, and a researcher asking to join BioFerm Latvia.
// Both confirmed their e-mail, so the approval screens have a complete application to show.
const PENDING_PEOPLE: PersonSeed[] = [
  {
    key: "PENDING_PROPOSER",
    name: "Kristaps Ozoliņš",
    email: "kristaps.ozolins@zala-molekula.example",
    org: "PENDING",
    titleLv: "Dibinātājs, valdes loceklis",
    titleEn: "Founder & Managing Director",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["green chemistry", "catalysis"],
    orgRole: "admin",
  },
  {
    key: "PENDING_JOINER",
    name: "Roberts Zvirbulis",
    email: "roberts.zvirbulis@bioferm.example",
    org: "O06",
    titleLv: "Jaunākais pētnieks",
    titleEn: "Junior Researcher",
    locale: "lv",
    languages: ["lv", "en"],
    tags: ["microbiology", "fermentation"],
    orgRole: "member",
  },
];

/** Tables that survive a demo reset: the migration bookkeeping and settings (e.g. the generated session secret). */
const KEEP_TABLES = ["kysely_migration", "kysely_migration_lock", "app_setting"];

/**
 * Empties every table of the public schema except KEEP_TABLES (so tables added by later migrations are covered
 * without touching this file). pg-boss keeps its queue in its own schema and is left alone.
 */
export async function clearAll(db: Exec): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_catalog.pg_tables
    where schemaname = 'public' and tablename <> all(${KEEP_TABLES}::text[])
    order by tablename`.execute(db);
  if (rows.length === 0) return;
  const tables = sql.join(rows.map((r) => sql.table(`public.${r.tablename}`)));
  await sql`truncate table ${tables} restart identity cascade`.execute(db);
}

/** Empties the demo data and seeds it again, in one transaction (`npm run db:seed`). */
export async function resetDemo(db: Kysely<Database>, opts: { now: Date; appOrigin?: string }): Promise<DirectorySeed> {
  const hash = await hashPassword(DEMO_LOGINS.password); // outside the transaction: CPU-heavy
  return db.transaction().execute(async (trx) => {
    await clearAll(trx);
    return seedInto(trx, hash, opts.now, opts.appOrigin);
  });
}

/** The seeded demo cluster (docs/domain.md "Demo seed"), in one transaction. Demo-only accounts; never created outside this seed. */
export async function seedDemo(db: Kysely<Database>, opts: { now: Date; appOrigin?: string }): Promise<DirectorySeed> {
  const hash = await hashPassword(DEMO_LOGINS.password);
  return db.transaction().execute((trx) => seedInto(trx, hash, opts.now, opts.appOrigin));
}

async function seedInto(trx: Transaction<Database>, passwordHash: string, now: Date, appOrigin = "http://localhost:3000"): Promise<DirectorySeed> {
  const dates = seedDates(now);
  await ensureStartingTerms(trx);
  const directory = await seedDirectory(trx, dates, passwordHash, now);
  const groups = await seedGroups(trx, directory, now);
  await seedEvents(trx, directory, appOrigin, groups);
  await seedCampaigns(trx, directory);
  await seedLogistics(trx, directory);
  await seedFiles(trx, directory);
  // docs/domain.md "Demo events (E1 to E8)": E3 is the briefing of C1's exhibitors, E6 is C4's mission.
  await sql`update campaign c set linked_event_id = e.id from event e
    where (c.slug, e.slug) in (('cphi-frankfurt-nacionalais-stends', 'cphi-frankfurt-instruktaza'),
                               ('centralazija-eksporta-misija', 'tirdzniecibas-misija-kazahstana-uzbekistana'))`.execute(trx);
  return directory;
}

/** Organisations and people; one multi-row insert each, then the approval links. */
async function seedDirectory(trx: Transaction<Database>, dates: SeedDates, passwordHash: string, now: Date): Promise<DirectorySeed> {
  // A pending application arrived yesterday afternoon (relative to the moment the seed runs, not to D0).
  const appliedAt = new Date(now.getTime() - 20 * 3600 * 1000);
  const joined = (o: OrgSeed) => (o.key === "PENDING" ? appliedAt : dates.at(-o.joinedDaysAgo, "10:00"));

  const competenceKeys = await termKeyResolver(trx, "competence");
  const expertiseKeys = await termKeyResolver(trx, "expertise");
  const orgRows = await trx
    .insertInto("organisation")
    .values(
      ORGS.map((o) => ({
        slug: o.slug,
        name: o.name,
        legal_type: o.legalType,
        size: o.size,
        country: "LV",
        city: o.city,
        website: `https://${o.domain}`,
        description_lv: o.descriptionLv,
        description_en: o.descriptionEn,
        competency_tags: competenceKeys(o.tags),
        status: o.key === "PENDING" ? ("pending" as const) : ("approved" as const),
        search_key: searchKey(o.name, o.short, o.city),
        approved_at: o.key === "PENDING" ? null : dates.at(-o.joinedDaysAgo + 1, "11:30"),
        created_at: joined(o),
      })),
    )
    .returning(["id", "slug"])
    .execute();
  const orgIdBySlug = new Map(orgRows.map((r) => [r.slug, r.id]));
  const orgId = new Map(ORGS.map((o) => [o.key, orgIdBySlug.get(o.slug)!]));
  const orgSeed = new Map(ORGS.map((o) => [o.key, o]));

  const firstOfOrg = new Set<string>();
  const seenOrg = new Set<string>();
  for (const p of PEOPLE) {
    if (!seenOrg.has(p.org)) firstOfOrg.add(p.key);
    seenOrg.add(p.org);
  }
  const pending = new Set(PENDING_PEOPLE.map((p) => p.key));
  const everyone = [...PEOPLE, ...DEMO_PEOPLE, ...PENDING_PEOPLE];
  const personRows = await trx
    .insertInto("person")
    .values(
      everyone.map((p, i) => {
        // Joined a few days after their organisation, in list order; pending people applied yesterday.
        const created = pending.has(p.key) ? appliedAt : dates.at(-orgSeed.get(p.org)!.joinedDaysAgo + 2 + (i % 7), "09:15");
        return {
          email: p.email,
          name: p.name,
          password_hash: passwordHash,
          email_verified_at: created,
          organisation_id: orgId.get(p.org)!,
          org_role: p.orgRole ?? (firstOfOrg.has(p.key) ? ("admin" as const) : ("member" as const)),
          membership_status: pending.has(p.key) ? ("pending" as const) : ("approved" as const),
          cluster_role: p.clusterRole ?? ("member" as const),
          job_title: p.titleLv,
          job_title_en: p.titleEn,
          languages: p.languages,
          expertise_tags: expertiseKeys(p.tags),
          locale: p.locale,
          search_key: searchKey(p.name, p.email),
          created_at: created,
          updated_at: created,
        };
      }),
    )
    .returning(["id", "email"])
    .execute();
  const personIdByEmail = new Map(personRows.map((r) => [r.email, r.id]));
  const people: Record<string, string> = {};
  for (const p of everyone) people[p.key] = personIdByEmail.get(p.email)!;

  const pendingOrgId = orgId.get("PENDING")!;
  // The cluster manager (P01) approved every member organisation; the pending one names its proposer (as sign-up does).
  await trx.updateTable("organisation").set({ approved_by: people.P01 }).where("status", "=", "approved").execute();
  await trx.updateTable("organisation").set({ proposed_by: people.PENDING_PROPOSER }).where("id", "=", pendingOrgId).execute();
  await trx
    .insertInto("audit_log")
    .values({
      actor_id: people.PENDING_PROPOSER,
      action: "org.proposed",
      target_type: "organisation",
      target_id: pendingOrgId,
      details: JSON.stringify({ name: orgSeed.get("PENDING")!.name }),
      created_at: appliedAt,
    })
    .execute();

  const orgs = {} as Record<OrgKey, string>;
  for (const o of ORGS) if (o.key !== "PENDING") orgs[o.key] = orgId.get(o.key)!;
  return { dates, orgs, people, pendingOrgId };
}

// ---------------------------------------------------------------------------------------------------------------
// Events (docs/domain.md "Demo events (E1 to E8)", dates from "Seed offsets")

interface EventSeed {
  key: string;
  slug: string;
  titleLv: string;
  titleEn: string;
  descriptionLv: string;
  descriptionEn: string;
  type: EventType;
  /** Local start/end (day offset, "HH:MM") in `tz`; all-day events give dates only. */
  start: [number, string];
  end: [number, string];
  tz?: string;
  allDay?: boolean;
  venue: string;
  onlineUrl?: string;
  capacity: number | null;
  deadline: [number, string] | null;
  language: EventLanguage;
  visibility: EventVisibility;
  /** The working group that hosts it (docs/domain.md "Demo working groups (WG1 to WG6)"). */
  host?: GroupKey;
  by: string;
  agenda?: [string | null, string, string][];
  /** Members going / maybe / waitlisted (in this order) / invited without an answer / declined; guests going. */
  going?: string[];
  maybe?: string[];
  waitlisted?: string[];
  invited?: string[];
  declined?: string[];
  guestsGoing?: [string, string][];
}

/** The first Tuesday of a month on or after D0 + from (E2 follows "1st Tuesday monthly", docs/domain.md "Seed offsets"). */
function firstTuesdayOnOrAfter(dates: SeedDates, from: number): number {
  for (let n = from; n < from + 40; n++) {
    const d = new Date(`${dates.date(n)}T12:00:00Z`);
    if (d.getUTCDay() === 2 && d.getUTCDate() <= 7) return n;
  }
  return from;
}

/** The next last Sunday of March or October (Riga's clock changes) on or after D0 + from, as a day offset. */
function nextClockChange(dates: SeedDates, from: number): number {
  for (let n = from; n < from + 400; n++) {
    const d = new Date(`${dates.date(n)}T12:00:00Z`);
    const m = d.getUTCMonth();
    if ((m === 2 || m === 9) && d.getUTCDay() === 0 && d.getUTCDate() + 7 > 31) return n;
  }
  return from;
}

const PEOPLE_KEYS = [...Array(30)].map((_, i) => `P${String(i + 1).padStart(2, "0")}`);

/**
 * The eight demo events of docs/domain.md "Demo events (E1 to E8)" plus one that spans Riga's next clock change (docs/domain.md "Seed offsets": a seed shifted by whole
 * weeks cannot keep the reference week's DST cases, so this one is placed on the next change itself). Five are hosted
 * by a working group: E2 is WG1's own meeting, for its members only ("group_members"; a few of them answered, the
 * lead invited the others), and only its first meeting is seeded (recurring events are not modelled).
 */
async function seedEvents(trx: Transaction<Database>, dir: DirectorySeed, appOrigin: string, groups: Record<GroupKey, string>): Promise<void> {
  const { dates, people } = dir;
  const e2 = firstTuesdayOnOrAfter(dates, 22);
  const dst = nextClockChange(dates, 7);
  const guests = (n: number, domain: string): [string, string][] => [...Array(n)].map((_, i) => [`Viesis ${i + 1}`, `viesis${String(i + 1).padStart(2, "0")}@${domain}`]);
  const EVENTS: EventSeed[] = [
    {
      key: "E1",
      slug: "es-gmp-1-pielikums-prakse",
      titleLv: "ES GMP vadlīniju 1. pielikums praksē: sterilās ražošanas pieredze",
      titleEn: "EU GMP Annex 1 in practice: lessons from sterile manufacturing",
      descriptionLv:
        "Hibrīdseminārs par ES GMP vadlīniju 1. pielikuma prasībām sterilajai ražošanai: piesārņojuma kontroles stratēģija, vides monitorings un barotnes pildījumi. Runā kvalitātes vadītāji no klastera uzņēmumiem un pieaicināts inspektors. Biedriem bez maksas, citiem 60 € + PVN.",
      descriptionEn:
        "A hybrid seminar on the EU GMP Annex 1 requirements for sterile manufacturing: contamination control strategy, environmental monitoring and media fills. Quality heads from member companies and an invited inspector speak. Free for members, others €60 + VAT.",
      type: "seminar",
      start: [17, "10:00"],
      end: [17, "13:30"],
      venue: "BTU, Ķīpsala, Rīga LV-1048, aud. 101",
      onlineUrl: "https://teams.example/l/meetup-join/annex1-seminar",
      capacity: 60,
      deadline: [14, "23:59"],
      language: "en",
      visibility: "all_members",
      host: "WG5",
      by: "P13",
      going: [...PEOPLE_KEYS.slice(0, 24), "DEMO_MEMBER"],
      guestsGoing: guests(17, "partner.example"),
      maybe: ["P26", "P27"],
    },
    {
      key: "E2",
      slug: "registracijas-darba-grupas-sanaksme",
      titleLv: "Reģistrācijas darba grupas ikmēneša sanāksme",
      titleEn: "Regulatory WG monthly meeting",
      descriptionLv: "Darba grupas ikmēneša tiešsaistes sanāksme: ES farmācijas tiesību aktu reforma, ZVA jaunumi, kopīgās pozīcijas projekts.",
      descriptionEn: "The working group's monthly online meeting: the EU pharma package, news from the State Agency of Medicines, the joint position draft.",
      type: "wg_meeting",
      start: [e2, "10:00"],
      end: [e2, "11:30"],
      venue: "",
      onlineUrl: "https://teams.example/l/meetup-join/regulatory-wg",
      capacity: null,
      deadline: null,
      language: "lv",
      visibility: "group_members",
      host: "WG1",
      by: "P05",
      going: ["P05", "P09", "P21"],
      invited: ["P07", "P13", "DEMO_ORGANISER"],
    },
    {
      key: "E3",
      slug: "cphi-frankfurt-instruktaza",
      titleLv: "CPHI Frankfurt: nacionālā stenda dalībnieku instruktāža",
      titleEn: "CPHI Frankfurt: national pavilion exhibitor briefing",
      descriptionLv: "Instruktāža nacionālā stenda dalībniekiem: stenda dežūras, loģistika, tikšanās kalendārs.",
      descriptionEn: "A briefing for the national pavilion's exhibitors: stand duty roster, logistics, meeting calendar.",
      type: "webinar",
      start: [29, "15:00"],
      end: [29, "16:00"],
      venue: "",
      onlineUrl: "https://teams.example/l/meetup-join/cphi-briefing",
      capacity: 30,
      deadline: [28, "23:59"],
      language: "en",
      visibility: "invitees_only",
      by: "P03",
      going: ["P14", "P04", "P20", "P22"],
      invited: ["P08", "P12", "DEMO_ORGANISER"],
    },
    {
      key: "E4",
      slug: "kooperativa-logistika-darbnica",
      titleLv: "Kooperatīvā loģistika: laba izplatīšanas prakse pārvadātājiem un kravu apvienošana (ar noliktavas apmeklējumu)",
      titleEn: "Cooperative logistics: GDP carrier qualification and shipment pooling (with warehouse tour)",
      descriptionLv:
        "Praktiska darbnīca par pārvadātāju kvalifikāciju atbilstoši labai izplatīšanas praksei un kravu apvienošanu, ar noliktavas apmeklējumu. **Nepieciešami slēgti apavi un personu apliecinošs dokuments ar fotogrāfiju.**",
      descriptionEn: "A hands-on workshop on GDP carrier qualification and pooling shipments, with a warehouse tour. **Closed shoes and photo ID are required.**",
      type: "workshop",
      start: [37, "09:30"],
      end: [37, "12:30"],
      venue: 'SIA "Baltic Pharma Logistics" noliktava, Mārupe LV-2167',
      capacity: 25,
      deadline: [32, "23:59"],
      language: "lv",
      visibility: "all_members",
      by: "DEMO_ORGANISER",
      going: [...PEOPLE_KEYS.slice(3, 28)],
      waitlisted: ["P29", "DEMO_MEMBER", "P30"],
      declined: ["P01"],
    },
    {
      key: "E5",
      slug: "kontaktbirza-zinatne-satiek-industriju",
      titleLv: 'Kontaktbirža "Zinātne satiek industriju"',
      titleEn: 'B2B matchmaking "Science meets Industry"',
      descriptionLv: "Iepriekš rezervētas 20 minūšu tikšanās starp pētniekiem un uzņēmumiem, 12 galdi. Profilus aizpildiet līdz reģistrācijas termiņam.",
      descriptionEn: "Pre-booked 20-minute meetings between researchers and companies at 12 tables. Complete your profile by the registration deadline.",
      type: "b2b_matchmaking",
      start: [52, "13:00"],
      end: [52, "18:00"],
      venue: "RMU, Rīga LV-1007",
      capacity: 120,
      deadline: [42, "23:59"],
      language: "lv+en",
      visibility: "all_members",
      host: "WG3",
      by: "P25",
      going: ["P25", "P26", "P17", "P18", "P29", "P30", "P15", "P04"],
      maybe: ["P08", "DEMO_MEMBER"],
    },
    {
      key: "E6",
      slug: "tirdzniecibas-misija-kazahstana-uzbekistana",
      titleLv: "Tirdzniecības misija uz Kazahstānu un Uzbekistānu",
      titleEn: "Trade mission to Kazakhstan and Uzbekistan",
      descriptionLv: "Almati (1.–2. diena) un Taškenta (3.–5. diena): B2B tikšanās, vēstniecības pieņemšana, uzņēmumu apmeklējumi. Pārbaudiet ieceļošanas un vīzu noteikumus.",
      descriptionEn: "Almaty (days 1–2) and Tashkent (days 3–5): B2B meetings, an embassy reception, company visits. Check the entry and visa rules.",
      type: "trade_mission",
      start: [63, "00:00"],
      end: [67, "00:00"],
      tz: "Asia/Almaty",
      allDay: true,
      venue: "Almati, Kazahstāna; Taškenta, Uzbekistāna",
      capacity: 20,
      deadline: [25, "23:59"],
      language: "ru",
      visibility: "all_members",
      host: "WG2",
      by: "P04",
      going: ["P04", "P08", "P15", "P21"],
    },
    {
      key: "E7",
      slug: "karjeras-diena-kimija-farmacija",
      titleLv: "Karjeras diena ķīmijā un farmācijā",
      titleEn: "Careers in Chemistry & Pharma Day",
      descriptionLv: "Studenti satiek uzņēmumus: 8 stendi, laboratoriju ekskursijas, prakses vietas.",
      descriptionEn: "Students meet companies: 8 booths, lab tours, internships.",
      type: "career_day",
      start: [72, "10:00"],
      end: [72, "15:00"],
      venue: "BTU, Ķīpsala, Rīga LV-1048",
      capacity: 200,
      deadline: [67, "23:59"],
      language: "lv",
      visibility: "all_members",
      host: "WG4",
      by: "P27",
      going: ["P27", "P28", "P11"],
    },
    {
      key: "E8",
      slug: "biedru-kopsapulce-un-strategijas-sesija",
      titleLv: "Biedru kopsapulce un klastera stratēģijas sesija",
      titleEn: "General Assembly & Cluster Strategy Meeting",
      descriptionLv:
        "Biedru kopsapulce: valdes ziņojums, nākamā gada darba plāns un budžets, biedru nauda, jaunu biedru uzņemšana. Katrai biedru organizācijai viena balss; kvorums — vismaz puse biedru. Pilnvaras augšupielādējiet platformā līdz reģistrācijas termiņam.",
      descriptionEn:
        "General assembly: the board's report, next year's work plan and budget, membership fees, admission of new members. One vote per member organisation; quorum at least half of the members. Upload proxies to the platform by the registration deadline.",
      type: "general_assembly",
      start: [87, "14:00"],
      end: [87, "17:00"],
      venue: "Konferenču zāle, Rīga LV-1010",
      capacity: 80,
      deadline: [81, "23:59"],
      language: "lv",
      visibility: "all_members",
      by: "P01",
      agenda: [
        ["14:00", "Atklāšana", "Opening"],
        ["14:10", "Valdes ziņojums par gadu", "Board report"],
        ["14:40", "Nākamā gada darba plāns un budžets", "Work plan and budget"],
        ["15:10", "Biedru naudas apmērs", "Membership fees"],
        ["15:20", "Jaunu biedru uzņemšana", "Admission of new members"],
        ["15:30", "Kafijas pauze", "Coffee"],
        ["15:45", "Stratēģijas sesija: eksports, loģistika, talanti", "Strategy meeting: export, logistics, talent"],
        ["17:00", "Tīklošanās", "Networking"],
      ],
      going: ["P01", "P02", "P03", "P04", "P08", "P12", "P15", "P17", "P19", "P21", "P23", "P25", "P27", "P29"],
      invited: ["P05", "P06", "P10", "P13", "P20", "P24", "DEMO_MEMBER", "DEMO_ORGANISER"],
    },
    {
      key: "DST",
      slug: "pilotiekartu-nakts-mainas-demonstracija",
      titleLv: "Pilotiekārtu nakts maiņa: smidzināšanas žāvēšanas demonstrācija",
      titleEn: "Pilot plant night shift: spray-drying demonstration",
      descriptionLv:
        "Nepārtraukta smidzināšanas žāvēšanas procesa demonstrācija nakts maiņā. Pasākums notiek naktī, kad pulksteņus pārregulē uz vasaras vai ziemas laiku: sākuma un beigu laiks ir norādīts vietējā laikā.",
      descriptionEn: "A continuous spray-drying run shown during a night shift. It takes place on the night the clocks change: start and end are local times.",
      type: "workshop",
      start: [dst - 1, "22:00"],
      end: [dst, "06:00"],
      venue: "BTU Pilotiekārtu laboratorija, Ķīpsala, Rīga LV-1048",
      capacity: 12,
      deadline: null,
      language: "lv",
      visibility: "all_members",
      by: "P30",
      going: ["P30", "P29"],
    },
  ];

  const rows = EVENTS.map((e) => {
    const tz = e.tz ?? "Europe/Riga";
    const at = (x: [number, string]) => seedInstant(dates.date(x[0]), x[1], tz);
    const id = crypto.randomUUID();
    const starts = e.allDay ? seedInstant(dates.date(e.start[0]), "00:00", tz) : at(e.start);
    const ends = e.allDay ? seedInstant(dates.date(e.end[0] + 1), "00:00", tz) : at(e.end);
    const created = dates.at(-14, "09:00");
    return { seed: e, id, starts, ends, tz, created };
  });
  await trx
    .insertInto("event")
    .values(
      rows.map(({ seed: e, id, starts, ends, tz, created }) => ({
        id,
        slug: e.slug,
        uid: eventUid(id, appOrigin),
        title_lv: e.titleLv,
        title_en: e.titleEn,
        description_lv: e.descriptionLv,
        description_en: e.descriptionEn,
        type: e.type,
        starts_at: starts,
        ends_at: ends,
        time_zone: tz,
        all_day: !!e.allDay,
        venue: e.venue,
        online_url: e.onlineUrl ?? null,
        capacity: e.capacity,
        registration_deadline: e.deadline ? seedInstant(dates.date(e.deadline[0]), e.deadline[1], tz) : null,
        language: e.language,
        host_group_id: e.host ? groups[e.host] : null,
        visibility: e.visibility,
        status: "published" as const,
        waitlist_counter: e.waitlisted?.length ?? 0,
        search_key: searchKey(e.titleLv, e.titleEn),
        created_by: people[e.by],
        created_at: created,
        updated_at: created,
        published_at: created,
      })),
    )
    .execute();
  const agenda = rows.flatMap(({ seed, id }) => (seed.agenda ?? []).map(([time, lv, en], i) => ({ event_id: id, position: i + 1, starts_at: time, ends_at: null, title_lv: lv, title_en: en })));
  if (agenda.length) await trx.insertInto("event_agenda_item").values(agenda).execute();
  await trx
    .insertInto("thread")
    .values(rows.map(({ seed, id, created }) => ({ subject_type: "event", subject_id: id, title: seed.titleLv, created_by: people[seed.by], created_at: created })))
    .execute();

  const attendance: {
    event_id: string;
    person_id: string | null;
    guest_email: string | null;
    guest_name: string;
    guest_token_salt: string | null;
    guest_token_hash: string | null;
    status: AttendanceStatus;
    waitlist_pos: number | null;
    invited_by: string | null;
    invited_at: Date | null;
    responded_at: Date | null;
  }[] = [];
  for (const { seed: e, id, created } of rows) {
    const answered = new Date(created.getTime() + 3 * 86_400_000);
    const add = (keys: string[] | undefined, status: AttendanceStatus, invited: boolean) =>
      (keys ?? []).forEach((k, i) =>
        attendance.push({
          event_id: id,
          person_id: people[k],
          guest_email: null,
          guest_name: "",
          guest_token_salt: null,
          guest_token_hash: null,
          status,
          waitlist_pos: status === "waitlisted" ? i + 1 : null,
          invited_by: invited ? people[e.by] : null,
          invited_at: invited ? created : null,
          responded_at: status === "invited" ? null : new Date(answered.getTime() + i * 60_000),
        }),
      );
    const invitedOnly = e.visibility === "invitees_only";
    add(e.going, "going", invitedOnly);
    add(e.maybe, "maybe", invitedOnly);
    add(e.waitlisted, "waitlisted", invitedOnly);
    add(e.invited, "invited", true);
    add(e.declined, "declined", invitedOnly);
    for (const [name, email] of e.guestsGoing ?? []) {
      // Demo guests: their personal links are never mailed, so a random (unusable) token hash stands in.
      attendance.push({
        event_id: id,
        person_id: null,
        guest_email: email,
        guest_name: name,
        guest_token_salt: crypto.randomBytes(16).toString("base64url"),
        guest_token_hash: crypto.createHash("sha256").update(crypto.randomBytes(32)).digest("hex"),
        status: "going",
        waitlist_pos: null,
        invited_by: people[e.by],
        invited_at: created,
        responded_at: answered,
      });
    }
  }
  await trx.insertInto("event_attendance").values(attendance).execute();
}
