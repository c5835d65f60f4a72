import pg from "pg";
import { guardPool } from "#db/client";

/**
 * The connections of @socket.io/postgres-adapter (0.5.0), made to survive losing the database (issue 10, item 14).
 *
 * The adapter takes a pg.Pool: `query()` for its NOTIFYs, attachments and cleanup, and `connect()` for one client it
 * keeps to LISTEN on. When that client ends it schedules `connect()` again, but it never releases the dead client, so
 * the pool (2 connections) keeps counting it: after one loss the new listener takes the last slot, every NOTIFY waits
 * for a free connection forever (no pushes cross instances again), and `pool.end()` waits for the dead client forever
 * (shutdown hangs). This wrapper gives the adapter a pool whose listener client
 * - is destroyed (released with an error, so the pool forgets it and frees its slot) as soon as it errors or ends;
 * - is checked every `LISTENER_HEALTH.pingMs` with a query that must answer within `timeoutMs`: a connection that went
 *   silent (network cut, frozen server) never ends by itself, so it is destroyed, which ends it and makes the
 *   adapter connect and LISTEN again;
 * - is the only one: one loss can make the adapter schedule two reconnections (its "end" handler and its catch both do),
 *   so a newer listener quietly retires an older one (no double delivery, no leaked slot);
 * and, once closed, parks the adapter's reconnection loop instead of letting it retry against an ended pool.
 */
export const LISTENER_HEALTH = { pingMs: 15_000, timeoutMs: 5_000 };

export interface AdapterPool {
  /** Give this to createAdapter(). */
  pool: pg.Pool;
  /** Destroys the listener and ends the pool, waiting at most `waitMs` for queries in flight. */
  close(waitMs?: number): Promise<void>;
}

export function createAdapterPool(opts: {
  connectionString: string;
  /** Its connections' application_name; the listener's is this + "-listen". */
  applicationName: string;
  log: (m: string) => void;
  /** A listener was lost and a new one is in place (what the other instances sent meanwhile was missed). */
  onListenerRestored?: () => void;
}): AdapterPool {
  const { log } = opts;
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: 2,
    application_name: opts.applicationName,
    // While the database is unreachable, fail an attempt (the adapter retries every 1–3 s) rather than hang on it.
    connectionTimeoutMillis: 5_000,
  });
  guardPool(pool, "[realtime]");

  let closed = false;
  let listener: pg.PoolClient | null = null;
  let lost = false;
  const never = () => new Promise<never>(() => {});

  /** Destroys a listener client once (release with an error = the pool removes it and ends its connection). */
  const destroyers = new WeakMap<pg.PoolClient, (err?: Error) => void>();
  function destroy(client: pg.PoolClient, err?: Error) {
    destroyers.get(client)?.(err);
  }

  async function connect(): Promise<pg.PoolClient> {
    if (closed) return never();
    if (listener) {
      // A second reconnection for the same loss: retire the older listener without waking the adapter's handlers.
      const old = listener;
      old.removeAllListeners("notification");
      old.removeAllListeners("end");
      destroy(old);
    }
    const client = await pool.connect();
    try {
      // Tell the listener apart from the NOTIFY connection in pg_stat_activity (operators, the restart drill).
      await client.query(`set application_name = '${opts.applicationName}-listen'`);
    } catch (err) {
      client.release(err as Error);
      throw err; // the adapter tries again in 1–3 s
    }
    if (closed) {
      client.release(true);
      return never();
    }
    const release = client.release.bind(client);
    let done = false;
    destroyers.set(client, (err) => {
      if (done) return;
      done = true;
      if (listener === client) listener = null;
      lost = !closed;
      release(err ?? true);
    });
    // The adapter releases it on close: never return a LISTENing connection to the pool.
    client.release = () => destroy(client);
    client.on("error", (err) => destroy(client, err));
    client.on("end", () => destroy(client));
    listener = client;
    if (lost) {
      lost = false;
      log("[realtime] adapter: listening on a new database connection");
      opts.onListenerRestored?.();
    }
    return client;
  }

  let pinging = false;
  const ping = setInterval(() => {
    const client = listener;
    if (!client || pinging || closed) return;
    pinging = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${LISTENER_HEALTH.timeoutMs} ms`)), LISTENER_HEALTH.timeoutMs);
    });
    Promise.race([client.query("select 1"), timeout])
      .catch((err: Error) => {
        if (closed || listener !== client) return;
        log(`[realtime] adapter: the listening connection is not answering (${err.message}); reconnecting`);
        destroy(client, err);
      })
      .finally(() => {
        clearTimeout(timer);
        pinging = false;
      });
  }, LISTENER_HEALTH.pingMs);
  ping.unref();

  const facade = {
    connect,
    query: (...args: unknown[]) => (pool.query as (...a: unknown[]) => unknown)(...args),
  } as unknown as pg.Pool;

  return {
    pool: facade,
    async close(waitMs = 3_000) {
      closed = true;
      clearInterval(ping);
      if (listener) destroy(listener);
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        pool.end().then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((res) => (timer = setTimeout(() => res(false), waitMs))),
      ]);
      clearTimeout(timer);
      if (!ended) log(`[realtime] adapter: database connections still busy after ${waitMs} ms; not waiting for them`);
    },
  };
}
