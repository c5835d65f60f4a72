// npm run bench: every benchmark, one JSON file in bench/results/ and ONE table at the end: each scenario's app
// figure, its baseline measured in the same run, the ratio and the target, with the machine's load average while it ran.
// Options: BENCH_QUICK=1 (a short smoke version of everything: fewer rounds, seconds, clients and messages),
// BENCH_SOAK_SECONDS (default 180), BENCH_IDLE_WAIT_MS (default 90000), BENCH_DATABASE_URL (a PostgreSQL server where the
// benchmarks create and drop their own bench_* databases), BENCH_LOAD_GENERATOR=autocannon, BENCH_SKIP_FANOUT=1,
// BENCH_SKIP_MIXED=1.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { benchStartup } from "./startup.mjs";
import { benchStartPage } from "./start-page.mjs";
import { assertBenchServer, dropCreatedDatabases, ensureLoadGenerator } from "./lib.mjs";
import { benchPageWeight } from "./pageweight.mjs";
import { benchLighthouse } from "./lighthouse.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const load = () => os.loadavg()[0].toFixed(2);
const results = { date: new Date().toISOString(), node: process.version, quick: QUICK, cpus: os.cpus().length, load: {} };

// Before anything: the server the benchmarks create their databases on must not be a database with real data.
try {
  results.server = await assertBenchServer();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
results.loadGenerator = ensureLoadGenerator();

/** Runs one scenario, keeping its error instead of stopping the run, and the load average before and after. */
async function scenario(name, fn) {
  const before = load();
  const t0 = Date.now();
  console.error(`[bench] ${name}… (load ${before})`);
  try {
    results[name] = await fn();
  } catch (err) {
    results[name] = { error: String(err?.message ?? err).slice(0, 500) };
  }
  results.load[name] = `${before} → ${load()}`;
  console.error(`[bench] ${name} done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/** A TypeScript benchmark in its own process (tsx), its JSON read from stdout. */
function child(script, args = [], env = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", env: { ...process.env, BENCH_JSON: "1", ...env }, maxBuffer: 64 * 1024 * 1024 });
  const line = /BENCH_JSON (.*)/.exec(r.stdout)?.[1] ?? r.stdout.trim().split("\n").pop();
  try {
    return JSON.parse(line);
  } catch {
    /* a script that prints its JSON over several lines (mail-drain.ts) */
  }
  try {
    return JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  } catch {
    throw new Error(`${script} failed: ${(r.stderr || r.stdout).slice(-500)}`);
  }
}

/** A plain-JavaScript benchmark in its own process, its JSON (BENCH_JSON=1) read from the last line of stdout. */
async function childJson(script, env = {}) {
  const { spawn } = await import("node:child_process");
  const c = spawn(process.execPath, [script], { env: { ...process.env, BENCH_JSON: "1", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  c.stdout.on("data", (d) => (out += d));
  const code = await new Promise((r) => c.once("exit", r));
  try {
    return JSON.parse(out.trim().split("\n").pop());
  } catch {
    throw new Error(`${script} exited ${code}: ${out.slice(-300)}`);
  }
}

/** bench/fanout.mjs reads its options from argv when it is first imported. */
async function importWithArgs(path, args) {
  const saved = process.argv;
  process.argv = [saved[0], saved[1], ...args];
  try {
    return await import(path);
  } finally {
    process.argv = saved;
  }
}

try {
  await scenario("startup", () => benchStartup());
  await scenario("startPage", () => (results.loadGenerator ? benchStartPage() : { skipped: "no load generator" }));
  await scenario("mailDrain", () => child("bench/mail-drain.ts", [QUICK ? "300" : "2000"]));
  await scenario("matching", () => child("bench/matching.ts", [], QUICK ? { BENCH_OPEN: "2000", BENCH_TARGETS: "40" } : {}));
  await scenario("invitations", () => child("bench/invitations.mjs", [], QUICK ? { BENCH_INVITES: "300", BENCH_ROUNDS: "1", BENCH_FEED_EVENTS: "300" } : {}));
  if (process.env.BENCH_SKIP_FANOUT !== "1") {
    await scenario("fanout", async () => {
      const quick = { clients: 200, rates: [20], seconds: 3, rounds: 1, pages: false };
      const mod = await importWithArgs("./fanout.mjs", QUICK ? ["--clients", "200", "--rates", "20", "--seconds", "3", "--rounds", "1", "--no-pages"] : []);
      return mod.runFanout ? mod.runFanout(QUICK ? quick : {}) : mod.benchFanout();
    });
  }
  if (process.env.BENCH_SKIP_MIXED !== "1") {
    // Its own process: bench/fanout.mjs, which it uses, keeps its options in module state.
    await scenario("mixed", async () =>
      childJson("bench/mixed.mjs", QUICK ? { BENCH_MIXED_CLIENTS: process.env.BENCH_MIXED_CLIENTS ?? "200", BENCH_MIXED_INVITES: process.env.BENCH_MIXED_INVITES ?? "200" } : {}),
    );
  }
  // Page weight and Lighthouse (issue 15 item 2): each also prints its own table.
  await scenario("pageWeight", () => benchPageWeight());
  await scenario("lighthouse", () => benchLighthouse());
} finally {
  await dropCreatedDatabases();
}

mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${results.date.replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify(results, null, 2));

// ----- the one table ------------------------------------------------------------------------------------------
const rows = [];
const fmt = (x) => (x === null || x === undefined || Number.isNaN(x) ? "–" : String(x));
const ratioOf = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? Math.round((a / b) * 100) / 100 : null);
/** One row: what, app figure, baseline figure, ratio, target, met (true/false/null), load average during it. */
function row(scenarioKey, what, app, baseline, ratio, target, met) {
  const r = results[scenarioKey];
  if (r?.error) return rows.push([what, `failed: ${r.error.slice(0, 120)}`, "–", "–", target, "failed", results.load[scenarioKey] ?? "–"]);
  if (r?.skipped) return rows.push([what, `skipped: ${r.skipped}`, "–", "–", target, "skipped", results.load[scenarioKey] ?? "–"]);
  rows.push([
    what,
    fmt(app),
    fmt(baseline),
    ratio === null || ratio === undefined ? "–" : `${ratio}×`,
    target,
    met === null || met === undefined ? "–" : met ? "met" : "MISSED",
    results.load[scenarioKey] ?? "–",
  ]);
}

const st = results.startup ?? {};
row("startup", "Start to healthy, PGlite restart (ms)", st.pgliteMedianMs, null, null, "≤ 3000 ms", st.pgliteMedianMs <= 3000);
row("startup", "Start to healthy, PostgreSQL (ms)", st.postgresMedianMs, null, null, "≤ 1000 ms", st.postgresMedianMs <= 1000);
row(
  "startup",
  `RSS ${st.settleSeconds ?? "–"} s after a first start on an empty PGlite folder vs after a restart (MB)`,
  st.firstRssMb,
  st.restartRssMb,
  ratioOf(st.firstRssMb, st.restartRssMb),
  "≤ 400 MB",
  st.firstRssMb <= 400,
);
const sp = results.startPage ?? {};
row("startPage", "Start page req/s: app vs bare node:http + same SQL + React stream", sp.appRps?.join("/"), sp.bareRps?.join("/"), sp.ratioMedian, "≥ 0.4×", sp.ratioMedian >= 0.4);
row("startPage", "Start page CPU ms/request (bare/app as ratio)", sp.appCpuMsPerRequest, sp.bareCpuMsPerRequest, sp.cpuRatio, "≥ 0.4×", sp.cpuRatio >= 0.4);
if (sp.soakSeconds)
  row("startPage", `Start page RSS after 60 s → ${sp.soakSeconds} s at saturation (MB)`, `${sp.rssAfter60sMb} → ${sp.rssAtEndMb}`, null, null, "≤ 300 MB, flat", sp.rssAtEndMb <= 300);
const md = results.mailDrain ?? {};
row("mailDrain", `Mail queue drain, N=${md.messages ?? "–"} (msg/s; baseline raw nodemailer)`, md.queueMsgsPerSec, md.rawMsgsPerSec, md.ratio, "≥ 500 msg/s", md.queueMsgsPerSec >= 500);
const m = results.matching ?? {};
row("matching", `Logistics matching vs ${m.open ?? "–"} open requests (ms; baseline SQL alone)`, m.fullMedianMs, m.sqlMedianMs, m.ratio, "≤ 50 ms", m.fullMedianMs <= 50);
const inv = results.invitations ?? {};
row(
  "invitations",
  `Invitations through the queue, N=${inv.invites ?? "–"} (msg/s; baseline raw pooled nodemailer)`,
  inv.s4?.appMsgsPerSec?.join("/"),
  inv.s4?.rawMsgsPerSec?.join("/"),
  inv.s4?.ratioMedian,
  "≥ 0.5×, exactly one each",
  inv.s4 ? inv.s4.ratioMedian >= 0.5 && inv.s4.exactlyOneEach : null,
);
row(
  "invitations",
  "Enqueue the invitations in one transaction (ms; baseline multi-row INSERT)",
  inv.s4b?.enqueueMs?.join("/"),
  inv.s4b?.rawInsertMs?.join("/"),
  inv.s4b?.ratioMedian,
  "≤ 3×, ≤ 100 ms",
  inv.s4b ? inv.s4b.ratioMedian <= 3 && Math.max(...inv.s4b.enqueueMs) <= 100 : null,
);
row(
  "invitations",
  `Personal feed of ${inv.s5?.events ?? "–"} events, warm (ms; baseline hand serializer)`,
  inv.s5?.warmMedianMs,
  inv.s5?.handSerializerMedianMs,
  inv.s5?.ratioMedian,
  "≤ 2×, ≤ 25 ms",
  inv.s5 ? inv.s5.ratioMedian <= 2 && inv.s5.warmMedianMs <= 25 : null,
);
if (results.fanout) {
  const f = results.fanout;
  const summary = f.fanout?.summary ?? f.summary ?? [];
  if (!summary.length) row("fanout", "Post → live clients p99 (ms; baseline bare socket.io)", null, null, null, "≤ 1.5× at 20/s, ≤ 2× at 50/s", null);
  for (const s of summary) {
    row(
      "fanout",
      `Post → ${s.clients} live clients at ${s.rate} posts/s, p99 (ms; baseline bare socket.io), lost ${s.app.lost}`,
      s.app.p99,
      s.bare.p99,
      s.p99RatioMedian,
      `≤ ${s.target}×, 0 lost`,
      s.p99RatioMedian <= s.target && s.app.lost === 0,
    );
  }
  const p = f.pages;
  if (p && !p.skipped)
    row(
      "fanout",
      "Latest thread page, 100,000 vs 1,000 posts (req/s)",
      p.rps?.["100k"]?.join("/"),
      p.rps?.["1k"]?.join("/"),
      p.rpsRatioMedian,
      "≥ 0.9×, 0 seq scans",
      p.rpsRatioMedian >= 0.9 && p.postSeqScans === 0,
    );
}
if (results.mixed) {
  const x = results.mixed.summary ?? {};
  const o = results.mixed.options ?? {};
  row("mixed", `S7 mixed: start page at ${o.ssrRate} req/s, p99 (ms; baseline: alone)`, x.ssr?.mixed, x.ssr?.solo, x.ssr?.ratio, "≤ 2×", x.ssr ? x.ssr.ratio <= 2 : null);
  row(
    "mixed",
    `S7 mixed: post → ${o.clients} clients at ${o.postRate}/s, p99 (ms; baseline: alone), lost ${x.posts?.lost}`,
    x.posts?.mixed,
    x.posts?.solo,
    x.posts?.ratio,
    "≤ 2×, 0 lost",
    x.posts ? x.posts.ratio <= 2 && x.posts.lost === 0 : null,
  );
  row(
    "mixed",
    `S7 mixed: ${o.invites} invitations, 99 % delivered (ms; baseline: alone)`,
    x.invites?.mixed,
    x.invites?.solo,
    x.invites?.ratio,
    `≤ 2×, exactly ${o.invites}`,
    x.invites ? x.invites.ratio <= 2 && x.invites.exactlyOneEach : null,
  );
  row(
    "mixed",
    `S7 mixed: event-loop delay p99 (ms; baseline: parts alone; mail worker ${o.mailWorker})`,
    x.loopP99Ms?.mixed,
    x.loopP99Ms?.solo,
    null,
    "≤ 30 ms",
    x.loopP99Ms ? x.loopP99Ms.mixed <= 30 : null,
  );
}

if (results.pageWeight?.error) row("pageWeight", "JavaScript per page, gzipped KB", null, null, null, "≤ 100 KB", null);
else if (results.pageWeight) {
  const w = results.pageWeight;
  for (const [i, r] of w.lv.entries()) {
    if (i > 3) break;
    const en = w.en[i].gzKb;
    row("pageWeight", `JavaScript on ${r.path}, gzipped KB (lv; en ${en})`, Math.max(r.gzKb, en), null, null, `≤ ${w.targetKb} KB`, Math.max(r.gzKb, en) <= w.targetKb);
  }
}
if (results.lighthouse?.error) row("lighthouse", "Lighthouse mobile performance", null, null, null, "≥ 95", null);
else if (results.lighthouse) {
  for (const r of results.lighthouse.rows)
    row("lighthouse", `Lighthouse mobile performance, ${r.path.length > 30 ? "thread page" : r.path}`, r.score, null, null, `≥ ${results.lighthouse.target}`, r.score >= results.lighthouse.target);
}

const head = ["Scenario", "App", "Baseline (same run)", "Ratio", "Target", "", "Load avg (1 min) before → after"];
console.log(
  [
    "",
    `npm run bench${QUICK ? " (BENCH_QUICK=1: smoke version, not figures to publish)" : ""} — ${results.date}, Node ${results.node}, ${results.cpus} CPUs, load generator: ${results.loadGenerator ?? "none"}, database server ${results.server}`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `(${file})`,
  ].join("\n"),
);
