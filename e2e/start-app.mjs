// Starts the built app for the browser tests: its own database (a fresh PostgreSQL database when DATABASE_URL is
// set, else a fresh PGlite folder), the demo seed, and mail over SMTP to the e2e sink.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const port = Number(process.env.E2E_PORT ?? 3210);
const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  APP_ORIGIN: `http://127.0.0.1:${port}`,
  SMTP_URL: `smtp://127.0.0.1:${process.env.SINK_SMTP_PORT ?? 2625}`,
  SESSION_SECRET: "e2e-secret",
  // NODE_ENV=production never seeds the demo on its own: the browser tests opt in explicitly.
  SEED_DEMO: "always",
  // Calendar replies (issue 16): invitations carry events+<token>@cluster.example; replies reach the app's own listener.
  INBOUND_ADDRESS: "events@cluster.example",
  INBOUND_SMTP_PORT: process.env.INBOUND_SMTP_PORT ?? "2627",
};
const base = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (base) {
  const name = `cluster_e2e_${port}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
} else {
  delete env.DATABASE_URL;
  env.PGLITE_DIR = path.join(mkdtempSync(path.join(os.tmpdir(), "cluster-e2e-")), "pglite");
}
const child = spawn(process.execPath, ["dist/server/index.js"], { env, stdio: "inherit" });
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
