import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, CompiledQuery } from "kysely";
import pg from "pg";
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
export type DbKind = "pglite" | "postgres";

export interface OpenDatabase {
  db: Db;
  kind: DbKind;
  /** Runs raw SQL exclusively (PGlite: serialised with Kysely's single connection). Multi-statement allowed when no values. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  close(): Promise<void>;
  /** For the socket.io Postgres adapter and pg-boss; only with PostgreSQL. */
  connectionString?: string;
}

// pg returns int8 as string; counts are cast to int in SQL, but make bigint ids readable numbers too.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

/** A connection that dies (database restarted, dropped, network) must not crash the process:
 * handle errors on idle clients and on clients held by a library (e.g. a LISTEN connection). */
export function guardPool(pool: pg.Pool, label: string): void {
  const log = (err: Error) => console.error(`${label} connection error: ${err.message}`);
  pool.on("error", log);
  pool.on("connect", (client) => client.on("error", log));
}

export async function openPostgres(connectionString: string, max = 10): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString, max });
  guardPool(pool, "[db]");
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "postgres",
    connectionString,
    async executeSql(text, values) {
      const r = await pool.query(text, values as any[]);
      return { rows: Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows };
    },
    async close() {
      await db.destroy();
    },
  };
}

export class DatabaseLockedError extends Error {}

/** PGlite has no lock of its own: two processes on one data folder lose data (stack.md §6.19).
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
    } catch (err: any) {
      if (err.code !== "EEXIST") throw err;
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
  } catch (err: any) {
    return err.code === "EPERM";
  }
}

export async function openPglite(dir: string | null): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  const release = dir ? acquireDirLock(dir) : () => {};
  let pglite: PGliteType;
  try {
    pglite = dir ? await PGlite.create(dir) : await PGlite.create();
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
        if (values && values.length > 0) return (await pglite.query(text, values as any[])) as { rows: any[] };
        const results = await pglite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as any[] };
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // also closes the PGlite instance
      release();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; pgliteDir?: string | null; poolMax?: number }) {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolMax);
  return openPglite(opts.pgliteDir ?? null);
}

export { CompiledQuery };
