import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { assertCan, can, demand, notFound } from "~/modules/policy/authorize.server";
import { audit } from "~/modules/audit/audit.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import { PAGE_SIZE } from "~/modules/admin/keyset.server";
import { decodeCursor, keysetPage } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";

// Approvals: cluster admins decide on proposed organisations (and with them on the proposer) and on every
// person waiting to join; an organisation's admins decide on people who ask to join their own organisation.
// Every decision is one transaction: a conditional update (only a pending row changes, so a double click or
// two admins at once decide once), an audit entry and the email to the person, enqueued with a stable key.

type Ctx = Pick<AppContext, "db" | "config" | "mail">;
export type Decision = "approve" | "reject";
export type DecisionResult = "done" | "unchanged";

/** Whose join requests this viewer may decide: every organisation's (cluster admin) or their own (org admin). 403 otherwise. */
export function approvalScope(viewer: Viewer | null): { orgId: string | null } {
  assertCan(viewer, { action: "membership.approve", orgId: viewer?.orgId ?? "" });
  return { orgId: can(viewer, { action: "org.approve" }) ? null : viewer.orgId };
}

export interface PendingOrganisation {
  id: string;
  name: string;
  legalType: string;
  size: string;
  city: string;
  createdAt: string;
  proposer: { id: string; name: string; email: string; emailVerified: boolean } | null;
}

export async function listPendingOrganisations(db: Executor, viewer: Viewer | null, after: string | null): Promise<{ items: PendingOrganisation[]; next: string | null }> {
  assertCan(viewer, { action: "org.approve" });
  const cursor = decodeCursor(after, 2, [(p) => typeof p === "string", isUuid]);
  const rows = await db
    .selectFrom("organisation as o")
    .leftJoin("person as p", "p.id", "o.proposed_by")
    .select([
      "o.id",
      "o.name",
      "o.legal_type",
      "o.size",
      "o.city",
      "o.created_at",
      "o.search_key",
      "p.id as proposer_id",
      "p.name as proposer_name",
      "p.email as proposer_email",
      "p.email_verified_at as proposer_verified_at",
    ])
    .where("o.status", "=", "pending")
    .$if(!!cursor, (q) => q.where(sql<boolean>`(o.search_key, o.id) > (${cursor![0]}, ${cursor![1]}::uuid)`))
    .orderBy("o.search_key")
    .orderBy("o.id")
    .limit(PAGE_SIZE + 1)
    .execute();
  const { items, next } = keysetPage(rows, PAGE_SIZE, (r) => [r.search_key, r.id]);
  return {
    next,
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      legalType: r.legal_type,
      size: r.size,
      city: r.city,
      createdAt: new Date(r.created_at).toISOString(),
      proposer: r.proposer_id ? { id: r.proposer_id, name: r.proposer_name!, email: r.proposer_email!, emailVerified: r.proposer_verified_at !== null } : null,
    })),
  };
}

export interface PendingPerson {
  id: string;
  name: string;
  email: string;
  jobTitle: string;
  orgName: string;
  emailVerified: boolean;
  createdAt: string;
}

/**
 * People waiting to join an approved organisation, scoped to what the viewer may decide.
 * (The proposer of a new organisation is decided together with the organisation, so is not listed here.)
 */
export async function listPendingPeople(db: Executor, viewer: Viewer | null, after: string | null): Promise<{ items: PendingPerson[]; next: string | null }> {
  const scope = approvalScope(viewer);
  const cursor = decodeCursor(after, 2, [(p) => typeof p === "string", isUuid]);
  const rows = await db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.name", "p.email", "p.job_title", "p.email_verified_at", "p.created_at", "p.search_key", "o.name as org_name"])
    .where("p.membership_status", "=", "pending")
    .where("p.deactivated_at", "is", null)
    .where("o.status", "=", "approved")
    .$if(scope.orgId !== null, (q) => q.where("p.organisation_id", "=", scope.orgId!))
    .$if(!!cursor, (q) => q.where(sql<boolean>`(p.search_key, p.id) > (${cursor![0]}, ${cursor![1]}::uuid)`))
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
      jobTitle: r.job_title,
      orgName: r.org_name,
      emailVerified: r.email_verified_at !== null,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

function membershipMail(person: { id: string; email: string; name: string; locale: "lv" | "en" }, decision: Decision, org: string) {
  const status = decision === "approve" ? "approved" : "rejected";
  return {
    // One logical message per decision on a person: approving an organisation and approving its proposer share it.
    idempotencyKey: `membership:${person.id}:${status}`,
    to: person.email,
    toName: person.name,
    locale: person.locale,
    template: decision === "approve" ? "membership_approved" : "membership_rejected",
    params: { org },
  };
}

/**
 * Approves or rejects a proposed organisation (cluster admins). The proposer's membership follows the
 * organisation's fate. 404 for an unknown organisation; "unchanged" when it was already decided.
 */
export async function decideOrganisation(ctx: Ctx, viewer: Viewer | null, orgId: string, decision: Decision): Promise<DecisionResult> {
  demand(viewer, { action: "org.approve" });
  if (!isUuid(orgId)) notFound();
  const status = decision === "approve" ? "approved" : "rejected";
  return ctx.db.transaction().execute(async (trx) => {
    const org = await trx
      .updateTable("organisation")
      .set(decision === "approve" ? { status, approved_by: viewer.id, approved_at: new Date() } : { status })
      .where("id", "=", orgId)
      .where("status", "=", "pending")
      .returning(["id", "name", "proposed_by"])
      .executeTakeFirst();
    if (!org) {
      const exists = await trx.selectFrom("organisation").select("id").where("id", "=", orgId).executeTakeFirst();
      if (!exists) notFound();
      return "unchanged";
    }
    const proposer = org.proposed_by
      ? await trx
          .updateTable("person")
          .set({ membership_status: status, updated_at: new Date() })
          .where("id", "=", org.proposed_by)
          .where("membership_status", "=", "pending")
          .returning(["id", "name", "email", "locale"])
          .executeTakeFirst()
      : undefined;
    await audit(trx, {
      actorId: viewer.id,
      action: decision === "approve" ? "org.approved" : "org.rejected",
      targetType: "organisation",
      targetId: org.id,
      details: { name: org.name, ...(proposer ? { proposer: proposer.name } : {}) },
    });
    if (proposer) {
      await audit(trx, {
        actorId: viewer.id,
        action: decision === "approve" ? "membership.approved" : "membership.rejected",
        targetType: "person",
        targetId: proposer.id,
        details: { name: proposer.name, org: org.name },
      });
      await enqueueMail(trx, ctx, [membershipMail(proposer, decision, org.name)]);
    }
    return "done";
  });
}

/**
 * Approves or rejects a person waiting to join an approved organisation: cluster admins for anyone, an
 * org admin only inside their own organisation. The row is looked up within the viewer's scope, so a
 * person of another organisation is 404 (not 403: its existence is not disclosed).
 */
export async function decidePerson(ctx: Ctx, viewer: Viewer | null, personId: string, decision: Decision): Promise<DecisionResult> {
  const scope = approvalScope(viewer);
  if (!isUuid(personId)) notFound();
  const status = decision === "approve" ? "approved" : "rejected";
  return ctx.db.transaction().execute(async (trx) => {
    const person = await trx
      .updateTable("person")
      .set({ membership_status: status, updated_at: new Date() })
      .where("id", "=", personId)
      .where("membership_status", "=", "pending")
      .where("deactivated_at", "is", null)
      .where("organisation_id", "in", (eb) => eb.selectFrom("organisation").select("id").where("status", "=", "approved"))
      .$if(scope.orgId !== null, (q) => q.where("organisation_id", "=", scope.orgId!))
      .returning(["id", "name", "email", "locale", "organisation_id"])
      .executeTakeFirst();
    if (!person) {
      const visible = await trx
        .selectFrom("person")
        .select("id")
        .where("id", "=", personId)
        .where("deactivated_at", "is", null)
        .$if(scope.orgId !== null, (q) => q.where("organisation_id", "=", scope.orgId!))
        .executeTakeFirst();
      if (!visible) notFound();
      return "unchanged";
    }
    const org = await trx.selectFrom("organisation").select("name").where("id", "=", person.organisation_id).executeTakeFirstOrThrow();
    await audit(trx, {
      actorId: viewer!.id,
      action: decision === "approve" ? "membership.approved" : "membership.rejected",
      targetType: "person",
      targetId: person.id,
      details: { name: person.name, org: org.name },
    });
    await enqueueMail(trx, ctx, [membershipMail(person, decision, org.name)]);
    return "done";
  });
}
