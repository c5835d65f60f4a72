import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { can } from "~/modules/policy/authorize.server";

export interface StartPage {
  name: string;
  org: string;
  orgs: number;
  people: number;
  /** Organisations waiting for approval (0 unless the viewer may approve them). */
  pendingOrgs: number;
  /** People waiting to join (0 unless the viewer may decide on them): every organisation's for cluster admins, else their own's. */
  pendingPeople: number;
  clusterAdmin: boolean;
}

/** The members' start page: cluster size and, for those who decide on them, what waits for approval. */
export async function startPage(db: Executor, viewer: Viewer): Promise<StartPage> {
  const [counts, pendingOrgs, pendingPeople] = await Promise.all([
    db
      .selectFrom("organisation")
      .select([
        sql<number>`count(*)::int`.as("orgs"),
        sql<number>`(select count(*)::int from person where membership_status = 'approved' and deactivated_at is null)`.as("people"),
      ])
      .where("status", "=", "approved")
      .executeTakeFirstOrThrow(),
    can(viewer, { action: "org.approve" })
      ? db.selectFrom("organisation").select(sql<number>`count(*)::int`.as("n")).where("status", "=", "pending").executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
    can(viewer, { action: "membership.approve", orgId: viewer.orgId })
      ? db
          .selectFrom("person")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("membership_status", "=", "pending")
          // proposers of a pending organisation are decided together with it (listed under the organisation)
          .where("organisation_id", "in", (eb) => eb.selectFrom("organisation").select("id").where("status", "=", "approved"))
          .$if(viewer.clusterRole !== "admin", (q) => q.where("organisation_id", "=", viewer.orgId))
          .executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
  ]);
  return {
    name: viewer.name,
    org: viewer.orgName,
    orgs: counts.orgs,
    people: counts.people,
    pendingOrgs: pendingOrgs.n,
    pendingPeople: pendingPeople.n,
    clusterAdmin: viewer.clusterRole === "admin",
  };
}
