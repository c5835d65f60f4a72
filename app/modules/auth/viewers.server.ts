import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";

/** People as the rules see them (for "may this mentioned person see the thread?"). */
export async function peopleAsViewers(exec: Executor, personIds: string[]): Promise<Viewer[]> {
  if (personIds.length === 0) return [];
  const rows = await exec
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.email",
      "p.locale",
      "p.cluster_role",
      "p.org_role",
      "p.membership_status",
      "p.email_verified_at",
      "p.organisation_id",
      "o.name as org_name",
      "o.status as org_status",
    ])
    .where("p.id", "in", personIds)
    .where("p.deactivated_at", "is", null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    locale: r.locale,
    clusterRole: r.cluster_role,
    orgRole: r.org_role,
    orgId: r.organisation_id,
    orgName: r.org_name,
    orgStatus: r.org_status,
    membershipStatus: r.membership_status,
    emailVerified: r.email_verified_at !== null,
    sessionHash: "",
  }));
}
