// Shared helpers for the benchmark scripts (docs/performance.md "Method": baselines side by side, idle check, ratios).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const PG_BASE = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function cpuTotals() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  const idle = line[3] + line[4];
  const total = line.reduce((a, b) => a + b, 0);
  return { idle, total };
}

/** Waits until the machine is ≥ 85 % idle over 2 s (or 90 s passed); returns the idle share seen. */
export async function idleCheck(maxWaitMs = Number(process.env.BENCH_IDLE_WAIT_MS ?? (process.env.BENCH_QUICK === "1" ? 2000 : 90_000))) {
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const a = cpuTotals();
    await sleep(2000);
    const b = cpuTotals();
    const idle = (b.idle - a.idle) / Math.max(1, b.total - a.total);
    if (idle >= 0.85 || Date.now() > until) return Math.round(idle * 100);
  }
}

export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

const BENCH_NAME = /^bench_[a-z0-9_]+$/;
const created = new Set();
let checked = null;

/**
 * Benchmarks never touch a database of their own choosing: they create `bench_*` databases on the server that
 * BENCH_DATABASE_URL / DATABASE_URL names, and drop them afterwards. They refuse to run when that URL's own database
 * holds the app's data (people in it): someone pointed them at a real database. Resolves with the server's name.
 */
export function assertBenchServer() {
  return (checked ??= (async () => {
    const u = new URL(PG_BASE);
    const dbName = decodeURIComponent(u.pathname.slice(1)) || "postgres";
    const c = new pg.Client({ connectionString: PG_BASE });
    await c.connect().catch((err) => {
      throw new Error(`[bench] cannot reach PostgreSQL at ${u.host} (BENCH_DATABASE_URL / DATABASE_URL): ${err.message}`);
    });
    try {
      const hasPeople = (await c.query(`select to_regclass('public.person') is not null as t`)).rows[0].t;
      const people = hasPeople ? (await c.query(`select count(*)::int as n from public.person`)).rows[0].n : 0;
      if (people > 0 && !BENCH_NAME.test(dbName)) {
        throw new Error(
          `[bench] refusing to run: ${u.host}/${dbName} holds the app's data (${people} people). The benchmarks create and drop ` +
            `their own bench_* databases on that server and never write into others; point BENCH_DATABASE_URL at the server's ` +
            `maintenance database instead, e.g. postgres://user@${u.host}/postgres`,
        );
      }
      const may = (await c.query(`select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user`)).rows[0]?.ok;
      if (!may) throw new Error(`[bench] the role ${u.username || "(default)"} may not create databases on ${u.host}: the benchmarks need CREATEDB`);
    } finally {
      await c.end();
    }
    return `${u.host}/${dbName}`;
  })());
}

/** Drops every bench_* database this process created (on exit, Ctrl-C or a failure). */
export async function dropCreatedDatabases() {
  for (const name of [...created]) await dropDatabase(name).catch(() => {});
}
let cleanupInstalled = false;
function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      console.error(`[bench] ${sig}: dropping ${[...created].join(", ") || "no databases"}`);
      dropCreatedDatabases().finally(() => process.exit(130));
    });
  }
}

export async function createDatabase(name) {
  if (!BENCH_NAME.test(name)) throw new Error(`[bench] only bench_* databases are created, not ${name}`);
  await assertBenchServer();
  installCleanup();
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  created.add(name);
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(name) {
  if (!BENCH_NAME.test(name)) throw new Error(`[bench] only bench_* databases are dropped, not ${name}`);
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
  created.delete(name);
}

export async function waitHealthy(url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {}
    if (Date.now() > until) throw new Error(`not healthy: ${url}`);
    await sleep(20);
  }
}

/** Starts the built app; resolves with the child and its origin once /healthz answers 200. */
export async function startApp(env = {}, { timeoutMs = 180_000 } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under the bench's load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "dist/server/index.js"], {
    // The benchmarks run on databases of their own and need the demo cluster: seed it even with NODE_ENV=production.
    env: { ...process.env, NODE_ENV: "production", SEED_DEMO: "always", PORT: String(port), HOST: "127.0.0.1", APP_ORIGIN: origin, SESSION_SECRET: "bench", ...env },
    // BENCH_SERVER_LOG=file keeps the servers' logs (appended) for looking into a failed run.
    stdio: ["ignore", process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, "a") : "ignore", "inherit"],
  });
  try {
    await waitHealthy(`${origin}/healthz`, timeoutMs);
  } catch (err) {
    child.kill("SIGKILL"); // never leave a server behind
    throw err;
  }
  return { child, origin, port, startMs: performance.now() - started };
}

export async function stop(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
}

/**
 * A closed-loop load run (one thread/worker, `connections` connections): req/s, p50/p99 in ms, non-2xx count. Uses the
 * load generator ensureLoadGenerator() chose: Debian's wrk, else autocannon from npm (same numbers, in JSON).
 */
export function wrk(url, { seconds = 8, connections = 32, headers = {} } = {}) {
  if (loadGenerator() === "autocannon") return autocannon(url, { seconds, connections, headers });
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  args.push(url);
  const r = spawnSync("wrk", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const out = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const toMs = (s) => {
    const m = /([\d.]+)(us|ms|s)/.exec(s);
    if (!m) return null;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? "");
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, non2xx };
}

const autocannonBin = () => path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "autocannon", "autocannon.js");
function autocannonArgs(url, { seconds, connections, headers }) {
  const args = [autocannonBin(), "-c", String(connections), "-d", String(seconds), "-j"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}=${v}`);
  args.push(url);
  return args;
}

/** autocannon in its own process (so it never shares the bench's event loop), parsed from its JSON report. */
function autocannon(url, opts) {
  const r = spawnSync(process.execPath, autocannonArgs(url, opts), { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`autocannon failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return { rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, non2xx: j.non2xx + j.errors + j.timeouts };
}

/** The same load as wrk(), in the background (for a soak): resolves when it ends. */
export function loadInBackground(url, { seconds, connections = 32, headers = {} }) {
  if (loadGenerator() === "autocannon") {
    const child = spawn(process.execPath, autocannonArgs(url, { seconds, connections, headers }), { stdio: "ignore" });
    return new Promise((r) => child.once("exit", r));
  }
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const child = spawn("wrk", [...args, url], { stdio: "ignore" });
  return new Promise((r) => child.once("exit", r));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
}

export function hasWrk() {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

function hasAutocannon() {
  return existsSync(autocannonBin());
}

let chosen;
/** "wrk" or "autocannon" (or null): what ensureLoadGenerator() chose, or what is there. */
export function loadGenerator() {
  if (chosen !== undefined) return chosen;
  if (process.env.BENCH_LOAD_GENERATOR === "autocannon" && hasAutocannon()) return "autocannon";
  return hasWrk() ? "wrk" : hasAutocannon() ? "autocannon" : null;
}

/**
 * Finds or installs the load generator and says which it used: Debian's `wrk` if installed, or installed with apt
 * when running as root on Debian (a fresh machine of this kind has none); otherwise `autocannon`, an exact
 * devDependency (npm ci brings it). BENCH_LOAD_GENERATOR=autocannon picks autocannon even where wrk is installed.
 * Returns the name, or null when there is neither (the closed-loop page benchmarks are then skipped).
 */
export function ensureLoadGenerator(log = console.log) {
  if (chosen !== undefined) return chosen;
  if (process.env.BENCH_LOAD_GENERATOR === "autocannon" && hasAutocannon()) {
    log("[bench] load generator: autocannon (BENCH_LOAD_GENERATOR=autocannon)");
    return (chosen = "autocannon");
  }
  if (hasWrk()) {
    log("[bench] load generator: wrk (installed)");
    return (chosen = "wrk");
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && spawnSync("apt-get", ["--version"]).error === undefined) {
    log("[bench] wrk not found: installing Debian's wrk package (apt-get install -y wrk)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    let r = spawnSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit", env });
    if (r.status !== 0) {
      spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      r = spawnSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit", env });
    }
    if (hasWrk()) {
      log("[bench] load generator: wrk (just installed from Debian)");
      return (chosen = "wrk");
    }
  }
  if (hasAutocannon()) {
    log(`[bench] load generator: autocannon from npm (no wrk${root ? " and apt could not install it" : ", and not root to install it with apt"})`);
    return (chosen = "autocannon");
  }
  log("[bench] no load generator: no wrk (needs root and apt) and no autocannon (run npm ci): the closed-loop page benchmarks are skipped");
  return (chosen = null);
}

/** @deprecated name kept for older scripts: true when a load generator is there. */
export function ensureWrk(log = console.log) {
  return ensureLoadGenerator(log) !== null;
}

/** CPU time (user + system) a process has used so far, in milliseconds (from /proc, robust to a busy machine). */
export function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    const ticks = Number(f[11]) + Number(f[12]);
    return (ticks * 1000) / 100; // CLK_TCK = 100 on Linux
  } catch {
    return null;
  }
}
