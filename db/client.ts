import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, CompiledQuery, sql } from "kysely";
import pg from "pg";
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import type { Database } from "./schema";
import { errorLog } from "../app/lib/log";

export type Db = Kysely<Database>;
export type DbKind = "pglite" | "postgres";

export interface OpenDatabase {
  db: Db;
  kind: DbKind;
  /** Runs raw SQL exclusively (PGlite: serialised with Kysely's single connection). Multi-statement allowed when no values. */
  executeSql<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  close(): Promise<void>;
  /** Switches on the statement timeouts for request work (call after migrations and seeding; PGlite: no-op). */
  enforceTimeouts(): void;
  /** Rejects unless the database answers `select 1` within timeoutMs (without taking a pool slot requests need). */
  ping(timeoutMs: number): Promise<void>;
  /** For the socket.io Postgres adapter and pg-boss; only with PostgreSQL. */
  connectionString?: string;
  /** The request pool's connections (PostgreSQL only): for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

// pg returns int8 as string; counts are cast to int in SQL, but make bigint ids readable numbers too.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

/** A connection that dies (database restarted, dropped, network) must not crash the process:
 * handle errors on idle clients and on clients held by a library (e.g. a LISTEN connection). */
export function guardPool(pool: pg.Pool, label: string): void {
  const log = (err: Error) => errorLog(`${label} connection error: ${err.message}`);
  pool.on("error", log);
  pool.on("connect", (client) => client.on("error", log));
}

/** How long the app waits for PostgreSQL before it gives up and answers 503 (config.ts reads them from the env). */
export interface DbTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs: number;
  /** Server-side statement_timeout for request work; the client also gives up 2 s later (a frozen server or network). */
  statementMs: number;
  /** Server-side idle_in_transaction_session_timeout. */
  idleInTransactionMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 3000, statementMs: 5000, idleInTransactionMs: 10_000 };
const WATCHDOG_MARGIN_MS = 2000;

const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled (statement_timeout)
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovery)
  "53300", // too_many_connections
  "25P03", // idle_in_transaction_session_timeout
  "55P03", // lock_not_available
  "3D000", // database does not exist (dropped)
]);
const UNAVAILABLE_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
const UNAVAILABLE_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated",
  "timeout expired",
  "Query read timeout",
  "not queryable",
  "Cannot use a pool after calling end",
  "database did not answer",
];

/** The database could not be reached or did not answer in time (as opposed to a bug or a constraint violation). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = typeof e.code === "string" ? e.code : "";
    if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08") || UNAVAILABLE_NET.has(code)) return true;
    const message = typeof e.message === "string" ? e.message : "";
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

export class DatabaseUnavailableError extends Error {}

/** pg keeps its socket private and has no destroy(): this is the only way to drop a connection to a frozen server. */
function destroyClient(client: pg.ClientBase): void {
  (client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
}

/**
 * A pool whose statement timeouts are switched on after start-up work (migrations, seeding, waiting for another
 * instance's lock) is done. Each connection then gets `SET statement_timeout …` once, and a client-side watchdog
 * drops a connection whose query gets no answer at all, so a frozen server cannot hold a request (or a pool slot)
 * for longer than the timeout and a write that timed out is not applied later on that connection.
 */
class TimedPool extends pg.Pool {
  limits: DbTimeouts | null = null;
  private readonly prepared = new WeakSet<pg.PoolClient>();
  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("connect", (client) => this.watch(client));
    this.on("acquire", (client) => {
      if (!this.limits || this.prepared.has(client)) return;
      this.prepared.add(client);
      const { statementMs, idleInTransactionMs } = this.limits;
      // Queued ahead of the caller's first query on this connection (pg runs a client's queries in order).
      client.query(`set statement_timeout = ${Math.round(statementMs)}; set idle_in_transaction_session_timeout = ${Math.round(idleInTransactionMs)}`).catch(() => {});
    });
  }
  private watch(client: pg.PoolClient): void {
    // client.query has many overloads (promise or callback); the wrapper passes every form through unchanged.
    type AnyQuery = (...args: unknown[]) => unknown;
    const query = client.query.bind(client) as AnyQuery;
    (client as unknown as { query: AnyQuery }).query = (...args: unknown[]) => {
      const result = query(...args) as Promise<unknown> | undefined;
      const limits = this.limits;
      if (!limits || !result || typeof result.then !== "function") return result;
      const timer = setTimeout(() => destroyClient(client), limits.statementMs + WATCHDOG_MARGIN_MS);
      return result.finally(() => clearTimeout(timer));
    };
  }
}

export async function openPostgres(connectionString: string, max = 10, timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS): Promise<OpenDatabase> {
  const pool = new TimedPool({ connectionString, max, connectionTimeoutMillis: timeouts.connectMs, keepAlive: true });
  guardPool(pool, "[db]");
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const ping = healthPing(connectionString);
  return {
    db,
    kind: "postgres",
    connectionString,
    async executeSql(text, values) {
      // A multi-statement text (no values) answers with one result per statement: the last one's rows count.
      const r = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      return { rows: (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as never[] };
    },
    enforceTimeouts() {
      pool.limits = timeouts;
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping,
    async close() {
      ping.close();
      await db.destroy();
      // Kysely ends the pool only if it ever took a connection itself; raw executeSql callers may be the only users.
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * /healthz's check on its own connection, never a pool slot that requests need: one client kept between checks,
 * dropped on any failure; concurrent checks share one query.
 */
function healthPing(connectionString: string): ((timeoutMs: number) => Promise<void>) & { close(): void } {
  let client: pg.Client | null = null;
  let inflight: Promise<void> | null = null;
  const drop = () => {
    if (!client) return;
    const c = client;
    client = null;
    destroyClient(c);
    c.end().catch(() => {});
  };
  const check = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          if (!client) {
            const c = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs });
            c.on("error", () => {});
            client = c;
            await c.connect();
          }
          await client.query("select 1");
        })(),
        timeout,
      ]);
    } catch (err) {
      drop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  const ping = ((timeoutMs: number) => (inflight ??= check(timeoutMs).finally(() => (inflight = null)))) as ReturnType<typeof healthPing>;
  ping.close = drop;
  return ping;
}

export class DatabaseLockedError extends Error {}

/** PGlite has no lock of its own: two processes on one data folder lose data (docs/stack.md pitfall 19).
 * We take an exclusive lock file holding our pid; a lock whose pid no longer runs is stale and is taken over. */
export function acquireDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "..", `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (pid && pid !== process.pid && isRunning(pid)) {
        throw new DatabaseLockedError(
          `The embedded database folder ${dir} is in use by another process (pid ${pid}). ` +
            `Stop that process first, or set PGLITE_DIR to another folder. Two processes on one PGlite folder lose data.`,
        );
      }
      // Stale lock from a process that died: remove and retry.
      try {
        fs.unlinkSync(lockPath);
      } catch {
        /* raced with another starter */
      }
    }
  }
  throw new DatabaseLockedError(`Could not take the lock on ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openPglite(dir: string | null): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  // Full-text search (migration 0019, docs/decisions/0010-search.md) folds diacritics with unaccent and corrects typos
  // with pg_trgm; PGlite ships both as extensions that must be loaded when the instance is created.
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const extensions = { unaccent, pg_trgm };
  const release = dir ? acquireDirLock(dir) : () => {};
  let pglite: PGliteType;
  try {
    pglite = dir ? await PGlite.create(dir, { extensions }) : await PGlite.create({ extensions });
  } catch (err) {
    release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    kind: "pglite",
    async executeSql(text, values) {
      // Acquire Kysely's (only) connection so raw SQL never interleaves with an open transaction.
      return db.connection().execute(async () => {
        if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows as never[] };
        const results = await pglite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as never[] };
      });
    },
    enforceTimeouts() {},
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      try {
        // Through Kysely's one connection, so it never runs inside another caller's open transaction.
        await Promise.race([
          sql`select 1`.execute(db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new DatabaseUnavailableError(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // also closes the PGlite instance
      release();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; pgliteDir?: string | null; poolMax?: number; timeouts?: DbTimeouts }) {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolMax, opts.timeouts);
  return openPglite(opts.pgliteDir ?? null);
}

export { CompiledQuery };
