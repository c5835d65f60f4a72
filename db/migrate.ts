import { Migrator } from "kysely";
import type { Kysely } from "kysely";
import { migrationProvider } from "./migrations/index";

export async function migrateToLatest(db: Kysely<any>, log: (msg: string) => void = () => {}) {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Success") log(`migrated ${r.migrationName}`);
    else if (r.status === "Error") log(`migration failed: ${r.migrationName}`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
