import { sql, type RawBuilder } from "kysely";
import type { Db } from "#db/client";
import { SESSION_IDLE_MS } from "~/modules/auth/session.server";

// Rows that can no longer do anything are deleted by a periodic pass (server/periodic.ts) after a retention period,
// so the tables stay the size of what is live. Each delete takes a bounded batch by primary key (an index serves
// every condition: migration 0007 and mail_outbox_status_idx), so a large backlog never holds long locks, and
// SKIP LOCKED lets two instances purge at the same time without waiting on each other.

export interface Retention {
  /** Sessions: days after they expired (absolute lifetime or idle timeout). */
  sessionDays: number;
  /** Email tokens (verify, reset, change email): days after they were used or expired. */
  tokenDays: number;
  /** Finished mail outbox rows (sent, captured, failed): days after they were queued. */
  mailDays: number;
}

/** A staged upload no owner took (its instance stopped mid-request): deleted with its chunks after an hour. */
const STAGED_FILE_MS = 3600_000;

export interface PurgeCounts {
  sessions: number;
  tokens: number;
  rateLimits: number;
  mail: number;
  stagedFiles: number;
}

/** A rate-limit row whose window has ended counts as no row (hit() starts again at 1); purged an hour later. */
const RATE_LIMIT_GRACE_MS = 3600_000;
const DAY_MS = 86400_000;

interface Target {
  name: keyof PurgeCounts;
  table: string;
  key: string;
  where: RawBuilder<unknown>;
}

/** What each table loses: the row's primary key and the condition that makes it purgeable. */
export function purgeTargets(retention: Retention, now: Date): Target[] {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const sessionCut = before(retention.sessionDays * DAY_MS);
  const idleCut = before(SESSION_IDLE_MS + retention.sessionDays * DAY_MS);
  const tokenCut = before(retention.tokenDays * DAY_MS);
  const mailCut = before(retention.mailDays * DAY_MS);
  return [
    { name: "sessions", table: "session", key: "id_hash", where: sql`expires_at < ${sessionCut} or last_seen_at < ${idleCut}` },
    { name: "tokens", table: "email_token", key: "token_hash", where: sql`expires_at < ${tokenCut} or used_at < ${tokenCut}` },
    { name: "rateLimits", table: "rate_limit", key: "key", where: sql`reset_at < ${before(RATE_LIMIT_GRACE_MS)}` },
    { name: "mail", table: "mail_outbox", key: "id", where: sql`status in ('sent', 'captured', 'failed', 'superseded') and created_at < ${mailCut}` },
    { name: "stagedFiles", table: "file", key: "id", where: sql`status = 'staged' and created_at < ${before(STAGED_FILE_MS)}` },
  ];
}

export async function purgeExpired(db: Db, retention: Retention, opts: { now?: Date; batchSize?: number; maxBatches?: number } = {}): Promise<PurgeCounts> {
  const size = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? 100; // at most this many per table and pass; the next pass continues
  const counts: PurgeCounts = { sessions: 0, tokens: 0, rateLimits: 0, mail: 0, stagedFiles: 0 };
  for (const t of purgeTargets(retention, opts.now ?? new Date())) {
    for (let i = 0; i < maxBatches; i++) {
      const r = await purgeBatchSql(t, size).execute(db);
      const n = r.rows[0]?.n ?? 0;
      counts[t.name] += n;
      if (n < size) break;
    }
  }
  return counts;
}

/** One batch of one table (exported so a test can check that an index serves it). */
export function purgeBatchSql(t: Pick<Target, "table" | "key" | "where">, size: number) {
  return sql<{ n: number }>`
    with gone as (
      delete from ${sql.table(t.table)} where ${sql.ref(t.key)} in (
        select ${sql.ref(t.key)} from ${sql.table(t.table)} where ${t.where} limit ${size} for update skip locked)
      returning 1)
    select count(*)::int as n from gone`;
}
