// Shared helpers for the benchmark scripts (docs/performance.md "Method": baselines side by side, idle check, ratios).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
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
export async function idleCheck(maxWaitMs = Number(process.env.BENCH_IDLE_WAIT_MS ?? 90_000)) {
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

export async function createDatabase(name) {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(name) {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
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
export async function startApp(env = {}, { timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under the bench's load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "dist/server/index.js"], {
    // The benchmarks run on databases of their own and need the demo cluster: seed it even with NODE_ENV=production.
    env: { ...process.env, NODE_ENV: "production", SEED_DEMO: "always", PORT: String(port), HOST: "127.0.0.1", APP_ORIGIN: origin, SESSION_SECRET: "bench", ...env },
    stdio: ["ignore", "ignore", "inherit"],
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

/** Runs wrk (closed loop, one thread) and parses req/s and latency percentiles. */
export function wrk(url, { seconds = 8, connections = 32, headers = {} } = {}) {
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

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
}

export function hasWrk() {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

/**
 * The load generator: wrk if installed; otherwise, as root on Debian, it installs Debian's `wrk` package (a fresh
 * machine of this kind has none). Says what it used; false when there is none (the wrk benchmarks are then skipped).
 */
export function ensureWrk(log = console.log) {
  if (hasWrk()) {
    log("[bench] load generator: wrk (installed)");
    return true;
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
      return true;
    }
  }
  log("[bench] no wrk and it could not be installed (needs root and apt): the wrk benchmarks are skipped");
  return false;
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
