import { sql } from "kysely";
import type { Executor } from "~/context";

export interface RateResult {
  ok: boolean;
  retryAfterSeconds: number;
}

/** Fixed-window counter in PostgreSQL (shared by every app instance). Counts this hit. */
export async function hit(db: Executor, key: string, limit: number, windowSeconds: number): Promise<RateResult> {
  const row = await sql<{ count: number; reset_at: Date }>`
    insert into rate_limit (key, count, reset_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      count = case when rate_limit.reset_at <= now() then 1 else rate_limit.count + 1 end,
      reset_at = case when rate_limit.reset_at <= now() then now() + make_interval(secs => ${windowSeconds}) else rate_limit.reset_at end
    returning count, reset_at`.execute(db);
  const r = row.rows[0];
  const retry = Math.max(1, Math.ceil((new Date(r.reset_at).getTime() - Date.now()) / 1000));
  return { ok: r.count <= limit, retryAfterSeconds: retry };
}

/** Reads a counter without counting. */
export async function peek(db: Executor, key: string, limit: number): Promise<RateResult> {
  const r = await db
    .selectFrom("rate_limit")
    .select(["count", "reset_at"])
    .where("key", "=", key)
    .where("reset_at", ">", new Date())
    .executeTakeFirst();
  if (!r || r.count < limit) return { ok: true, retryAfterSeconds: 0 };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((new Date(r.reset_at).getTime() - Date.now()) / 1000)) };
}

export async function clear(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("rate_limit").where("key", "=", key).execute();
}
