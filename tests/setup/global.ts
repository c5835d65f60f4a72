import crypto from "node:crypto";
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { migrateToLatest } from "../../db/migrate";

// With PostgreSQL, migrate one template database per test run; each test file clones it
// (CREATE DATABASE … TEMPLATE), so files never share state. The name is unique per run so that
// parallel runs (two checkouts, CI and a developer) never drop each other's template.
export function templateDb(): string {
  return process.env.TEST_TEMPLATE_DB ?? "cluster_test_template";
}

export function adminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup() {
  const url = adminUrl();
  if (!url) {
    console.log("[tests] engine: embedded PGlite (set DATABASE_URL or TEST_DATABASE_URL for PostgreSQL)");
    return;
  }
  const name = `tpl_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  process.env.TEST_TEMPLATE_DB = name;
  console.log(`[tests] engine: PostgreSQL (${new URL(url).host}), template ${name}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against Kysely<any>, like db/migrations
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDb(url, name), max: 1 }) }) });
  await migrateToLatest(db);
  await db.destroy();
  return async () => {
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    // Clones a crashed test file left behind (tests/helpers/db.ts names them <template>_c_<hex>), then the template.
    const { rows } = await a.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [`${name}_c_`]);
    for (const r of rows) await a.query(`drop database if exists "${r.datname}" with (force)`);
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
}
