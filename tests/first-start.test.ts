import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { HttpClient } from "./helpers/server";
import { adminUrl } from "./setup/global";
import { startServer, type RunningServer } from "../server/start";
import { demoSeedPolicy, readEnv as readProcessEnv } from "../server/config";
import { migrations } from "../db/migrations/index";
import { START_LOCK_KEY, withStartLock } from "../db/migrate";
import { acquireDirLock, DatabaseLockedError } from "../db/client";
import { DEMO_LOGINS } from "../app/seed/types";

const envOf = (vars: Record<string, string>) => readProcessEnv(vars as NodeJS.ProcessEnv);

// Issue 10 item 2 (no demo admin with a known password on a production database unless asked for) and item 20
// (instances started together on an empty database take turns migrating and seeding instead of crashing).

const root = path.resolve(__dirname, "..");
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real server in this process from environment variables, as `npm start` would read them. */
async function start(vars: Record<string, string>, databaseUrl?: string, pgliteDir: string | null = null) {
  const logs: string[] = [];
  const port = await freePort();
  const env = {
    ...envOf({ ...vars, PORT: String(port), HOST: "127.0.0.1", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }),
    pgliteDir, // in-memory PGlite when there is no DATABASE_URL and no folder
    sessionSecrets: ["first-start-test"],
    mailWorkers: 1,
  };
  const server = await startServer(env, { root, log: (m) => logs.push(m) });
  servers.push(server);
  return { server, logs };
}

describe("SEED_DEMO", () => {
  it("npm start's environment (no NODE_ENV) seeds an empty database; NODE_ENV=production never does unless SEED_DEMO=always", () => {
    expect(demoSeedPolicy(envOf({}))).toEqual({ seed: true, reason: "SEED_DEMO=auto outside production" });
    expect(demoSeedPolicy(envOf({ SEED_DEMO: "auto" })).seed).toBe(true);
    expect(demoSeedPolicy(envOf({ NODE_ENV: "production" }))).toEqual({
      seed: false,
      reason: "NODE_ENV=production; set SEED_DEMO=always to seed the demo anyway",
    });
    expect(demoSeedPolicy(envOf({ NODE_ENV: "production", SEED_DEMO: "auto" })).seed).toBe(false);
    expect(demoSeedPolicy(envOf({ NODE_ENV: "production", SEED_DEMO: "always" }))).toEqual({ seed: true, reason: "SEED_DEMO=always" });
    expect(demoSeedPolicy(envOf({ SEED_DEMO: "never" }))).toEqual({ seed: false, reason: "SEED_DEMO=never" });
  });

  it("refuses a value it does not know instead of guessing", () => {
    expect(() => envOf({ SEED_DEMO: "yes" })).toThrow("SEED_DEMO must be auto, always or never, got yes");
  });
});

describe("first start on an empty database", () => {
  let t: TestDatabase | null = null;
  beforeAll(async () => {
    if (adminUrl()) t = await createTestDatabase(); // migrated, no people
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("with NODE_ENV=production creates no demo accounts, and the log says so and how to create the first admin", async () => {
    const { server, logs } = await start({ NODE_ENV: "production" }, t?.url);
    const people = await server.open.db.selectFrom("person").select("email").execute();
    expect(people).toEqual([]);
    const log = logs.join("\n");
    expect(log).toContain("[db] empty database: demo data not seeded (NODE_ENV=production; set SEED_DEMO=always to seed the demo anyway)");
    expect(log).toContain("npm run admin:create -- --email");
    expect(log).not.toContain("demo-password");
    const res = await new HttpClient(server.url).post("/login", { email: DEMO_LOGINS.emails[0], password: DEMO_LOGINS.password });
    expect(res.status).toBe(400);
    await server.stop();
  });

  it("with NODE_ENV=production and SEED_DEMO=always seeds the demo, and the log says why", async () => {
    const { server, logs } = await start({ NODE_ENV: "production", SEED_DEMO: "always" }, t?.url);
    expect(logs.join("\n")).toContain("[db] seeded the demo cluster (SEED_DEMO=always)");
    const res = await new HttpClient(server.url).post("/login", { email: DEMO_LOGINS.emails[0], password: DEMO_LOGINS.password });
    expect(res.status).toBe(302);
    await server.stop();
  });
});

// Issue 15 item 7: PGlite's memory grows during initdb, migrations and the seed and never shrinks, so an empty folder is
// initialised by a short-lived child process and the server opens the finished database (RSS figure: bench/startup.mjs).
describe("first start on an empty PGlite folder", () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "first-start-")), "pglite");
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it("initialises the folder in a child process, then seeds and serves; a restart opens it directly", async () => {
    const first = await start({}, undefined, dir);
    const log = first.logs.join("\n");
    expect(log).toMatch(/ready on .* in \d+ ms \(first-start initialisation \(child process\) \d+ ms, database/);
    expect(log).toContain("[db] migrated 0001_foundation");
    expect(log).toContain("[db] seeded the demo cluster (SEED_DEMO=auto outside production)");
    expect(log).toContain(`demo logins (password "${DEMO_LOGINS.password}")`);
    expect((await fetch(`${first.server.url}/healthz`)).status).toBe(200);
    const login = await new HttpClient(first.server.url).post("/login", { email: DEMO_LOGINS.emails[0], password: DEMO_LOGINS.password });
    expect(login.status).toBe(302);
    const orgs = await first.server.open.db
      .selectFrom("organisation")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(orgs.n)).toBe(13);
    await first.server.stop();

    const again = await start({}, undefined, dir);
    const relog = again.logs.join("\n");
    expect(relog).not.toContain("child process");
    expect(relog).not.toContain("[db] migrated");
    expect(relog).not.toContain("[db] seeded");
    const res = await new HttpClient(again.server.url).post("/login", { email: DEMO_LOGINS.emails[1], password: DEMO_LOGINS.password });
    expect(res.status).toBe(302);
    await again.server.stop();
  }, 240_000);

  it("an empty folder another process holds is refused as locked, as a restart would be", async () => {
    const held = path.join(path.dirname(dir), "held", "pglite");
    const release = acquireDirLock(held);
    try {
      await expect(start({}, undefined, held)).rejects.toBeInstanceOf(DatabaseLockedError);
      await expect(start({}, undefined, held)).rejects.toThrow(`is in use by another process (pid ${process.pid})`);
    } finally {
      release();
    }
  }, 120_000);

  it("a failing initialisation stops the start with the child's error and leaves no server", async () => {
    const file = path.join(path.dirname(dir), "not-a-folder");
    fs.writeFileSync(file, "x"); // PGlite cannot create its data folder here
    await expect(start({}, undefined, path.join(file, "pglite"))).rejects.toThrow(/first-start initialisation failed \(exit \d+\)/);
  }, 120_000);
});

describe.skipIf(!adminUrl())("several first starts at once on PostgreSQL", () => {
  const name = `t_first_${crypto.randomBytes(5).toString("hex")}`;
  let url = "";
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`); // really empty: no migrations either
    await admin.end();
    const u = new URL(adminUrl()!);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("three instances started together all come up; the database is migrated and seeded exactly once", async () => {
    const results = await Promise.allSettled([0, 1, 2].map(() => start({}, url)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason?.stack ?? r.reason));
    expect(failures).toEqual([]);
    const started = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof start>>>).value);
    for (const { server } of started) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const logs = started.map((s) => s.logs.join("\n"));
    expect(logs.filter((l) => l.includes("[db] seeded the demo cluster"))).toHaveLength(1);
    expect(logs.filter((l) => l.includes("[db] migrated 0001_foundation"))).toHaveLength(1);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query(`select
        (select count(*)::int from kysely_migration) as migrations,
        (select count(*)::int from organisation) as orgs,
        (select count(*)::int from person where email = 'admin@demo.example') as demo_admins,
        (select count(*)::int from event) as events`);
      expect(rows[0]).toMatchObject({ migrations: Object.keys(migrations).length, orgs: 13, demo_admins: 1 });
      expect(rows[0].events).toBeGreaterThan(0);
    } finally {
      await check.end();
    }
    // Every instance serves the one seeded cluster.
    for (const { server } of started) {
      const res = await new HttpClient(server.url).post("/login", { email: DEMO_LOGINS.emails[0], password: DEMO_LOGINS.password });
      expect(res.status).toBe(302);
    }
  }, 180_000);

  it("a start waits while another holds the first-start lock, and gives up with a clear message after its timeout", async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("select pg_advisory_lock($1::bigint)", [START_LOCK_KEY]);
      let ran = false;
      const logs: string[] = [];
      await expect(withStartLock({ kind: "postgres", connectionString: url }, async () => void (ran = true), { timeoutMs: 500, log: (m) => logs.push(m) })).rejects.toThrow(
        "Gave up after 0.5 s waiting for another instance to finish migrating or seeding this database",
      );
      expect(ran).toBe(false);
      expect(logs).toEqual(["another instance is migrating or seeding this database: waiting for it"]);

      // Once the holder is done (or dies), the waiting start proceeds.
      const waiting = withStartLock({ kind: "postgres", connectionString: url }, async () => "done", { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 200));
      await holder.query("select pg_advisory_unlock($1::bigint)", [START_LOCK_KEY]);
      expect(await waiting).toBe("done");
    } finally {
      await holder.end();
    }
  });
});

describe.skipIf(!!adminUrl())("first-start lock on PGlite", () => {
  it("is not needed (one process per data folder) and just runs the work", async () => {
    expect(await withStartLock({ kind: "pglite" }, async () => 42)).toBe(42);
  });
});
