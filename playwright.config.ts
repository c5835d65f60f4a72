import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium where present (CI installs it with apt); otherwise Playwright's own browser if one is installed.
const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
if (!executablePath && !process.env.PLAYWRIGHT_BROWSERS_PATH) {
  console.warn("[e2e] No Chromium found at /usr/bin/chromium. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.");
}

const PORT = Number(process.env.E2E_PORT ?? 3210);
const SINK_HTTP = Number(process.env.SINK_HTTP_PORT ?? 2626);

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
    },
  },
  webServer: [
    {
      command: "node e2e/smtp-sink.mjs",
      url: `http://127.0.0.1:${SINK_HTTP}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: "node e2e/start-app.mjs",
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
