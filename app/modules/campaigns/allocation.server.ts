import { sql } from "kysely";
import type { Executor } from "~/context";
import { toCents } from "~/lib/money";

/**
 * The stand area and how much of it the accepted participants are allocated (their stand_area_m2), in m² as
 * decimal strings; `over` when a stand area is set and the allocations exceed it.
 */
export async function standAllocation(exec: Executor, campaignId: string): Promise<{ standArea: string | null; allocated: string; over: boolean }> {
  const r = await sql<{ stand: string | null; allocated: string }>`
    select c.stand_area_m2::text as stand,
           coalesce((select sum(cp.stand_area_m2) from campaign_participant cp where cp.campaign_id = c.id and cp.status = 'accepted'), 0)::numeric(12,2)::text as allocated
    from campaign c where c.id = ${campaignId}`.execute(exec);
  const row = r.rows[0];
  if (!row) return { standArea: null, allocated: "0.00", over: false };
  const over = row.stand !== null && toCents(row.allocated) > toCents(row.stand);
  return { standArea: row.stand, allocated: row.allocated, over };
}
