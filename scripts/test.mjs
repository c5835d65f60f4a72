// `npm test`: build, then the vitest suite (PostgreSQL when DATABASE_URL/TEST_DATABASE_URL is set, else PGlite),
// then the Playwright browser tests against the built app. Prints one closing "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const only = process.argv[2]; // "unit" | "e2e" | undefined (both)
mkdirSync("test-results", { recursive: true });

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

let failedSteps = 0;
let passed = 0;
let failed = 0;

if (run(process.execPath, ["scripts/build.mjs"]) !== 0) process.exit(1);

if (only !== "e2e") {
  const out = "test-results/vitest.json";
  rmSync(out, { force: true });
  const code = run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  try {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numTotalTests === 0) failedSteps++;
  } catch {
    failedSteps++;
  }
  if (code !== 0) failedSteps++;
}

async function freePort() {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The browser tests need a Chromium. Use CHROMIUM_PATH or Debian's /usr/bin/chromium; when neither exists, try
 * Playwright's own download, then (as root with apt) Debian's package, and say what happened.
 */
function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found) return true;
  console.log("[e2e] No Chromium found (CHROMIUM_PATH, /usr/bin/chromium). Trying `playwright install chromium`…");
  if (run(process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"]) === 0) {
    console.log("[e2e] Installed Playwright's Chromium.");
    return true;
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0) {
    console.log("[e2e] Playwright's download failed; installing Debian's chromium package with apt-get (running as root)…");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], env) === 0 && run("apt-get", ["install", "-y", "-qq", "chromium"], env) === 0 && existsSync("/usr/bin/chromium")) {
      console.log("[e2e] Installed /usr/bin/chromium.");
      return true;
    }
  }
  console.error(
    "[e2e] Could not install a Chromium. Install one and run again: `apt-get install -y chromium` (Debian, as root), " +
      "or `npx playwright install chromium`, or point CHROMIUM_PATH at an existing Chromium/Chrome binary.",
  );
  return false;
}

if (only !== "unit" && !ensureChromium()) failedSteps++;
else if (only !== "unit") {
  // Free ports for the app and the SMTP sink, so parallel runs (or a dev server on 3000) never collide.
  const ports = {
    E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
    SINK_SMTP_PORT: process.env.SINK_SMTP_PORT ?? String(await freePort()),
    SINK_HTTP_PORT: process.env.SINK_HTTP_PORT ?? String(await freePort()),
    // The app's inbound SMTP listener for calendar replies (e2e/events-replies.spec.ts sends to it).
    INBOUND_SMTP_PORT: process.env.INBOUND_SMTP_PORT ?? String(await freePort()),
  };
  Object.assign(process.env, ports);
  const out = "test-results/playwright.json";
  rmSync(out, { force: true });
  const code = run(process.execPath, ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  try {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed += r.stats.expected;
    failed += r.stats.unexpected + (r.stats.flaky ?? 0);
    if (r.stats.expected + r.stats.unexpected === 0) failedSteps++;
  } catch {
    failedSteps++;
  }
  if (code !== 0) failedSteps++;
  // The browser tests' own database (see e2e/start-app.mjs) is not left behind on the PostgreSQL server.
  const base = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (base) {
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: base });
    try {
      await admin.connect();
      await admin.query(`drop database if exists cluster_e2e_${Number(ports.E2E_PORT)} with (force)`);
    } catch {
      /* best effort */
    } finally {
      await admin.end().catch(() => {});
    }
  }
}

console.log(`\nsummary: ${passed} passed, ${failed} failed`);
process.exit(failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);
