import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, LegalType, OrgSize, ClusterRole, OrgRole, ApprovalStatus, Locale } from "../../db/schema";
import { hashPassword } from "../../app/modules/auth/password.server";
import { searchKey, slugify } from "../../app/modules/text";

export const PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | null = null;

export async function createOrg(db: Kysely<Database>, o: Partial<{ name: string; legal_type: LegalType; size: OrgSize; status: ApprovalStatus; city: string; competency_tags: string[] }> = {}) {
  const name = o.name ?? `Org ${crypto.randomBytes(3).toString("hex")}`;
  return db
    .insertInto("organisation")
    .values({
      slug: `${slugify(name)}-${crypto.randomBytes(2).toString("hex")}`,
      name,
      legal_type: o.legal_type ?? "manufacturer",
      size: o.size ?? "sme",
      status: o.status ?? "approved",
      city: o.city ?? "Rīga",
      competency_tags: o.competency_tags ?? [],
      search_key: searchKey(name, o.city ?? "Rīga"),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createPerson(
  db: Kysely<Database>,
  p: Partial<{
    name: string;
    email: string;
    organisation_id: string;
    cluster_role: ClusterRole;
    org_role: OrgRole;
    membership_status: ApprovalStatus;
    verified: boolean;
    locale: Locale;
    password: string;
  }> = {},
) {
  const orgId = p.organisation_id ?? (await createOrg(db)).id;
  const name = p.name ?? `Person ${crypto.randomBytes(3).toString("hex")}`;
  const email = (p.email ?? `${slugify(name)}-${crypto.randomBytes(3).toString("hex")}@test.example`).toLowerCase();
  const password_hash = p.password ? await hashPassword(p.password) : await (cachedHash ??= hashPassword(PASSWORD));
  return db
    .insertInto("person")
    .values({
      email,
      name,
      password_hash,
      organisation_id: orgId,
      cluster_role: p.cluster_role ?? "member",
      org_role: p.org_role ?? "member",
      membership_status: p.membership_status ?? "approved",
      email_verified_at: p.verified === false ? null : new Date(),
      locale: p.locale ?? "en",
      search_key: searchKey(name, email),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
