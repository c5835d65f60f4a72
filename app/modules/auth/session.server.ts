import crypto from "node:crypto";
import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { sql } from "kysely";
import type { AppContext, AppConfig, Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";

// Sessions live in the database (revocable); the signed cookie carries only a random id.
// The database stores sha256(id), so a dump of the table does not hand out live sessions.
// Risk decision (docs/decisions/0004-sessions.md): 14 days idle, 30 days absolute.
export const SESSION_IDLE_MS = 14 * 24 * 3600 * 1000;
const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const cookies = new Map<string, Cookie>();
export function sessionCookie(config: Pick<AppConfig, "secureCookies" | "sessionSecrets">): Cookie {
  const key = `${config.secureCookies}:${config.sessionSecrets.join(",")}`;
  let c = cookies.get(key);
  if (!c) {
    c = createCookie(config.secureCookies ? "__Host-session" : "session", {
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      path: "/",
      secrets: config.sessionSecrets,
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    cookies.set(key, c);
  }
  return c;
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export async function createSession(ctx: Pick<AppContext, "db" | "config">, personId: string, request: Request, ip: string, exec: Executor = ctx.db): Promise<string> {
  const id = randomToken();
  await exec
    .insertInto("session")
    .values({
      id_hash: hashToken(id),
      person_id: personId,
      expires_at: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      user_agent: (request.headers.get("user-agent") ?? "").slice(0, 300),
      ip,
    })
    .execute();
  return sessionCookie(ctx.config).serialize(id);
}

export async function readSessionId(request: Request, config: AppConfig): Promise<string | null> {
  return sessionIdFromCookieHeader(request.headers.get("cookie"), config);
}

export async function sessionIdFromCookieHeader(header: string | null | undefined, config: AppConfig): Promise<string | null> {
  if (!header) return null;
  try {
    const value = await sessionCookie(config).parse(header);
    return typeof value === "string" && value.length >= 20 && value.length <= 100 ? value : null;
  } catch {
    return null; // tampered or foreign cookie: anonymous
  }
}

/** Looks up the session and its person from a raw session id (used by HTTP and the socket handshake). */
export async function viewerFromSessionId(db: Executor, sessionId: string): Promise<Viewer | null> {
  const idHash = hashToken(sessionId);
  const row = await db
    .selectFrom("session as s")
    .innerJoin("person as p", "p.id", "s.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "s.id_hash",
      "s.last_seen_at",
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
    .where("s.id_hash", "=", idHash)
    .where("s.expires_at", ">", new Date())
    .where("s.last_seen_at", ">", new Date(Date.now() - SESSION_IDLE_MS))
    .where("p.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable("session")
      .set({ last_seen_at: sql`now()` })
      .where("id_hash", "=", idHash)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    clusterRole: row.cluster_role,
    orgRole: row.org_role,
    orgId: row.organisation_id,
    orgName: row.org_name,
    orgStatus: row.org_status,
    membershipStatus: row.membership_status,
    emailVerified: row.email_verified_at !== null,
    sessionHash: row.id_hash,
  };
}

const viewerCache = new WeakMap<Request, Promise<Viewer | null>>();
/** The viewer of this request, or null. Memoised per request (root and route loaders share it). */
export function getViewer(request: Request, ctx: Pick<AppContext, "db" | "config">): Promise<Viewer | null> {
  let p = viewerCache.get(request);
  if (!p) {
    p = (async () => {
      const id = await readSessionId(request, ctx.config);
      return id ? viewerFromSessionId(ctx.db, id) : null;
    })();
    viewerCache.set(request, p);
  }
  return p;
}

export async function destroySessionCookie(config: AppConfig): Promise<string> {
  return sessionCookie(config).serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Ends sessions in the database; the caller disconnects their sockets after commit. */
export async function deleteSessions(exec: Executor, personId: string, opts: { except?: string; only?: string } = {}): Promise<string[]> {
  let q = exec.deleteFrom("session").where("person_id", "=", personId);
  if (opts.only) q = q.where("id_hash", "=", opts.only);
  if (opts.except) q = q.where("id_hash", "!=", opts.except);
  const rows = await q.returning("id_hash").execute();
  return rows.map((r) => r.id_hash);
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const to = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(to)}`);
}
