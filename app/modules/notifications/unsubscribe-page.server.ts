import type { AppContext } from "~/context";
import { unsubscribe, verifyUnsubscribeToken, type UnsubscribeCategory } from "./unsubscribe.server";

export type UnsubscribeTarget = { ok: true; email: string; category: UnsubscribeCategory } | { ok: false; reason: "invalid" | "expired" };

/** GET: whom and what the link is for (the address masked), or why it is not valid. Changes nothing. */
export async function unsubscribeTarget(ctx: Pick<AppContext, "db" | "config">, token: unknown): Promise<UnsubscribeTarget> {
  const check = verifyUnsubscribeToken(ctx.config, token);
  if (!check.ok) return check;
  const person = await ctx.db.selectFrom("person").select("email").where("id", "=", check.personId).where("deactivated_at", "is", null).executeTakeFirst();
  if (!person) return { ok: false, reason: "invalid" };
  return { ok: true, email: maskEmail(person.email), category: check.category };
}

/** POST: that category's email becomes "never". */
export async function unsubscribeRequest(ctx: Pick<AppContext, "db" | "config">, token: unknown): Promise<{ ok: true } | { ok: false; reason: "invalid" | "expired" }> {
  const target = await unsubscribeTarget(ctx, token);
  if (!target.ok) return target;
  const check = verifyUnsubscribeToken(ctx.config, token);
  if (!check.ok) return check;
  await unsubscribe(ctx.db, check.personId, check.category);
  return { ok: true };
}

/** j***@example.lv: enough to recognise, not enough to harvest from a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
