// Set-up shared by the benchmarks that call the events domain directly (bench/invitations.mjs, bench/replies.mjs): a
// fresh bench_* database, migrated, with the app configuration, one member organisation and an organiser in it.
// Run them with `node --import tsx` (they import the app's TypeScript).
import { createDatabase } from "./lib.mjs";
import { openPostgres } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";

export const BENCH_ORIGIN = "https://cluster.example";

export async function eventBenchDomain(dbName, { mailFrom, config = {} }) {
  const url = await createDatabase(dbName);
  const open = await openPostgres(url, 10);
  await migrateToLatest(open.db);
  const db = open.db;
  const appConfig = {
    appOrigin: BENCH_ORIGIN,
    allowedOrigins: [BENCH_ORIGIN],
    secureCookies: true,
    sessionSecrets: ["bench-secret"],
    mailFrom,
    smtpConfigured: true,
    production: true,
    ...config,
  };
  const org = await db
    .insertInto("organisation")
    .values({ slug: "bench-org", name: 'SIA "Bench"', legal_type: "manufacturer", size: "sme", status: "approved" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = async (email, role) =>
    (
      await db
        .insertInto("person")
        .values({ email, name: "Renārs Lejnieks", password_hash: "x", organisation_id: org.id, membership_status: "approved", cluster_role: role, email_verified_at: new Date(), locale: "lv" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const organiserId = await person("organiser@bench.example", "organiser");
  return { url, open, db, config: appConfig, orgId: org.id, organiserId, person };
}
