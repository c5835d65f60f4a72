import { sql } from "kysely";
import type { Db } from "#db/client";
import type { Locale } from "~/i18n";
import { audit } from "~/modules/audit/audit.server";
import { normaliseEmail } from "~/modules/auth/accounts.server";
import { randomToken } from "~/modules/auth/session.server";
import { EMAIL_PATTERN, searchKey, slugify } from "~/modules/text";

// The first real cluster admin of a production database (`npm run admin:create`): the demo seed never runs there,
// so without this nobody could approve the first organisations. Also usable later to add an admin when none can
// sign in. The caller hashes the password (read from stdin, never argv) and validates it with the signup rules.

/** A refusal the command line prints as it is (operator-facing, English). */
export class AdminCreateError extends Error {}

export interface ClusterAdminInput {
  email: string;
  name: string;
  /** The association's name: an existing association is matched case-insensitively, else it is created. */
  orgName?: string;
  locale: Locale;
  passwordHash: string;
}

export interface ClusterAdminResult {
  personId: string;
  orgId: string;
  orgName: string;
  createdOrg: boolean;
}

/** Checks the text fields the way signup does; returns an operator-facing message or null. */
export function adminInputProblem(input: { email: string; name: string; orgName?: string }): string | null {
  const email = input.email.trim();
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) return `Not an email address: ${JSON.stringify(input.email)}`;
  const name = input.name.trim();
  if (name.length < 2 || name.length > 120 || /[\r\n<>]/.test(name)) return "The name must have 2–120 characters without <, > or line breaks";
  if (input.orgName !== undefined) {
    const org = input.orgName.trim();
    if (org.length < 2 || org.length > 160 || /[\r\n<>]/.test(org)) return "The organisation name must have 2–160 characters without <, > or line breaks";
  }
  return null;
}

/**
 * Creates an active cluster admin (verified email, approved membership) in the association's organisation, in one
 * transaction: attaches to the association when it exists (approving it if it was still pending), else creates it
 * approved. Refuses an email that is already registered and a second, differently named association.
 */
export async function createClusterAdmin(db: Db, input: ClusterAdminInput): Promise<ClusterAdminResult> {
  const problem = adminInputProblem(input);
  if (problem) throw new AdminCreateError(problem);
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const wanted = input.orgName?.trim();
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom("person")
        .select("id")
        .where(sql`lower(email)`, "=", email)
        .executeTakeFirst();
      if (taken) throw new AdminCreateError(`${email} is already registered: a cluster admin can change that person's role under Admin → People`);

      const associations = await trx.selectFrom("organisation").select(["id", "name", "status"]).where("legal_type", "=", "association").orderBy("created_at").execute();
      let org = wanted ? associations.find((o) => o.name.toLowerCase() === wanted.toLowerCase()) : associations.length === 1 ? associations[0] : undefined;
      if (!org && wanted) {
        const other = await trx
          .selectFrom("organisation")
          .select(["name", "legal_type"])
          .where(sql`lower(name)`, "=", wanted.toLowerCase())
          .executeTakeFirst();
        if (other) throw new AdminCreateError(`"${other.name}" is a member organisation (${other.legal_type}), not the association: cluster admins belong to the association`);
        if (associations.length > 0)
          throw new AdminCreateError(`The association is already registered as ${associations.map((o) => `"${o.name}"`).join(", ")}: pass that name with --org (or leave --org out)`);
      }
      if (!org && !wanted) {
        throw new AdminCreateError(
          associations.length === 0
            ? 'No association organisation yet: pass its name with --org "…" to create it'
            : `Several associations exist (${associations.map((o) => `"${o.name}"`).join(", ")}): pick one with --org`,
        );
      }

      let createdOrg = false;
      if (!org) {
        const orgName = wanted!;
        const base = slugify(orgName) || "association";
        const slugTaken = await trx.selectFrom("organisation").select("id").where("slug", "=", base).executeTakeFirst();
        org = await trx
          .insertInto("organisation")
          .values({
            slug: slugTaken
              ? `${base}-${randomToken(3)
                  .toLowerCase()
                  .replace(/[^a-z0-9]/g, "")}`
              : base,
            name: orgName,
            legal_type: "association",
            size: "sme",
            status: "approved",
            approved_at: new Date(),
            search_key: searchKey(orgName),
          })
          .returning(["id", "name", "status"])
          .executeTakeFirstOrThrow();
        createdOrg = true;
      }
      const orgAdmin = await trx
        .selectFrom("person")
        .select("id")
        .where("organisation_id", "=", org.id)
        .where("org_role", "=", "admin")
        .where("membership_status", "=", "approved")
        .where("deactivated_at", "is", null)
        .executeTakeFirst();
      const now = new Date();
      const person = await trx
        .insertInto("person")
        .values({
          email,
          name,
          password_hash: input.passwordHash,
          email_verified_at: now,
          organisation_id: org.id,
          org_role: orgAdmin ? "member" : "admin",
          membership_status: "approved",
          cluster_role: "admin",
          locale: input.locale,
          search_key: searchKey(name, email),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (createdOrg) {
        await trx.updateTable("organisation").set({ proposed_by: person.id, approved_by: person.id }).where("id", "=", org.id).execute();
      } else if (org.status !== "approved") {
        await trx.updateTable("organisation").set({ status: "approved", approved_at: now, approved_by: person.id }).where("id", "=", org.id).execute();
      }
      await audit(trx, { actorId: null, action: "admin.created", targetType: "person", targetId: person.id, details: { name, org: org.name } });
      return { personId: person.id, orgId: org.id, orgName: org.name, createdOrg };
    });
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message?: string } | null;
    if (e?.code === "23505" && /person_email/.test(String(e.constraint ?? e.message))) throw new AdminCreateError(`${email} is already registered`);
    throw err;
  }
}
