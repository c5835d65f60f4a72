import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createOrg } from "./helpers/factories";
import { randomRequest, rng, toInput } from "./helpers/logistics-fixtures";
import { seedDemo } from "../app/seed";
import { peopleAsViewers } from "../app/modules/auth/viewers.server";
import { poolAccess, requestAccess } from "../app/modules/logistics/access.server";
import { candidateQuery, suggestionsForRequest } from "../app/modules/logistics/matching.server";
import { checkGroup, suggestionsFor } from "../app/modules/logistics/matcher";
import { loadPoolView } from "../app/modules/logistics/pools.server";
import { routeColumns } from "../app/modules/logistics/requests.server";
import { requestQuery, toMatchRequest } from "../app/modules/logistics/rows.server";
import { insertRequest } from "../app/modules/logistics/store.server";

// The demo seed of docs/domain.md "Demo logistics (L1 to L6, pool P1)" through the real read paths, and the SQL candidate query against the pure matcher.
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("demo seed (docs/domain.md “Demo logistics (L1 to L6, pool P1)”)", () => {
  let people: Record<string, string>;
  const byRef = async (ref: string) => (await t.db.selectFrom("logistics_request").select("id").where("ref", "=", ref).executeTakeFirstOrThrow()).id;
  const viewer = async (key: string) => (await peopleAsViewers(t.db, [people[key]]))[0];

  beforeAll(async () => {
    people = (await seedDemo(t.db, { now: new Date() })).people;
  });

  it("seeds L1–L6, the shipper policies, and pool P1 (L1, L2, L3) quoted at €3,150 with causer-pays surcharges", async () => {
    const reqs = await t.db.selectFrom("logistics_request").select(["ref", "status"]).orderBy("ref").execute();
    expect(reqs.map((r) => [r.ref, r.status])).toEqual([
      ["BF-DK-031", "open"],
      ["DF-EXP-2025-114", "pooled"],
      ["DZK-C1-STAND", "pooled"],
      ["GN-IN-0912", "open"],
      ["KI-DE-0457", "pooled"],
      ["LC-ADR-2210", "open"],
    ]);
    const policies = await t.db.selectFrom("organisation").select(["slug", "logistics_policy"]).where("logistics_policy", "=", "no_dg_coload").orderBy("slug").execute();
    expect(policies.map((p) => p.slug)).toEqual(["baltfarm-olaine", "daugavas-farmacija", "kursi-injectables"]);
    const pool = await t.db.selectFrom("logistics_pool").selectAll().executeTakeFirstOrThrow();
    expect(pool).toMatchObject({ code: "P1", status: "quoted", split_method: "per_place" });
    expect(Number(pool.quote_amount_eur)).toBe(3150);
  });

  it("P1 split A reproduces docs/domain.md “Demo logistics (L1 to L6, pool P1)”; the coordinator sees all load-based splits (A, C), the cluster office also B, each member only its own share", async () => {
    const poolId = (await t.db.selectFrom("logistics_pool").select("id").where("code", "=", "P1").executeTakeFirstOrThrow()).id;
    const coord = await viewer("P06");
    const access = (await poolAccess(t.db, coord, poolId))!;
    const view = await loadPoolView(t.db, coord, access, "en");
    expect(view.members.map((m) => [m.label, m.share?.total])).toEqual([
      ["A", "1544.73"],
      ["B", "1179.82"],
      ["C", "425.45"],
    ]);
    expect(view.members[0].share!.saving).toBe("505.27");
    // Split B would let Daugavas (which knows its own €2,050) work out Kurši's €1,600 and DZK's €520: not for it.
    expect(view.methods!.map((m) => m.method)).toEqual(["per_place", "per_kg", "per_ldm", "chargeable_weight"]);
    expect(view.methods!.find((m) => m.method === "chargeable_weight")!.totals.map((x) => x.total)).toEqual(["1506.14", "1154.09", "489.77"]);
    expect(view.standaloneSplit).toEqual({ available: true });
    const office = await viewer("P01");
    expect(office.clusterRole).toBe("admin");
    const ov = await loadPoolView(t.db, office, (await poolAccess(t.db, office, poolId))!, "en");
    expect(ov.methods!.find((m) => m.method === "standalone")!.totals.map((x) => x.total)).toEqual(["1548.56", "1208.63", "392.81"]);
    expect(view.used).toMatchObject({ places: 11, kg: 4730 });

    const kursi = await viewer("P13");
    const kv = await loadPoolView(t.db, kursi, (await poolAccess(t.db, kursi, poolId))!, "en");
    expect(kv.members.map((m) => [m.label, m.mine, m.share?.total ?? null, m.view, m.contact])).toEqual([
      ["A", false, null, null, null],
      ["B", true, "1179.82", expect.anything(), expect.anything()],
      ["C", false, null, null, null],
    ]);
    expect(kv.members[1].share!.surcharges).toEqual([
      { kind: "extra_stop", amount: "150.00" },
      { kind: "data_logger", amount: "48.00" },
    ]);
    expect(kv.quote!.amount).toBeNull();
    expect(await poolAccess(t.db, await viewer("P16"), poolId)).toBeNull();
  });

  it("matcher on the seed: L6 rides back on P1 (€640 vs €1,150), L4 is blocked by the pharma shippers' policy, L5 has no match", async () => {
    const suggestions = async (ref: string, key: string) => {
      const v = await viewer(key);
      const a = (await requestAccess(t.db, v, await byRef(ref)))!;
      return suggestionsForRequest(t.db, { orgId: v.orgId, locale: "en" }, a.match, routeColumns(a.match.origin, a.match.destination));
    };
    const l6 = await suggestions("GN-IN-0912", "P22");
    expect(l6[0]).toMatchObject({ kind: "backhaul", poolCode: "P1", ok: true, savingEur: 510, standaloneEur: 1150, pooledEur: 640 });
    expect(l6[0].reasons).toContain("The buyer controls the carriage (EXW import)");
    const l4 = await suggestions("LC-ADR-2210", "P16");
    expect(l4).toHaveLength(1);
    expect(l4[0]).toMatchObject({ kind: "pool", poolCode: "P1", ok: false });
    expect(l4[0].blockers.filter((b) => b === "Another member does not co-load dangerous goods")).toHaveLength(2);
    expect(l4[0].warnings).toContain("16,800 ADR points (over 1,000): an ADR vehicle and a certified driver are needed");
    expect(l4[0].reasons.join(" ")).toContain("PL-6x · Poznań is on the way to DE-6x · Rhine-Main (Frankfurt area)");
    expect(await suggestions("BF-DK-031", "P18")).toEqual([]);
  });
});

describe("SQL candidate query against the matcher (random requests)", () => {
  it("never drops a pair the matcher accepts; suggestions from SQL + matcher are symmetric", async () => {
    const orgs = await Promise.all([0, 1, 2, 3].map((i) => createOrg(t.db, { name: `Shipper ${i}` })));
    const next = rng(7);
    const start0 = Date.now() + 20 * 86_400_000;
    const generated = Array.from({ length: 160 }, (_, i) => randomRequest(next, i, start0));
    for (const g of generated) {
      const id = await insertRequest(t.db, toInput(g), orgs[Number(g.orgId.slice(1)) % 4].id, null);
      if (g.status !== "open") await t.db.updateTable("logistics_request").set({ status: "pooled" }).where("id", "=", id).execute();
    }
    const rows = await requestQuery(t.db).where("r.ref", "like", "R%").where("r.goods_description", "=", "Random goods").execute();
    expect(rows).toHaveLength(160);
    const all = rows.map(toMatchRequest);
    const open = all.filter((r) => r.status === "open");
    const listed = new Map<string, Set<string>>();
    let accepted = 0;
    for (const target of open) {
      const cands = await candidateQuery(t.db, target, routeColumns(target.origin, target.destination)).execute();
      const ids = new Set(cands.map((c) => c.id));
      for (const c of cands) expect(c.status).toBe("open");
      for (const other of open) {
        if (other.id === target.id) continue;
        if (checkGroup([target, other]).ok) {
          accepted++;
          expect(ids.has(other.id), `${target.id} → ${other.id}`).toBe(true);
        }
      }
      const s = suggestionsFor(target, cands.map(toMatchRequest), []).filter((x) => x.kind === "request" && x.check.ok);
      listed.set(target.id, new Set(s.map((x) => (x.kind === "request" ? x.other.id : ""))));
    }
    expect(accepted).toBeGreaterThan(10);
    for (const [a, set] of listed) for (const b of set) expect(listed.get(b)?.has(a), `${a} ↔ ${b}`).toBe(true);
  });

  // PGlite runs the same SQL, but its plan is not asserted: the test is reported as skipped there, not as passed.
  it.skipIf(!process.env.DATABASE_URL && !process.env.TEST_DATABASE_URL)("the candidate query is served by an index on the lane/window predicates (PostgreSQL plan)", async () => {
    const row = await requestQuery(t.db).where("r.goods_description", "=", "Random goods").limit(1).executeTakeFirstOrThrow();
    const target = toMatchRequest(row);
    await sql`analyze logistics_request`.execute(t.db);
    const compiled = candidateQuery(t.db, target, routeColumns(target.origin, target.destination)).compile();
    // A few hundred rows would be scanned whole: forbid that to see which index the query can use.
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql.raw(`explain ${compiled.sql.replace(/\$(\d+)/g, (_, n) => lit(compiled.parameters[Number(n) - 1]))}`).execute(trx);
    });
    const text = plan.rows.map((r) => Object.values(r as object)[0]).join("\n");
    // The window predicates are served by one of the request indexes (which one depends on the statistics).
    expect(text).toMatch(/Index Scan (using|on) logistics_request_(lane|open_window|expiry)_idx/);
    expect(text).not.toContain("Seq Scan on logistics_request");
  });
});

function lit(v: unknown): string {
  if (v instanceof Date) return `'${v.toISOString()}'::timestamptz`;
  if (typeof v === "number") return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}
