import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import pg from "pg";
import { startTestServer, type TestServer } from "./helpers/server";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createPerson, PASSWORD } from "./helpers/factories";
import { adminUrl } from "./setup/global";

// PostgreSQL only: PGlite runs inside the process and cannot freeze or become unreachable on its own.

/**
 * A TCP proxy in front of PostgreSQL that can stop forwarding, like a frozen database host or a network partition:
 * while frozen, new connections are accepted but not forwarded and open ones carry no bytes either way.
 */
class FreezableProxy {
  private server = net.createServer((client) => this.accept(client));
  private sockets = new Set<net.Socket>();
  private waiting: Array<() => void> = [];
  frozen = false;
  port = 0;
  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }
  private accept(client: net.Socket) {
    this.sockets.add(client);
    client.on("error", () => {});
    client.on("close", () => this.sockets.delete(client));
    const connect = () => {
      if (client.destroyed) return;
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      if (this.frozen) this.pauseAll();
    };
    if (this.frozen) {
      client.pause();
      this.waiting.push(connect);
    } else connect();
  }
  private pauseAll() {
    for (const s of this.sockets) s.pause();
  }
  freeze() {
    this.frozen = true;
    this.pauseAll();
  }
  thaw() {
    this.frozen = false;
    for (const s of this.sockets) s.resume();
    this.waiting.splice(0).forEach((connect) => connect());
  }
  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const TIMEOUTS = { connectMs: 1000, statementMs: 1500, idleInTransactionMs: 3000 };
/** What a page may take while the database does not answer: the statement timeout, the client's 2 s margin, slack. */
const BOUND_MS = TIMEOUTS.statementMs + 2000 + 1500;

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const value = await p;
  return { value, ms: Date.now() - t0 };
}

describe.skipIf(!adminUrl())("database faults (PostgreSQL)", () => {
  let testDb: TestDatabase;
  let proxy: FreezableProxy;
  let server: TestServer;
  const logs: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const direct = new URL(testDb.url!);
    proxy = await new FreezableProxy({ host: direct.hostname, port: Number(direct.port || 5432) }).start();
    const viaProxy = new URL(testDb.url!);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    server = await startTestServer({ databaseUrl: viaProxy.toString(), env: { dbTimeouts: TIMEOUTS }, log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    proxy?.thaw();
    await server?.close();
    await proxy?.stop();
    await testDb?.drop();
  });

  it("a frozen database: pages answer 503 with a translated page within the timeout, /healthz 503 within seconds, identical errors are logged once with a count, and it all recovers", async () => {
    const person = await createPerson(testDb.db, { locale: "en" });
    const member = server.client();
    await member.login(person.email, PASSWORD);
    expect((await member.get("/groups")).status).toBe(200);

    proxy.freeze();
    try {
      // More requests than the pool has connections: the ones waiting for a connection give up too.
      const pages = await Promise.all(Array.from({ length: 14 }, () => timed(member.get("/groups", { "accept-language": "en" }))));
      for (const { value, ms } of pages) {
        expect(value.status).toBe(503);
        expect(ms).toBeLessThan(BOUND_MS);
      }
      const page = await pages[0].value.text();
      expect(page).toContain("Temporarily unavailable");
      expect(pages[0].value.headers.get("retry-after")).toBe("30");
      const anonymousLv = await timed(fetch(`${server.url}/groups`, { headers: { cookie: member.cookieHeader(), "accept-language": "lv" } }));
      expect(anonymousLv.value.status).toBe(503);
      expect(await anonymousLv.value.text()).toContain("Īslaicīgi nav pieejams"); // the person's language is in the database: cookie/header decide

      const health = await timed(fetch(`${server.url}/healthz`));
      expect(health.value.status).toBe(503);
      expect(health.ms).toBeLessThan(3000);
    } finally {
      proxy.thaw();
    }

    // Recovery: the connections that hung were dropped, fresh ones work.
    const until = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < until && (status = (await fetch(`${server.url}/healthz`)).status) !== 200) await new Promise((r) => setTimeout(r, 200));
    expect(status).toBe(200);
    expect((await member.get("/groups")).status).toBe(200);

    const unavailable = logs.filter((l) => l.startsWith("[db] unavailable"));
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.length).toBeLessThanOrEqual(4); // one line per distinct error, not one per request
  }, 60_000);

  it("a write blocked by a lock times out with 503 and is not stored when the lock goes; /healthz stays truthful while requests hold every pool connection", async () => {
    const person = await createPerson(testDb.db, { locale: "en" });
    const member = server.client();
    await member.login(person.email, PASSWORD);

    const locker = new pg.Client({ connectionString: testDb.url });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query("select 1 from person where id = $1 for update", [person.id]);

      // Twelve language changes wait on the row lock and hold all ten pool connections meanwhile.
      const writes = Array.from({ length: 12 }, () =>
        timed(
          fetch(`${server.url}/lang`, {
            method: "POST",
            redirect: "manual",
            signal: AbortSignal.timeout(8000), // a person who gives up waiting
            headers: { cookie: member.cookieHeader(), origin: server.url, "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
            body: "lang=lv&redirectTo=%2F",
          }),
        ),
      );
      await new Promise((r) => setTimeout(r, 400));
      // The database is fine, only the pool is busy: /healthz has its own connection and says so at once.
      const health = await timed(fetch(`${server.url}/healthz`));
      expect(health.value.status).toBe(200);
      expect(health.ms).toBeLessThan(1000);

      for (const { value, ms } of await Promise.all(writes)) {
        expect(value.status).toBe(503);
        expect(ms).toBeLessThan(BOUND_MS);
        expect(await value.text()).toContain("Temporarily unavailable");
      }
    } finally {
      await locker.query("commit").catch(() => {});
      await locker.end();
    }
    await new Promise((r) => setTimeout(r, 1000));
    const row = await testDb.db.selectFrom("person").select("locale").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe("en"); // the writes that timed out were not applied later
  }, 60_000);
});
