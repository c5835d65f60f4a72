import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { Locale } from "~/i18n";
import type { LegalType, OrgSize } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { ActionError } from "~/modules/errors";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import { unitOfWork, type Effects } from "~/modules/effects/unit-of-work.server";
import { activePeople } from "~/modules/notifications/tell.server";
import { revokeFeedToken } from "~/modules/events/feeds.server";
import { searchKey, slugify } from "~/modules/text";
import { hashPassword, verifyPassword, burnVerify, needsRehash, type PasswordContext } from "./password.server";
import { createSession, deleteSessions, hashToken, randomToken } from "./session.server";
import { claimSlot, clientKey, hit } from "./rate-limit.server";
import { noteLoginFailure, openLoginAttempt } from "./throttle.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

const VERIFY_TTL_MS = 48 * 3600 * 1000;
const RESET_TTL_MS = 3600 * 1000;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function issueToken(exec: Executor, personId: string, purpose: "verify_email" | "reset_password" | "change_email", ttlMs: number, newEmail: string | null = null): Promise<string> {
  const token = randomToken();
  await exec
    .insertInto("email_token")
    .values({ token_hash: hashToken(token), person_id: personId, purpose, new_email: newEmail, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return token;
}

export interface SignupInput {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  org: { mode: "existing"; orgId: string } | { mode: "new"; name: string; legalType: LegalType; size: OrgSize; city: string };
}

/**
 * Creates a pending member. An address that already has an account gets the same answer and comparable work (the
 * password is hashed either way) and its owner gets a mail instead ("someone tried to sign up with your address"),
 * so the form does not reveal who is registered. Returns null in that case.
 */
export async function signup(ctx: Ctx, input: SignupInput): Promise<{ personId: string | null }> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password); // outside the transaction: CPU-heavy; before the lookup: same cost for both answers
  try {
    return await unitOfWork(ctx, async (trx, fx) => {
      // Checks that do not depend on the address come first, so their answers are the same for every address.
      const org = await signupOrganisation(trx, input.org);
      const taken = await trx
        .selectFrom("person")
        .select(["id", "email", "name", "locale", "deactivated_at"])
        .where(sql`lower(email)`, "=", email)
        .executeTakeFirst();
      if (taken) {
        await mailExistingOwner(trx, ctx, taken);
        return { personId: null };
      }
      return { personId: await createPendingMember(trx, fx, ctx, input, email, passwordHash, org) };
    });
  } catch (err) {
    // A parallel sign-up took the address first: from here on it is an existing address.
    if (!isUniqueViolation(err, "person_email_idx")) throw err;
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom("person")
        .select(["id", "email", "name", "locale", "deactivated_at"])
        .where(sql`lower(email)`, "=", email)
        .executeTakeFirst();
      if (taken) await mailExistingOwner(trx, ctx, taken);
    });
    return { personId: null };
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === "23505" && (e.constraint === constraint || (e.message ?? "").includes(constraint));
}

type SignupOrg = { id: string; name: string; isNew: false } | { id: null; name: string; isNew: true; input: Extract<SignupInput["org"], { mode: "new" }> };

/** The organisation a sign-up joins or proposes, checked without creating anything. */
async function signupOrganisation(trx: Executor, org: SignupInput["org"]): Promise<SignupOrg> {
  if (org.mode === "existing") {
    const row = await trx.selectFrom("organisation").select(["id", "name"]).where("id", "=", org.orgId).where("status", "=", "approved").executeTakeFirst();
    if (!row) throw new ActionError(400, "auth.error.orgUnknown", {}, "orgId");
    return { id: row.id, name: row.name, isNew: false };
  }
  const name = org.name.trim();
  const dup = await trx
    .selectFrom("organisation")
    .select("id")
    .where(sql`lower(name)`, "=", name.toLowerCase())
    .executeTakeFirst();
  if (dup) throw new ActionError(400, "auth.error.orgNameTaken", {}, "newOrgName");
  return { id: null, name, isNew: true, input: org };
}

/** The approved name of an organisation a sign-up names by id, for the password check (null if none). */
export async function approvedOrganisationName(db: Executor, orgId: string | undefined): Promise<string | null> {
  if (!orgId || !/^[0-9a-f-]{36}$/i.test(orgId)) return null;
  const row = await db.selectFrom("organisation").select("name").where("id", "=", orgId).where("status", "=", "approved").executeTakeFirst();
  return row?.name ?? null;
}

/** At most one such mail per account and hour, however often the form is sent with the address. */
async function mailExistingOwner(trx: Executor, ctx: Ctx, person: { id: string; email: string; name: string; locale: Locale; deactivated_at: Date | null }): Promise<void> {
  if (person.deactivated_at) return;
  await enqueueMail(trx, ctx, [
    {
      idempotencyKey: `signup-existing:${person.id}:${Math.floor(Date.now() / 3600_000)}`,
      to: person.email,
      toName: person.name,
      locale: person.locale,
      template: "signup_existing",
      params: {},
    },
  ]);
}

async function createPendingMember(trx: Executor, fx: Effects, ctx: Ctx, input: SignupInput, email: string, passwordHash: string, org: SignupOrg): Promise<string> {
  let orgId: string;
  const orgName = org.name;
  if (!org.isNew) {
    orgId = org.id;
  } else {
    const base = slugify(orgName) || "org";
    const slugTaken = await trx.selectFrom("organisation").select("id").where("slug", "=", base).executeTakeFirst();
    const created = await trx
      .insertInto("organisation")
      .values({
        slug: slugTaken
          ? `${base}-${randomToken(3)
              .toLowerCase()
              .replace(/[^a-z0-9]/g, "")}`
          : base,
        name: orgName,
        legal_type: org.input.legalType,
        size: org.input.size,
        city: org.input.city.trim(),
        status: "pending",
        search_key: searchKey(orgName, org.input.city),
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    orgId = created.id;
  }
  const newOrg = org.isNew;
  const person = await trx
    .insertInto("person")
    .values({
      email,
      name: input.name.trim(),
      password_hash: passwordHash,
      organisation_id: orgId,
      org_role: newOrg ? "admin" : "member",
      locale: input.locale,
      search_key: searchKey(input.name, email),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (newOrg) {
    await trx.updateTable("organisation").set({ proposed_by: person.id }).where("id", "=", orgId).execute();
    await audit(trx, { actorId: person.id, action: "org.proposed", targetType: "organisation", targetId: orgId, details: { name: orgName } });
  }
  const token = await issueToken(trx, person.id, "verify_email", VERIFY_TTL_MS);
  const mails: MailRequest[] = [
    {
      idempotencyKey: `verify:${hashToken(token)}`,
      to: email,
      toName: input.name,
      locale: input.locale,
      template: "verify_email",
      params: { name: input.name, token },
    },
  ];
  await enqueueMail(trx, ctx, mails);
  // Tell the people who can approve — the organisation's admins, or for a new organisation the cluster admins — in-app
  // (the badge on /approvals goes up live) and by mail, each as their "approval" preference says.
  const approvers = await activePeople(trx)
    .where((eb) => (newOrg ? eb("p.cluster_role", "=", "admin") : eb.and([eb("p.organisation_id", "=", orgId), eb("p.org_role", "=", "admin")])))
    .orderBy("p.id")
    .limit(20)
    .execute();
  await fx.tell({
    kind: "approval_request",
    to: approvers,
    key: `approval:${person.id}`,
    payload: { name: input.name.trim(), org: orgName, href: "/approvals" },
    mail: { template: "join_request", params: { name: input.name, org: orgName, proposal: newOrg }, key: (a) => `join-request:${person.id}:${a.id}` },
  });
  return person.id;
}

export type LoginResult = { ok: true; cookie: string; personId: string; active: boolean } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function login(ctx: Ctx, input: { email: string; password: string; ip: string; request: Request; previousSessionId?: string | null }): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  // Counted before the slow hash (throttle.server.ts), so parallel attempts cannot overshoot a limit.
  const gate = await openLoginAttempt(ctx.db, email, input.ip);
  if (!gate.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  const person = await ctx.db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.email", "p.name", "p.locale", "p.password_hash", "p.membership_status", "p.email_verified_at", "o.status as org_status"])
    .where(sql`lower(p.email)`, "=", email)
    .where("p.deactivated_at", "is", null)
    .executeTakeFirst();
  let valid = false;
  if (person) valid = await verifyPassword(person.password_hash, input.password);
  else await burnVerify(input.password); // same work for unknown emails
  if (!person || !valid) {
    if (person) await noteLoginFailure(ctx, person, gate, input.ip);
    return { ok: false, reason: "invalid" };
  }
  await gate.succeeded();
  if (needsRehash(person.password_hash)) {
    const rehashed = await hashPassword(input.password);
    await ctx.db.updateTable("person").set({ password_hash: rehashed }).where("id", "=", person.id).execute();
  }
  // A new session id at every login (no fixation); the session the browser had before ends.
  if (input.previousSessionId) {
    const ended = await deleteSessions(ctx.db, person.id, { only: hashToken(input.previousSessionId) });
    ctx.realtime.disconnectSessions(ended);
  }
  const cookie = await createSession(ctx, person.id, input.request, input.ip);
  const active = person.membership_status === "approved" && person.org_status === "approved" && person.email_verified_at !== null;
  return { ok: true, cookie, personId: person.id, active };
}

/** Confirms an email token (sign-up verification or a change of address). Returns the purpose handled. */
export async function confirmEmailToken(ctx: Ctx, token: string): Promise<"verified" | "changed" | "invalid"> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("email_token")
      .set({ used_at: new Date() })
      .where("token_hash", "=", hashToken(token))
      .where("purpose", "in", ["verify_email", "change_email"])
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .returning(["person_id", "purpose", "new_email"])
      .executeTakeFirst();
    if (!row) return "invalid";
    if (row.purpose === "verify_email") {
      await trx
        .updateTable("person")
        .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
        .where("id", "=", row.person_id)
        .execute();
      return "verified";
    }
    const email = normaliseEmail(row.new_email!);
    const taken = await trx
      .selectFrom("person")
      .select("id")
      .where(sql`lower(email)`, "=", email)
      .where("id", "!=", row.person_id)
      .executeTakeFirst();
    if (taken) return "invalid";
    const before = await trx.selectFrom("person").select(["email", "name"]).where("id", "=", row.person_id).executeTakeFirstOrThrow();
    await trx
      .updateTable("person")
      .set({ email, email_verified_at: new Date(), search_key: searchKey(before.name, email), updated_at: new Date() })
      .where("id", "=", row.person_id)
      .execute();
    await audit(trx, { actorId: row.person_id, action: "email.changed", targetType: "person", targetId: row.person_id, details: { from: before.email, to: email } });
    return "changed";
  });
}

export async function peekEmailToken(db: Executor, token: string) {
  return db
    .selectFrom("email_token as t")
    .innerJoin("person as p", "p.id", "t.person_id")
    .select(["t.purpose", "t.new_email", "p.email"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", new Date())
    .executeTakeFirst();
}

export async function resendVerification(ctx: Ctx, personId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom("person").select(["email", "name", "locale", "email_verified_at"]).where("id", "=", personId).executeTakeFirstOrThrow();
    if (p.email_verified_at) return;
    const token = await issueToken(trx, personId, "verify_email", VERIFY_TTL_MS);
    await enqueueMail(trx, ctx, [{ idempotencyKey: `verify:${hashToken(token)}`, to: p.email, toName: p.name, locale: p.locale, template: "verify_email", params: { name: p.name, token } }]);
  });
}

const RESET_LIMITS = { perClient: 5, perAccount: 10, spacingSeconds: 300 };

/** Neutral for unknown addresses: the caller shows the same message either way (SEC-4). */
export async function requestPasswordReset(ctx: Ctx, emailInput: string, ip: string, locale: Locale): Promise<{ rateLimited: boolean; retryAfterSeconds: number }> {
  const email = normaliseEmail(emailInput);
  const r = await hit(ctx.db, `reset:ip:${ip}`, 20, 3600);
  if (!r.ok) return { rateLimited: true, retryAfterSeconds: r.retryAfterSeconds };
  // Per account *and client*: someone asking for another person's reset from elsewhere never uses up the owner's
  // requests. Beyond a per-account ceiling over all clients, one mail per RESET_SPACING (slowed, never locked).
  const mine = await hit(ctx.db, `reset:acct:${email}:${clientKey(ip)}`, RESET_LIMITS.perClient, 3600);
  const all = mine.ok ? await hit(ctx.db, `reset:acct:${email}`, RESET_LIMITS.perAccount, 3600) : null;
  const perAccount = !mine.ok ? mine : all!.ok ? all! : await claimSlot(ctx.db, `reset:acct-slow:${email}`, RESET_LIMITS.spacingSeconds);
  await ctx.db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom("person")
      .select(["id", "email", "name", "locale"])
      .where(sql`lower(email)`, "=", email)
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    if (!p || !perAccount.ok) return;
    const token = await issueToken(trx, p.id, "reset_password", RESET_TTL_MS);
    await enqueueMail(trx, ctx, [{ idempotencyKey: `reset:${hashToken(token)}`, to: p.email, toName: p.name, locale: p.locale ?? locale, template: "reset_password", params: { token } }]);
  });
  return { rateLimited: false, retryAfterSeconds: 0 };
}

export async function resetPasswordTokenValid(db: Executor, token: string): Promise<boolean> {
  return (await resetPasswordHolder(db, token)) !== null;
}

/** Who a live reset token belongs to: their details are what the new password must not be built from. */
export async function resetPasswordHolder(db: Executor, token: string): Promise<PasswordContext | null> {
  const r = await db
    .selectFrom("email_token as t")
    .innerJoin("person as p", "p.id", "t.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.name", "p.email", "o.name as organisation"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.purpose", "=", "reset_password")
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", new Date())
    .executeTakeFirst();
  return r ?? null;
}

export async function resetPassword(ctx: Ctx, token: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("email_token")
      .set({ used_at: new Date() })
      .where("token_hash", "=", hashToken(token))
      .where("purpose", "=", "reset_password")
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .returning("person_id")
      .executeTakeFirst();
    if (!row) return null;
    // A reset also proves the mailbox: the address counts as verified.
    await trx
      .updateTable("person")
      .set({ password_hash: passwordHash, updated_at: new Date(), email_verified_at: sql`coalesce(email_verified_at, now())` })
      .where("id", "=", row.person_id)
      .execute();
    await trx.updateTable("email_token").set({ used_at: new Date() }).where("person_id", "=", row.person_id).where("purpose", "=", "reset_password").where("used_at", "is", null).execute();
    const hashes = await deleteSessions(trx, row.person_id);
    // Calendar-feed URLs die with the sessions (docs/requirements.md CAL-16).
    await revokeFeedToken(trx, row.person_id);
    await audit(trx, { actorId: row.person_id, action: "password.reset", targetType: "person", targetId: row.person_id, details: { sessionsEnded: hashes.length } });
    return hashes;
  });
  if (!ended) return false;
  ctx.realtime.disconnectSessions(ended);
  return true;
}

export async function changePassword(ctx: Ctx, viewer: { id: string; sessionHash: string }, current: string, next: string): Promise<"ok" | "wrong_current"> {
  const row = await ctx.db.selectFrom("person").select(["password_hash", "email", "name", "locale"]).where("id", "=", viewer.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, current))) return "wrong_current";
  const passwordHash = await hashPassword(next);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("person").set({ password_hash: passwordHash, updated_at: new Date() }).where("id", "=", viewer.id).execute();
    const hashes = await deleteSessions(trx, viewer.id, { except: viewer.sessionHash });
    // Calendar-feed URLs die with the other sessions, as on a reset or "log out everywhere".
    await revokeFeedToken(trx, viewer.id);
    await audit(trx, { actorId: viewer.id, action: "password.changed", targetType: "person", targetId: viewer.id, details: { sessionsEnded: hashes.length } });
    await enqueueMail(trx, ctx, [{ idempotencyKey: `password-changed:${viewer.id}:${Date.now()}`, to: row.email, toName: row.name, locale: row.locale, template: "password_changed", params: {} }]);
    return hashes;
  });
  ctx.realtime.disconnectSessions(ended);
  return "ok";
}

export async function requestEmailChange(ctx: Ctx, viewer: { id: string }, newEmailInput: string, password: string): Promise<"ok" | "wrong_password" | "taken"> {
  const newEmail = normaliseEmail(newEmailInput);
  const row = await ctx.db.selectFrom("person").select(["password_hash", "email", "name", "locale"]).where("id", "=", viewer.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, password))) return "wrong_password";
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("person")
      .select("id")
      .where(sql`lower(email)`, "=", newEmail)
      .executeTakeFirst();
    if (taken) return "taken" as const;
    const token = await issueToken(trx, viewer.id, "change_email", VERIFY_TTL_MS, newEmail);
    await audit(trx, { actorId: viewer.id, action: "email.change_requested", targetType: "person", targetId: viewer.id, details: { to: newEmail } });
    await enqueueMail(trx, ctx, [
      { idempotencyKey: `change-email:${hashToken(token)}`, to: newEmail, toName: row.name, locale: row.locale, template: "change_email", params: { token, newEmail } },
      { idempotencyKey: `change-notice:${hashToken(token)}`, to: row.email, toName: row.name, locale: row.locale, template: "email_change_notice", params: { newEmail } },
    ]);
    return "ok" as const;
  });
}

export async function logoutEverywhere(ctx: Ctx, personId: string): Promise<void> {
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const hashes = await deleteSessions(trx, personId);
    await revokeFeedToken(trx, personId);
    await audit(trx, { actorId: personId, action: "sessions.revoked", targetType: "person", targetId: personId, details: { count: hashes.length } });
    return hashes;
  });
  ctx.realtime.disconnectSessions(ended);
}

export async function logout(ctx: Ctx, sessionHash: string, personId: string): Promise<void> {
  const ended = await deleteSessions(ctx.db, personId, { only: sessionHash });
  ctx.realtime.disconnectSessions(ended);
}
