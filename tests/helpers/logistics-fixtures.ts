import { demoLogisticsRequests, type DemoRequest, type DemoKey } from "../../db/seed-logistics";
import { seedDates } from "../../db/seed-dates";
import { geocode, type MatchRequest } from "../../app/modules/logistics/matcher";
import type { LogisticsPolicy } from "../../app/modules/logistics/reference";

/** The reference week of domain.md §7 (D0 = Monday 15.09.2025): L1 is picked up on Mon 20.10.2025. */
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
