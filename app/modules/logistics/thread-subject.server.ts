import { registerThreadSubject } from "~/modules/threads/subjects.server";
import { poolSubjectAccess } from "./access.server";

// The discussion of a logistics pool: its participants' people, the coordinating organisation and cluster admins see
// and post (until the pool is closed or cancelled); the coordinator and admins moderate. Members outside the pool
// get 404 — on the page, the catch-up JSON and room:join alike (all go through threadAccess → this subject).
registerThreadSubject("pool", {
  access: (exec, viewer, poolId) => poolSubjectAccess(exec, viewer, poolId),
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
});
