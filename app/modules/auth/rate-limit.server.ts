import { isIPv6 } from "node:net";
import { sql } from "kysely";
import type { Executor } from "~/context";

export interface RateResult {
  ok: boolean;
  retryAfterSeconds: number;
}

const secondsUntil = (at: Date | string) => Math.max(1, Math.ceil((new Date(at).getTime() - Date.now()) / 1000));

/** Fixed-window counter in PostgreSQL (shared by every app instance). Counts this hit. */
export async function hit(db: Executor, key: string, limit: number, windowSeconds: number): Promise<RateResult & { count: number; resetAt: Date }> {
  const row = await sql<{ count: number; reset_at: Date }>`
    insert into rate_limit (key, count, reset_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      count = case when rate_limit.reset_at <= now() then 1 else rate_limit.count + 1 end,
      reset_at = case when rate_limit.reset_at <= now() then now() + make_interval(secs => ${windowSeconds}) else rate_limit.reset_at end
    returning count, reset_at`.execute(db);
  const r = row.rows[0];
  return { ok: r.count <= limit, retryAfterSeconds: secondsUntil(r.reset_at), count: r.count, resetAt: new Date(r.reset_at) };
}

/**
 * Reserves one unit of a limit atomically before the work it guards (one INSERT … ON CONFLICT … RETURNING): of any
 * number of parallel requests exactly `limit` get through. A refused request gives its unit back, so waiting
 * callers are not punished for asking.
 */
export async function take(db: Executor, key: string, limit: number, windowSeconds: number): Promise<RateResult & { count: number; resetAt: Date }> {
  const r = await hit(db, key, limit, windowSeconds);
  if (!r.ok) await giveBack(db, key);
  return r;
}

/** Returns a unit taken with `take` (e.g. the attempt turned out not to count). */
export async function giveBack(db: Executor, key: string): Promise<void> {
  await sql`update rate_limit set count = count - 1 where key = ${key} and count > 0 and reset_at > now()`.execute(db);
}

/**
 * One claim per `spacingSeconds` for a key: succeeds when the previous claim's spacing has passed and then holds the
 * key for the next `spacingSeconds`; otherwise says how long until the key is free again.
 */
export async function claimSlot(db: Executor, key: string, spacingSeconds: number): Promise<RateResult> {
  const claimed = await sql<{ count: number }>`
    insert into rate_limit (key, count, reset_at)
    values (${key}, 1, now() + make_interval(secs => ${spacingSeconds}))
    on conflict (key) do update set count = rate_limit.count + 1, reset_at = excluded.reset_at
      where rate_limit.reset_at <= now()
    returning count`.execute(db);
  if (claimed.rows.length > 0) return { ok: true, retryAfterSeconds: 0 };
  const r = await db.selectFrom("rate_limit").select("reset_at").where("key", "=", key).executeTakeFirst();
  return { ok: false, retryAfterSeconds: r ? secondsUntil(r.reset_at) : 1 };
}

export async function clear(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("rate_limit").where("key", "=", key).execute();
}

/**
 * The client part of a rate-limit key: the IPv4 address, or the /64 network of an IPv6 address (one subscriber
 * usually holds a whole /64, so single addresses would be free to rotate).
 */
export function clientKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1];
  if (!isIPv6(ip)) return ip || "unknown";
  const [head, tail = ""] = ip.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
