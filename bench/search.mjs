// Site search (issue 14, docs/decisions/0010-search.md): 100,000 posts + 10,000 other items (topics, events, people),
// one- and two-word queries as the member who sees most (a member of every working group, the private one included),
// through the app's own search() — permissions, ranking, the page's snippets and links included. p50/p95 per engine.
// Targets: p95 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite. EXPLAIN of a one-word query is printed too.
// Run: node --import tsx bench/search.mjs   (BENCH_SEARCH_ENGINES=postgres,pglite; BENCH_SEARCH_POSTS=100000;
//      BENCH_SEARCH_QUERIES=200; PostgreSQL from BENCH_DATABASE_URL / DATABASE_URL, else local)
import { sql } from "kysely";
import { createDatabase, dropDatabase, idleCheck, median } from "./lib.mjs";
import { openPglite, openPostgres } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { seedDemo } from "../app/seed/index.ts";
import { peopleAsViewers } from "../app/modules/auth/viewers.server.ts";
import { search, searchQuery } from "../app/modules/search/search.server.ts";
import { backfillSearch } from "../db/migrations/0019_search.ts";

const POSTS = Number(process.env.BENCH_SEARCH_POSTS ?? 100_000);
const OTHERS = Number(process.env.BENCH_SEARCH_OTHERS ?? 10_000);
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 200);
const ENGINES = (process.env.BENCH_SEARCH_ENGINES ?? "postgres,pglite").split(",");

// A deterministic vocabulary of 6,000 words (Latvian-looking, with diacritics) and Zipf-distributed use, so a few
// words are in most posts (like "un", "the") and most words are rare, as in real text.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const SYL = ["ka", "ra", "li", "mo", "te", "su", "vē", "zā", "ņa", "ļu", "gi", "pē", "dū", "ši", "ko", "ba", "ne", "tā", "ru", "ča", "mi", "lo", "sa", "ēr"];
const VOCAB = [];
for (let i = 0; VOCAB.length < 6000; i++) {
  const n = 2 + (i % 3);
  let w = "";
  let x = i + 7;
  for (let k = 0; k < n; k++) {
    w += SYL[x % SYL.length];
    x = Math.floor(x / SYL.length) + k * 7 + 3;
  }
  if (!VOCAB.includes(w)) VOCAB.push(w);
}
const H = VOCAB.reduce((a, _, i) => a + 1 / (i + 1), 0);
const CDF = [];
VOCAB.reduce((a, _, i) => (CDF[i] = a + 1 / (i + 1) / H), 0);
function zipfWord() {
  const r = rand();
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CDF[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo];
}
const sentence = (n) => Array.from({ length: n }, zipfWord).join(" ");
/** Query words: content words (ranks 30–3,000), not the handful that are in nearly every post. */
const queryWord = () => VOCAB[30 + Math.floor(rand() * 2970)];

async function populate(db, people) {
  const groups = await db.selectFrom("working_group").select("id").execute();
  const member = people.DEMO_MEMBER;
  for (const g of groups)
    await db
      .insertInto("working_group_member")
      .values({ group_id: g.id, person_id: member, role: "member", competition_ack_at: new Date() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  const authors = Object.values(people).slice(0, 30);
  // Topics (part of the 10,000 others), then 100,000 posts in them. Bulk load: the triggers are off while loading and
  // the index is filled the way migration 0019 back-fills it (every later write goes through the triggers).
  for (const t of ["post", "thread", "event", "person"]) await sql.raw(`alter table ${t} disable trigger search_${t}`).execute(db);
  const topics = Math.round(OTHERS * 0.4);
  const threadIds = [];
  for (let i = 0; i < topics; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(topics, i + 1000); k++) rows.push({ subject_type: "group", subject_id: groups[k % groups.length].id, title: sentence(5), created_by: authors[k % authors.length] });
    threadIds.push(...(await db.insertInto("thread").values(rows).returning("id").execute()).map((r) => r.id));
  }
  const seqs = new Map();
  const start = Date.now() - 400 * 86_400_000;
  for (let i = 0; i < POSTS; i += 2000) {
    const rows = [];
    for (let k = i; k < Math.min(POSTS, i + 2000); k++) {
      const thread_id = threadIds[k % threadIds.length];
      const seq = (seqs.get(thread_id) ?? 0) + 1;
      seqs.set(thread_id, seq);
      const body = sentence(12 + Math.floor(rand() * 40));
      rows.push({ thread_id, seq, author_id: authors[k % authors.length], body_md: body, body_html: `<p>${body}</p>`, created_at: new Date(start + k * 340_000) });
    }
    await db.insertInto("post").values(rows).execute();
  }
  const events = Math.round(OTHERS * 0.3);
  for (let i = 0; i < events; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(events, i + 1000); k++) {
      const id = crypto.randomUUID();
      const starts = new Date(start + k * 3_600_000 * 3);
      rows.push({
        id,
        slug: `bench-${id.slice(0, 13)}`,
        uid: `event-${id}@bench`,
        title_lv: sentence(4),
        title_en: sentence(4),
        description_lv: sentence(40),
        description_en: sentence(40),
        type: "seminar",
        starts_at: starts,
        ends_at: new Date(starts.getTime() + 7_200_000),
        venue: sentence(3),
        visibility: k % 5 === 0 ? "invitees_only" : "all_members",
        status: k % 7 === 0 ? "draft" : "published",
        created_by: authors[k % authors.length],
      });
    }
    await db.insertInto("event").values(rows).execute();
  }
  const org = await db.selectFrom("organisation").select("id").where("status", "=", "approved").executeTakeFirstOrThrow();
  const persons = OTHERS - topics - events;
  for (let i = 0; i < persons; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(persons, i + 1000); k++)
      rows.push({
        email: `bench-${k}@bench.example`,
        name: sentence(2),
        password_hash: "x",
        organisation_id: org.id,
        job_title: sentence(3),
        expertise_tags: [zipfWord(), zipfWord()],
        membership_status: "approved",
        search_key: `bench ${k}`,
      });
    await db.insertInto("person").values(rows).execute();
  }
  await sql`delete from search_doc`.execute(db);
  for (const kind of ["post", "thread", "group", "event", "campaign", "pool", "request", "org", "person"]) await backfillSearch(db, kind);
  for (const t of ["post", "thread", "event", "person"]) await sql.raw(`alter table ${t} enable trigger search_${t}`).execute(db);
  await sql`analyze`.execute(db);
  return member;
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function run(engine) {
  const name = "bench_search";
  const open = engine === "postgres" ? await openPostgres(await createDatabase(name), 4) : await openPglite(null);
  const db = open.db;
  try {
    await migrateToLatest(db);
    const { people } = await seedDemo(db, { now: new Date() });
    const t0 = Date.now();
    const memberId = await populate(db, people);
    const loadMs = Date.now() - t0;
    const [viewer] = await peopleAsViewers(db, [memberId]);
    const docs = Number((await sql`select count(*)::int as n from search_doc`.execute(db)).rows[0].n);
    // Wall time, and on PGlite the CPU time the query used in this process: on a busy machine wall time includes
    // waiting for a core, CPU time does not (PostgreSQL's backend is another process; its figure is wall time only).
    const cpuNs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) * 1000;
    };
    const time = async (q) => {
      const c = cpuNs();
      const a = performance.now();
      const r = await search(db, viewer, { q, type: null, from: null, to: null, after: null });
      return { ms: performance.now() - a, cpuMs: engine === "pglite" ? (cpuNs() - c) / 1e6 : NaN, hits: r.hits.length };
    };
    for (let i = 0; i < 20; i++) await time(queryWord()); // warm-up
    const idle = await idleCheck(20_000);
    const out = { engine, posts: POSTS, docs, loadSeconds: Math.round(loadMs / 1000), idlePercent: idle };
    for (const [label, make] of [
      ["oneWord", () => queryWord()],
      ["twoWords", () => `${queryWord()} ${queryWord()}`],
    ]) {
      const ms = [];
      const cpu = [];
      let empty = 0;
      for (let i = 0; i < QUERIES; i++) {
        const r = await time(make());
        ms.push(r.ms);
        cpu.push(r.cpuMs);
        if (r.hits === 0) empty++;
      }
      out[label] = {
        p50Ms: Number(median(ms).toFixed(1)),
        p95Ms: Number(pct(ms, 95).toFixed(1)),
        maxMs: Number(Math.max(...ms).toFixed(1)),
        cpuP50Ms: Number(median(cpu).toFixed(1)),
        cpuP95Ms: Number(pct(cpu, 95).toFixed(1)),
        emptyShare: Number((empty / QUERIES).toFixed(2)),
      };
    }
    // The worst case: one of the ten most common words (in most posts), for reference.
    const common = [];
    const commonCpu = [];
    for (let i = 0; i < 10; i++) {
      const r = await time(VOCAB[i]);
      common.push(r.ms);
      commonCpu.push(r.cpuMs);
    }
    out.commonWord = { p50Ms: Number(median(common).toFixed(1)), maxMs: Number(Math.max(...common).toFixed(1)), cpuP50Ms: Number(median(commonCpu).toFixed(1)) };
    if (engine === "postgres") {
      const q = searchQuery(viewer, { q: queryWord(), type: null, from: null, to: null, after: null });
      const plan = await sql`explain (analyze, costs off) ${q.query}`.execute(db);
      out.explain = plan.rows.map((r) => r["QUERY PLAN"]).filter((l) => /Scan|Limit|Sort|Time/.test(l));
      if (process.env.BENCH_SEARCH_KEEP) {
        const c = searchQuery(viewer, { q: VOCAB[0], type: null, from: null, to: null, after: null }).query.compile(db);
        console.error(JSON.stringify({ sql: c.sql, parameters: c.parameters }));
      }
    }
    out.target = { p95Ms: engine === "postgres" ? 50 : 150 };
    return out;
  } finally {
    await open.close();
    if (engine === "postgres" && !process.env.BENCH_SEARCH_KEEP) await dropDatabase(name);
  }
}

const results = {};
for (const e of ENGINES) results[e] = await run(e.trim());
console.log(JSON.stringify(results, null, 2));
