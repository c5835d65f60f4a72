// The SQL side of matching: an indexed candidate query narrows the open requests to those that can possibly meet a
// request (same pickup country, pickup windows within a cross-dock day, pickup box and route box), then the pure
// matcher (matcher.ts) decides and explains. The query is a superset of what the matcher accepts and symmetric.
import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Locale } from "~/i18n";
import { boundingBox } from "./geo";
import { measures, milliToNumber } from "./load";
import { suggestionsFor, type MatchRequest, type PoolLeg, type Suggestion } from "./matcher";
import { renderNote } from "./notes";
import { MATCH } from "./reference";
import { requestQuery, toMatchRequest, type RequestRow } from "./rows.server";
import { areaOf, type Area } from "./visibility.server";

const HOUR = 3_600_000;

export interface RouteBoxed {
  route_min_lat: number | null;
  route_max_lat: number | null;
  route_min_lon: number | null;
  route_max_lon: number | null;
}

/**
 * Open requests that may be pooled with `t` (never `t` itself). Served by logistics_request_lane_idx:
 * status = 'open' AND origin_country = … AND earliest_pickup within a bounded range (windows are at most 14 days long,
 * and a cross-dock bridges one day), then the pickup box and the route boxes filter the few rows left.
 */
export function candidateQuery(exec: Executor, t: MatchRequest, box: RouteBoxed, limit = 500) {
  const slack = MATCH.crossDockHours * HOUR;
  const from = new Date(t.earliestPickup - slack - MATCH.maxPickupWindowDays * 24 * HOUR);
  const to = new Date(t.latestPickup + slack);
  const fromLatest = new Date(t.earliestPickup - slack);
  const o = t.origin.lat !== null && t.origin.lon !== null ? boundingBox({ lat: t.origin.lat, lon: t.origin.lon }, MATCH.pickupRadiusKm) : null;
  const dLat = t.destination.lat;
  const dLon = t.destination.lon;
  return requestQuery(exec)
    .where("r.status", "=", "open")
    .where("r.origin_country", "=", t.origin.country)
    .where("r.earliest_pickup", ">=", from)
    .where("r.earliest_pickup", "<=", to)
    .where("r.latest_pickup", ">=", fromLatest)
    .where("r.id", "!=", t.id)
    .$if(o !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb("r.origin_lat", "is", null),
          eb.and([eb("r.origin_lat", ">=", o!.minLat), eb("r.origin_lat", "<=", o!.maxLat), eb("r.origin_lon", ">=", o!.minLon), eb("r.origin_lon", "<=", o!.maxLon)]),
        ]),
      ),
    )
    .where((eb) => {
      const alts = [eb("r.destination_country", "=", t.destination.country)];
      if (dLat !== null && dLon !== null)
        alts.push(eb.and([eb("r.route_min_lat", "<=", dLat), eb("r.route_max_lat", ">=", dLat), eb("r.route_min_lon", "<=", dLon), eb("r.route_max_lon", ">=", dLon)]));
      if (box.route_min_lat !== null)
        alts.push(
          eb.and([
            eb("r.destination_lat", ">=", box.route_min_lat),
            eb("r.destination_lat", "<=", box.route_max_lat!),
            eb("r.destination_lon", ">=", box.route_min_lon!),
            eb("r.destination_lon", "<=", box.route_max_lon!),
          ]),
        );
      return eb.or(alts);
    })
    .orderBy("r.earliest_pickup")
    .orderBy("r.id")
    .limit(limit);
}

export async function candidateRequests(exec: Executor, t: MatchRequest, box: RouteBoxed): Promise<RequestRow[]> {
  return candidateQuery(exec, t, box).execute();
}

/**
 * Live pools near the request in time: joinable while proposed or confirmed (the load can still change), and their
 * return leg (backhaul) until the truck has come back. One return-leg load per pool.
 */
export async function candidatePools(exec: Executor, t: MatchRequest): Promise<(PoolLeg & { code: string; status: string })[]> {
  const from = new Date(t.earliestPickup - 30 * 24 * HOUR);
  const to = new Date(t.latestPickup + 24 * HOUR);
  const pools = await exec
    .selectFrom("logistics_pool as p")
    .select(["p.id", "p.code", "p.status", sql<string | null>`p.return_offer_eur::text`.as("return_offer_eur")])
    .where("p.status", "in", ["proposed", "confirmed", "quoted", "booked", "in_transit"])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("logistics_pool_member as m")
          .innerJoin("logistics_request as r", "r.id", "m.request_id")
          .select("m.request_id")
          .whereRef("m.pool_id", "=", "p.id")
          .where("m.state", "in", ["pending", "accepted"])
          .where("m.leg", "=", "outbound")
          .where("r.earliest_pickup", ">=", from)
          .where("r.earliest_pickup", "<=", to),
      ),
    )
    .orderBy("p.created_at")
    .limit(50)
    .execute();
  if (pools.length === 0) return [];
  const members = await requestQuery(exec)
    .innerJoin("logistics_pool_member as m", "m.request_id", "r.id")
    .select(["m.pool_id", "m.leg"])
    .where(
      "m.pool_id",
      "in",
      pools.map((p) => p.id),
    )
    .where("m.state", "in", ["pending", "accepted"])
    .execute();
  return pools.map((p) => {
    const mine = members.filter((m) => m.pool_id === p.id);
    return {
      id: p.id,
      code: p.code,
      status: p.status,
      returnOfferEur: p.return_offer_eur,
      members: mine.filter((m) => m.leg === "outbound").map(toMatchRequest),
      joinable: p.status === "proposed" || p.status === "confirmed",
      returnTaken: mine.some((m) => m.leg === "return"),
    };
  });
}

export interface SuggestionView {
  kind: Suggestion["kind"];
  /** The other request (kind "request": another member's; "consolidate": the same organisation's) or the pool. */
  id: string;
  poolCode: string | null;
  ok: boolean;
  partial: boolean;
  from: Area;
  to: Area;
  /** The other request's (or the pool's) pallet places and pickup window, for the list. */
  places: number;
  earliestPickup: string;
  latestPickup: string;
  tempClass: MatchRequest["tempClass"];
  reasons: string[];
  warnings: string[];
  blockers: string[];
  savingEur: number;
  savingPct: number;
  standaloneEur: number;
  pooledEur: number;
}

/** Suggestions for one request as its owner sees them: ranked by saving, explained in the viewer's language. */
export async function suggestionsForRequest(exec: Executor, viewer: { orgId: string; locale: Locale }, target: MatchRequest, box: RouteBoxed): Promise<SuggestionView[]> {
  const [rows, pools] = await Promise.all([candidateRequests(exec, target, box), candidatePools(exec, target)]);
  const candidates = rows.map(toMatchRequest);
  const list = suggestionsFor(target, candidates, pools, { quotesOf: viewer.orgId });
  const owners = new Map<string, { orgId: string; orgName: string }>();
  for (const r of [target, ...candidates, ...pools.flatMap((p) => p.members)]) owners.set(r.id, { orgId: r.orgId, orgName: r.orgName });
  const render = (ns: { key: string }[]) => ns.map((n) => renderNote(n as never, viewer.locale, viewer.orgId, owners));
  const codes = new Map(pools.map((p) => [p.id, p.code]));
  return list.map((s) => {
    const members = "other" in s ? [s.other] : s.pool.members;
    const first = members.reduce((a, b) => (b.earliestPickup < a.earliestPickup ? b : a));
    const places = "totals" in s.check ? s.check.totals.places : milliToNumber(measures(target).placesMilli);
    return {
      kind: s.kind,
      id: "other" in s ? s.other.id : s.pool.id,
      poolCode: "other" in s ? null : (codes.get(s.pool.id) ?? null),
      ok: s.check.ok,
      partial: "partial" in s.check ? s.check.partial : s.check.warnings.length > 0,
      from: areaOf(s.kind === "backhaul" ? first.destination : first.origin),
      to: areaOf(s.kind === "backhaul" ? first.origin : first.destination),
      places,
      // A return leg is available from when the truck is empty until a week later.
      earliestPickup: new Date(s.kind === "backhaul" ? s.check.freeFrom : Math.max(...members.map((m) => m.earliestPickup))).toISOString(),
      latestPickup: new Date(s.kind === "backhaul" ? s.check.freeFrom + MATCH.backhaulDays * 86_400_000 : Math.min(...members.map((m) => m.latestPickup))).toISOString(),
      tempClass: first.tempClass,
      reasons: render(s.check.reasons),
      warnings: render(s.check.warnings),
      blockers: render(s.check.blockers),
      savingEur: s.check.estimate.savingEur,
      savingPct: s.check.estimate.savingPct,
      standaloneEur: s.check.estimate.standaloneEur,
      pooledEur: s.check.estimate.pooledEur,
    };
  });
}
