import type { Transaction } from "kysely";
import type { CampaignStatus, CampaignType, CostCategory, Database, DeliverableStatus } from "#db/schema";
import type { DirectorySeed, OrgKey } from "./types";
import { recomputeLedger } from "~/modules/campaigns/ledger.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import { searchKey } from "~/modules/text";

// The four demo campaigns of docs/domain.md "Demo campaigns (C1 to C4)" (C1–C4), with the participants, budget lines, support rates and
// deliverables that reproduce the figures stated there (tests/campaigns.test.ts checks them against the stored ledger
// version). Dates are D0 + n days (docs/domain.md "Seed offsets"); fair editions are labelled with the year the shifted dates fall in.
// C4's linked event E6 comes with the events feature: linked_event_id stays empty until both are merged.

type Split = "equal" | "area" | "delegates" | "custom";

interface LineSeed {
  category: CostCategory;
  lv: string;
  en: string;
  amount: string;
  split: Split;
  /** Only these participants share the line (by organisation key). */
  chosen?: OrgKey[];
}

interface DeliverableSeed {
  lv: string;
  en: string;
  due: number;
  /** An organisation, or "each" = one task per participant. */
  owner: OrgKey | "each";
  status?: DeliverableStatus;
  /** For "each": how many of the participants (in list order) are done. */
  doneCount?: number;
}

interface CampaignSeed {
  key: "C1" | "C2" | "C3" | "C4";
  slug: string;
  type: CampaignType;
  status: CampaignStatus;
  titleLv: (year: string) => string;
  titleEn: (year: string) => string;
  descriptionLv: string;
  descriptionEn: string;
  markets: string[];
  starts: number;
  ends: number;
  deadline: number;
  city: string;
  country: string;
  coordinator: string;
  maxOrgs: number;
  standArea: string | null;
  rates: { sme: string; large: string; research: string };
  participants: { org: OrgKey; area: string; delegates: number; products: string }[];
  lines: LineSeed[];
  deliverables: DeliverableSeed[];
  /** Status history: [from, to, day offset]. */
  history: [CampaignStatus | null, CampaignStatus, number][];
}

export const DEMO_CAMPAIGNS: CampaignSeed[] = [
  {
    key: "C1",
    slug: "cphi-frankfurt-nacionalais-stends",
    type: "national_stand",
    status: "confirmed",
    titleLv: (y) => `Latvijas nacionālais stends CPHI Frankfurt ${y}`,
    titleEn: (y) => `Latvian national pavilion at CPHI Frankfurt ${y}`,
    descriptionLv:
      "Nacionālais stends **„Latvia — Life Sciences”** (72 m², individuāla būve) izstādē CPHI Frankfurt, Messe Frankfurt. Mērķa segmenti: aktīvo farmaceitisko vielu (API) pircēji, līgumražošanas (CDMO) klienti, licencēšanas un izplatīšanas partneri.\n\nIzmaksu sadalījums: katrs dalībnieks maksā 1200 € par m² un 1200 € reģistrācijas un kataloga maksu.",
    descriptionEn:
      "The national pavilion **“Latvia — Life Sciences”** (72 m², custom build) at CPHI Frankfurt, Messe Frankfurt. Target segments: API buyers, CDMO clients, licensing and distribution partners.\n\nCost split: each participant pays €1,200 per m² plus a €1,200 registration and catalogue fee.",
    markets: ["DE", "IT", "FR", "ES", "NL", "US", "IN", "AE", "SA"],
    starts: 43,
    ends: 45,
    deadline: -21,
    city: "Frankfurt am Main",
    country: "DE",
    coordinator: "P03",
    maxOrgs: 6,
    standArea: "72",
    rates: { sme: "50", large: "0", research: "85" },
    participants: [
      { org: "O02", area: "18", delegates: 3, products: "API portfolio, finished dosage forms" },
      { org: "O03", area: "18", delegates: 3, products: "CNS and cardiovascular generics" },
      { org: "O04", area: "12", delegates: 2, products: "Sterile injectables, CDMO services" },
      { org: "O05", area: "8", delegates: 2, products: "Pharma-grade solvents and intermediates" },
      { org: "O06", area: "8", delegates: 2, products: "Probiotic cultures, postbiotic ferments" },
      { org: "O10", area: "8", delegates: 2, products: "Medicinal chemistry services, technology licensing" },
    ],
    lines: [
      { category: "stand_construction", lv: "Platība un stenda būvniecība (72 m² × 1000 €)", en: "Space and stand construction (72 m² × €1,000)", amount: "72000", split: "area" },
      {
        category: "other",
        lv: "Kopējās izmaksas: paviljona vadība, buklets, ēdināšana, kravas (72 m² × 200 €)",
        en: "Shared costs: pavilion management, brochure, catering, freight (72 m² × €200)",
        amount: "14400",
        split: "area",
      },
      { category: "catalogue", lv: "Reģistrācijas un kataloga maksa (6 × 1200 €)", en: "Registration and catalogue fee (6 × €1,200)", amount: "7200", split: "equal" },
    ],
    deliverables: [
      { lv: "Stenda dizains apstiprināts", en: "Stand design approved", due: 11, owner: "O01", status: "in_progress" },
      { lv: "Profils katalogam (EN, 100–150 vārdi) un SVG logotips", en: "Catalogue profile (EN, 100–150 words) and SVG logo", due: 15, owner: "each", doneCount: 3 },
      {
        lv: "Kopīgais buklets „Latvia Life Sciences” drukai gatavs (EN, 48 lpp., 1500 eks.)",
        en: "Joint brochure “Latvia Life Sciences” print-ready (EN, 48 pp, 1,500 copies)",
        due: 18,
        owner: "O01",
      },
      { lv: "Izstādes dalībnieku kartes reģistrētas", en: "Exhibitor badges registered", due: 29, owner: "each" },
      { lv: "Dežūru grafiks un tikšanos kalendārs", en: "Stand-duty roster and meeting calendar", due: 32, owner: "O02" },
      { lv: "Stenda materiāli nosūtīti", en: "Stand materials shipped", due: 35, owner: "O01" },
      { lv: "Pārskats par kontaktiem", en: "Lead report", due: 60, owner: "each" },
      { lv: "Noslēguma pārskats un izmaksu dokumenti maksājuma pieprasījumam", en: "Final report and cost documents for the payment claim", due: 137, owner: "O01" },
    ],
    history: [
      [null, "draft", -70],
      ["draft", "recruiting", -63],
      ["recruiting", "confirmed", -18],
    ],
  },
  {
    key: "C2",
    slug: "whx-dubai-kopstends",
    type: "joint_stand",
    status: "confirmed",
    titleLv: (y) => `Kopstends WHX Dubai ${y}`,
    titleEn: (y) => `Joint stand at WHX Dubai ${y} (formerly Arab Health)`,
    descriptionLv: "Kopstends (36 m², standarta būve) izstādē WHX Dubai, Dubai Exhibition Centre, Expo City. Segmenti: slimnīcu iepirkumi, izplatītāji, aptieku tīkli. Izmaksas dala vienādās daļās.",
    descriptionEn: "A joint stand (36 m², shell scheme) at WHX Dubai, Dubai Exhibition Centre, Expo City. Segments: hospital tenders, distributors, pharmacy chains. Costs are split equally.",
    markets: ["AE", "SA", "KW", "QA", "OM", "BH", "EG"],
    starts: 147,
    ends: 150,
    deadline: -10,
    city: "Dubai",
    country: "AE",
    coordinator: "P03",
    maxOrgs: 4,
    standArea: "36",
    rates: { sme: "50", large: "0", research: "85" },
    participants: [
      { org: "O04", area: "9", delegates: 2, products: "Injectables for hospital tenders" },
      { org: "O08", area: "9", delegates: 2, products: "Food supplements" },
      { org: "O07", area: "9", delegates: 2, products: "Dermo-cosmetics" },
      { org: "O03", area: "9", delegates: 2, products: "Finished dosage forms" },
    ],
    lines: [
      { category: "space_rent", lv: "Platība un standarta stends", en: "Space and shell scheme", amount: "32400", split: "equal" },
      {
        category: "furniture_utilities",
        lv: "Grafika, mēbeles un AV, ēdināšana, paraugu aviopārvadājums",
        en: "Graphics, furniture and AV, catering, sample airfreight",
        amount: "5600",
        split: "equal",
      },
    ],
    deliverables: [
      { lv: "Stenda grafika", en: "Stand graphics", due: 91, owner: "O01" },
      { lv: "Dalībnieku kartes un vīzu vēstules", en: "Badges and visa letters", due: 122, owner: "each" },
      { lv: "Produktu paraugu aviopārvadājuma izsūtīšana", en: "Product-sample airfreight pickup", due: 126, owner: "O01" },
      { lv: "Pārskats par kontaktiem", en: "Lead report", due: 165, owner: "each" },
      { lv: "Maksājuma pieprasījums", en: "Payment claim", due: 239, owner: "O01" },
    ],
    history: [
      [null, "draft", -60],
      ["draft", "recruiting", -45],
      ["recruiting", "confirmed", -7],
    ],
  },
  {
    key: "C3",
    slug: "in-cosmetics-parize-kopstends",
    type: "joint_stand",
    status: "recruiting",
    titleLv: (y) => `Kopstends in-cosmetics Global ${y} Parīzē`,
    titleEn: (y) => `Joint stand at in-cosmetics Global ${y}, Paris`,
    descriptionLv:
      "Kopstends (24 m²) sastāvdaļu izstādē in-cosmetics Global Parīzē: trīs vienādas „letes” vietas un bezmaksas „apmeklētājs ar tikšanos programmu”. Izstādē piedalās sastāvdaļu un tehnoloģiju piegādātāji.",
    descriptionEn:
      "A joint stand (24 m²) at the ingredients show in-cosmetics Global in Paris: three equal “counter” places and a free “visitor with a meeting programme” tier. Exhibitors are ingredient and technology suppliers.",
    markets: ["FR", "DE", "IT", "ES", "GB"],
    starts: 211,
    ends: 213,
    deadline: 46,
    city: "Paris",
    country: "FR",
    coordinator: "DEMO_ORGANISER",
    maxOrgs: 5,
    standArea: "24",
    rates: { sme: "50", large: "0", research: "85" },
    participants: [
      { org: "O06", area: "8", delegates: 2, products: "Ferment actives" },
      { org: "O05", area: "8", delegates: 1, products: "Bio-based esters" },
      { org: "O10", area: "8", delegates: 1, products: "Birch-bark extract technology (licensing)" },
      { org: "O07", area: "0", delegates: 1, products: "Visitor with meeting programme" },
    ],
    lines: [
      { category: "space_rent", lv: "Platība", en: "Space", amount: "16800", split: "equal", chosen: ["O06", "O05", "O10"] },
      { category: "stand_construction", lv: "Stenda būvniecība", en: "Stand construction", amount: "7200", split: "equal", chosen: ["O06", "O05", "O10"] },
      { category: "other", lv: "Kopējās izmaksas", en: "Shared costs", amount: "3000", split: "equal", chosen: ["O06", "O05", "O10"] },
    ],
    deliverables: [
      { lv: "Sastāvdaļu apraksti izstādes katalogam", en: "Ingredient descriptions for the show catalogue", due: 150, owner: "each" },
      { lv: "Stenda dizains apstiprināts", en: "Stand design approved", due: 170, owner: "DEMO_ORGANISER_ORG" as OrgKey },
    ],
    history: [
      [null, "draft", -20],
      ["draft", "recruiting", -14],
    ],
  },
  {
    key: "C4",
    slug: "centralazija-eksporta-misija",
    type: "export_mission",
    status: "recruiting",
    titleLv: () => "Eksporta misija un kopīgais katalogs: Centrālāzija",
    titleEn: () => "Export mission and joint partner catalogue: Central Asia",
    descriptionLv:
      "Misija uz Almati (2 dienas) un Taškentu (3 dienas) ar iepriekš sarunātām B2B tikšanos reizēm, vēstniecības pieņemšanu un uzņēmumu apmeklējumiem; kopīgs katalogs angļu un krievu valodā (1000 eks.). Dalībnieki paši sedz savus ceļa izdevumus.",
    descriptionEn:
      "A mission to Almaty (2 days) and Tashkent (3 days) with pre-arranged B2B meetings, an embassy reception and site visits, plus a joint EN/RU partner catalogue (1,000 copies). Participants pay their own travel.",
    markets: ["KZ", "UZ"],
    starts: 63,
    ends: 67,
    deadline: 25,
    city: "Almaty, Tashkent",
    country: "KZ",
    coordinator: "P04",
    maxOrgs: 6,
    standArea: null,
    rates: { sme: "85", large: "0", research: "85" },
    participants: [
      { org: "O02", area: "0", delegates: 2, products: "Generics, APIs" },
      { org: "O03", area: "0", delegates: 2, products: "Finished dosage forms" },
      { org: "O04", area: "0", delegates: 1, products: "Injectables" },
      { org: "O08", area: "0", delegates: 1, products: "Food supplements" },
    ],
    lines: [
      { category: "marketing", lv: "Kontaktbiržas aģents", en: "Matchmaking agent", amount: "6000", split: "equal" },
      { category: "other", lv: "Tulkošana", en: "Interpretation", amount: "2400", split: "equal" },
      { category: "space_rent", lv: "Telpas un pieņemšana", en: "Venues and reception", amount: "4000", split: "equal" },
      { category: "catalogue", lv: "Kopīgais EN/RU katalogs (dizains, tulkošana, 1000 eks.)", en: "Joint EN/RU catalogue (design, translation, 1,000 copies)", amount: "5000", split: "equal" },
      { category: "travel", lv: "Koordinatora ceļa izdevumi", en: "Coordinator travel", amount: "2600", split: "equal" },
      { category: "other", lv: "Neparedzētie izdevumi", en: "Contingency", amount: "1000", split: "equal" },
    ],
    deliverables: [
      { lv: "Katalogs drukai gatavs", en: "Catalogue print-ready", due: 42, owner: "O01" },
      { lv: "B2B tikšanos grafiks no aģenta", en: "B2B schedule from the agent", due: 53, owner: "O01" },
      { lv: "Sankciju un galamērķa pārbaude katram dalībniekam", en: "Sanctions and destination screening for every participant", due: 60, owner: "each" },
      { lv: "Misijas pārskats", en: "Mission report", due: 81, owner: "O01" },
    ],
    history: [
      [null, "draft", -30],
      ["draft", "recruiting", -21],
    ],
  },
];

/** Inserts C1–C4 with their threads, status history, rates, participants, lines, deliverables and ledger version 1. */
export async function seedCampaigns(trx: Transaction<Database>, dir: DirectorySeed): Promise<Record<string, string>> {
  const { dates, orgs, people } = dir;
  const out: Record<string, string> = {};
  const coordinatorOrg = async (personId: string) => (await trx.selectFrom("person").select("organisation_id").where("id", "=", personId).executeTakeFirstOrThrow()).organisation_id;
  for (const c of DEMO_CAMPAIGNS) {
    const year = dates.date(c.starts).slice(0, 4);
    const coordinatorId = people[c.coordinator];
    const created = dates.at(c.history[0][2], "10:00");
    const titleLv = c.titleLv(year);
    const titleEn = c.titleEn(year);
    const row = await trx
      .insertInto("campaign")
      .values({
        slug: c.slug,
        title_lv: titleLv,
        title_en: titleEn,
        description_lv: c.descriptionLv,
        description_en: c.descriptionEn,
        type: c.type,
        target_markets: c.markets,
        starts_on: dates.date(c.starts),
        ends_on: dates.date(c.ends),
        application_deadline: dates.date(c.deadline),
        city: c.city,
        country: c.country,
        coordinator_id: coordinatorId,
        max_orgs: c.maxOrgs,
        stand_area_m2: c.standArea,
        status: c.status,
        vat_rate: "21",
        vat_recoverable: true,
        search_key: searchKey(titleLv, titleEn, c.city),
        created_by: coordinatorId,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = row.id;
    out[c.key] = id;
    const thread = await trx
      .insertInto("thread")
      .values({ subject_type: "campaign", subject_id: id, title: titleLv, created_by: coordinatorId, created_at: created, last_post_at: created })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("campaign").set({ thread_id: thread.id }).where("id", "=", id).execute();
    await trx
      .insertInto("campaign_status_change")
      .values(c.history.map(([from, to, day]) => ({ campaign_id: id, from_status: from, to_status: to, changed_by: coordinatorId, created_at: dates.at(day, "10:00") })))
      .execute();
    await trx
      .insertInto("campaign_rate")
      .values((["sme", "large", "research"] as const).map((category) => ({ campaign_id: id, category, rate_pct: c.rates[category] })))
      .execute();
    const participantRows = await trx
      .insertInto("campaign_participant")
      .values(
        c.participants.map((p, i) => {
          const admin = firstAdminOf(dir, p.org);
          return {
            campaign_id: id,
            organisation_id: orgs[p.org],
            status: "accepted" as const,
            stand_area_m2: p.area,
            delegates: p.delegates,
            products: p.products,
            applied_by: admin,
            applied_at: dates.at(c.history[1][2] + 1 + i, "11:00"),
            decided_by: coordinatorId,
            decided_at: dates.at(c.history[1][2] + 3 + i, "09:30"),
          };
        }),
      )
      .returning(["id", "organisation_id"])
      .execute();
    const participantOf = new Map(participantRows.map((r) => [r.organisation_id, r.id]));
    for (const l of c.lines) {
      const line = await trx
        .insertInto("campaign_budget_line")
        .values({
          campaign_id: id,
          category: l.category,
          description: l.lv,
          description_en: l.en,
          planned_eur: l.amount,
          eligible: true,
          split_key: l.split,
          applies_to: l.chosen ? "chosen" : "all",
          created_by: coordinatorId,
          created_at: created,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (l.chosen) {
        await trx
          .insertInto("campaign_line_participant")
          .values(l.chosen.map((o) => ({ line_id: line.id, participant_id: participantOf.get(orgs[o])!, percent: null })))
          .execute();
      }
    }
    const ownOrg = await coordinatorOrg(coordinatorId);
    const deliverables = c.deliverables.flatMap((d) => {
      const base = { campaign_id: id, title_lv: d.lv, title_en: d.en, due_on: dates.date(d.due), created_by: coordinatorId, updated_by: coordinatorId, created_at: created };
      if (d.owner === "each") {
        return c.participants.map((p, i) => ({ ...base, owner_org_id: orgs[p.org], status: (i < (d.doneCount ?? 0) ? "done" : "todo") as DeliverableStatus }));
      }
      const owner = (d.owner as string) === "DEMO_ORGANISER_ORG" ? ownOrg : orgs[d.owner as OrgKey];
      return [{ ...base, owner_org_id: owner, status: d.status ?? ("todo" as DeliverableStatus) }];
    });
    await trx.insertInto("campaign_deliverable").values(deliverables).execute();
    await recomputeLedger(trx, id, coordinatorId, "campaigns.reason.seed");
  }
  // A first post in C1's discussion, so the demo shows the thread on the campaign page.
  const c1Thread = await trx.selectFrom("campaign").select("thread_id").where("id", "=", out.C1).executeTakeFirstOrThrow();
  const body = "Labdien! Stenda dizaina projekts ir gatavs — lūdzu, līdz piektdienai atsūtiet komentārus. Kataloga profilus (EN, 100–150 vārdi) un **SVG logotipus** gaidām līdz norādītajam termiņam.";
  const at = dates.at(2, "09:40");
  await trx
    .insertInto("post")
    .values({ thread_id: c1Thread.thread_id!, seq: 1, author_id: people.P03, body_md: body, body_html: renderMarkdown(body), created_at: at })
    .execute();
  await trx.updateTable("thread").set({ last_seq: 1, post_count: 1, last_post_at: at }).where("id", "=", c1Thread.thread_id!).execute();
  return out;
}

/** The organisation admin of a seeded organisation (the first person listed for it in docs/domain.md "Demo people"). */
function firstAdminOf(dir: DirectorySeed, org: OrgKey): string | null {
  const FIRST: Partial<Record<OrgKey, string>> = { O01: "P01", O02: "P04", O03: "P08", O04: "P12", O05: "P15", O06: "P17", O07: "P19", O08: "P21", O09: "P23", O10: "P25", O11: "P27", O12: "P29" };
  const key = FIRST[org];
  return key ? (dir.people[key] ?? null) : null;
}
