// npm run bench: every benchmark of the foundation, one JSON file in bench/results/ and a Markdown table.
// Options: BENCH_SOAK_SECONDS (default 180), BENCH_IDLE_WAIT_MS (default 90000), BENCH_DATABASE_URL,
// BENCH_SKIP_FANOUT=1 (skips the ~5-minute live-discussion fan-out; run it alone with `node bench/fanout.mjs`).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { benchStartup } from "./startup.mjs";
import { benchStartPage } from "./start-page.mjs";
import { ensureWrk } from "./lib.mjs";
import { benchFanout } from "./fanout.mjs";
import { benchPageWeight } from "./pageweight.mjs";
import { benchLighthouse } from "./lighthouse.mjs";

const results = { date: new Date().toISOString(), node: process.version };
results.startup = await benchStartup();
if (ensureWrk()) results.startPage = await benchStartPage();
else results.startPage = { skipped: "no wrk (see the log)" };
const mail = spawnSync(process.execPath, ["--import", "tsx", "bench/mail-drain.ts", "2000"], { encoding: "utf8" });
try {
  results.mailDrain = JSON.parse(mail.stdout);
} catch {
  results.mailDrain = { error: mail.stderr.slice(0, 500) };
}
const matching = spawnSync(process.execPath, ["--import", "tsx", "bench/matching.ts"], { encoding: "utf8", env: { ...process.env, BENCH_JSON: "1" } });
try {
  results.matching = JSON.parse(/BENCH_JSON (.*)/.exec(matching.stdout)[1]);
} catch {
  results.matching = { error: matching.stderr.slice(0, 500) };
}
const inv = spawnSync(process.execPath, ["--import", "tsx", "bench/invitations.mjs"], { encoding: "utf8", env: { ...process.env, BENCH_JSON: "1" } });
try {
  results.invitations = JSON.parse(inv.stdout.trim().split("\n").pop());
} catch {
  results.invitations = { error: inv.stderr.slice(0, 500) };
}
if (process.env.BENCH_SKIP_FANOUT !== "1") {
  try {
    results.fanout = await benchFanout();
  } catch (err) {
    results.fanout = { error: String(err?.message ?? err).slice(0, 500) };
  }
}
// Page weight and Lighthouse (issue 15 item 2): each prints its own table.
for (const [name, run] of [
  ["pageWeight", benchPageWeight],
  ["lighthouse", benchLighthouse],
]) {
  try {
    results[name] = await run();
  } catch (err) {
    results[name] = { error: String(err?.message ?? err).slice(0, 500) };
  }
}
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${results.date.replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify(results, null, 2));
const sp = results.startPage;
console.log(`
| Benchmark | Result | Target |
|---|---|---|
| Start to healthy, PGlite (restart) | ${results.startup.pgliteMedianMs} ms | ≤ 3000 ms |
| Start to healthy, PostgreSQL | ${results.startup.postgresMedianMs} ms | ≤ 1000 ms |
| Start page req/s, app vs bare node:http + React stream | ${sp ? `${sp.appRps.join("/")} vs ${sp.bareRps.join("/")} → ${sp.ratioMedian}× (CPU/request ${sp.appCpuMsPerRequest} vs ${sp.bareCpuMsPerRequest} ms)` : "skipped"} | ≥ 0.4× |
| Start page RSS after ${sp?.soakSeconds ?? "–"} s at saturation | ${sp ? `${sp.rssAfter60sMb} → ${sp.rssAtEndMb} MB` : "skipped"} | ≤ 300 MB, flat |
| Mail queue drain (N=${results.mailDrain.messages}) | ${results.mailDrain.queueMsgsPerSec} msg/s vs raw ${results.mailDrain.rawMsgsPerSec} (${results.mailDrain.ratio}×), delivered ${results.mailDrain.delivered} | ≥ 500 msg/s |
| Logistics matching, new request vs ${results.matching.open ?? "–"} open (${results.matching.engine ?? "–"}) | full ${results.matching.fullMedianMs} / p95 ${results.matching.fullP95Ms} ms; SQL alone ${results.matching.sqlMedianMs} ms (${results.matching.ratio}×) | ≤ 50 ms |
| Invitations through the queue vs raw pooled nodemailer (N=${results.invitations.invites ?? "–"}) | ${results.invitations.s4 ? `${results.invitations.s4.appMsgsPerSec.join("/")} vs ${results.invitations.s4.rawMsgsPerSec.join("/")} msg/s → ${results.invitations.s4.ratioMedian}×, exactly one each: ${results.invitations.s4.exactlyOneEach}` : "failed"} | ≥ 0.5× |
| Enqueue 1,000 invitations vs raw multi-row INSERT | ${results.invitations.s4b ? `${results.invitations.s4b.enqueueMs.join("/")} vs ${results.invitations.s4b.rawInsertMs.join("/")} ms → ${results.invitations.s4b.ratioMedian}×` : "failed"} | ≤ 3×, ≤ 100 ms |
| Personal feed of 1,000 events (warm) vs hand serializer | ${results.invitations.s5 ? `${results.invitations.s5.warmMedianMs} vs ${results.invitations.s5.handSerializerMedianMs} ms → ${results.invitations.s5.ratioMedian}× (cold ${results.invitations.s5.coldMs} ms; ical-generator 10: ${results.invitations.s5.icalGenerator10Ms} ms)` : "failed"} | ≤ 2×, ≤ 25 ms |
| Post → 1,000 live clients: p99 app vs bare socket.io, 20 / 50 posts/s | ${fanoutRow()} | ≤ 1.5× / ≤ 2×, 0 lost |
| Latest thread page, 100,000 vs 1,000 posts | ${pagesRow()} | ≥ 0.9× req/s, ≤ 1.2× p99, 0 seq scans |
(${file})`);

function fanoutRow() {
  const s = results.fanout?.fanout?.summary;
  if (!s) return results.fanout?.error ? `failed: ${results.fanout.error}` : "skipped";
  return s.map((x) => `${x.rate}/s: ${x.app.p99} vs ${x.bare.p99} ms → ${x.p99RatioMedian}×, lost ${x.app.lost}`).join("; ");
}
function pagesRow() {
  const p = results.fanout?.pages;
  if (!p || p.skipped) return p?.skipped ?? "skipped";
  return `${p.rpsRatioMedian}× req/s, ${p.p99RatioMedian}× p99, ${p.postSeqScans} seq scans`;
}
