import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { ApprovalStatus, ClusterRole, OrgRole } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { assertCan, can, demand, notFound } from "~/modules/policy/authorize.server";
import { audit } from "~/modules/audit/audit.server";
import { fold } from "~/modules/text";
import { PAGE_SIZE } from "~/modules/admin/keyset.server";
import { decodeCursor, keysetPage } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";

// Cluster roles (admin, organiser, member) are assigned by cluster admins; org roles (admin, member) by the
// organisation's own admins or a cluster admin. The cluster never loses its last admin and an organisation
// never loses its last org admin: the current admins are locked (FOR UPDATE, in id order) before the check,
// so two concurrent demotions cannot both pass it.

type Ctx = Pick<AppContext, "db">;
/** Whether the role changed (false: it already was that role). Refusals (not active, the last admin) are 409 ActionErrors. */
export type RoleResult = { changed: boolean };

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  orgId: string;
  orgName: string;
  clusterRole: ClusterRole;
  orgRole: OrgRole;
  status: ApprovalStatus;
  emailVerified: boolean;
}

function likePattern(q: string): string {
  return `%${fold(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * People for role management, by name/email search (diacritic-insensitive), keyset-paginated on (search_key, id).
 * Without orgId: the whole cluster (cluster admins). With orgId: that organisation only (its org admins too).
 */
export async function listPeople(
  db: Executor,
  viewer: Viewer | null,
  opts: { q?: string; status?: ApprovalStatus; after?: string | null; orgId?: string | null },
): Promise<{ items: PersonRow[]; next: string | null }> {
  if (opts.orgId) assertCan(viewer, { action: "orgRole.assign", orgId: opts.orgId });
  else assertCan(viewer, { action: "role.assign" });
  const cursor = decodeCursor(opts.after, 2, [(p) => typeof p === "string", isUuid]);
  const q = (opts.q ?? "").trim();
  const rows = await db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.name", "p.email", "p.cluster_role", "p.org_role", "p.membership_status", "p.email_verified_at", "p.search_key", "p.organisation_id", "o.name as org_name"])
    .where("p.membership_status", "=", opts.status ?? "approved")
    .where("p.deactivated_at", "is", null)
    .$if(!!opts.orgId, (qb) => qb.where("p.organisation_id", "=", opts.orgId!))
    .$if(q.length > 0, (qb) => qb.where(sql<boolean>`p.search_key like ${likePattern(q)} escape '\\'`))
    .$if(!!cursor, (qb) => qb.where(sql<boolean>`(p.search_key, p.id) > (${cursor![0]}, ${cursor![1]}::uuid)`))
    .orderBy("p.search_key")
    .orderBy("p.id")
    .limit(PAGE_SIZE + 1)
    .execute();
  const { items, next } = keysetPage(rows, PAGE_SIZE, (r) => [r.search_key, r.id]);
  return {
    next,
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      orgId: r.organisation_id,
      orgName: r.org_name,
      clusterRole: r.cluster_role,
      orgRole: r.org_role,
      status: r.membership_status,
      emailVerified: r.email_verified_at !== null,
    })),
  };
}

/** Changes a person's cluster role (cluster admins only). 404 for an unknown person. */
export async function setClusterRole(ctx: Ctx, viewer: Viewer | null, personId: string, role: ClusterRole): Promise<RoleResult> {
  demand(viewer, { action: "role.assign" });
  if (!isUuid(personId)) notFound();
  return ctx.db.transaction().execute(async (trx): Promise<RoleResult> => {
    // Lock the current admins first (always in the same order), then read the target.
    const admins = await trx
      .selectFrom("person")
      .select("id")
      .where("cluster_role", "=", "admin")
      .where("membership_status", "=", "approved")
      .where("deactivated_at", "is", null)
      .orderBy("id")
      .forUpdate()
      .execute();
    const target = await trx
      .selectFrom("person")
      .select(["id", "name", "cluster_role", "membership_status"])
      .where("id", "=", personId)
      .where("deactivated_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!target) notFound();
    if (target.membership_status !== "approved") throw new ActionError(409, "admin.error.notActive");
    if (target.cluster_role === role) return { changed: false };
    if (target.cluster_role === "admin" && !admins.some((a) => a.id !== target.id)) throw new ActionError(409, "admin.error.lastAdmin");
    await trx.updateTable("person").set({ cluster_role: role, updated_at: new Date() }).where("id", "=", target.id).execute();
    await audit(trx, {
      actorId: viewer.id,
      action: "role.changed",
      targetType: "person",
      targetId: target.id,
      details: { name: target.name, from: target.cluster_role, to: role },
    });
    return { changed: true };
  });
}

/**
 * Changes a person's role in their organisation: that organisation's admins or a cluster admin.
 * The person is looked up within the viewer's scope, so someone of another organisation is 404.
 */
export async function setOrgRole(ctx: Ctx, viewer: Viewer | null, personId: string, role: OrgRole): Promise<RoleResult> {
  demand(viewer, { action: "orgRole.assign", orgId: viewer?.orgId ?? "" });
  if (!isUuid(personId)) notFound();
  const clusterWide = can(viewer, { action: "role.assign" });
  return ctx.db.transaction().execute(async (trx): Promise<RoleResult> => {
    const found = await trx
      .selectFrom("person")
      .select("organisation_id")
      .where("id", "=", personId)
      .where("deactivated_at", "is", null)
      .$if(!clusterWide, (q) => q.where("organisation_id", "=", viewer.orgId))
      .executeTakeFirst();
    if (!found) notFound();
    demand(viewer, { action: "orgRole.assign", orgId: found.organisation_id });
    const orgAdmins = await trx
      .selectFrom("person")
      .select("id")
      .where("organisation_id", "=", found.organisation_id)
      .where("org_role", "=", "admin")
      .where("membership_status", "=", "approved")
      .where("deactivated_at", "is", null)
      .orderBy("id")
      .forUpdate()
      .execute();
    const target = await trx
      .selectFrom("person as p")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["p.id", "p.name", "p.org_role", "p.membership_status", "o.name as org_name"])
      .where("p.id", "=", personId)
      .forUpdate("p")
      .executeTakeFirstOrThrow();
    if (target.membership_status !== "approved") throw new ActionError(409, "admin.error.notActive");
    if (target.org_role === role) return { changed: false };
    if (target.org_role === "admin" && !orgAdmins.some((a) => a.id !== target.id)) throw new ActionError(409, "admin.error.lastOrgAdmin");
    await trx.updateTable("person").set({ org_role: role, updated_at: new Date() }).where("id", "=", target.id).execute();
    await audit(trx, {
      actorId: viewer.id,
      action: "org_role.changed",
      targetType: "person",
      targetId: target.id,
      details: { name: target.name, org: target.org_name, from: target.org_role, to: role },
    });
    return { changed: true };
  });
}
