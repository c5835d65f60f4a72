import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { startTestServer, type TestServer } from "./helpers/server";
import { addMember, connectSocket, createGroupRow, joinRoom, personWithClient, reply, sleep, startTopic } from "./helpers/groups";
import { ADAPTER_APPLICATION_NAME } from "../server/realtime";
import { LISTENER_HEALTH } from "../server/realtime-pool";
import type { PostDto } from "../app/modules/threads/dto";

// The database-restart drill (issue 10, item 14): two instances on one PostgreSQL, the database's connections are
// killed under them (pg_terminate_backend is what a restart does to each connection), and live pushes must resume
// across instances, requests must work, and both instances must still stop promptly.

const PG = !!(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
const NO_PG = "needs PostgreSQL: on PGlite there is one instance and no socket.io Postgres adapter";

let a: TestServer;
let b: TestServer;
/** Our own connection (not in any of the app's pools) to look at and kill the app's backends. */
let control: pg.Client;
const sockets: Socket[] = [];

beforeAll(async () => {
  if (!PG) return;
  // Check the listening connections often here, so that a silent one is noticed within the test's time.
  LISTENER_HEALTH.pingMs = 500;
  LISTENER_HEALTH.timeoutMs = 1_000;
  a = await startTestServer();
  b = await startTestServer({ databaseUrl: a.open.connectionString });
  control = new pg.Client({ connectionString: a.open.connectionString, application_name: "drill-control" });
  await control.connect();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await control?.end().catch(() => {});
  await b?.close();
  await a?.close();
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The adapters' LISTEN connections (one per instance). */
async function listenerPids(): Promise<number[]> {
  const r = await control.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and application_name = $1 order by pid`, [`${ADAPTER_APPLICATION_NAME}-listen`]);
  return r.rows.map((x) => x.pid);
}

async function terminate(where: string, params: unknown[] = []): Promise<number[]> {
  const r = await control.query<{ pid: number }>(`select pid, pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${where}`, params);
  const pids = r.rows.map((x) => x.pid);
  // pg_terminate_backend only signals: wait until those backends are really gone.
  await until("the terminated backends to exit", async () => {
    const left = await control.query(`select 1 from pg_stat_activity where pid = any($1::int[])`, [pids]);
    return left.rowCount === 0;
  });
  return pids;
}

/** A private group with a lead (posting through instance A) and a member whose socket is on instance B, in the room. */
async function liveThread() {
  const lead = await personWithClient(a);
  const member = await personWithClient(b);
  const g = await createGroupRow(a.open.db, { leadId: lead.person.id, visibility: "private" });
  await addMember(a.open.db, g.id, member.person.id);
  const tid = await startTopic(lead.client, g.slug, "Pēc restarta", "sākums");
  const onB = await connectSocket(b, member.client);
  sockets.push(onB);
  expect(await joinRoom(onB, "thread", tid)).toEqual({ ok: true });
  const got: PostDto[] = [];
  onB.on("post:new", (p: PostDto) => got.push(p));
  return { lead, member, g, tid, onB, got };
}

async function pushedAcross(t: Awaited<ReturnType<typeof liveThread>>, body: string) {
  const before = t.got.length;
  expect((await reply(t.lead.client, t.g.slug, t.tid, body)).status).toBe(302);
  await until(`"${body}" pushed to instance B`, async () => t.got.length > before, 5_000);
  expect(t.got.at(-1)).toMatchObject({ threadId: t.tid, author: { id: t.lead.person.id } });
}

async function stopsWithin(server: TestServer, ms: number) {
  const started = Date.now();
  const stopped = await Promise.race([server.stop().then(() => true), sleep(ms + 5_000).then(() => false)]);
  expect(stopped, "the instance stopped").toBe(true);
  expect(Date.now() - started).toBeLessThan(ms);
}

describe("database connections lost under two instances", () => {
  it.skipIf(!PG)(
    `the adapters' LISTEN connections are re-established: a post through A still reaches a socket on B (${NO_PG})`,
    async () => {
      const t = await liveThread();
      await pushedAcross(t, "pirms");
      const old = await listenerPids();
      expect(old).toHaveLength(2);
      await terminate("pid = any($1::int[])", [old]);
      // Each adapter listens again on a fresh connection.
      await until("two new LISTEN connections", async () => {
        const now = await listenerPids();
        return now.length === 2 && now.every((p) => !old.includes(p));
      });
      await pushedAcross(t, "pēc");
      // Again: a second loss is handled like the first (nothing leaked from the first one).
      const second = await listenerPids();
      await terminate("pid = any($1::int[])", [second]);
      await until("two newer LISTEN connections", async () => {
        const now = await listenerPids();
        return now.length === 2 && now.every((p) => !second.includes(p));
      });
      await pushedAcross(t, "vēlreiz pēc");
    },
    60_000,
  );

  it.skipIf(!PG)(
    `a LISTEN connection that goes silent (its backend frozen: no end, no error) is replaced too (${NO_PG})`,
    async (ctx) => {
      const t = await liveThread();
      await pushedAcross(t, "pirms");
      const [frozen] = await listenerPids();
      // A frozen backend is what a cut network or a hung server looks like: the connection stays open and nothing answers.
      // It takes a local server and the right to signal its processes (root or the postgres user).
      const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(a.open.connectionString!).hostname);
      try {
        if (!local) throw new Error("remote server");
        process.kill(frozen, 0);
      } catch {
        ctx.skip(`cannot freeze PostgreSQL backends from here (needs a local server and the right to signal its processes)`);
      }
      process.kill(frozen, "SIGSTOP");
      try {
        await until("a new LISTEN connection instead of the frozen one", async () => {
          const now = await listenerPids();
          return now.length >= 2 && now.filter((p) => p !== frozen).length === 2;
        });
      } finally {
        process.kill(frozen, "SIGCONT"); // it then finds its connection closed and exits
      }
      await until("the frozen backend to exit", async () => (await control.query(`select 1 from pg_stat_activity where pid = $1`, [frozen])).rowCount === 0);
      await pushedAcross(t, "pēc sasalšanas");
    },
    60_000,
  );

  it.skipIf(!PG)(
    `every app connection killed at once (as in a restart): requests work, pushes resume, both instances stop within seconds (${NO_PG})`,
    async () => {
      const t = await liveThread();
      await pushedAcross(t, "pirms");
      const killed = await terminate("application_name <> 'drill-control'");
      expect(killed.length).toBeGreaterThanOrEqual(4);
      // The main pools drop their dead connections and open new ones: pages that read the database answer at once.
      for (const [server, c] of [
        [a, t.lead.client],
        [b, t.member.client],
      ] as const) {
        const res = await c.get(`/groups/${t.g.slug}/threads/${t.tid}`);
        expect(res.status, server.url).toBe(200);
      }
      await until("two new LISTEN connections", async () => (await listenerPids()).length === 2);
      await pushedAcross(t, "pēc restarta");
      for (const s of sockets.splice(0)) s.disconnect();
      await stopsWithin(b, 5_000);
      await stopsWithin(a, 5_000);
    },
    60_000,
  );
});
