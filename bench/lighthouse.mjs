// Lighthouse mobile performance (issue 15 item 2): the four main pages and a thread page as the signed-in demo
// member, with Lighthouse's default mobile preset (simulated slow 4G, 4× CPU slowdown) in Debian's Chromium. The
// session cookie goes in Lighthouse's extraHeaders. Each page is measured BENCH_LH_RUNS times (default 3): the median
// score is reported with the metrics of that run. Target: ≥ 95 on every page.
// Run: node bench/lighthouse.mjs   (after npm run build; PostgreSQL from BENCH_DATABASE_URL / DATABASE_URL, else local;
//      BENCH_JSON=1 prints one JSON line at the end)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { createDatabase, dropDatabase, median, startApp, stop } from "./lib.mjs";
import { CHROMIUM, CHROMIUM_FLAGS, memberCookie, threadPath } from "./pageweight.mjs";

export const LIGHTHOUSE_TARGET = 95;

/** Debian's Chromium with a DevTools port for Lighthouse (no chrome-launcher: the port is read from its stderr). */
async function launchChromium() {
  const profile = mkdtempSync(path.join(os.tmpdir(), "lh-profile-"));
  const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(0, 500)}`)), 30_000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`chromium exited ${code}: ${err.slice(0, 500)}`)));
  });
  return {
    port,
    async close() {
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await done;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const ms = (a, id) => Math.round(a[id]?.numericValue ?? NaN);

export async function benchLighthouse({ runs = Number(process.env.BENCH_LH_RUNS ?? 3), log = console.log } = {}) {
  const db = "bench_lighthouse";
  const dbUrl = await createDatabase(db);
  const app = await startApp({ DATABASE_URL: dbUrl, SEED_DEMO: "always" });
  const chrome = await launchChromium();
  try {
    const cookie = await memberCookie(app.origin);
    const thread = await threadPath(app.origin, cookie);
    const pages = ["/", "/events", "/groups", "/campaigns", thread];
    const rows = [];
    for (const p of pages) {
      const all = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(app.origin + p, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: { cookie } });
        const lhr = result.lhr;
        if (lhr.runtimeError) throw new Error(`${p}: ${lhr.runtimeError.message}`);
        const a = lhr.audits;
        all.push({
          score: Math.round(lhr.categories.performance.score * 100),
          fcp: ms(a, "first-contentful-paint"),
          lcp: ms(a, "largest-contentful-paint"),
          tbt: ms(a, "total-blocking-time"),
          cls: Math.round((a["cumulative-layout-shift"]?.numericValue ?? NaN) * 1000) / 1000,
          si: ms(a, "speed-index"),
          finalUrl: lhr.finalDisplayedUrl,
        });
      }
      const med = median(all.map((r) => r.score));
      const row = { path: p, scores: all.map((r) => r.score), ...all.find((r) => r.score === med) };
      if (new URL(row.finalUrl).pathname !== p) throw new Error(`${p} ended on ${row.finalUrl} (not signed in?)`);
      rows.push(row);
    }
    const load = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
    log(`\n| Page (Lighthouse 12.2.3, mobile) | Score (median of ${runs}; all) | FCP | LCP | TBT | CLS | Speed Index | Target |\n|---|---|---|---|---|---|---|---|`);
    for (const r of rows)
      log(`| ${r.path.length > 30 ? "thread page" : r.path} | ${r.score} (${r.scores.join(", ")}) | ${r.fcp} ms | ${r.lcp} ms | ${r.tbt} ms | ${r.cls} | ${r.si} ms | ≥ ${LIGHTHOUSE_TARGET} |`);
    const met = rows.every((r) => r.score >= LIGHTHOUSE_TARGET);
    log(`load average ${load}; ${met ? "met" : "MISSED"} (target ≥ ${LIGHTHOUSE_TARGET} on every page)`);
    return { target: LIGHTHOUSE_TARGET, runs, rows, met, loadAverage: load };
  } finally {
    await chrome.close();
    await stop(app.child);
    await dropDatabase(db);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchLighthouse();
  if (process.env.BENCH_JSON === "1") console.log(JSON.stringify(r));
}
