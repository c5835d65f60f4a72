// Matching benchmark (issue 6): a new request against 10,000 open requests — the indexed SQL candidate query plus the
// matcher's scoring (reasons, blockers, savings, rendering; the same function the request page calls), against the same
// SQL query alone. Goal: ≤ 50 ms per new request. Prints a table.
//
//   node --import tsx bench/matching.ts                       (PostgreSQL at BENCH_DATABASE_URL / DATABASE_URL, else
//                                                              postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_ENGINE=pglite node --import tsx bench/matching.ts   (embedded PGlite, in memory)
//   BENCH_OPEN=10000 BENCH_TARGETS=200 …                      (sizes)
import crypto from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { openPglite, openPostgres, type OpenDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { candidateQuery, suggestionsForRequest } from "../app/modules/logistics/matching.server";
import { geocode, type MatchRequest } from "../app/modules/logistics/matcher";
import { requestValues, routeColumns } from "../app/modules/logistics/store.server";
import { toMatchRequest } from "../app/modules/logistics/rows.server";
import type { RequestInput } from "../app/modules/logistics/input";
import type { Incoterm, Packaging, TempClass } from "../app/modules/logistics/reference";

const OPEN = Number(process.env.BENCH_OPEN ?? 10_000);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 200);
const ENGINE = process.env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
const PG_BASE = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A realistic mix: most pickups in the Rīga region (the cluster is Latvian), some in Lithuania/Estonia/Poland;
// destinations across Europe; windows spread over the next year.
const ORIGINS: [string, string, string, number][] = [
  ["Rīga", "LV-1050", "LV", 30],
  ["Olaine", "LV-2114", "LV", 12],
  ["Mārupe", "LV-2167", "LV", 10],
  ["Jelgava", "LV-3001", "LV", 8],
  ["Valmiera", "LV-4201", "LV", 4],
  ["Daugavpils", "LV-5401", "LV", 3],
  ["Baldone", "LV-2125", "LV", 3],
  ["Vilnius", "01100", "LT", 8],
  ["Kaunas", "44100", "LT", 5],
  ["Tallinn", "10111", "EE", 8],
  ["Warszawa", "00-001", "PL", 5],
  ["Hamburg", "20095", "DE", 4],
];
const DESTS: [string, string, string][] = [
  ["Frankfurt", "60311", "DE"],
  ["Raunheim", "65479", "DE"],
  ["Darmstadt", "64293", "DE"],
  ["Berlin", "10115", "DE"],
  ["Hamburg", "20095", "DE"],
  ["München", "80331", "DE"],
  ["Köln", "50667", "DE"],
  ["Düsseldorf", "40213", "DE"],
  ["Poznań", "61-131", "PL"],
  ["Warszawa", "00-001", "PL"],
  ["Kalundborg", "4400", "DK"],
  ["København", "1050", "DK"],
  ["Stockholm", "11120", "SE"],
  ["Helsinki", "00100", "FI"],
  ["Venlo", "5928", "NL"],
  ["Amsterdam", "1011", "NL"],
  ["Paris", "75001", "FR"],
  ["Lyon", "69001", "FR"],
  ["Milano", "20121", "IT"],
  ["Bologna", "40121", "IT"],
  ["Wien", "1010", "AT"],
  ["Praha", "11000", "CZ"],
  ["Madrid", "28001", "ES"],
  ["Bruxelles", "1000", "BE"],
  ["Tallinn", "10111", "EE"],
];
const TEMPS: TempClass[] = ["CRT_15_25", "CRT_15_25", "CRT_15_25", "AMBIENT", "AMBIENT", "CHILLED_2_8", "FROZEN_MINUS_20"];
const SELLER: Incoterm[] = ["DAP", "DAP", "CPT", "CIP", "DDP", "DPU", "FCA"];

function weighted<T extends unknown[]>(next: () => number, xs: T[]): T {
  const total = xs.reduce((s, x) => s + (x[3] as number), 0);
  let r = next() * total;
  for (const x of xs) if ((r -= x[3] as number) <= 0) return x;
  return xs[xs.length - 1];
}

function randomInput(next: () => number, now: number): RequestInput {
  const o = weighted(next, ORIGINS);
  const d = DESTS[Math.floor(next() * DESTS.length)];
  const start = now + 86_400_000 + Math.floor(next() * 365 * 24) * 3_600_000;
  const len = (2 + Math.floor(next() * 70)) * 3_600_000;
  const packaging: Packaging = next() < 0.8 ? "eur_pallet" : next() < 0.5 ? "industrial_pallet" : "ibc";
  const units = 1 + Math.floor(next() * 12);
  const dg = next() < 0.1 ? [{ un: "UN1170", cls: "3" as const, pg: "II" as const, quantity: String(50 + Math.floor(next() * 900)), unit: "L" as const, lq: next() < 0.3 }] : [];
  return {
    ref: `B-${Math.floor(next() * 1e9)}`,
    origin: { city: o[0], postcode: o[1], country: o[2] },
    destination: { city: d[0], postcode: d[1], country: d[2] },
    earliestPickup: new Date(start),
    latestPickup: new Date(start + len),
    earliestDelivery: null,
    latestDelivery: new Date(start + len + (2 + Math.floor(next() * 5)) * 86_400_000),
    customs: "eu_internal",
    goods: "Benchmark goods",
    packaging,
    units,
    grossKg: String(units * (150 + Math.floor(next() * 500))),
    volumeM3: null,
    ldm: null,
    stackable: next() < 0.25,
    tempClass: TEMPS[Math.floor(next() * TEMPS.length)],
    gdp: next() < 0.5,
    dg,
    incoterm: next() < 0.85 ? SELLER[Math.floor(next() * SELLER.length)] : "EXW",
    namedPlace: d[0],
    role: next() < 0.85 ? "seller" : "buyer",
    consignee: "",
    goodsValueEur: null,
    standaloneEur: next() < 0.3 ? String(500 + Math.floor(next() * 2500)) : null,
    contact: "",
    notes: "",
  };
}

function asTarget(input: RequestInput, orgId: string): MatchRequest {
  return {
    id: crypto.randomUUID(),
    orgId,
    orgName: "Bench",
    policy: "adr_table",
    status: "open",
    origin: geocode(input.origin.city, input.origin.postcode, input.origin.country),
    destination: geocode(input.destination.city, input.destination.postcode, input.destination.country),
    earliestPickup: +input.earliestPickup,
    latestPickup: +input.latestPickup,
    earliestDelivery: null,
    latestDelivery: +input.latestDelivery,
    customs: input.customs,
    tempClass: input.tempClass,
    gdp: input.gdp,
    dg: input.dg,
    incoterm: input.incoterm,
    role: input.role,
    standaloneEur: input.standaloneEur,
    packaging: input.packaging,
    units: input.units,
    grossKg: input.grossKg,
    volumeM3: input.volumeM3,
    ldm: input.ldm,
    stackable: input.stackable,
  };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1], mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

async function open(): Promise<{ open: OpenDatabase; drop: () => Promise<void> }> {
  if (ENGINE === "pglite") {
    const o = await openPglite(null);
    return { open: o, drop: () => o.close() };
  }
  const name = `bench_matching_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  const o = await openPostgres(u.toString(), 4);
  return {
    open: o,
    async drop() {
      await o.close();
      const a = new pg.Client({ connectionString: PG_BASE });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function main() {
  const { open: o, drop } = await open();
  const db = o.db;
  try {
    await migrateToLatest(db);
    const orgs = await db
      .insertInto("organisation")
      .values(Array.from({ length: 40 }, (_, i) => ({ slug: `bench-${i}`, name: `Bench shipper ${i}`, legal_type: "manufacturer" as const, size: "sme" as const })))
      .returning("id")
      .execute();
    const next = rng(20251020);
    const now = Date.now();
    const t0 = performance.now();
    for (let b = 0; b < OPEN; b += 500) {
      const batch = Array.from({ length: Math.min(500, OPEN - b) }, () => randomInput(next, now));
      const rows = await db
        .insertInto("logistics_request")
        .values(batch.map((input, i) => requestValues(input, orgs[(b + i) % orgs.length].id, null)))
        .returning("id")
        .execute();
      const dg = batch.flatMap((input, i) =>
        input.dg.map((l, k) => ({ request_id: rows[i].id, line_no: k + 1, un_number: l.un, adr_class: l.cls, packing_group: l.pg, quantity: l.quantity, unit: l.unit, limited_quantity: l.lq })),
      );
      if (dg.length) await db.insertInto("logistics_dg_line").values(dg).execute();
    }
    await sql`analyze`.execute(db);
    const loadMs = performance.now() - t0;

    const targets = Array.from({ length: TARGETS }, () => asTarget(randomInput(next, now), orgs[0].id));
    // Warm-up (plans, JIT).
    for (const t of targets.slice(0, 20)) {
      await candidateQuery(db, t, routeColumns(t.origin, t.destination)).execute();
      await suggestionsForRequest(db, { orgId: t.orgId, locale: "lv" }, t, routeColumns(t.origin, t.destination));
    }
    const sqlOnly: number[] = [];
    const full: number[] = [];
    const candidates: number[] = [];
    const matches: number[] = [];
    // Interleaved, so both see the same machine state.
    for (const t of targets) {
      const box = routeColumns(t.origin, t.destination);
      let s = performance.now();
      const rows = await candidateQuery(db, t, box).execute();
      sqlOnly.push(performance.now() - s);
      candidates.push(rows.length);
      s = performance.now();
      const list = await suggestionsForRequest(db, { orgId: t.orgId, locale: "lv" }, t, box);
      full.push(performance.now() - s);
      matches.push(list.filter((x) => x.ok).length);
      void toMatchRequest;
    }
    const plan = await (async () => {
      if (o.kind !== "postgres") return "(PGlite: plan not printed)";
      const t = targets[0];
      const c = candidateQuery(db, t, routeColumns(t.origin, t.destination)).compile();
      const lit = (v: unknown) => (v instanceof Date ? `'${v.toISOString()}'::timestamptz` : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
      const r = await sql.raw(`explain (analyze, costs off) ${c.sql.replace(/\$(\d+)/g, (_, n) => lit(c.parameters[Number(n) - 1]))}`).execute(db);
      return r.rows
        .map((x) => Object.values(x as object)[0])
        .filter((l) => /Scan|Index Cond|Execution/.test(String(l)))
        .join("\n");
    })();
    const a = stats(sqlOnly);
    const f = stats(full);
    const c = stats(candidates);
    const m = stats(matches);
    const fmt = (n: number) => n.toFixed(2).padStart(8);
    console.log(`\nMatching benchmark — engine ${o.kind}, ${OPEN.toLocaleString("en")} open requests (loaded in ${(loadMs / 1000).toFixed(1)} s), ${TARGETS} new requests\n`);
    console.log("| per new request                               |   median |      p95 |      max |     mean |");
    console.log("|-----------------------------------------------|---------:|---------:|---------:|---------:|");
    console.log(`| SQL candidate query alone (ms)                | ${fmt(a.median)} | ${fmt(a.p95)} | ${fmt(a.max)} | ${fmt(a.mean)} |`);
    console.log(`| full matching: SQL + pools + scoring (ms)     | ${fmt(f.median)} | ${fmt(f.p95)} | ${fmt(f.max)} | ${fmt(f.mean)} |`);
    console.log(`| candidates returned by SQL                    | ${fmt(c.median)} | ${fmt(c.p95)} | ${fmt(c.max)} | ${fmt(c.mean)} |`);
    console.log(`| workable suggestions                          | ${fmt(m.median)} | ${fmt(m.p95)} | ${fmt(m.max)} | ${fmt(m.mean)} |`);
    console.log(`\nratio full / SQL-only (median): ${(f.median / a.median).toFixed(2)}×; goal: full p95 ≤ 50 ms → ${f.p95 <= 50 ? "met" : "NOT met"}`);
    console.log(`\nplan of the candidate query (first target):\n${plan}\n`);
    if (process.env.BENCH_JSON)
      console.log(
        `BENCH_JSON ${JSON.stringify({ engine: o.kind, open: OPEN, targets: TARGETS, sqlMedianMs: +a.median.toFixed(2), sqlP95Ms: +a.p95.toFixed(2), fullMedianMs: +f.median.toFixed(2), fullP95Ms: +f.p95.toFixed(2), ratio: +(f.median / a.median).toFixed(2), candidatesMedian: c.median })}`,
      );
  } finally {
    await drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
