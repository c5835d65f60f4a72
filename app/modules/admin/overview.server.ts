import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { assertCan } from "~/modules/policy/authorize.server";

/** Counts for the administration start page: what waits for a decision, and mail that could not be delivered. */
export async function adminOverview(db: Executor, viewer: Viewer | null): Promise<{ orgs: number; people: number; failed: number }> {
  assertCan(viewer, { action: "admin.area" });
  return db
    .selectNoFrom([
      sql<number>`(select count(*)::int from organisation where status = 'pending')`.as("orgs"),
      sql<number>`(select count(*)::int from person p join organisation o on o.id = p.organisation_id
                   where p.membership_status = 'pending' and p.deactivated_at is null and o.status = 'approved')`.as("people"),
      sql<number>`(select count(*)::int from mail_outbox where status = 'failed')`.as("failed"),
    ])
    .executeTakeFirstOrThrow();
}
