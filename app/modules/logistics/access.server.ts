// Facts for the logistics rules: each loader loads the thing with the viewer's relation to it in one query, then asks
// the one rule set (policy/authorize.server.ts). null means 404: the viewer may not learn that it exists.
import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { isUuid } from "~/lib/ids";
import { can } from "~/modules/policy/authorize.server";
import type { LogisticsPoolFacts, LogisticsRequestFacts } from "~/modules/policy/facts";
import { requestQuery, toMatchRequest, type RequestRow } from "./rows.server";
import type { MatchRequest } from "./matcher";
import { projectRequest, type Perspective, type RequestView } from "./visibility.server";

export interface RequestAccess {
  row: RequestRow;
  match: MatchRequest;
  facts: LogisticsRequestFacts;
  view: RequestView;
  may: { private: boolean; manage: boolean };
  /** Live pools containing the request that the viewer may open. */
  poolIds: string[];
}

/** A live pool membership of this request in a pool the viewer's organisation takes part in or coordinates. */
const inViewerPool = (viewer: Viewer) => sql<string[]>`coalesce((
  select array_agg(p.id::text) from logistics_pool_member m join logistics_pool p on p.id = m.pool_id
  where m.request_id = r.id and m.state in ('pending','accepted') and p.status <> 'cancelled'
    and (p.coordinator_org_id = ${viewer.orgId} or exists (
      select 1 from logistics_pool_member m2 join logistics_request r2 on r2.id = m2.request_id
      where m2.pool_id = p.id and m2.state in ('pending','accepted') and r2.organisation_id = ${viewer.orgId}))
), '{}')`;

export async function requestAccess(exec: Executor, viewer: Viewer, id: string): Promise<RequestAccess | null> {
  if (!isUuid(id)) return null;
  const row = await requestQuery(exec).select(inViewerPool(viewer).as("viewer_pools")).where("r.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const poolIds = (row.viewer_pools ?? []) as string[];
  const facts: LogisticsRequestFacts = { own: row.organisation_id === viewer.orgId, status: row.status, inViewerPool: poolIds.length > 0 };
  if (!can(viewer, { action: "logistics.request.view", request: facts })) return null;
  const match = toMatchRequest(row);
  const perspective: Perspective = facts.own ? "own" : viewer.clusterRole === "admin" ? "admin" : "member";
  return {
    row,
    match,
    facts,
    view: projectRequest(row, match, perspective),
    may: { private: can(viewer, { action: "logistics.request.private", request: facts }), manage: can(viewer, { action: "logistics.request.manage", request: facts }) },
    poolIds,
  };
}

export interface PoolRecord {
  id: string;
  code: string;
  coordinator_org_id: string;
  coordinator_id: string | null;
  carrier_org_id: string | null;
  carrier_name: string;
  status: "proposed" | "confirmed" | "quoted" | "booked" | "in_transit" | "delivered" | "closed" | "cancelled";
  quote_amount_eur: string | null;
  quote_currency: "EUR";
  quote_valid_until: Date | null;
  quoted_at: Date | null;
  split_method: "per_place" | "per_kg" | "per_ldm" | "chargeable_weight" | "standalone";
  return_offer_eur: string | null;
  created_at: Date;
  version: number;
  carrier_org_name: string | null;
}

export interface PoolAccess {
  pool: PoolRecord;
  facts: LogisticsPoolFacts;
  /** allShares: every member's share under a load-based split; standaloneShares: also figures derived from others'
   * confidential stand-alone quotes (the cluster office only). */
  may: { view: true; coordinate: boolean; allShares: boolean; standaloneShares: boolean };
}

export async function loadPoolFacts(exec: Executor, viewer: Viewer, poolId: string): Promise<{ pool: PoolRecord; facts: LogisticsPoolFacts } | null> {
  if (!isUuid(poolId)) return null;
  const row = await exec
    .selectFrom("logistics_pool as p")
    .leftJoin("organisation as c", "c.id", "p.carrier_org_id")
    .select([
      "p.id",
      "p.code",
      "p.coordinator_org_id",
      "p.coordinator_id",
      "p.carrier_org_id",
      "p.carrier_name",
      "p.status",
      sql<string | null>`p.quote_amount_eur::text`.as("quote_amount_eur"),
      "p.quote_currency",
      "p.quote_valid_until",
      "p.quoted_at",
      "p.split_method",
      sql<string | null>`p.return_offer_eur::text`.as("return_offer_eur"),
      "p.created_at",
      "p.version",
      "c.name as carrier_org_name",
      sql<boolean>`exists (select 1 from logistics_pool_member m join logistics_request r on r.id = m.request_id
        where m.pool_id = p.id and m.state in ('pending','accepted') and r.organisation_id = ${viewer.orgId})`.as("participant"),
    ])
    .where("p.id", "=", poolId)
    .executeTakeFirst();
  if (!row) return null;
  const { participant, ...pool } = row;
  return {
    pool: pool as PoolRecord,
    facts: { participant: !!participant, coordinator: pool.coordinator_org_id === viewer.orgId, status: pool.status },
  };
}

/** The pool as this viewer may see it, or null (→ 404). */
export async function poolAccess(exec: Executor, viewer: Viewer, poolId: string): Promise<PoolAccess | null> {
  const loaded = await loadPoolFacts(exec, viewer, poolId);
  if (!loaded || !can(viewer, { action: "logistics.pool.view", pool: loaded.facts })) return null;
  return {
    ...loaded,
    may: {
      view: true,
      coordinate: can(viewer, { action: "logistics.pool.coordinate", pool: loaded.facts }),
      allShares: can(viewer, { action: "logistics.pool.allShares", pool: loaded.facts }),
      standaloneShares: can(viewer, { action: "logistics.pool.standaloneShares", pool: loaded.facts }),
    },
  };
}

/**
 * A pool the viewer's organisation took part in but left (declined, withdrew, cancelled its request): the page then
 * shows only its code and that the organisation no longer takes part — so a late decision gets a clear answer.
 */
export async function formerPoolMember(exec: Executor, viewer: Viewer, poolId: string): Promise<{ code: string } | null> {
  if (!isUuid(poolId)) return null;
  const row = await exec
    .selectFrom("logistics_pool as p")
    .select("p.code")
    .where("p.id", "=", poolId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("logistics_pool_member as m")
          .innerJoin("logistics_request as r", "r.id", "m.request_id")
          .select("m.pool_id")
          .whereRef("m.pool_id", "=", "p.id")
          .where("r.organisation_id", "=", viewer.orgId),
      ),
    )
    .executeTakeFirst();
  return row ?? null;
}
