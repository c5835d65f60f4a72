import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";
import { hashPassword } from "../app/modules/auth/password.server";
import { searchKey } from "../app/modules/text";

export const DEMO_LOGINS = {
  password: "demo-password",
  emails: ["admin@demo.example", "organiser@demo.example", "member@demo.example"],
};

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const r = await db.selectFrom("person").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return r.n === 0;
}

/** Deletes every row of the domain tables (the demo reset). */
export async function clearAll(db: Kysely<Database>): Promise<void> {
  await sql`truncate table audit_log, email_token, session, rate_limit, mail_outbox, person, organisation cascade`.execute(db);
}

export async function resetDemo(db: Kysely<Database>, opts: { now: Date }): Promise<void> {
  await clearAll(db);
  await seedDemo(db, opts);
}

/** The seeded demo cluster (domain.md §7). Demo-only accounts; never created outside this seed. */
export async function seedDemo(db: Kysely<Database>, _opts: { now: Date }): Promise<void> {
  const hash = await hashPassword(DEMO_LOGINS.password);
  await db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto("organisation")
      .values({
        slug: "dzk",
        name: 'Biedrība "Dzīvības zinātņu klasteris"',
        legal_type: "association",
        size: "sme",
        city: "Rīga",
        status: "approved",
        search_key: searchKey('Biedrība "Dzīvības zinātņu klasteris" DZK'),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const people = [
      { email: "admin@demo.example", name: "Inese Kalniņa", cluster_role: "admin" as const, org_role: "admin" as const },
      { email: "organiser@demo.example", name: "Elīna Bērziņa", cluster_role: "organiser" as const, org_role: "member" as const },
      { email: "member@demo.example", name: "Mārtiņš Ozols", cluster_role: "member" as const, org_role: "member" as const },
    ];
    await trx
      .insertInto("person")
      .values(
        people.map((p) => ({
          ...p,
          password_hash: hash,
          organisation_id: org.id,
          membership_status: "approved" as const,
          email_verified_at: new Date(),
          search_key: searchKey(p.name),
        })),
      )
      .execute();
  });
}
