// Member start page under load: the app (Remix + Express) vs the bare node:http B-render baseline that runs the same
// SQL and streams an equivalent React tree, same machine, same run, interleaved (docs/performance.md "Method"). Goal ≥ 0.4×
// (stretch 0.6×). Then a saturation soak for memory: RSS after 1 min and at the end (goal ≤ 300 MB, flat).
import { spawn } from "node:child_process";
import { startApp, stop, createDatabase, dropDatabase, freePort, wrk, idleCheck, rssMb, median, sleep, waitHealthy, cpuMs, loadInBackground } from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
export async function benchStartPage({ rounds = QUICK ? 1 : 3, seconds = QUICK ? 3 : 8, soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? (QUICK ? 0 : 180)) } = {}) {
  const db = "bench_start_page";
  const url = await createDatabase(db);
  const app = await startApp({ DATABASE_URL: url, SEED_DEMO: "always" });
  const login = await fetch(`${app.origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
    body: "email=member%40demo.example&password=demo-password",
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith("session="))
    ?.split(";")[0];
  if (!cookie) throw new Error("bench login failed");

  const basePort = await freePort();
  const base = spawn(process.execPath, ["bench/baselines/start-page.mjs", String(basePort), url, "bench"], { stdio: "inherit" });
  await waitHealthy(`http://127.0.0.1:${basePort}/`).catch(() => {}); // answers 302 without a cookie
  await sleep(500);
  const check = await fetch(`http://127.0.0.1:${basePort}/`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`baseline answered ${check.status}`);

  const targets = { app: `${app.origin}/`, bare: `http://127.0.0.1:${basePort}/` };
  for (const u of Object.values(targets)) wrk(u, { seconds: 3, headers: { cookie } }); // warm-up
  const results = { app: [], bare: [] };
  const cpuPerReq = { app: [], bare: [] };
  const pids = { app: app.child.pid, bare: base.pid };
  const idle = [];
  for (let r = 0; r < rounds; r++) {
    for (const name of ["bare", "app"]) {
      idle.push(await idleCheck());
      const before = cpuMs(pids[name]);
      const res = wrk(targets[name], { seconds, headers: { cookie } });
      const used = cpuMs(pids[name]) - before;
      results[name].push(res);
      cpuPerReq[name].push(used / Math.max(1, res.rps * seconds));
    }
  }
  const ratios = results.app.map((a, i) => a.rps / results.bare[i].rps);

  // Soak at saturation: RSS after 60 s and at the end.
  let rss1 = null;
  let rssEnd = null;
  if (soakSeconds > 0) {
    const soak = loadInBackground(targets.app, { seconds: soakSeconds, headers: { cookie } });
    await sleep(Math.min(60, soakSeconds) * 1000);
    rss1 = rssMb(app.child.pid);
    await soak;
    rssEnd = rssMb(app.child.pid);
  }

  base.kill("SIGTERM");
  await stop(app.child);
  await dropDatabase(db);
  return {
    appRps: results.app.map((x) => Math.round(x.rps)),
    bareRps: results.bare.map((x) => Math.round(x.rps)),
    appP99Ms: results.app.map((x) => x.p99),
    bareP99Ms: results.bare.map((x) => x.p99),
    ratioMedian: Number(median(ratios).toFixed(2)),
    ratioRange: [Number(Math.min(...ratios).toFixed(2)), Number(Math.max(...ratios).toFixed(2))],
    errors: results.app.reduce((a, x) => a + x.non2xx, 0),
    // CPU per request is less sensitive to a busy machine than req/s; its inverse ratio is the same comparison.
    appCpuMsPerRequest: Number(median(cpuPerReq.app).toFixed(3)),
    bareCpuMsPerRequest: Number(median(cpuPerReq.bare).toFixed(3)),
    cpuRatio: Number((median(cpuPerReq.bare) / median(cpuPerReq.app)).toFixed(2)),
    idlePercentBeforeRuns: idle,
    soakSeconds,
    rssAfter60sMb: rss1,
    rssAtEndMb: rssEnd,
    targets: { ratio: 0.4, stretch: 0.6, rssMb: 300 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStartPage(), null, 2));
}
