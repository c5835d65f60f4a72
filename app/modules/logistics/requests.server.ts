// Logistics requests: create (and tell the owners of matching requests), cancel, expire, and the lists.
import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import { isUuid } from "~/lib/ids";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { assertCan, demand, notFound } from "~/modules/policy/authorize.server";
import type { RequestAccess } from "./access.server";
import type { RequestInput } from "./input";
export { routeColumns } from "./store.server";
import { suggestionsFor } from "./matcher";
import { insertRequest, routeColumns } from "./store.server";
import { candidateRequests, suggestionsForRequest, type SuggestionView } from "./matching.server";
import { notifyMatches } from "./notify.server";
import { reconcilePoolAfterLeave } from "./pools.server";
import { TEMP_CLASSES, type TempClass } from "./reference";
import { requestQuery, toMatchRequest, type RequestRow } from "./rows.server";
import { requestCard, type RequestCard } from "./visibility.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

/**
 * Expiry, on read: before any logistics page or match is computed, open requests whose pickup window has passed
 * become 'expired' (one UPDATE on the partial index logistics_request_expiry_idx; usually touches nothing). Chosen over
 * a periodic job because it is exact at every read, needs no scheduler on the embedded engine, and costs one index
 * probe. Pooled requests are left to their pool's coordinator.
 */
export async function expireStale(exec: Executor): Promise<number> {
  const r = await sql`update logistics_request set status = 'expired', version = version + 1, updated_at = now()
    where status = 'open' and latest_pickup < now()`.execute(exec);
  return Number(r.numAffectedRows ?? 0);
}

/** Posts a request; owners of open requests it matches are told (in-app, and by email if they want) in the same transaction. */
export async function createRequest(ctx: Ctx, viewer: Viewer, input: RequestInput): Promise<{ id: string; matched: number }> {
  assertCan(viewer, { action: "logistics.use" });
  await expireStale(ctx.db);
  return unitOfWork(ctx, async (trx, fx) => {
    const id = await insertRequest(trx, input, viewer.orgId, viewer.id);
    const row = await requestQuery(trx).select(["r.route_min_lat", "r.route_max_lat", "r.route_min_lon", "r.route_max_lon"]).where("r.id", "=", id).executeTakeFirstOrThrow();
    const target = toMatchRequest(row);
    const candidates = (await candidateRequests(trx, target, row)).map(toMatchRequest);
    // Other members' requests only: the organisation's own requests are its own to consolidate, not a match to announce.
    const matches = suggestionsFor(target, candidates, []).flatMap((s) => (s.kind === "request" && s.check.ok ? [s.other.id] : []));
    await notifyMatches(trx, fx, viewer, id, matches);
    return { id, matched: matches.length };
  });
}

/**
 * Cancels a request (the logistics.request.manage rule: its owner, while open or pooled, asked again on the locked
 * row); a pool it was in is reconciled (and cancelled if too small).
 */
export async function cancelRequest(ctx: Ctx, viewer: Viewer, access: RequestAccess, version: number): Promise<void> {
  const id = access.row.id;
  await unitOfWork(ctx, async (trx, fx) => {
    const r = await trx.selectFrom("logistics_request").select(["id", "organisation_id", "status", "version"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!r) notFound();
    demand(viewer, { action: "logistics.request.manage", request: { ...access.facts, own: r.organisation_id === viewer.orgId, status: r.status } });
    if (r.version !== version) throw new ActionError(409, "logistics.error.stale");
    await trx
      .updateTable("logistics_request")
      .set({ status: "cancelled", version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    const memberships = await trx
      .updateTable("logistics_pool_member")
      .set({ state: "withdrawn", decided_by: viewer.id, decided_at: sql`now()` })
      .where("request_id", "=", id)
      .where("state", "in", ["pending", "accepted"])
      .returning("pool_id")
      .execute();
    for (const m of memberships) await reconcilePoolAfterLeave(trx, fx, m.pool_id);
  });
}

/**
 * What the request page shows beside the request: match suggestions (while it is open, to those who may see its
 * private side — its owner and the cluster office) and the live pools it is in that the viewer may open.
 */
export async function requestPageExtras(
  exec: Executor,
  viewer: Viewer,
  access: RequestAccess,
): Promise<{ showSuggestions: boolean; suggestions: SuggestionView[]; pools: { id: string; code: string; status: string }[] }> {
  const showSuggestions = access.may.private && access.view.card.status === "open";
  const suggestions = showSuggestions
    ? await suggestionsForRequest(exec, { orgId: access.row.organisation_id, locale: viewer.locale }, access.match, routeColumns(access.match.origin, access.match.destination))
    : [];
  const pools = access.poolIds.length ? await exec.selectFrom("logistics_pool").select(["id", "code", "status"]).where("id", "in", access.poolIds).orderBy("code").execute() : [];
  return { showSuggestions, suggestions, pools };
}

// ---------------------------------------------------------------------------------------------------------------
// Lists (keyset pagination)

export const LIST_PAGE = 25;

export interface MyRequestItem {
  card: RequestCard;
  ref: string;
  goods: string;
  poolId: string | null;
  poolCode: string | null;
}

/** My organisation's requests, newest pickup first, keyset on (earliest_pickup, id) with logistics_request_org_idx. */
export async function listOrgRequests(exec: Executor, viewer: Viewer, after: string | null): Promise<{ items: MyRequestItem[]; next: string | null }> {
  const cur = keyset(after);
  const rows = await requestQuery(exec)
    .select((eb) => [
      sql<string>`r.earliest_pickup::text`.as("ts"),
      eb
        .selectFrom("logistics_pool_member as m")
        .innerJoin("logistics_pool as p", "p.id", "m.pool_id")
        .select(sql<string>`p.id::text || '|' || p.code`.as("pool"))
        .whereRef("m.request_id", "=", "r.id")
        .where("m.state", "in", ["pending", "accepted"])
        .limit(1)
        .as("pool"),
    ])
    .where("r.organisation_id", "=", viewer.orgId)
    .$if(!!cur, (q) => q.where(sql<boolean>`(r.earliest_pickup, r.id) < (${cur!.ts}::timestamptz, ${cur!.id}::uuid)`))
    .orderBy("r.earliest_pickup", "desc")
    .orderBy("r.id", "desc")
    .limit(LIST_PAGE + 1)
    .execute();
  const { items, next } = keysetPage(rows, LIST_PAGE, (r) => [r.ts, r.id]);
  return {
    items: items.map((r) => {
      const [poolId, poolCode] = r.pool ? r.pool.split("|") : [null, null];
      return { card: requestCard(r, toMatchRequest(r)), ref: r.ref, goods: r.goods_description, poolId, poolCode };
    }),
    next,
  };
}

export interface OpenFilter {
  from: string | null;
  to: string | null;
  temp: TempClass | null;
  /** Only lanes (country pairs) on which my organisation has an open or pooled request (opt-in: `mine=1`). */
  mine: boolean;
}

/** The default is every open request of other members (what could concern the viewer); each filter narrows it. */
export function readOpenFilter(params: URLSearchParams): OpenFilter {
  const cc = (v: string | null) => (v && /^[A-Z]{2}$/.test(v) ? v : null);
  const temp = params.get("temp");
  return {
    from: cc(params.get("from")),
    to: cc(params.get("to")),
    temp: (TEMP_CLASSES as readonly string[]).includes(temp ?? "") ? (temp as TempClass) : null,
    mine: params.get("mine") === "1",
  };
}

export const isFiltered = (f: OpenFilter): boolean => !!(f.from || f.to || f.temp || f.mine);

/** Open requests of other organisations that pass the filter (served by logistics_request_lane_idx and the status index). */
function openQuery(exec: Executor, viewer: Viewer, f: OpenFilter) {
  return requestQuery(exec)
    .where("r.status", "=", "open")
    .where("r.organisation_id", "!=", viewer.orgId)
    .$if(!!f.from, (q) => q.where("r.origin_country", "=", f.from!))
    .$if(!!f.to, (q) => q.where("r.destination_country", "=", f.to!))
    .$if(!!f.temp, (q) => q.where("r.temp_class", "=", f.temp!))
    .$if(f.mine, (q) =>
      q.where(
        sql<boolean>`(r.origin_country, r.destination_country) in (select origin_country, destination_country from logistics_request
          where organisation_id = ${viewer.orgId} and status in ('open','pooled'))`,
      ),
    );
}

/** Open requests of other organisations (anonymised cards), soonest pickup first, keyset on (earliest_pickup, id). */
export async function listOpenRequests(exec: Executor, viewer: Viewer, f: OpenFilter, after: string | null): Promise<{ items: RequestCard[]; next: string | null }> {
  const cur = keyset(after);
  const rows = await openQuery(exec, viewer, f)
    .select(sql<string>`r.earliest_pickup::text`.as("ts"))
    .$if(!!cur, (q) => q.where(sql<boolean>`(r.earliest_pickup, r.id) > (${cur!.ts}::timestamptz, ${cur!.id}::uuid)`))
    .orderBy("r.earliest_pickup")
    .orderBy("r.id")
    .limit(LIST_PAGE + 1)
    .execute();
  const { items, next } = keysetPage(rows, LIST_PAGE, (r) => [r.ts, r.id]);
  return { items: items.map((r) => requestCard(r, toMatchRequest(r))), next };
}

/** How many open requests of other members the filter hides (0 without a filter), so the page can offer to widen it. */
export async function hiddenOpenRequests(exec: Executor, viewer: Viewer, f: OpenFilter): Promise<number> {
  if (!isFiltered(f)) return 0;
  const count = (g: OpenFilter) =>
    exec
      .selectFrom(() => openQuery(exec, viewer, g).select("r.id as rid").as("x"))
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
  const [all, shown] = await Promise.all([count({ from: null, to: null, temp: null, mine: false }), count(f)]);
  return Math.max(0, all.n - shown.n);
}

export interface LaneSummary {
  from: string;
  to: string;
  open: number;
  places: number;
  first: string;
  last: string;
}

/** Lanes (pickup country → destination country) with open requests: counts, pallet places and the date range. */
export async function laneSummaries(exec: Executor): Promise<LaneSummary[]> {
  const rows = await exec
    .selectFrom("logistics_request")
    .select([
      "origin_country",
      "destination_country",
      sql<number>`count(*)::int`.as("n"),
      sql<string>`coalesce(sum(units * (case when packaging = 'drum' then 0.25 when packaging = 'parcel' then 0 else 1 end) / (case when stackable then 2 else 1 end)), 0)::text`.as("places"),
      sql<Date>`min(earliest_pickup)`.as("first"),
      sql<Date>`max(latest_delivery)`.as("last"),
    ])
    .where("status", "=", "open")
    .groupBy(["origin_country", "destination_country"])
    .orderBy(sql`count(*)`, "desc")
    .orderBy("origin_country")
    .orderBy("destination_country")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    from: r.origin_country,
    to: r.destination_country,
    open: r.n,
    places: Number(r.places),
    first: new Date(r.first).toISOString(),
    last: new Date(r.last).toISOString(),
  }));
}

export const LANE_PAGE = 40;

/** Requests on one lane for the timeline: open ones of everybody (anonymised) plus my organisation's live ones. */
export async function laneTimeline(
  exec: Executor,
  viewer: Viewer,
  lane: { from: string; to: string },
  after: string | null,
): Promise<{ items: (RequestCard & { own: boolean })[]; next: string | null }> {
  const cur = keyset(after);
  const rows = await requestQuery(exec)
    .select(sql<string>`r.earliest_pickup::text`.as("ts"))
    .where("r.origin_country", "=", lane.from)
    .where("r.destination_country", "=", lane.to)
    .where((eb) => eb.or([eb("r.status", "=", "open"), eb.and([eb("r.organisation_id", "=", viewer.orgId), eb("r.status", "in", ["open", "pooled", "booked", "in_transit"])])]))
    .$if(!!cur, (q) => q.where(sql<boolean>`(r.earliest_pickup, r.id) > (${cur!.ts}::timestamptz, ${cur!.id}::uuid)`))
    .orderBy("r.earliest_pickup")
    .orderBy("r.id")
    .limit(LANE_PAGE + 1)
    .execute();
  const { items, next } = keysetPage(rows, LANE_PAGE, (r) => [r.ts, r.id]);
  return { items: items.map((r) => ({ ...requestCard(r, toMatchRequest(r)), own: r.organisation_id === viewer.orgId })), next };
}

/** The (earliest pickup, id) of the last row shown; a cursor that does not decode is the first page. */
function keyset(after: string | null): { ts: string; id: string } | null {
  const parts = decodeCursor(after, 2, [isTimestampText, isUuid]);
  return parts ? { ts: parts[0] as string, id: parts[1] as string } : null;
}

export type { RequestRow };
