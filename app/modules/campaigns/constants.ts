import type { CampaignStatus, CampaignType, CostCategory, DeliverableStatus, LegalType, OrgSize, ParticipantStatus } from "#db/schema";
import type { OrgCategory } from "./ledger";

// Enumerations, the status workflow and limits shared by the campaign module, its routes and the seed.

export const CAMPAIGN_TYPES: readonly CampaignType[] = ["national_stand", "joint_stand", "export_mission", "inbound_mission", "joint_catalogue", "digital_campaign", "market_study"];
export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["draft", "recruiting", "confirmed", "running", "closed", "cancelled"];
export const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ["applied", "accepted", "waitlisted", "declined", "withdrawn"];
export const COST_CATEGORIES: readonly CostCategory[] = ["space_rent", "stand_construction", "furniture_utilities", "catalogue", "travel", "exhibit_logistics", "marketing", "other"];
export const DELIVERABLE_STATUSES: readonly DeliverableStatus[] = ["todo", "in_progress", "done"];

/**
 * The workflow: draft → recruiting → confirmed → running → closed; any not-yet-running stage may be cancelled.
 * Nothing skips a stage and closed/cancelled are final.
 */
export const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["recruiting", "cancelled"],
  recruiting: ["confirmed", "cancelled"],
  confirmed: ["running", "cancelled"],
  running: ["closed"],
  closed: [],
  cancelled: [],
};

/** Stages in which a participant may still withdraw (and the coordinator may still decide on applications). */
export const OPEN_STATUSES: readonly CampaignStatus[] = ["recruiting", "confirmed", "running"];

export const CAMPAIGN_LIMITS = {
  titleMax: 160,
  descriptionMax: 10_000,
  placeMax: 80,
  marketsMax: 30,
  maxOrgsMax: 200,
  textMax: 2000,
  pageSize: 20,
  linesMax: 200,
  deliverablesMax: 300,
  delegatesMax: 1000,
  reminderDaysMax: 60,
};

/** Default support rates (basis points) for a new campaign: SME 50 %, large 0 %, research 85 % (docs/domain.md "Demo campaigns (C1 to C4)"). */
export const DEFAULT_RATES_BP: Record<OrgCategory, number> = { sme: 5000, large: 0, research: 8500 };

/**
 * The funding category of an organisation: research institutes, universities and public bodies are "research";
 * other organisations are "sme" or "large" by their size (EU SME definition).
 */
export function orgCategory(legalType: LegalType, size: OrgSize): OrgCategory {
  if (legalType === "research_institute" || legalType === "university" || legalType === "public_body") return "research";
  return size === "sme" ? "sme" : "large";
}

/** ISO 3166-1 alpha-2 country codes (the 249 assigned ones). */
export const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  [
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ",
    "BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR",
    "CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR",
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU",
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ",
    "LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ",
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF",
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI",
    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR",
    "TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW",
  ]
    .join(" ")
    .split(" "),
);

/** "de, IT  fr" → ["DE", "IT", "FR"] (unique, upper-case) and the tokens that are not ISO codes. */
export function parseMarkets(raw: string): { codes: string[]; invalid: string[] } {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const part of raw.split(/[\s,;]+/)) {
    const c = part.trim().toUpperCase();
    if (!c) continue;
    if (!ISO_COUNTRIES.has(c)) invalid.push(part.trim());
    else if (!codes.includes(c)) codes.push(c);
  }
  return { codes, invalid };
}

const regionNames = new Map<string, Intl.DisplayNames>();
/** The country's name in the viewer's language (ICU), e.g. DE → "Vācija" / "Germany". */
export function countryName(code: string, locale: "lv" | "en"): string {
  let f = regionNames.get(locale);
  if (!f) regionNames.set(locale, (f = new Intl.DisplayNames([locale], { type: "region", fallback: "code" })));
  try {
    return f.of(code) ?? code;
  } catch {
    return code;
  }
}
