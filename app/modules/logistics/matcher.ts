// Pooling matcher (docs/domain.md "Matching rules") as pure functions: hard rules, reasons, warnings and blockers in plain words
// (message keys + variables, rendered per viewer and language), and a savings estimate from a stated cost model.
// The SQL candidate query (matching.server.ts) narrows 10,000 open requests to a handful; this decides.
// Every function sorts its members by id first, so the answer never depends on argument order (symmetry).
import { countryCentre, findCity, haversineKm, regionLabel } from "./geo";
import { measures, milliToNumber, type LoadFacts, type LoadMeasures } from "./load";
import {
  ADR_MULTIPLIER,
  ADR_POINTS_LIMIT,
  COST,
  MATCH,
  REEFER_TRAILER,
  STANDARD_TRAILER,
  controlsCarriage,
  unEntry,
  type AdrClass,
  type Customs,
  type Incoterm,
  type LogisticsPolicy,
  type MemberRole,
  type PackingGroup,
  type RequestStatus,
  type TempClass,
  type Vehicle,
} from "./reference";

export interface Place {
  city: string;
  postcode: string;
  country: string;
  lat: number | null;
  lon: number | null;
}

export interface DgLine {
  un: string;
  cls: AdrClass;
  pg: PackingGroup | null;
  quantity: string;
  unit: "L" | "kg";
  lq: boolean;
}

export interface MatchRequest extends LoadFacts {
  id: string;
  orgId: string;
  orgName: string;
  policy: LogisticsPolicy;
  status: RequestStatus;
  origin: Place;
  destination: Place;
  /** Instants in epoch milliseconds. */
  earliestPickup: number;
  latestPickup: number;
  earliestDelivery: number | null;
  latestDelivery: number;
  customs: Customs;
  tempClass: TempClass;
  gdp: boolean;
  dg: DgLine[];
  incoterm: Incoterm;
  role: MemberRole;
  /** The member's own stand-alone quote (private): used only in the owner's estimates and in split method B. */
  standaloneEur: string | null;
}

export type NoteVar = string | number | { lv: string; en: string } | { key: string };
export interface Note {
  /** A message key (app/i18n/messages/logistics.ts). */
  key: string;
  vars?: Record<string, NoteVar>;
  /** The request whose organisation the note names as {org} (rendered as the viewer's own organisation or "another member"). */
  about?: string;
}

export interface Estimate {
  /** Whole euros (an estimate, not a price). */
  standaloneEur: number;
  pooledEur: number;
  savingEur: number;
  savingPct: number;
}

export interface GroupCheck {
  ok: boolean;
  /** ok, but with conditions that cost something (cross-dock, storage, full ADR…). */
  partial: boolean;
  reasons: Note[];
  warnings: Note[];
  blockers: Note[];
  vehicle: Vehicle;
  totals: { places: number; kg: number; ldm: number };
  extraStops: number;
  storageDays: number;
  estimate: Estimate;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function pt(p: Place): { lat: number; lon: number } | null {
  return p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null;
}

/** Where a place is for distance estimates: its coordinates, else its country's centre. */
function approx(p: Place): { lat: number; lon: number } | null {
  return pt(p) ?? countryCentre(p.country);
}

export function roadKm(a: Place, b: Place): number {
  const x = approx(a);
  const y = approx(b);
  if (!x || !y) return 1500; // unknown countries: a typical cluster lane
  return haversineKm(x, y) * MATCH.roadFactor;
}

export function transitMs(km: number): number {
  return Math.max(1, Math.ceil(km / MATCH.kmPerDay)) * DAY;
}

const area = (p: Place) => ({ lv: regionLabel(p, "lv"), en: regionLabel(p, "en") });
const tempVar = (t: TempClass) => ({ key: `logistics.tempShort.${t}` });

function labels(l: DgLine): AdrClass[] {
  return [l.cls, ...(unEntry(l.un)?.subsidiary ?? [])];
}

/** ADR 1.1.3.6 points of a DG line (LQ lines count 0). */
export function adrPoints(l: DgLine): number {
  if (l.lq) return 0;
  const e = unEntry(l.un);
  if (!e) return 0;
  const cat = e.category[l.pg ?? "-"] ?? e.category["-"] ?? 4;
  const mult = ADR_MULTIPLIER[cat];
  return Number(l.quantity) * (Number.isFinite(mult) ? mult : 0);
}

/** Groupage price of one consignment in whole euros (the cost model in reference.ts COST). */
export function groupageEur(km: number, placesMilli: bigint, reefer: boolean): number {
  const places = milliToNumber(placesMilli);
  const perKm = Math.min(COST.ftlEurPerKm[reefer ? "reefer" : "standard"], (COST.baseEurPerKm + COST.perPlaceEurPerKm * places) * (reefer ? COST.reeferFactor : 1));
  return Math.max(COST.minimumEur, Math.round(km * perKm));
}

/** A request's stand-alone cost: its stated quote when the viewer may use it (its own organisation), else the model. */
export function standaloneEur(r: MatchRequest, m: LoadMeasures, quotesOf: string | null): number {
  if (quotesOf !== null && r.orgId === quotesOf && r.standaloneEur !== null) return Math.round(Number(r.standaloneEur));
  return groupageEur(roadKm(r.origin, r.destination), m.placesMilli, r.tempClass !== "AMBIENT");
}

function distinctStops(places: Place[]): number {
  const seen: Place[] = [];
  for (const p of places) {
    const a = pt(p);
    const dup = seen.some((q) => {
      const b = pt(q);
      if (a && b) return haversineKm(a, b) <= MATCH.sameStopKm;
      return q.country === p.country && q.city.trim().toLowerCase() === p.city.trim().toLowerCase() && q.postcode === p.postcode;
    });
    if (!dup) seen.push(p);
  }
  return seen.length;
}

function offLane(blockers: Note[]): GroupCheck {
  const zero = { standaloneEur: 0, pooledEur: 0, savingEur: 0, savingPct: 0 };
  return { ok: false, partial: false, reasons: [], warnings: [], blockers, vehicle: STANDARD_TRAILER, totals: { places: 0, kg: 0, ldm: 0 }, extraStops: 0, storageDays: 0, estimate: zero };
}

export interface CheckOptions {
  /** Stop after the lane rule when it fails (suggestion lists drop such pairs anyway): the rest is not computed. */
  quick?: boolean;
  /** Requests that must still be open (default: all). A pool re-check passes the ones already claimed by it. */
  mustBeOpen?: Set<string>;
  /** The viewer's organisation: only its own stated stand-alone quotes enter its estimates. */
  quotesOf?: string | null;
}

/** All hard rules for loading these requests on one vehicle together (2 or more). */
export function checkGroup(input: MatchRequest[], opts: CheckOptions = {}): GroupCheck {
  const ms = byId(input);
  const reasons: Note[] = [];
  const warnings: Note[] = [];
  const blockers: Note[] = [];
  const meas = new Map(ms.map((r) => [r.id, measures(r)]));
  const mustBeOpen = opts.mustBeOpen ?? new Set(ms.map((r) => r.id));

  // 1. Status.
  for (const r of ms) if (mustBeOpen.has(r.id) && r.status !== "open") blockers.push({ key: "logistics.blocker.notOpen", about: r.id });

  // 2. Lane: pickups in one region; drops in one region or on one route.
  const hub = ms[0].origin;
  let countryLevel = false;
  let pickupsOk = true;
  for (let i = 0; i < ms.length; i++)
    for (let j = i + 1; j < ms.length; j++) {
      const a = ms[i].origin;
      const b = ms[j].origin;
      if (a.country !== b.country) {
        pickupsOk = false;
        blockers.push({ key: "logistics.blocker.pickupCountry", vars: { a: a.country, b: b.country } });
        continue;
      }
      const pa = pt(a);
      const pb = pt(b);
      if (!pa || !pb) countryLevel = true;
      else {
        const d = haversineKm(pa, pb);
        if (d > MATCH.pickupRadiusKm) {
          pickupsOk = false;
          blockers.push({ key: "logistics.blocker.pickupFar", vars: { km: Math.round(d), max: MATCH.pickupRadiusKm } });
        }
      }
    }
  const drops = ms.map((r) => r.destination);
  let dropsOk = true;
  let corridor = false;
  // Distances only when every place is known; a city outside the table means country-level matching (no corridor).
  const dropsKnown = drops.every((d) => pt(d) !== null) && ms.every((r) => pt(r.origin) !== null);
  if (!dropsKnown) {
    countryLevel = true;
    if (new Set(drops.map((d) => d.country)).size > 1) {
      dropsOk = false;
      blockers.push({ key: "logistics.blocker.dropCountry" });
    }
  } else {
    let maxD = 0;
    let sameRegion = true;
    for (let i = 0; i < drops.length; i++)
      for (let j = i + 1; j < drops.length; j++) {
        const d = haversineKm(pt(drops[i])!, pt(drops[j])!);
        maxD = Math.max(maxD, d);
        if (drops[i].country !== drops[j].country || d > MATCH.dropRadiusKm) sameRegion = false;
      }
    if (sameRegion) {
      if (maxD > MATCH.sameStopKm) reasons.push({ key: "logistics.reason.dropsNear", vars: { km: Math.round(maxD) } });
    } else {
      // Corridor: every other drop lies on the way to the farthest one.
      const o = pt(hub)!;
      const far = drops.reduce((a, b) => (haversineKm(o, pt(b)!) > haversineKm(o, pt(a)!) ? b : a));
      const direct = haversineKm(o, pt(far)!);
      for (const x of drops) {
        if (x === far) continue;
        // Drops in the far drop's own region are simply "near" it, not a separate corridor stop.
        if (x.country === far.country && haversineKm(pt(x)!, pt(far)!) <= MATCH.dropRadiusKm) continue;
        const detour = haversineKm(o, pt(x)!) + haversineKm(pt(x)!, pt(far)!) - direct;
        if (detour > MATCH.corridorDetourKm) {
          dropsOk = false;
          blockers.push({ key: "logistics.blocker.notOnRoute", vars: { to: area(x), via: area(far), km: Math.round(detour) } });
        } else {
          corridor = true;
          reasons.push({ key: "logistics.reason.onTheWay", vars: { to: area(x), via: area(far), km: Math.round(Math.max(0, detour)) } });
        }
      }
    }
  }
  if (opts.quick && (!pickupsOk || !dropsOk)) return offLane(blockers);
  if (pickupsOk && dropsOk) {
    const far = drops.reduce((a, b) => (roadKm(hub, b) > roadKm(hub, a) ? b : a));
    reasons.unshift({ key: corridor ? "logistics.reason.corridor" : "logistics.reason.lane", vars: { from: area(hub), to: area(far) } });
  }
  if (countryLevel) warnings.push({ key: "logistics.warning.countryLevel" });
  const extraStops = distinctStops(ms.map((r) => r.origin)) - 1 + distinctStops(drops) - 1;
  if (extraStops > 0) warnings.push({ key: "logistics.warning.extraStops", vars: { count: extraStops, eur: extraStops * COST.extraStopEur } });

  // 3. Time: pickup windows overlap (or a cross-dock bridges up to a day); everyone arrives by their latest delivery.
  const start = Math.max(...ms.map((r) => r.earliestPickup));
  const end = Math.min(...ms.map((r) => r.latestPickup));
  const overlap = end - start;
  if (overlap >= MATCH.minOverlapHours * HOUR) {
    const hours = Math.round(overlap / HOUR);
    reasons.push(hours >= 48 ? { key: "logistics.reason.overlapDays", vars: { count: Math.floor(hours / 24) } } : { key: "logistics.reason.overlapHours", vars: { count: hours } });
  } else if (-overlap <= MATCH.crossDockHours * HOUR) {
    warnings.push({ key: "logistics.warning.crossDock" });
  } else {
    blockers.push({ key: "logistics.blocker.windows", vars: { count: Math.ceil(-overlap / DAY) } });
  }
  let storageDays = 0;
  for (const r of ms) {
    const arrival = start + transitMs(roadKm(hub, r.destination));
    if (arrival > r.latestDelivery) blockers.push({ key: "logistics.blocker.late", about: r.id, vars: { days: Math.round((transitMs(roadKm(hub, r.destination)) / DAY) * 10) / 10 } });
    else if (r.earliestDelivery !== null && arrival < r.earliestDelivery) {
      const days = Math.ceil((r.earliestDelivery - arrival) / DAY);
      storageDays += days;
      warnings.push({ key: "logistics.warning.storage", about: r.id, vars: { count: days, eur: days * COST.storagePerDayEur } });
    }
  }

  // 4. Temperature (docs/domain.md "Temperature classes"): the same class, or 15–25 °C with ambient goods; one set-point per trailer.
  const temps = [...new Set(ms.map((r) => r.tempClass))].sort();
  if (temps.length === 1) reasons.push({ key: ms.length === 2 ? "logistics.reason.tempBoth" : "logistics.reason.tempAll", vars: { temp: tempVar(temps[0]) } });
  else if (temps.every((t) => t === "CRT_15_25" || t === "AMBIENT")) reasons.push({ key: "logistics.reason.tempCrtAmbient" });
  else blockers.push({ key: "logistics.blocker.temp", vars: { a: tempVar(temps[0]), b: tempVar(temps[1]) } });
  const gdp = ms.filter((r) => r.gdp);
  if (gdp.length > 0) {
    reasons.push({ key: "logistics.reason.gdpVehicle" });
    if (gdp.length < ms.length) reasons.push({ key: "logistics.reason.nonGdpAccepted" });
  }

  // 5. Dangerous goods: shipper policies, ADR 7.5.2.1 mixed loading (+ the cluster's stricter oxidiser rule),
  // ADR 7.5.4 separation from medicines and food, and the 1.1.3.6 points of the whole load.
  const hasDg = ms.filter((r) => r.dg.length > 0);
  for (const r of ms) {
    const others = ms.filter((o) => o.id !== r.id);
    if (r.policy === "no_dg_coload" && others.some((o) => o.dg.length > 0)) blockers.push({ key: "logistics.blocker.noDgCoload", about: r.id });
    if (r.policy === "lq_only" && others.some((o) => o.dg.some((l) => !l.lq))) blockers.push({ key: "logistics.blocker.lqOnly", about: r.id });
  }
  const seen = new Set<string>();
  const flag = (n: Note) => {
    const k = `${n.key}|${JSON.stringify(n.vars)}`;
    if (!seen.has(k)) {
      blockers.push(n);
      seen.add(k);
    }
  };
  for (let i = 0; i < ms.length; i++)
    for (let j = 0; j < ms.length; j++) {
      if (i === j) continue;
      for (const a of ms[i].dg) {
        if (a.lq) continue; // limited quantities: not subject to 7.5.2 / 7.5.4 (ADR 3.4.1)
        const la = labels(a);
        if (j > i) {
          for (const b of ms[j].dg) {
            if (b.lq) continue;
            const lb = labels(b);
            if (la.includes("1") || lb.includes("1")) flag({ key: "logistics.blocker.class1" });
            const ox = (l: AdrClass[]) => l.includes("5.1") || l.includes("5.2");
            const fl = (l: AdrClass[]) => l.includes("3") || l.includes("4.1") || l.includes("4.2");
            if (ox(la) && fl(lb)) flag({ key: "logistics.blocker.segregation", vars: { a: lb.find((x) => ["3", "4.1", "4.2"].includes(x))!, b: la.find((x) => x === "5.1" || x === "5.2")! } });
            if (ox(lb) && fl(la)) flag({ key: "logistics.blocker.segregation", vars: { a: la.find((x) => ["3", "4.1", "4.2"].includes(x))!, b: lb.find((x) => x === "5.1" || x === "5.2")! } });
          }
        }
        const toxic = la.find((x) => x === "6.1" || x === "6.2");
        if (toxic && !unEntry(a.un)?.noFoodSeparation && ms[j].gdp) flag({ key: "logistics.blocker.foodSeparation", vars: { cls: toxic } });
      }
    }
  const points = Math.round(ms.reduce((s, r) => s + r.dg.reduce((t, l) => t + adrPoints(l), 0), 0));
  if (hasDg.length === 0) reasons.push({ key: "logistics.reason.noDg" });
  else if (points > ADR_POINTS_LIMIT) warnings.push({ key: "logistics.warning.fullAdr", vars: { points } });
  else reasons.push({ key: "logistics.reason.adrExempt", vars: { points } });
  if (ms.some((r) => r.dg.some((l) => unEntry(l.un)?.coolant))) warnings.push({ key: "logistics.warning.dryIce" });

  // 6. Capacity: one vehicle (a reefer when anything is temperature-controlled).
  const vehicle = ms.some((r) => r.tempClass !== "AMBIENT") ? REEFER_TRAILER : STANDARD_TRAILER;
  const sum = (f: (m: LoadMeasures) => bigint) => ms.reduce((s, r) => s + f(meas.get(r.id)!), 0n);
  const places = milliToNumber(sum((m) => m.placesMilli));
  const kg = milliToNumber(sum((m) => m.kgMilli));
  const ldm = milliToNumber(sum((m) => m.ldmMilli));
  if (places > vehicle.places) blockers.push({ key: "logistics.blocker.places", vars: { places, max: vehicle.places } });
  if (kg > vehicle.kg) blockers.push({ key: "logistics.blocker.kg", vars: { kg: Math.round(kg), max: vehicle.kg } });
  if (ldm > vehicle.ldm) blockers.push({ key: "logistics.blocker.ldm", vars: { ldm, max: vehicle.ldm } });
  if (places <= vehicle.places && kg <= vehicle.kg && ldm <= vehicle.ldm)
    reasons.push({ key: "logistics.reason.capacity", vars: { places, max: vehicle.places, kg: Math.round(kg), maxKg: vehicle.kg } });

  // 7. Commercial: the member controls the main carriage (Incoterms 2020, docs/domain.md "Incoterms and who may pool").
  for (const r of ms)
    if (!controlsCarriage(r.role, r.incoterm))
      blockers.push({ key: r.role === "seller" ? "logistics.blocker.buyerArranges" : "logistics.blocker.sellerArranges", about: r.id, vars: { incoterm: r.incoterm } });
  if (blockers.length === 0) reasons.push({ key: "logistics.reason.carriage" });

  // 8. Customs: mixing statuses works but adds border time.
  if (new Set(ms.map((r) => r.customs)).size > 1) warnings.push({ key: "logistics.warning.mixedCustoms" });

  // Estimate: stand-alone groupage for each vs one consignment of the combined load plus stops and storage.
  const quotesOf = opts.quotesOf ?? null;
  const standalone = ms.reduce((s, r) => s + standaloneEur(r, meas.get(r.id)!, quotesOf), 0);
  const longest = Math.max(...ms.map((r) => roadKm(hub, r.destination)));
  const pooled =
    groupageEur(
      longest,
      sum((m) => m.placesMilli),
      vehicle.kind === "reefer",
    ) +
    extraStops * COST.extraStopEur +
    storageDays * COST.storagePerDayEur;
  const estimate: Estimate = {
    standaloneEur: standalone,
    pooledEur: pooled,
    savingEur: standalone - pooled,
    savingPct: standalone > 0 ? Math.round(((standalone - pooled) / standalone) * 1000) / 10 : 0,
  };
  const ok = blockers.length === 0;
  return { ok, partial: ok && warnings.some((w) => PARTIAL_WARNINGS.has(w.key)), reasons, warnings, blockers, vehicle, totals: { places, kg, ldm }, extraStops, storageDays, estimate };
}

/** Warnings that make a match "partial" (it works, at an extra cost or condition). */
const PARTIAL_WARNINGS = new Set(["logistics.warning.storage", "logistics.warning.crossDock", "logistics.warning.fullAdr", "logistics.warning.mixedCustoms"]);

// -----------------------------------------------------------------------------------------------------------------
// Backhaul: a request travelling back on a pool's return leg (the truck is empty after its drops).

export interface PoolLeg {
  id: string;
  members: MatchRequest[];
  /** The carrier's published price for the return leg (whole euros), if any. */
  returnOfferEur: string | null;
  /** The load can still change (proposed or confirmed); default true. */
  joinable?: boolean;
  /** The return leg already carries a load; default false. */
  returnTaken?: boolean;
}

export interface BackhaulCheck {
  ok: boolean;
  reasons: Note[];
  warnings: Note[];
  blockers: Note[];
  freeFrom: number;
  estimate: Estimate;
}

export function checkBackhaul(r: MatchRequest, pool: PoolLeg, opts: CheckOptions = {}): BackhaulCheck {
  const ms = byId(pool.members);
  const reasons: Note[] = [];
  const warnings: Note[] = [];
  const blockers: Note[] = [];
  if (r.status !== "open") blockers.push({ key: "logistics.blocker.notOpen", about: r.id });
  if (pool.returnTaken) blockers.push({ key: "logistics.blocker.returnTaken" });
  const hub = ms[0].origin;
  const start = Math.max(...ms.map((m) => m.earliestPickup));
  const freeFrom = start + Math.max(...ms.map((m) => transitMs(roadKm(hub, m.destination))));

  // Lane: picked up near one of the pool's drops, delivered into the pool's pickup region.
  const o = pt(r.origin);
  const nearDrop = ms
    .map((m) => ({ m, d: o && pt(m.destination) ? haversineKm(o, pt(m.destination)!) : null }))
    .filter((x) => x.d !== null)
    .sort((a, b) => a.d! - b.d!)[0];
  if (nearDrop && nearDrop.d! <= MATCH.backhaulPickupKm)
    reasons.push({ key: "logistics.reason.backhaulPickup", vars: { from: area(r.origin), near: area(nearDrop.m.destination), km: Math.round(nearDrop.d!) } });
  else if (!nearDrop && ms.some((m) => m.destination.country === r.origin.country)) warnings.push({ key: "logistics.warning.countryLevel" });
  else blockers.push({ key: "logistics.blocker.backhaulFar", vars: { max: MATCH.backhaulPickupKm } });
  const dh = pt(r.destination);
  const home = pt(hub);
  if (r.destination.country !== hub.country) blockers.push({ key: "logistics.blocker.backhaulHome", vars: { to: area(hub) } });
  else if (dh && home && haversineKm(dh, home) > MATCH.pickupRadiusKm) blockers.push({ key: "logistics.blocker.backhaulHome", vars: { to: area(hub) } });
  else reasons.push({ key: "logistics.reason.backhaulHome", vars: { to: area(r.destination) } });

  // Time: the pickup window meets the week after the pool's drops; delivery still in time.
  const until = freeFrom + MATCH.backhaulDays * DAY;
  if (r.latestPickup < freeFrom || r.earliestPickup > until) blockers.push({ key: "logistics.blocker.backhaulWindow" });
  else {
    reasons.push({ key: "logistics.reason.backhaulWindow" });
    const arrival = Math.max(r.earliestPickup, freeFrom) + transitMs(roadKm(r.origin, r.destination));
    if (arrival > r.latestDelivery) blockers.push({ key: "logistics.blocker.late", about: r.id, vars: { days: Math.round(transitMs(roadKm(r.origin, r.destination)) / DAY) } });
  }

  // Temperature: the trailer keeps the pool's set-point.
  const poolTemps = [...new Set(ms.map((m) => m.tempClass))];
  const setPoint: TempClass = poolTemps.length === 1 ? poolTemps[0] : "CRT_15_25";
  const reefer = poolTemps.some((t) => t !== "AMBIENT");
  const fits = r.tempClass === setPoint || (r.tempClass === "AMBIENT" && (setPoint === "CRT_15_25" || !reefer));
  if (fits) reasons.push({ key: "logistics.reason.backhaulTemp", vars: { temp: tempVar(setPoint) } });
  else blockers.push({ key: "logistics.blocker.temp", vars: { a: tempVar(setPoint), b: tempVar(r.tempClass) } });

  // Goods: alone on the return leg, so only the vehicle matters.
  const points = Math.round(r.dg.reduce((t, l) => t + adrPoints(l), 0));
  if (points > ADR_POINTS_LIMIT) warnings.push({ key: "logistics.warning.fullAdr", vars: { points } });
  const m = measures(r);
  const vehicle = reefer ? REEFER_TRAILER : STANDARD_TRAILER;
  if (milliToNumber(m.placesMilli) > vehicle.places || milliToNumber(m.kgMilli) > vehicle.kg || milliToNumber(m.ldmMilli) > vehicle.ldm)
    blockers.push({ key: "logistics.blocker.places", vars: { places: milliToNumber(m.placesMilli), max: vehicle.places } });
  if (!controlsCarriage(r.role, r.incoterm))
    blockers.push({ key: r.role === "seller" ? "logistics.blocker.buyerArranges" : "logistics.blocker.sellerArranges", about: r.id, vars: { incoterm: r.incoterm } });
  else reasons.push({ key: r.role === "buyer" ? "logistics.reason.buyerControls" : "logistics.reason.carriage", vars: { incoterm: r.incoterm } });

  const standalone = standaloneEur(r, m, opts.quotesOf ?? null);
  const price = pool.returnOfferEur !== null ? Math.round(Number(pool.returnOfferEur)) : Math.round(standalone * COST.backhaulFactor);
  reasons.push({ key: "logistics.reason.backhaulPrice", vars: { eur: price, standalone } });
  const estimate: Estimate = {
    standaloneEur: standalone,
    pooledEur: price,
    savingEur: standalone - price,
    savingPct: standalone > 0 ? Math.round(((standalone - price) / standalone) * 1000) / 10 : 0,
  };
  return { ok: blockers.length === 0, reasons, warnings, blockers, freeFrom, estimate };
}

// -----------------------------------------------------------------------------------------------------------------
// Suggestions for one request, ranked by estimated saving (blocked ones last, so members see why).

/**
 * request: another member's open request to pool with; consolidate: another open request of the same organisation
 * (two of its own shipments in one load — never offered as if it were another member's); pool: join a live pool;
 * backhaul: its return leg.
 */
export type Suggestion =
  | { kind: "request"; other: MatchRequest; check: GroupCheck }
  | { kind: "consolidate"; other: MatchRequest; check: GroupCheck }
  | { kind: "pool"; pool: PoolLeg; check: GroupCheck }
  | { kind: "backhaul"; pool: PoolLeg; check: BackhaulCheck };

/** The other request of a request or consolidation suggestion. */
export const otherRequest = (s: Suggestion): MatchRequest | null => ("other" in s ? s.other : null);

export function suggestionsFor(target: MatchRequest, candidates: MatchRequest[], pools: PoolLeg[], opts: CheckOptions = {}): Suggestion[] {
  const out: Suggestion[] = [];
  for (const c of candidates) {
    if (c.id === target.id) continue;
    out.push({ kind: c.orgId === target.orgId ? "consolidate" : "request", other: c, check: checkGroup([target, c], { ...opts, quick: true }) });
  }
  for (const p of pools) {
    if (p.members.some((m) => m.id === target.id)) continue;
    if (p.members.length === 0) continue;
    const join = checkGroup([...p.members, target], { ...opts, mustBeOpen: new Set([target.id]) });
    if (p.joinable === false) {
      // Quoted or booked: its load is fixed. Still shown (with every other reason) when it is on the lane.
      join.blockers.unshift({ key: "logistics.blocker.poolFixed" });
      join.ok = false;
      join.partial = false;
    }
    out.push({ kind: "pool", pool: p, check: join });
    out.push({ kind: "backhaul", pool: p, check: checkBackhaul(target, p, opts) });
  }
  // A pool offers either joining or its return leg; keep the blocked variant only when neither works and it is on the lane.
  const filtered = out.filter((s) => {
    if (s.check.ok) return true;
    if ("other" in s) return onLane(s.check);
    const sibling = out.find((o) => o !== s && "pool" in o && o.pool === s.pool);
    if (sibling?.check.ok) return false;
    return s.kind === "pool" ? onLane(s.check) : false;
  });
  return filtered.sort((a, b) => {
    if (a.check.ok !== b.check.ok) return a.check.ok ? -1 : 1;
    if (a.check.estimate.savingEur !== b.check.estimate.savingEur) return b.check.estimate.savingEur - a.check.estimate.savingEur;
    const ka = "other" in a ? a.other.id : a.pool.id;
    const kb = "other" in b ? b.other.id : b.pool.id;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** Same lane (pickups and drops pass), whatever else blocks: worth showing with its blockers. */
export function onLane(c: GroupCheck): boolean {
  return !c.blockers.some((b) => LANE_BLOCKERS.has(b.key));
}
const LANE_BLOCKERS = new Set(["logistics.blocker.pickupCountry", "logistics.blocker.pickupFar", "logistics.blocker.dropCountry", "logistics.blocker.notOnRoute"]);

/** Geocodes a place from the embedded table (null coordinates: country-level matching only). */
export function geocode(city: string, postcode: string, country: string): Place {
  const c = findCity(city, country);
  return { city: c?.name ?? city.trim(), postcode: postcode.trim(), country: country.toUpperCase(), lat: c?.lat ?? null, lon: c?.lon ?? null };
}
