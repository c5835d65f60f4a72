import crypto from "node:crypto";
import pg from "pg";
import { openPglite, openPostgres, type OpenDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { templateDb, adminUrl } from "../setup/global";

export interface TestDatabase extends OpenDatabase {
  /** The connection string of this test's own PostgreSQL database (undefined on PGlite). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the template on PostgreSQL, or an in-memory PGlite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = adminUrl();
  if (!base) {
    const open = await openPglite(null);
    await migrateToLatest(open.db);
    return { ...open, drop: () => open.close() };
  }
  // Named after this run's template, so the run's teardown can drop clones a crashed test file left behind.
  const name = `${templateDb()}_c_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${templateDb()}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const open = await openPostgres(u.toString(), 5);
  return {
    ...open,
    url: u.toString(),
    async drop() {
      await open.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
