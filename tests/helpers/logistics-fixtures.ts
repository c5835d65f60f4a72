import { demoLogisticsRequests, type DemoRequest, type DemoKey } from "../../app/seed/logistics";
import { seedDates } from "../../app/seed/dates";
import { geocode, type MatchRequest } from "../../app/modules/logistics/matcher";
import { INCOTERMS, type LogisticsPolicy, type TempClass } from "../../app/modules/logistics/reference";
import type { RequestInput } from "../../app/modules/logistics/input";

/** The reference week of docs/domain.md "Demo seed" (D0 = Monday 15.09.2025): L1 is picked up on Mon 20.10.2025. */
export const REFERENCE_NOW = new Date("2025-09-15T09:00:00Z");

export const DEMO_ORG_NAMES: Record<string, string> = {
  O01: 'Biedrība "Dzīvības zinātņu klasteris"',
  O02: 'AS "Daugavas Farmācija"',
  O04: 'SIA "Kurši Injectables"',
  O05: 'SIA "Latchem Solutions"',
  O06: 'SIA "BioFerm Latvia"',
  O08: 'SIA "Gauja Nutrition"',
};
export const DEMO_POLICIES: Record<string, LogisticsPolicy> = { O02: "no_dg_coload", O03: "no_dg_coload", O04: "no_dg_coload" };

export function toMatchRequest(d: DemoRequest, over: Partial<MatchRequest> = {}): MatchRequest {
  return {
    id: d.key,
    orgId: d.org,
    orgName: DEMO_ORG_NAMES[d.org],
    policy: DEMO_POLICIES[d.org] ?? "adr_table",
    status: "open",
    origin: geocode(d.origin.city, d.origin.postcode, d.origin.country),
    destination: geocode(d.destination.city, d.destination.postcode, d.destination.country),
    earliestPickup: +d.earliestPickup,
    latestPickup: +d.latestPickup,
    earliestDelivery: d.earliestDelivery ? +d.earliestDelivery : null,
    latestDelivery: +d.latestDelivery,
    customs: d.customs,
    tempClass: d.tempClass,
    gdp: d.gdp,
    dg: d.dg,
    incoterm: d.incoterm,
    role: d.role,
    standaloneEur: d.standaloneEur,
    packaging: d.packaging,
    units: d.units,
    grossKg: d.grossKg,
    volumeM3: d.volumeM3,
    ldm: d.ldm,
    stackable: d.stackable,
    ...over,
  };
}

/** L1–L6 as the matcher sees them, in the reference week. */
export function demoMatchRequests(now = REFERENCE_NOW): Record<DemoKey, MatchRequest> {
  const out = {} as Record<DemoKey, MatchRequest>;
  for (const d of demoLogisticsRequests(seedDates(now))) out[d.key] = toMatchRequest(d);
  return out;
}

/** A tiny deterministic PRNG (mulberry32) for property tests: no new dependency, same cases on every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Random requests for property tests (pickups in the Rīga region and beyond, drops across Europe, a few unknown cities).
const CITIES = [
  ["Rīga", "LV-1050", "LV"],
  ["Olaine", "LV-2114", "LV"],
  ["Jelgava", "LV-3001", "LV"],
  ["Valmiera", "LV-4201", "LV"],
  ["Baldone", "LV-2125", "LV"],
  ["Frankfurt", "60311", "DE"],
  ["Darmstadt", "64293", "DE"],
  ["Raunheim", "65479", "DE"],
  ["Berlin", "10115", "DE"],
  ["Poznań", "61-131", "PL"],
  ["Kalundborg", "4400", "DK"],
  ["Paris", "75001", "FR"],
  ["Tallinn", "10111", "EE"],
  ["Offenburg", "77652", "DE"],
] as const;
const UNS = [
  { un: "UN1170", cls: "3", pg: "II", unit: "L" },
  { un: "UN2014", cls: "5.1", pg: "II", unit: "L" },
  { un: "UN1824", cls: "8", pg: "II", unit: "L" },
  { un: "UN1230", cls: "3", pg: "II", unit: "L" },
  { un: "UN3373", cls: "6.2", pg: null, unit: "kg" },
  { un: "UN1845", cls: "9", pg: null, unit: "kg" },
] as const;

export function randomRequest(next: () => number, i: number, start0 = Date.UTC(2026, 0, 5)): MatchRequest {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const o = pick(CITIES.slice(0, 5));
  const d = pick(CITIES.slice(5));
  const start = start0 + Math.floor(next() * 10) * 12 * 3_600_000;
  const len = (1 + Math.floor(next() * 30)) * 3_600_000;
  const temps: TempClass[] = ["CRT_15_25", "CRT_15_25", "AMBIENT", "CHILLED_2_8", "FROZEN_MINUS_20"];
  const dg = next() < 0.3 ? [0, 1].slice(0, 1 + Math.floor(next() * 2)).map(() => ({ ...pick(UNS), quantity: String(10 + Math.floor(next() * 900)), lq: next() < 0.3 })) : [];
  const role = next() < 0.8 ? "seller" : "buyer";
  return {
    id: `R${String(i).padStart(4, "0")}`,
    orgId: `O${Math.floor(next() * 6)}`,
    orgName: "Org",
    policy: pick(["adr_table", "adr_table", "no_dg_coload", "lq_only"] as const),
    status: next() < 0.9 ? "open" : "pooled",
    origin: geocode(o[0], o[1], o[2]),
    destination: geocode(d[0], d[1], d[2]),
    earliestPickup: start,
    latestPickup: start + len,
    earliestDelivery: next() < 0.2 ? start + 2 * 86_400_000 : null,
    latestDelivery: start + len + (2 + Math.floor(next() * 5)) * 86_400_000,
    customs: pick(["eu_internal", "eu_internal", "export"] as const),
    tempClass: pick(temps),
    gdp: next() < 0.5,
    dg: dg as MatchRequest["dg"],
    incoterm: pick(INCOTERMS),
    role,
    standaloneEur: next() < 0.5 ? String(500 + Math.floor(next() * 2000)) : null,
    packaging: pick(["eur_pallet", "eur_pallet", "industrial_pallet", "ibc", "drum"] as const),
    units: 1 + Math.floor(next() * 20),
    grossKg: String(100 + Math.floor(next() * 12_000)),
    volumeM3: next() < 0.5 ? (next() * 30).toFixed(3) : null,
    ldm: null,
    stackable: next() < 0.3,
  };
}

/** The form input that produces this request (for inserting random requests through the real write path). */
export function toInput(m: MatchRequest): RequestInput {
  return {
    ref: m.id,
    origin: { city: m.origin.city, postcode: m.origin.postcode, country: m.origin.country },
    destination: { city: m.destination.city, postcode: m.destination.postcode, country: m.destination.country },
    earliestPickup: new Date(m.earliestPickup),
    latestPickup: new Date(m.latestPickup),
    earliestDelivery: m.earliestDelivery !== null ? new Date(m.earliestDelivery) : null,
    latestDelivery: new Date(m.latestDelivery),
    customs: m.customs,
    goods: "Random goods",
    packaging: m.packaging,
    units: m.units,
    grossKg: m.grossKg,
    volumeM3: m.volumeM3,
    ldm: m.ldm,
    stackable: m.stackable,
    tempClass: m.tempClass,
    gdp: m.gdp,
    dg: m.dg,
    incoterm: m.incoterm,
    namedPlace: "Somewhere",
    role: m.role,
    consignee: "",
    goodsValueEur: null,
    standaloneEur: m.standaloneEur,
    contact: "",
    notes: "",
  };
}
