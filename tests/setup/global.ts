import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { migrateToLatest } from "../../db/migrate";

// With PostgreSQL, migrate one template database; each test file clones it (CREATE DATABASE … TEMPLATE).
export const TEMPLATE_DB = "cluster_test_template";

export function adminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export default async function setup() {
  const url = adminUrl();
  if (!url) {
    console.log("[tests] engine: embedded PGlite (set DATABASE_URL or TEST_DATABASE_URL for PostgreSQL)");
    return;
  }
  console.log(`[tests] engine: PostgreSQL via ${url.replace(/\/\/[^@]*@/, "//***@")}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${TEMPLATE_DB}`;
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: u.toString(), max: 1 }) }) });
  await migrateToLatest(db);
  await db.destroy();
}
