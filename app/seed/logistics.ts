// Demo logistics (docs/domain.md "Demo logistics (L1 to L6, pool P1)"): requests L1–L6 and pool P1 (L1, L2, L3; quoted), dates from app/seed/dates.ts.
// `demoLogisticsRequests` is pure (the matcher tests use it with the reference week); `seedLogistics` writes it.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { SeedDates } from "./dates";
import { insertRequest } from "~/modules/logistics/store.server";
import type { RequestInput } from "~/modules/logistics/input";

export type DemoKey = "L1" | "L2" | "L3" | "L4" | "L5" | "L6";

/** A demo request: exactly what the request form produces, plus who posts it. */
export interface DemoRequest extends RequestInput {
  key: DemoKey;
  org: "O01" | "O02" | "O04" | "O05" | "O06" | "O08";
  person: string;
}

/** L1–L6 of docs/domain.md "Demo logistics (L1 to L6, pool P1)" for a seed week (pickups and deliveries in the zones of each end). */
export function demoLogisticsRequests(d: SeedDates): DemoRequest[] {
  const BER = "Europe/Berlin";
  return [
    {
      key: "L1",
      org: "O02",
      person: "P06",
      ref: "DF-EXP-2025-114",
      origin: { city: "Rīga", postcode: "LV-1057", country: "LV" },
      destination: { city: "Raunheim", postcode: "65479", country: "DE" },
      earliestPickup: d.at(35, "08:00"),
      latestPickup: d.at(35, "16:00"),
      earliestDelivery: null,
      latestDelivery: d.at(38, "16:00", BER),
      customs: "eu_internal",
      goods: "Tabletes un kapsulas (gatavās zāļu formas)",
      packaging: "eur_pallet",
      units: 6,
      grossKg: "2940",
      volumeM3: "9.216",
      ldm: null,
      stackable: false,
      tempClass: "CRT_15_25",
      gdp: true,
      dg: [],
      incoterm: "DAP",
      namedPlace: "Raunheim, DE",
      role: "seller",
      consignee: "Rhein-Main Pharma-Großhandel GmbH, DC Raunheim",
      goodsValueEur: "410000",
      standaloneEur: "2050",
      contact: "Jānis Kļaviņš, +371 2000 0606, janis.klavins@daugavas-farmacija.example",
      notes: "Temperatūras monitorings obligāts; paletes nav sakraujamas (h 1,60 m).",
    },
    {
      key: "L2",
      org: "O04",
      person: "P13",
      ref: "KI-DE-0457",
      origin: { city: "Rīga", postcode: "LV-1073", country: "LV" },
      destination: { city: "Darmstadt", postcode: "64293", country: "DE" },
      earliestPickup: d.at(35, "10:00"),
      latestPickup: d.at(35, "15:00"),
      earliestDelivery: null,
      latestDelivery: d.at(39, "12:00", BER),
      customs: "eu_internal",
      goods: "Stikla flakoni un ampulas (trausli)",
      packaging: "eur_pallet",
      units: 4,
      grossKg: "1380",
      volumeM3: "5.76",
      ldm: null,
      stackable: false,
      tempClass: "CRT_15_25",
      gdp: true,
      dg: [],
      incoterm: "CIP",
      namedPlace: "Darmstadt, DE (ICC A)",
      role: "seller",
      consignee: "Klinik-Großhandel Südhessen GmbH",
      goodsValueEur: "265000",
      standaloneEur: "1600",
      contact: "Ilze Jansone, +371 2000 1313, ilze.jansone@kursi-injectables.example",
      notes: "Trausla krava; h 1,50 m.",
    },
    {
      key: "L3",
      org: "O01",
      person: "P03",
      ref: "DZK-C1-STAND",
      origin: { city: "Rīga", postcode: "LV-1010", country: "LV" },
      destination: { city: "Frankfurt am Main", postcode: "60327", country: "DE" },
      earliestPickup: d.at(35, "09:00"),
      latestPickup: d.at(35, "17:00"),
      earliestDelivery: d.at(41, "08:00", BER),
      latestDelivery: d.at(42, "18:00", BER),
      customs: "eu_internal",
      goods: "Brošūras, rollapi un stenda materiāli (CPHI kopstends)",
      packaging: "eur_pallet",
      units: 2,
      grossKg: "410",
      volumeM3: "2.88",
      ldm: null,
      stackable: true,
      tempClass: "AMBIENT",
      gdp: false,
      dg: [],
      incoterm: "DAP",
      namedPlace: "Messe Frankfurt (zāle, stends), DE",
      role: "seller",
      consignee: "Oficiālais izstādes ekspeditors, Messe Frankfurt",
      goodsValueEur: "3500",
      standaloneEur: "520",
      contact: "Elīna Bērziņa, +371 2000 0303, elina.berzina@dzk.example",
      notes: "Piegādes laiks izstādē: tikai svētdien vai pirmdien 08.00–18.00.",
    },
    {
      key: "L4",
      org: "O05",
      person: "P16",
      ref: "LC-ADR-2210",
      origin: { city: "Olaine", postcode: "LV-2114", country: "LV" },
      destination: { city: "Poznań", postcode: "61-131", country: "PL" },
      earliestPickup: d.at(36, "08:00"),
      latestPickup: d.at(36, "12:00"),
      earliestDelivery: null,
      latestDelivery: d.at(38, "16:00", "Europe/Warsaw"),
      customs: "eu_internal",
      goods: "Etanols (4 IBC) un nātrija hidroksīda šķīdums (8 mucas uz 2 paletēm)",
      packaging: "ibc",
      units: 6,
      grossKg: "5800",
      volumeM3: null,
      ldm: "2.8",
      stackable: false,
      tempClass: "AMBIENT",
      gdp: false,
      dg: [
        { un: "UN1170", cls: "3", pg: "II", quantity: "4000", unit: "L", lq: false },
        { un: "UN1824", cls: "8", pg: "II", quantity: "1600", unit: "L", lq: false },
      ],
      incoterm: "DAP",
      namedPlace: "Poznań, PL",
      role: "seller",
      consignee: "Chemia Wielkopolska Sp. z o.o.",
      goodsValueEur: "9800",
      standaloneEur: null,
      contact: "Jeļena Kuzņecova (DGSA), +371 2000 1616, jelena.kuznecova@latchem.example",
      notes: "Pilns ADR: 16 800 punkti (1.1.3.6).",
    },
    {
      key: "L5",
      org: "O06",
      person: "P18",
      ref: "BF-DK-031",
      origin: { city: "Jelgava", postcode: "LV-3001", country: "LV" },
      destination: { city: "Kalundborg", postcode: "4400", country: "DK" },
      earliestPickup: d.at(14, "08:00"),
      latestPickup: d.at(14, "12:00"),
      earliestDelivery: null,
      latestDelivery: d.at(16, "12:00", "Europe/Copenhagen"),
      customs: "eu_internal",
      goods: "Probiotic cultures, frozen (plus one dry-ice shipper as coolant)",
      packaging: "eur_pallet",
      units: 2,
      grossKg: "660",
      volumeM3: null,
      ldm: null,
      stackable: false,
      tempClass: "FROZEN_MINUS_20",
      gdp: false,
      dg: [{ un: "UN1845", cls: "9", pg: null, quantity: "20", unit: "kg", lq: false }],
      incoterm: "CPT",
      namedPlace: "Kalundborg, DK",
      role: "seller",
      consignee: "Nordic Ferment ApS",
      goodsValueEur: "38000",
      standaloneEur: "1350",
      contact: "Rihards Puriņš, +371 2000 1818, rihards.purins@bioferm.example",
      notes: "Dry ice UN1845 used as coolant only (ADR 5.5.3).",
    },
    {
      key: "L6",
      org: "O08",
      person: "P22",
      ref: "GN-IN-0912",
      origin: { city: "Venlo", postcode: "5928", country: "NL" },
      destination: { city: "Mārupe", postcode: "LV-2167", country: "LV" },
      earliestPickup: d.at(39, "08:00", "Europe/Amsterdam"),
      latestPickup: d.at(42, "17:00", "Europe/Amsterdam"),
      earliestDelivery: null,
      latestDelivery: d.at(45, "17:00"),
      customs: "eu_internal",
      goods: "Palīgvielas un iepakojuma materiāli",
      packaging: "eur_pallet",
      units: 5,
      grossKg: "2150",
      volumeM3: null,
      ldm: null,
      stackable: true,
      tempClass: "CRT_15_25",
      gdp: false,
      dg: [],
      incoterm: "EXW",
      namedPlace: "Venlo, NL",
      role: "buyer",
      consignee: "SIA Gauja Nutrition, Mārupe",
      goodsValueEur: "21400",
      standaloneEur: "1150",
      contact: "Artūrs Vanags, +371 2000 2222, arturs.vanags@gauja-nutrition.example",
      notes: "Ievedums ES iekšienē; pārvadājumu organizē pircējs (EXW).",
    },
  ];
}

/** Pool P1's quote (docs/domain.md "Demo logistics (L1 to L6, pool P1)"): linehaul €2,700 + extra drop €150 (L2) + storage €180 (L3) + data logger €120 (L1:L2 = 6:4). */
export const P1_QUOTE = {
  total: "3150.00",
  returnOffer: "640",
  surcharges: [
    { kind: "extra_stop" as const, amount: "150.00", shares: [{ key: "L2" as DemoKey, weight: 1 }] },
    { kind: "storage" as const, amount: "180.00", shares: [{ key: "L3" as DemoKey, weight: 1 }] },
    {
      kind: "data_logger" as const,
      amount: "120.00",
      shares: [
        { key: "L1" as DemoKey, weight: 6 },
        { key: "L2" as DemoKey, weight: 4 },
      ],
    },
  ],
};

export function demoInput(d: DemoRequest): RequestInput {
  const { key: _k, org: _o, person: _p, ...input } = d;
  return input;
}

/**
 * Seeds docs/domain.md "Demo logistics (L1 to L6, pool P1)": the shipper policies of the three pharma manufacturers, L1–L6, and pool P1 (L1, L2, L3) coordinated by
 * Daugavas Farmācija's logistics manager (P06), carrier Baltic Pharma Logistics (O09), quoted on D0 + 3 with the
 * €3,150 quote split per pallet place (split A) and a €640 return-leg offer (which L6 then matches as a backhaul).
 */
export async function seedLogistics(trx: Transaction<Database>, dir: { dates: SeedDates; orgs: Record<string, string>; people: Record<string, string> }): Promise<Record<DemoKey, string>> {
  const { dates, orgs, people } = dir;
  await trx.updateTable("organisation").set({ logistics_policy: "no_dg_coload" }).where("id", "in", [orgs.O02, orgs.O03, orgs.O04]).execute();
  const ids = {} as Record<DemoKey, string>;
  for (const d of demoLogisticsRequests(dates)) {
    ids[d.key] = await insertRequest(trx, demoInput(d), orgs[d.org], people[d.person]);
  }

  const pool = await trx
    .insertInto("logistics_pool")
    .values({
      code: "P1",
      coordinator_org_id: orgs.O02,
      coordinator_id: people.P06,
      carrier_org_id: orgs.O09,
      status: "quoted",
      quote_amount_eur: P1_QUOTE.total,
      quote_valid_until: dates.at(30, "17:00"),
      quoted_at: dates.at(3, "11:00"),
      split_method: "per_place",
      return_offer_eur: P1_QUOTE.returnOffer,
      created_at: dates.at(-1, "15:00"),
      version: 4,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const members: [DemoKey, string, string][] = [
    ["L1", "A", "P06"],
    ["L2", "B", "P13"],
    ["L3", "C", "P03"],
  ];
  await trx
    .insertInto("logistics_pool_member")
    .values(members.map(([k, label, person]) => ({ pool_id: pool.id, request_id: ids[k], label, state: "accepted" as const, decided_by: people[person], decided_at: dates.at(0, "12:00") })))
    .execute();
  await trx.updateTable("logistics_request").set({ status: "pooled", version: 2 }).where("id", "in", [ids.L1, ids.L2, ids.L3]).execute();
  for (const [i, s] of P1_QUOTE.surcharges.entries()) {
    const { id } = await trx.insertInto("logistics_pool_surcharge").values({ pool_id: pool.id, position: i, kind: s.kind, amount_eur: s.amount }).returning("id").executeTakeFirstOrThrow();
    await trx
      .insertInto("logistics_pool_surcharge_share")
      .values(s.shares.map((x) => ({ surcharge_id: id, request_id: ids[x.key], weight: x.weight })))
      .execute();
  }
  await trx
    .insertInto("thread")
    .values({ subject_type: "pool", subject_id: pool.id, title: "P1", created_by: people.P06, created_at: dates.at(-1, "15:00") })
    .execute();
  return ids;
}
