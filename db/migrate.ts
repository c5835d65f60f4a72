import { Migrator, sql } from "kysely";
import type { Kysely } from "kysely";
import { migrationProvider, migrations } from "./migrations/index";

/** True when every known migration is recorded: lets a restart skip the Migrator's lock dance. */
async function upToDate(db: Kysely<any>): Promise<boolean> {
  try {
    const r = await sql<{ n: number }>`select count(*)::int as n from kysely_migration where name = any(${Object.keys(migrations)})`.execute(db);
    return r.rows[0]?.n === Object.keys(migrations).length;
  } catch {
    return false; // no migration table yet
  }
}

export async function migrateToLatest(db: Kysely<any>, log: (msg: string) => void = () => {}) {
  if (await upToDate(db)) return;
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
