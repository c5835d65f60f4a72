import { can } from "~/modules/policy/authorize.server";
import type { ThreadSubject } from "~/modules/threads/subject";
import { NO_ACCESS } from "~/modules/threads/subject";
import { loadPoolFacts } from "./access.server";

/**
 * The discussion of a logistics pool (one thread per pool, on /logistics/pools/:id): its participants' people, the
 * coordinating organisation and cluster admins read it (logistics.pool.view) and post until the pool is closed or
 * cancelled (logistics.pool.discuss); the coordinator and admins moderate. Members outside the pool get 404 — on the
 * page, the catch-up JSON and room:join alike (all go through threads/access.server.ts → this subject).
 */
export const poolSubject: ThreadSubject = {
  async access(exec, viewer, poolId) {
    const loaded = await loadPoolFacts(exec, viewer, poolId);
    if (!loaded) return NO_ACCESS;
    const pool = loaded.facts;
    const view = can(viewer, { action: "logistics.pool.view", pool });
    return {
      view,
      post: view && can(viewer, { action: "logistics.pool.discuss", pool }),
      moderate: view && can(viewer, { action: "logistics.pool.coordinate", pool }),
    };
  },
  async href(exec, poolId) {
    const p = await exec.selectFrom("logistics_pool").select("id").where("id", "=", poolId).executeTakeFirst();
    return p ? `/logistics/pools/${p.id}` : null;
  },
  async threadHref(exec, poolId) {
    const p = await exec.selectFrom("logistics_pool").select("id").where("id", "=", poolId).executeTakeFirst();
    return p ? `/logistics/pools/${p.id}` : null;
  },
  async label(exec, poolId) {
    const p = await exec.selectFrom("logistics_pool").select("code").where("id", "=", poolId).executeTakeFirst();
    return p ? { lv: `Apvienotā krava ${p.code}`, en: `Pool ${p.code}` } : null;
  },
};
