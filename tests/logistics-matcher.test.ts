import { describe, expect, it } from "vitest";
import { checkBackhaul, checkGroup, geocode, standaloneEur, suggestionsFor, type MatchRequest, type Note } from "../app/modules/logistics/matcher";
import { haversineKm } from "../app/modules/logistics/geo";
import { measures, milliToNumber } from "../app/modules/logistics/load";
import { controlsCarriage, MATCH, REEFER_TRAILER, STANDARD_TRAILER, TEMP_CLASSES } from "../app/modules/logistics/reference";
import { isMessageKey } from "../app/i18n";
import { demoMatchRequests, randomRequest, rng } from "./helpers/logistics-fixtures";

// The worked cases of docs/domain.md "Demo logistics (L1 to L6, pool P1)" in the reference week (L1 picked up Mon 20.10.2025), then properties.
const L = demoMatchRequests();
const P1 = { id: "P1", members: [L.L1, L.L2, L.L3], returnOfferEur: "640" };
const keys = (ns: Note[]) => ns.map((n) => n.key);

describe("worked cases (docs/domain.md “Demo logistics (L1 to L6, pool P1)”)", () => {
  it("L1 ↔ L2: same lane Rīga → Rhine-Main, pickup windows overlap 5 h, both 15–25 °C, 10 of 33 places, +1 drop", () => {
    const c = checkGroup([L.L1, L.L2]);
    expect(c.ok).toBe(true);
    expect(c.partial).toBe(false);
    expect(c.blockers).toEqual([]);
    expect(c.reasons[0]).toMatchObject({ key: "logistics.reason.lane", vars: { from: { en: "LV-1x · Rīga region" }, to: { en: "DE-6x · Rhine-Main (Frankfurt area)" } } });
    expect(c.reasons).toContainEqual({ key: "logistics.reason.overlapHours", vars: { count: 5 } });
    expect(c.reasons).toContainEqual({ key: "logistics.reason.tempBoth", vars: { temp: { key: "logistics.tempShort.CRT_15_25" } } });
    expect(c.reasons).toContainEqual({ key: "logistics.reason.capacity", vars: { places: 10, max: 33, kg: 4320, maxKg: 22_000 } });
    expect(keys(c.reasons)).toEqual(expect.arrayContaining(["logistics.reason.gdpVehicle", "logistics.reason.noDg", "logistics.reason.carriage", "logistics.reason.dropsNear"]));
    expect(c.extraStops).toBe(1);
    expect(c.vehicle).toEqual(REEFER_TRAILER);
  });

  it("L1 + L2 + L3 to Frankfurt: a partial match — CRT with ambient promo goods, the fair slot needs 3 days' storage (+€180); saving ≈ €1,020", () => {
    const c = checkGroup([L.L3, L.L1, L.L2]);
    expect(c.ok).toBe(true);
    expect(c.partial).toBe(true);
    expect(keys(c.reasons)).toEqual(expect.arrayContaining(["logistics.reason.tempCrtAmbient", "logistics.reason.nonGdpAccepted"]));
    expect(c.warnings).toContainEqual({ key: "logistics.warning.storage", about: "L3", vars: { count: 3, eur: 180 } });
    expect(c.totals).toEqual({ places: 11, kg: 4730, ldm: 4.4 });
    expect(c.storageDays).toBe(3);
    // The cost model (reference.ts COST): stand-alone groupage for each vs one consignment of 11 places + stops + storage.
    expect(c.estimate.savingEur).toBeGreaterThan(900);
    expect(c.estimate.savingEur).toBeLessThan(1150);
    expect(c.estimate.savingPct).toBeCloseTo(24.5, 0);
    // The pooled linehaul of the model matches the carrier's €2,700 for the whole reefer within 1 %.
    expect(Math.abs(c.estimate.pooledEur - 300 - 180 - 2700)).toBeLessThan(27);
  });

  it("owners' estimates use their own stand-alone quote, never another member's", () => {
    const asO02 = checkGroup([L.L1, L.L2], { quotesOf: "O02" });
    const asO04 = checkGroup([L.L1, L.L2], { quotesOf: "O04" });
    const model = checkGroup([L.L1, L.L2]);
    // L1's stated €2,050 enters only O02's view; L2's €1,600 only O04's; everyone else sees the cost model.
    const m1 = standaloneEur(L.L1, measures(L.L1), null);
    const m2 = standaloneEur(L.L2, measures(L.L2), null);
    expect(model.estimate.standaloneEur).toBe(m1 + m2);
    expect(asO02.estimate.standaloneEur).toBe(2050 + m2);
    expect(asO04.estimate.standaloneEur).toBe(m1 + 1600);
  });

  it("L4 (ethanol + NaOH, full ADR) is rejected: Daugavas Farmācija and Kurši do not co-load dangerous goods; 16,800 points", () => {
    for (const other of [L.L1, L.L2]) {
      const c = checkGroup([other, L.L4]);
      expect(c.ok).toBe(false);
      expect(c.blockers).toContainEqual({ key: "logistics.blocker.noDgCoload", about: other.id });
      expect(c.warnings).toContainEqual({ key: "logistics.warning.fullAdr", vars: { points: 16_800 } });
      // Poznań is on the corridor: the lane itself is not the problem.
      expect(c.reasons).toContainEqual(expect.objectContaining({ key: "logistics.reason.onTheWay", vars: expect.objectContaining({ to: { lv: "PL-6x · Poznań", en: "PL-6x · Poznań" } }) }));
    }
    // Joining P1 is blocked for the same reason, and it shows (same lane) among L4's suggestions.
    const s = suggestionsFor(L.L4, [], [P1]);
    expect(s).toHaveLength(1);
    expect(s[0].kind).toBe("pool");
    expect(s[0].check.ok).toBe(false);
    expect(
      s[0].check.blockers
        .filter((b) => b.key === "logistics.blocker.noDgCoload")
        .map((b) => b.about)
        .sort(),
    ).toEqual(["L1", "L2"]);
  });

  it("L5 (frozen, Jelgava → Kalundborg) has no match: another lane, another temperature, another week", () => {
    for (const other of [L.L1, L.L2, L.L3, L.L4, L.L6]) {
      const c = checkGroup([L.L5, other]);
      expect(c.ok).toBe(false);
    }
    expect(checkGroup([L.L5, L.L1]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.notOnRoute" }));
    expect(checkGroup([L.L5, L.L4]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.temp" }));
    expect(suggestionsFor(L.L5, [L.L1, L.L2, L.L3, L.L4, L.L6], [P1])).toEqual([]);
  });

  it("L6 (Venlo → Mārupe, EXW import) rides back on P1's return leg: €640 instead of €1,150", () => {
    const c = checkBackhaul(L.L6, P1, { quotesOf: "O08" });
    expect(c.ok).toBe(true);
    expect(c.reasons).toContainEqual(expect.objectContaining({ key: "logistics.reason.backhaulPickup", vars: expect.objectContaining({ km: expect.any(Number) }) }));
    const km = c.reasons.find((r) => r.key === "logistics.reason.backhaulPickup")!.vars!.km as number;
    expect(km).toBeGreaterThan(200);
    expect(km).toBeLessThan(260);
    expect(keys(c.reasons)).toEqual(expect.arrayContaining(["logistics.reason.backhaulHome", "logistics.reason.backhaulWindow", "logistics.reason.backhaulTemp", "logistics.reason.buyerControls"]));
    expect(c.estimate).toMatchObject({ standaloneEur: 1150, pooledEur: 640, savingEur: 510 });
    // Only as backhaul: L6 cannot join the outbound load (it is picked up in NL).
    const s = suggestionsFor(L.L6, [L.L4], [P1], { quotesOf: "O08" });
    expect(s.map((x) => x.kind)).toEqual(["backhaul"]);
    // Without the carrier's offer, a backhaul is estimated at 55 % of the stand-alone price.
    expect(checkBackhaul(L.L6, { ...P1, returnOfferEur: null }, { quotesOf: "O08" }).estimate.pooledEur).toBe(633);
  });

  it("ranks suggestions by saving, workable ones first", () => {
    const s = suggestionsFor(L.L1, [L.L2, L.L3, L.L4], []);
    expect(s.map((x) => ("other" in x ? x.other.id : x.pool.id))).toEqual(["L2", "L3", "L4"]);
    expect(s[0].check.estimate.savingEur).toBeGreaterThanOrEqual(s[1].check.estimate.savingEur);
    expect(s[2].check.ok).toBe(false);
  });

  it("never offers the organisation's own request as another member's: it is a separate consolidation suggestion", () => {
    const mine = { ...L.L2, id: "OWN", orgId: L.L1.orgId, orgName: L.L1.orgName };
    const s = suggestionsFor(L.L1, [L.L2, mine], []);
    const own = s.filter((x) => "other" in x && x.other.orgId === L.L1.orgId);
    expect(own.map((x) => x.kind)).toEqual(["consolidate"]);
    expect(s.find((x) => x.kind === "request" && x.other.orgId === L.L1.orgId)).toBeUndefined();
    // The same load from another organisation is a pooling suggestion; the check (and saving) is the same.
    const theirs = s.find((x) => x.kind === "request" && x.other.id === "L2")!;
    expect(own[0].check).toEqual(theirs.check);
  });

  it("every note the matcher produces has a message in the catalogue", () => {
    const all = [L.L1, L.L2, L.L3, L.L4, L.L5, L.L6];
    const notes: Note[] = [];
    for (const a of all)
      for (const b of all)
        if (a !== b) {
          const c = checkGroup([a, b]);
          notes.push(...c.reasons, ...c.warnings, ...c.blockers);
        }
    const b = checkBackhaul(L.L6, P1);
    notes.push(...b.reasons, ...b.warnings, ...b.blockers);
    for (const n of notes) expect(isMessageKey(n.key), n.key).toBe(true);
    for (const t of TEMP_CLASSES) expect(isMessageKey(`logistics.temp.${t}`)).toBe(true);
  });
});

describe("hard rules, one at a time", () => {
  const base = (over: Partial<MatchRequest>): MatchRequest => ({ ...L.L2, id: "X", orgId: "OX", orgName: "X", policy: "adr_table", ...over });

  it("Incoterms: a seller on EXW/FCA (the buyer arranges the carriage) is never pooled; a buyer on C/D terms neither", () => {
    const c = checkGroup([L.L1, base({ incoterm: "FCA", role: "seller" })]);
    expect(c.blockers).toContainEqual({ key: "logistics.blocker.buyerArranges", about: "X", vars: { incoterm: "FCA" } });
    const d = checkGroup([L.L1, base({ incoterm: "DAP", role: "buyer" })]);
    expect(d.blockers).toContainEqual({ key: "logistics.blocker.sellerArranges", about: "X", vars: { incoterm: "DAP" } });
    expect(checkGroup([L.L1, base({ incoterm: "EXW", role: "buyer" })]).ok).toBe(true);
  });

  it("temperature: 2–8 °C never shares with 15–25 °C; frozen only with frozen", () => {
    expect(checkGroup([L.L1, base({ tempClass: "CHILLED_2_8" })]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.temp" }));
    expect(checkGroup([base({ id: "Y", tempClass: "FROZEN_MINUS_20" }), base({ tempClass: "FROZEN_MINUS_20" })]).ok).toBe(true);
    expect(checkGroup([base({ id: "Y", tempClass: "AMBIENT" }), base({ tempClass: "AMBIENT" })]).vehicle).toEqual(STANDARD_TRAILER);
  });

  it("dangerous goods: class 3 with class 5.1 is blocked; an lq_only shipper takes limited quantities only; 6.1 never with medicines", () => {
    const ethanol = { un: "UN1170", cls: "3" as const, pg: "II" as const, quantity: "200", unit: "L" as const, lq: false };
    const peroxide = { un: "UN2014", cls: "5.1" as const, pg: "II" as const, quantity: "100", unit: "L" as const, lq: false };
    const c = checkGroup([base({ id: "Y", gdp: false, dg: [ethanol] }), base({ gdp: false, dg: [peroxide] })]);
    expect(c.blockers).toContainEqual({ key: "logistics.blocker.segregation", vars: { a: "3", b: "5.1" } });
    expect(c.reasons).toContainEqual({ key: "logistics.reason.adrExempt", vars: { points: 900 } });
    // Limited quantities are not subject to mixed-loading rules; an lq_only shipper accepts them.
    expect(checkGroup([base({ id: "Y", gdp: false, dg: [{ ...ethanol, lq: true }] }), base({ gdp: false, dg: [{ ...peroxide, lq: true }] })]).ok).toBe(true);
    const lq = checkGroup([base({ id: "Y", policy: "lq_only" }), base({ gdp: false, dg: [ethanol] })]);
    expect(lq.blockers).toContainEqual({ key: "logistics.blocker.lqOnly", about: "Y" });
    expect(checkGroup([base({ id: "Y", policy: "lq_only" }), base({ gdp: false, dg: [{ ...ethanol, lq: true }] })]).ok).toBe(true);
    const methanol = { un: "UN1230", cls: "3" as const, pg: "II" as const, quantity: "50", unit: "L" as const, lq: false };
    expect(checkGroup([L.L1, base({ gdp: false, dg: [methanol] })]).blockers).toContainEqual({ key: "logistics.blocker.foodSeparation", vars: { cls: "6.1" } });
  });

  it("capacity: the combined load must fit one vehicle (33 places, 22 t in a reefer)", () => {
    const big = base({ units: 30 });
    expect(checkGroup([L.L1, big]).blockers).toContainEqual({ key: "logistics.blocker.places", vars: { places: 36, max: 33 } });
    const heavy = base({ units: 10, grossKg: "20000" });
    expect(checkGroup([L.L1, heavy]).blockers).toContainEqual({ key: "logistics.blocker.kg", vars: { kg: 22_940, max: 22_000 } });
    // The same weight fits a standard trailer (24 t) when nothing is temperature-controlled.
    expect(checkGroup([base({ id: "Y", tempClass: "AMBIENT", grossKg: "2940" }), base({ units: 10, grossKg: "20000", tempClass: "AMBIENT" })]).ok).toBe(true);
    // Stackable pallets count half a place.
    expect(checkGroup([base({ id: "Y", units: 32, stackable: true }), base({ units: 17 })]).totals.places).toBe(33);
  });

  it("lane: pickups more than 60 km apart, or drops neither in one region nor on one route, are blocked; unknown cities match by country", () => {
    const valmiera = base({ origin: geocode("Valmiera", "LV-4201", "LV") });
    expect(checkGroup([L.L1, valmiera]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.pickupFar" }));
    const milan = base({ destination: geocode("Milano", "20121", "IT") });
    expect(checkGroup([L.L1, milan]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.notOnRoute" }));
    // A place without coordinates (a request saved before the gazetteer, or a name no gazetteer knows).
    const unknown = base({ origin: geocode("Nekurciems", "LV-2125", "LV") });
    expect(unknown.origin.lat).toBeNull();
    const c = checkGroup([L.L1, unknown]);
    expect(c.ok).toBe(true);
    expect(c.warnings).toContainEqual({ key: "logistics.warning.countryLevel" });
  });

  it("places beyond the platform's own table come from the gazetteer: Sigulda is compared by distance, not by country", () => {
    const sigulda = base({ origin: geocode("Sigulda", "LV-2150", "LV") });
    expect(sigulda.origin.lat).not.toBeNull();
    // Sigulda–Rīga ≈ 45 km: within the pickup radius, so it pools with L1 and without the country-level warning.
    const c = checkGroup([L.L1, sigulda]);
    expect(keys(c.blockers)).not.toContain("logistics.blocker.pickupFar");
    expect(c.warnings).not.toContainEqual({ key: "logistics.warning.countryLevel" });
    // Cēsis is ≈ 85 km from Rīga: too far for one pickup round.
    const cesis = base({ origin: geocode("Cesis", "LV-4101", "LV") });
    expect(cesis.origin.city).toBe("Cēsis");
    expect(keys(checkGroup([L.L1, cesis]).blockers)).toContain("logistics.blocker.pickupFar");
  });

  it("time: windows a day apart need a cross-dock; further apart is blocked; a late arrival is blocked", () => {
    const day = 86_400_000;
    const nextDay = base({ earliestPickup: L.L1.earliestPickup + day + 4 * 3_600_000, latestPickup: L.L1.earliestPickup + day + 8 * 3_600_000, latestDelivery: L.L1.latestDelivery + 3 * day });
    const c = checkGroup([base({ id: "Y", latestDelivery: L.L1.latestDelivery + 3 * day }), nextDay]);
    expect(c.warnings).toContainEqual({ key: "logistics.warning.crossDock" });
    expect(c.partial).toBe(true);
    const week = base({ earliestPickup: L.L1.earliestPickup + 7 * day, latestPickup: L.L1.latestPickup + 7 * day, latestDelivery: L.L1.latestDelivery + 7 * day });
    expect(checkGroup([L.L1, week]).blockers).toContainEqual({ key: "logistics.blocker.windows", vars: { count: 7 } });
    const rushed = base({ latestDelivery: L.L1.earliestPickup + day });
    expect(checkGroup([L.L1, rushed]).blockers).toContainEqual(expect.objectContaining({ key: "logistics.blocker.late", about: "X" }));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties over random requests (a seeded generator: the same cases on every run).

describe("properties (seeded random requests)", () => {
  const next = rng(20251020);
  const reqs = Array.from({ length: 90 }, (_, i) => randomRequest(next, i));

  it("a suggestion that passes never violates a hard rule", () => {
    let passed = 0;
    for (let i = 0; i < reqs.length; i++)
      for (let j = i + 1; j < reqs.length; j++) {
        const [a, b] = [reqs[i], reqs[j]];
        const c = checkGroup([a, b]);
        if (!c.ok) continue;
        passed++;
        expect(a.status).toBe("open");
        expect(b.status).toBe("open");
        // Lane
        expect(a.origin.country).toBe(b.origin.country);
        if (a.origin.lat !== null && b.origin.lat !== null)
          expect(haversineKm(a.origin as { lat: number; lon: number }, b.origin as { lat: number; lon: number })).toBeLessThanOrEqual(MATCH.pickupRadiusKm);
        if (a.destination.lat === null || b.destination.lat === null) expect(a.destination.country).toBe(b.destination.country);
        // Windows within a cross-dock day
        const gap = Math.max(a.earliestPickup, b.earliestPickup) - Math.min(a.latestPickup, b.latestPickup);
        expect(gap).toBeLessThanOrEqual(MATCH.crossDockHours * 3_600_000);
        // Temperature
        const t = new Set([a.tempClass, b.tempClass]);
        expect(t.size === 1 || (t.has("CRT_15_25") && t.has("AMBIENT"))).toBe(true);
        // Dangerous goods and shipper policies
        for (const [x, y] of [
          [a, b],
          [b, a],
        ]) {
          if (x.policy === "no_dg_coload") expect(y.dg).toEqual([]);
          if (x.policy === "lq_only") expect(y.dg.every((l) => l.lq)).toBe(true);
          const ox = x.dg.some((l) => !l.lq && (l.cls === "5.1" || l.cls === "5.2"));
          const fl = y.dg.some((l) => !l.lq && (l.cls === "3" || l.cls === "4.1"));
          expect(ox && fl).toBe(false);
        }
        // Capacity
        const vehicle = a.tempClass === "AMBIENT" && b.tempClass === "AMBIENT" ? STANDARD_TRAILER : REEFER_TRAILER;
        const ma = measures(a);
        const mb = measures(b);
        expect(milliToNumber(ma.placesMilli + mb.placesMilli)).toBeLessThanOrEqual(vehicle.places);
        expect(milliToNumber(ma.kgMilli + mb.kgMilli)).toBeLessThanOrEqual(vehicle.kg);
        expect(milliToNumber(ma.ldmMilli + mb.ldmMilli)).toBeLessThanOrEqual(vehicle.ldm);
        // Incoterms
        expect(controlsCarriage(a.role, a.incoterm) && controlsCarriage(b.role, b.incoterm)).toBe(true);
      }
    // The generator is tuned so that the property is exercised, not vacuous.
    expect(passed).toBeGreaterThan(15);
  });

  it("symmetry: if A matches B, B matches A — with the same blockers", () => {
    for (let i = 0; i < reqs.length; i++)
      for (let j = i + 1; j < reqs.length; j++) {
        const ab = checkGroup([reqs[i], reqs[j]]);
        const ba = checkGroup([reqs[j], reqs[i]]);
        expect(ba.ok).toBe(ab.ok);
        expect(ba.partial).toBe(ab.partial);
        expect(ba.blockers).toEqual(ab.blockers);
      }
  });

  it("suggestions are symmetric too: A lists B exactly when B lists A", () => {
    const open = reqs.filter((r) => r.status === "open");
    const lists = new Map(
      open.map((r) => [
        r.id,
        new Set(
          suggestionsFor(r, open, [])
            .filter((s) => s.check.ok)
            .map((s) => ("other" in s ? s.other.id : "")),
        ),
      ]),
    );
    for (const a of open) for (const b of lists.get(a.id)!) expect(lists.get(b)!.has(a.id)).toBe(true);
  });
});
