import { Migrator, sql } from "kysely";
import type { Kysely } from "kysely";
import pg from "pg";
import type { OpenDatabase } from "./client";
import type { Database } from "./schema";
import { migrationProvider, migrations } from "./migrations/index";

/** True when every known migration is recorded: lets a restart skip the Migrator's lock dance. */
export async function migrationsUpToDate(db: Kysely<any>): Promise<boolean> {
  try {
    const r = await sql<{ n: number }>`select count(*)::int as n from kysely_migration where name = any(${Object.keys(migrations)})`.execute(db);
    return r.rows[0]?.n === Object.keys(migrations).length;
  } catch {
    return false; // no migration table yet
  }
}

export async function migrateToLatest(db: Kysely<any>, log: (msg: string) => void = () => {}) {
  if (await migrationsUpToDate(db)) return;
  // Features are built on parallel branches, each with its own numbered migration: allow a lower-numbered one to
  // arrive after a higher one was applied (Kysely's documented option for this), so no database ever gets stuck.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Success") log(`migrated ${r.migrationName}`);
    else if (r.status === "Error") log(`migration failed: ${r.migrationName}`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** True before anyone has been created: the start-up seeds the demo (when allowed) only into an empty database. */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  return !(await db.selectFrom("person").select("id").limit(1).executeTakeFirst());
}

/** Key of the session advisory lock that serialises first-start work (any fixed bigint unique to this app). */
export const START_LOCK_KEY = "7212406619420010010";

export interface StartLock {
  release(): Promise<void>;
}

/**
 * Takes the lock that serialises first-start work (migrations, the demo seed, the mail queue's own schema, creating
 * the first admin), so instances started at the same time on one database do it one after another: the second finds
 * the tables migrated and the database seeded instead of racing the first into a unique violation or a deadlock.
 * A PostgreSQL session advisory lock on a dedicated connection (never a pooled one, which could hand the session to
 * other work); it dies with that connection, so a crashed holder never blocks the next start. PGlite needs nothing:
 * one process per data folder (the folder lock).
 */
export async function acquireStartLock(open: Pick<OpenDatabase, "kind" | "connectionString">, opts: { log?: (msg: string) => void; timeoutMs?: number } = {}): Promise<StartLock> {
  if (open.kind !== "postgres" || !open.connectionString) return { release: async () => {} };
  const log = opts.log ?? (() => {});
  const client = new pg.Client({ connectionString: open.connectionString });
  client.on("error", (err) => log(`start lock connection error: ${err.message}`));
  await client.connect();
  const release = () => client.end().catch(() => {}); // ending the session releases the lock
  try {
    const first = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1::bigint) as ok", [START_LOCK_KEY]);
    if (!first.rows[0].ok) {
      log("another instance is migrating or seeding this database: waiting for it");
      // Never wait forever behind a holder that hangs without dying.
      const timeoutMs = Math.round(opts.timeoutMs ?? 10 * 60_000);
      await client.query(`set lock_timeout = ${timeoutMs}`);
      await client.query("select pg_advisory_lock($1::bigint)", [START_LOCK_KEY]).catch((err) => {
        if (err?.code !== "55P03") throw err; // lock_not_available
        throw new Error(`Gave up after ${timeoutMs / 1000} s waiting for another instance to finish migrating or seeding this database`);
      });
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { release };
}

/** Runs `fn` holding the start lock (see acquireStartLock). */
export async function withStartLock<T>(open: Pick<OpenDatabase, "kind" | "connectionString">, fn: () => Promise<T>, opts: { log?: (msg: string) => void; timeoutMs?: number } = {}): Promise<T> {
  const lock = await acquireStartLock(open, opts);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
