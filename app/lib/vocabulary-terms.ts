// The cluster's starting vocabularies (competences of organisations, expertise of people, working-group topics), with
// a stable key and a label in each language. Migration 0018 inserts them; members add more from the edit forms.
// Kinds per term: c = competence, e = expertise, g = group topic.

export type VocabularyKind = "competence" | "expertise" | "group_topic";
export const VOCABULARY_KINDS: readonly VocabularyKind[] = ["competence", "expertise", "group_topic"];

/** [key, English label, Latvian label, kinds] */
export const STARTING_TERMS: readonly (readonly [string, string, string, string])[] = [
  ["analytics", "Analytics", "Analītika", "ce"],
  ["api-synthesis", "API synthesis", "Aktīvo farmaceitisko vielu sintēze", "ce"],
  ["batch-release", "Batch release", "Sērijas izlaide", "e"],
  ["bioinformatics", "Bioinformatics", "Bioinformātika", "ce"],
  ["biotechnology", "Biotechnology", "Biotehnoloģija", "ceg"],
  ["brand-strategy", "Brand strategy", "Zīmola stratēģija", "e"],
  ["business-development", "Business development", "Biznesa attīstība", "e"],
  ["career-events", "Career events", "Karjeras pasākumi", "e"],
  ["careers", "Careers", "Karjera", "g"],
  ["catalysis", "Catalysis", "Katalīze", "ce"],
  ["central-asia", "Central Asia", "Centrālāzija", "eg"],
  ["chemical-engineering", "Chemical engineering", "Ķīmijas inženierija", "ce"],
  ["clinical-trials", "Clinical trials", "Klīniskie pētījumi", "ceg"],
  ["cluster-management", "Cluster management", "Klastera vadība", "ce"],
  ["cold-chain-logistics", "Cold-chain logistics", "Aukstās ķēdes loģistika", "ce"],
  ["communications", "Communications", "Komunikācija", "e"],
  ["contract-manufacturing", "Contract manufacturing", "Līgumražošana", "ce"],
  ["core-facilities", "Core facilities", "Koplietošanas infrastruktūra", "ceg"],
  ["cosmetics-distribution", "Cosmetics distribution", "Kosmētikas izplatīšana", "e"],
  ["cosmetics-formulation", "Cosmetics formulation", "Kosmētikas receptūru izstrāde", "ce"],
  ["customs-brokerage", "Customs brokerage", "Muitas starpniecība", "ce"],
  ["dach-markets", "DACH markets", "DACH tirgi", "e"],
  ["dangerous-goods-adr", "Dangerous goods (ADR)", "Bīstamās kravas (ADR)", "ce"],
  ["data-integrity", "Data integrity", "Datu integritāte", "eg"],
  ["digitalisation", "Digitalisation", "Digitalizācija", "eg"],
  ["ebr", "Electronic batch records (eBR)", "Elektroniskie sērijas ieraksti (eBR)", "g"],
  ["education", "Education", "Izglītība", "ceg"],
  ["eu-funds", "EU funds", "ES fondi", "ceg"],
  ["eu-gmp-annex-1", "EU GMP Annex 1", "ES GMP 1. pielikums", "e"],
  ["eu-pharma-legislation", "EU pharma legislation", "ES farmācijas tiesību akti", "e"],
  ["eu-pharma-package", "EU pharma package", "ES farmācijas tiesību aktu pakete", "g"],
  ["events", "Events", "Pasākumi", "e"],
  ["export", "Export", "Eksports", "g"],
  ["export-markets", "Export markets", "Eksporta tirgi", "e"],
  ["export-promotion", "Export promotion", "Eksporta veicināšana", "ce"],
  ["fermentation", "Fermentation", "Fermentācija", "ce"],
  ["fine-chemicals", "Fine chemicals", "Smalkā ķīmija", "ce"],
  ["food-safety", "Food safety", "Pārtikas drošums", "ce"],
  ["food-supplements", "Food supplements", "Uztura bagātinātāji", "ce"],
  ["fssc-22000", "FSSC 22000", "FSSC 22000", "ce"],
  ["functional-food", "Functional food", "Funkcionālā pārtika", "ce"],
  ["gdp", "GDP (good distribution practice)", "GDP (labā izplatīšanas prakse)", "g"],
  ["gdp-distribution", "GDP distribution", "GDP izplatīšana", "ce"],
  ["gmp", "GMP (good manufacturing practice)", "GMP (labā ražošanas prakse)", "g"],
  ["gmp-manufacturing", "GMP manufacturing", "GMP ražošana", "ce"],
  ["green-chemistry", "Green chemistry", "Zaļā ķīmija", "ce"],
  ["groupage", "Groupage", "Grupāžas kravas", "e"],
  ["horizon-europe", "Horizon Europe", "“Apvārsnis Eiropa”", "g"],
  ["hospital-tenders", "Hospital tenders", "Slimnīcu iepirkumi", "e"],
  ["industry-4-0", "Industry 4.0", "Industrija 4.0", "eg"],
  ["internships", "Internships", "Prakses", "eg"],
  ["lc-ms", "LC-MS", "LC-MS", "ce"],
  ["licensing", "Licensing", "Licencēšana", "e"],
  ["logistics", "Logistics", "Loģistika", "e"],
  ["market-access", "Market access", "Piekļuve tirgum", "e"],
  ["marketing", "Marketing", "Mārketings", "e"],
  ["marketing-authorisation", "Marketing authorisation", "Zāļu reģistrācija", "e"],
  ["medicinal-chemistry", "Medicinal chemistry", "Medicīnas ķīmija", "ce"],
  ["member-services", "Member services", "Biedru apkalpošana", "e"],
  ["microbiology", "Microbiology", "Mikrobioloģija", "ce"],
  ["natural-cosmetics", "Natural cosmetics", "Dabīgā kosmētika", "ce"],
  ["nmr", "NMR", "KMR", "ce"],
  ["occupational-safety", "Occupational safety", "Darba drošība", "e"],
  ["otc-medicines", "OTC medicines", "Bezrecepšu zāles", "e"],
  ["pharmaceutical-education", "Pharmaceutical education", "Farmācijas izglītība", "e"],
  ["pharmaceutics", "Pharmaceutics", "Zāļu formu tehnoloģija", "e"],
  ["pharmacovigilance", "Pharmacovigilance", "Farmakovigilance", "ce"],
  ["pilot-plant", "Pilot plant", "Izmēģinājumu ražotne", "ce"],
  ["platform-administration", "Platform administration", "Platformas administrēšana", "e"],
  ["probiotics", "Probiotics", "Probiotiķi", "ce"],
  ["process-chemistry", "Process chemistry", "Procesu ķīmija", "e"],
  ["process-scale-up", "Process scale-up", "Procesu mērogošana", "e"],
  ["project-management", "Project management", "Projektu vadība", "e"],
  ["quality-assurance", "Quality assurance", "Kvalitātes nodrošināšana", "ce"],
  ["reach-clp", "REACH/CLP", "REACH/CLP", "ce"],
  ["regulatory-affairs", "Regulatory affairs", "Regulatīvās lietas", "ceg"],
  ["sales", "Sales", "Pārdošana", "e"],
  ["serialisation", "Serialisation", "Serializācija", "e"],
  ["spray-drying", "Spray drying", "Izsmidzināšanas žāvēšana", "ce"],
  ["stability-testing", "Stability testing", "Stabilitātes pētījumi", "ce"],
  ["start-up-funding", "Start-up funding", "Jaunuzņēmumu finansējums", "e"],
  ["state-aid", "State aid", "Valsts atbalsts", "e"],
  ["sterile-injectables", "Sterile injectables", "Sterilās injekciju zāles", "ce"],
  ["supplier-audits", "Supplier audits", "Piegādātāju auditi", "eg"],
  ["supply-chain", "Supply chain", "Piegādes ķēde", "e"],
  ["talent-development", "Talent development", "Talantu attīstība", "e"],
  ["technology-transfer", "Technology transfer", "Tehnoloģiju pārnese", "ceg"],
  ["temperature-mapping", "Temperature mapping", "Temperatūras kartēšana", "e"],
  ["trade-fairs", "Trade fairs", "Izstādes", "eg"],
  ["zva", "ZVA (State Agency of Medicines)", "ZVA (Zāļu valsts aģentūra)", "g"],
];

const KIND_LETTER: Record<VocabularyKind, string> = { competence: "c", expertise: "e", group_topic: "g" };

/** The starting terms of one kind. */
export function startingTerms(kind: VocabularyKind): { key: string; en: string; lv: string }[] {
  return STARTING_TERMS.filter((t) => t[3].includes(KIND_LETTER[kind])).map(([key, en, lv]) => ({ key, en, lv }));
}

export const TERM_KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const TERM_KEY_MAX = 64;

/**
 * A term's key from its label: "EU pharma legislation" → "eu-pharma-legislation", "Ārsti" → "arsti" (Latvian letters
 * without their marks). A label with no letter or digit of the Latin alphabet gets "term". Callers make it unique.
 */
export function termKeyFrom(label: string): string {
  const key = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, TERM_KEY_MAX - 4)
    .replace(/-+$/, "");
  return key || "term";
}
