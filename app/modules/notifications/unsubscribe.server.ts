// One-click unsubscribe (RFC 8058): every non-transactional mail (notifications, digests) carries a link with a signed
// token naming one person and one category; it works without logging in, GET only shows a confirmation, the POST
// changes that category alone (its email cadence becomes "never"). Tokens are HMAC-SHA256 with the session secret
// (any of SESSION_SECRET's values verifies, the first signs) and expire after UNSUBSCRIBE_TTL_DAYS.
import crypto from "node:crypto";
import { sql } from "kysely";
import type { AppConfig, Executor } from "~/context";
import { isUuid } from "~/lib/ids";
import { isNotificationType, NOTIFICATION_TYPES, TYPE_DEFAULTS, type NotificationType } from "./types";

export const UNSUBSCRIBE_TTL_DAYS = 90;

/** A notification type, or one digest (every type now sent in that digest). */
export type UnsubscribeCategory = NotificationType | "digest_daily" | "digest_weekly";

export function isUnsubscribeCategory(v: unknown): v is UnsubscribeCategory {
  return v === "digest_daily" || v === "digest_weekly" || isNotificationType(v);
}

function mac(secret: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(`unsubscribe:${body}`).digest("base64url");
}

export function unsubscribeToken(config: Pick<AppConfig, "sessionSecrets">, personId: string, category: UnsubscribeCategory, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + UNSUBSCRIBE_TTL_DAYS * 86_400;
  const body = `${personId}.${category}.${exp}`;
  return `${body}.${mac(config.sessionSecrets[0] ?? "", body)}`;
}

export function unsubscribeUrl(config: Pick<AppConfig, "sessionSecrets" | "appOrigin">, personId: string, category: UnsubscribeCategory): string {
  return `${config.appOrigin}/unsubscribe/${unsubscribeToken(config, personId, category)}`;
}

export type TokenCheck = { ok: true; personId: string; category: UnsubscribeCategory } | { ok: false; reason: "invalid" | "expired" };

export function verifyUnsubscribeToken(config: Pick<AppConfig, "sessionSecrets">, token: unknown, now = Date.now()): TokenCheck {
  if (typeof token !== "string" || token.length > 300) return { ok: false, reason: "invalid" };
  const parts = token.split(".");
  if (parts.length !== 4) return { ok: false, reason: "invalid" };
  const [personId, category, expText, sig] = parts;
  const body = `${personId}.${category}.${expText}`;
  const given = Buffer.from(sig);
  const valid = config.sessionSecrets.some((s) => {
    const want = Buffer.from(mac(s, body));
    return want.length === given.length && crypto.timingSafeEqual(want, given);
  });
  if (!valid || !isUuid(personId) || !isUnsubscribeCategory(category) || !/^\d{1,12}$/.test(expText)) return { ok: false, reason: "invalid" };
  if (Number(expText) * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, personId, category };
}

/** The types a category stands for, for this person now (a digest: every type whose email goes to that digest). */
export async function typesOfCategory(exec: Executor, personId: string, category: UnsubscribeCategory): Promise<NotificationType[]> {
  if (isNotificationType(category)) return [category];
  const cadence = category === "digest_daily" ? "daily" : "weekly";
  const rows = await exec.selectFrom("notification_pref").select(["type", "email"]).where("person_id", "=", personId).execute();
  const chosen = new Map(rows.map((r) => [r.type, r.email]));
  return NOTIFICATION_TYPES.filter((t) => (chosen.get(t) ?? TYPE_DEFAULTS[t].email) === cadence);
}

/** The POST: that category's email becomes "never" (in-app stays as it was). Returns the types changed. */
export async function unsubscribe(exec: Executor, personId: string, category: UnsubscribeCategory): Promise<NotificationType[]> {
  const types = await typesOfCategory(exec, personId, category);
  if (types.length === 0) return [];
  const person = await exec.selectFrom("person").select("id").where("id", "=", personId).executeTakeFirst();
  if (!person) return [];
  await exec
    .insertInto("notification_pref")
    .values(types.map((t) => ({ person_id: personId, type: t, in_app: TYPE_DEFAULTS[t].inApp, email: "never" as const })))
    .onConflict((oc) => oc.columns(["person_id", "type"]).doUpdateSet({ email: "never", updated_at: sql`now()` }))
    .execute();
  return types;
}
