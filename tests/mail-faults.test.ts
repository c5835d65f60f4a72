import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { SmtpSink } from "./helpers/smtp-sink";
import { startTestServer, type TestServer } from "./helpers/server";
import { DEFAULT_RETRY, LEASE_SECONDS, retryPlan, startMail, type MailService } from "../server/mail";
import { mailMode, readEnv } from "../server/config";
import { personWithClient } from "./helpers/groups";
import { enqueueMail, messageIdFor, type MailRequest } from "../app/modules/mail/outbox.server";

// Mail delivery under faults (issue 10 #16–#19, ADR 0003): a bounded SMTP pool with short timeouts, capped retries
// that wake when SMTP is back, instances without SMTP that leave the shared queue alone, and a worker killed with
// SIGKILL in the middle of a drain.

const config = { appOrigin: "http://cluster.test" };
const FROM = "Klasteris <no-reply@cluster.test>";
const onPostgres = !!(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function req(key: string, to: string): MailRequest {
  return { idempotencyKey: key, to, toName: "Līga Ābele", locale: "lv", template: "verify_email", params: { name: "Līga", token: `tok-${key}` } };
}

async function enqueue(mail: MailService, reqs: MailRequest[], on: TestDatabase["db"] = db.db) {
  await on.transaction().execute((trx) => enqueueMail(trx, { mail: mail.queue, config }, reqs));
}

async function row(key: string) {
  return db.db.selectFrom("mail_outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();
}

async function until(pred: () => Promise<boolean> | boolean, timeoutMs: number, what = "condition") {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the SMTP transport (issue 10 #18)", () => {
  it("is one pool with a bounded number of connections and short timeouts: its own options say so, and a drain of 60 never opens more", async () => {
    const sink = await new SmtpSink().start();
    const mail = await startMail(db, { smtpUrl: sink.url, mailFrom: FROM, appOrigin: config.appOrigin, workers: 3 });
    try {
      const o = mail.transportOptions()!;
      expect(o.name).toBe("SMTP (pool)");
      expect(o.pool).toBe(true);
      expect(o.maxConnections).toBe(3);
      expect(o.connectionTimeout).toBeLessThanOrEqual(10_000);
      expect(o.greetingTimeout).toBeLessThanOrEqual(10_000);
      expect(o.socketTimeout).toBeLessThanOrEqual(30_000);
      expect(o.dnsTimeout).toBeLessThanOrEqual(10_000);
      // Every step together stays inside the lease (= the job expiry), so a slow message is never taken twice.
      expect((Number(o.connectionTimeout) + Number(o.greetingTimeout)) / 1000).toBeLessThan(LEASE_SECONDS);

      await enqueue(
        mail,
        [...Array(60)].map((_, i) => req(`pool-${i}`, `pool${i}@x.test`)),
      );
      await mail.drained(60_000);
      expect(sink.messages).toHaveLength(60);
      expect(sink.maxConnections).toBeGreaterThanOrEqual(1);
      expect(sink.maxConnections).toBeLessThanOrEqual(3);
    } finally {
      await mail.stop();
      await sink.stop();
    }
  });

  it("a server that accepts the connection and never answers holds a message seconds, not minutes; the message waits for a retry", async () => {
    const sockets: net.Socket[] = [];
    const mute = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => mute.listen(0, "127.0.0.1", () => r()));
    const port = (mute.address() as net.AddressInfo).port;
    const mail = await startMail(db, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: FROM, appOrigin: config.appOrigin, workers: 1 });
    try {
      const t0 = Date.now();
      await enqueue(mail, [req("mute", "mute@x.test")]);
      await until(async () => !!(await row("mute")).last_error, 20_000, "a failed attempt");
      expect(Date.now() - t0).toBeLessThan(15_000);
      const r = await row("mute");
      expect(r.status).toBe("queued");
      expect(r.last_error_kind).toBe("unreachable");
      expect(r.retry_at!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await mail.stop();
      for (const s of sockets) s.destroy();
      mute.close();
    }
  }, 40_000);
});

describe("retries (issue 10 #17)", () => {
  it("back off exponentially with jitter, never wait more than 15 minutes, and keep trying for more than 24 hours", () => {
    const t0 = new Date("2026-12-01T08:00:00Z");
    expect(retryPlan(1, t0, t0, DEFAULT_RETRY, 1)!.getTime() - t0.getTime()).toBe(5000);
    expect(retryPlan(1, t0, t0, DEFAULT_RETRY, 0)!.getTime() - t0.getTime()).toBe(2500);
    for (const rand of [0, 0.5, 1]) {
      let now = t0;
      let attempts = 1;
      let longest = 0;
      for (;;) {
        const next = retryPlan(attempts, t0, now, DEFAULT_RETRY, rand);
        if (!next) break;
        longest = Math.max(longest, next.getTime() - now.getTime());
        now = next;
        attempts++;
      }
      expect(longest).toBeLessThanOrEqual(15 * 60_000);
      // The last attempt comes after more than 24 hours (48 h window), whatever the jitter.
      expect(now.getTime() - t0.getTime()).toBeGreaterThan(24 * 3600_000);
      expect(now.getTime() - t0.getTime()).toBeGreaterThanOrEqual(48 * 3600_000 - 15 * 60_000);
    }
  });

  it("a message that has failed 40 times is retried within 15 minutes, and its delayed job is due exactly then", async () => {
    const port = await freePort(); // nothing listens: refused at once
    const mail = await startMail(db, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: FROM, appOrigin: config.appOrigin, workers: 1 });
    try {
      await db.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, { mail: mail.queue, config }, [req("often", "often@x.test")]);
        await trx.updateTable("mail_outbox").set({ attempts: 39 }).where("idempotency_key", "=", "often").execute();
      });
      await until(async () => (await row("often")).attempts === 40 && (await row("often")).status === "queued", 20_000, "the 40th attempt");
      const r = await row("often");
      const wait = r.retry_at!.getTime() - Date.now();
      expect(wait).toBeGreaterThan(7 * 60_000);
      expect(wait).toBeLessThanOrEqual(15 * 60_000);
      const jobs = await db.executeSql<{ start_after: Date; state: string }>(
        "select start_after, state from pgboss.job where name = 'mail' and data->>'outboxId' = $1 and state in ('created','retry') order by created_on desc",
        [r.id],
      );
      expect(jobs.rows).toHaveLength(1);
      expect(new Date(jobs.rows[0].start_after).getTime()).toBe(r.retry_at!.getTime());
    } finally {
      await mail.stop();
    }
  }, 40_000);

  it("gives up (failed, with the reason) only when the retry window is over", async () => {
    const port = await freePort();
    const mail = await startMail(db, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: FROM,
      appOrigin: config.appOrigin,
      workers: 1,
      retry: { firstDelaySeconds: 1, maxDelaySeconds: 1, windowSeconds: 4 },
    });
    try {
      await enqueue(mail, [req("window", "window@x.test")]);
      await until(async () => (await row("window")).status === "failed", 20_000, "giving up");
      const r = await row("window");
      expect(r.attempts).toBeGreaterThanOrEqual(2);
      expect(r.last_error).toMatch(/gave up after \d+ attempts/);
      expect(Date.now() - r.created_at.getTime()).toBeGreaterThanOrEqual(4000);
    } finally {
      await mail.stop();
    }
  }, 40_000);

  it("when a send succeeds again, messages that waited because SMTP was unreachable go out at once; a 4xx deferral keeps its own delay", async () => {
    const port = await freePort();
    const mail = await startMail(db, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: FROM,
      appOrigin: config.appOrigin,
      workers: 2,
      retry: { firstDelaySeconds: 240 }, // the first retry would wait 2–4 minutes
    });
    let sink: SmtpSink | null = null;
    try {
      await enqueue(mail, [req("wait-1", "wait1@x.test"), req("wait-2", "wait2@x.test")]);
      await until(async () => !!(await row("wait-1")).retry_at && !!(await row("wait-2")).retry_at, 20_000, "both failed once");
      for (const k of ["wait-1", "wait-2"]) {
        const r = await row(k);
        expect(r.last_error_kind).toBe("unreachable");
        expect(r.retry_at!.getTime() - Date.now()).toBeGreaterThan(100_000);
      }

      sink = await new SmtpSink().start(port);
      sink.rejectRcpt = (a) => (a === "grey@x.test" ? 451 : null);
      await enqueue(mail, [req("grey", "grey@x.test")]);
      await until(async () => (await row("grey")).last_error_kind === "deferred", 20_000, "the deferral");
      const greyDue = (await row("grey")).retry_at!.getTime();

      const t0 = Date.now();
      await enqueue(mail, [req("fresh", "fresh@x.test")]);
      await sink.waitFor((m) => m.envelopeTo.includes("fresh@x.test"), 10_000);
      await sink.waitFor((m) => m.envelopeTo.includes("wait1@x.test"), 10_000);
      await sink.waitFor((m) => m.envelopeTo.includes("wait2@x.test"), 10_000);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect((await row("wait-1")).status).toBe("sent");
      expect((await row("wait-1")).attempts).toBe(2);
      await sleep(2500);
      const grey = await row("grey");
      expect(grey.status).toBe("queued");
      expect(grey.attempts).toBe(1);
      expect(grey.retry_at!.getTime()).toBe(greyDue);
      expect(sink.to("wait1@x.test")).toHaveLength(1);
    } finally {
      await mail.stop();
      await sink?.stop();
    }
  }, 60_000);
});

describe("instances without SMTP (issue 10 #19)", () => {
  const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
  it("the mode follows SMTP_URL, the engine and MAIL_CAPTURE; contradictory settings refuse to start", () => {
    expect(mailMode({ smtpUrl: "smtp://mail:25", databaseUrl: "postgres://x/y" })).toBe("smtp");
    expect(mailMode({ databaseUrl: undefined })).toBe("capture");
    expect(mailMode({ databaseUrl: "postgres://x/y" })).toBe("queue-only");
    expect(mailMode({ databaseUrl: "postgres://x/y", mailCapture: true })).toBe("capture");
    expect(mailMode({ databaseUrl: undefined, mailCapture: false })).toBe("queue-only");
    expect(readEnv(env({ DATABASE_URL: "postgres://x/y", MAIL_CAPTURE: "1" })).mailCapture).toBe(true);
    expect(() => readEnv(env({ SMTP_URL: "smtp://mail:25", MAIL_CAPTURE: "1" }))).toThrow(/MAIL_CAPTURE=1 and SMTP_URL/);
    expect(() => readEnv(env({ MAIL_CAPTURE: "maybe" }))).toThrow(/MAIL_CAPTURE must be 1 or 0/);
    expect(() => readEnv(env({ MAIL_WORKERS: "0" }))).toThrow(/MAIL_WORKERS/);
  });

  it.skipIf(!onPostgres)(
    "on a shared PostgreSQL an instance without SMTP_URL queues mail but takes none of it: the SMTP instance delivers all 40",
    async () => {
      const sink = await new SmtpSink().start();
      let a: TestServer | null = null;
      let b: TestServer | null = null;
      try {
        const aLog: string[] = [];
        const bLog: string[] = [];
        a = await startTestServer({ smtpUrl: sink.url, log: (m) => aLog.push(m) });
        b = await startTestServer({ databaseUrl: a.open.connectionString, env: { mailCapture: undefined, mailWorkers: 5 }, log: (m) => bLog.push(m) });
        expect(aLog.find((l) => l.startsWith("[mail] mode:"))).toMatch(/^\[mail\] mode: smtp — delivering to smtp:\/\/127\.0\.0\.1:\d+ over a pool of 2 connection/);
        expect(bLog.find((l) => l.startsWith("[mail] mode:"))).toMatch(/^\[mail\] mode: queue-only — no SMTP_URL on PostgreSQL/);
        expect(b.mail.mode).toBe("queue-only");

        // Queued through the instance without SMTP, in its own transactions, while both poll the queue.
        for (let i = 0; i < 4; i++) {
          await b.open.db.transaction().execute((trx) =>
            enqueueMail(
              trx,
              { mail: b!.mail.queue, config: b!.config },
              [...Array(10)].map((_, j) => req(`shared-${i}-${j}`, `shared${i}-${j}@x.test`)),
            ),
          );
          await sleep(300);
        }
        await a.mail.drained(60_000);
        const rows = await a.open.db.selectFrom("mail_outbox").select(["status"]).where("idempotency_key", "like", "shared-%").execute();
        expect(rows).toHaveLength(40);
        expect(rows.filter((r) => r.status === "sent")).toHaveLength(40);
        expect(sink.messages.filter((m) => m.envelopeTo[0].startsWith("shared"))).toHaveLength(40);

        // Its admins are told where their mail goes, in their language.
        for (const [locale, text] of [
          ["lv", "Šai instancei nav SMTP servera: tā ieliek ziņas rindā"],
          ["en", "This instance has no SMTP server: it queues messages, and an instance that has one sends them."],
        ] as const) {
          const { client } = await personWithClient(b, { cluster_role: "admin", locale });
          for (const page of ["/admin", "/admin/outbox"]) {
            const html = await (await client.get(page)).text();
            expect(html, page).toContain(text);
            expect(html, page).not.toContain(locale === "lv" ? "SMTP serveris nav iestatīts" : "No SMTP server is configured");
          }
        }
        const { client: aAdmin } = await personWithClient(a, { cluster_role: "admin", locale: "en" });
        expect(await (await aAdmin.get("/admin/outbox")).text()).not.toContain("This instance has no SMTP server");
      } finally {
        await b?.close();
        await a?.close();
        await sink.stop();
      }
    },
    90_000,
  );

  it("on embedded PGlite without SMTP_URL the instance captures mail for /admin/outbox and says so", async () => {
    const lines: string[] = [];
    const s = await startTestServer({ env: { databaseUrl: undefined, pgliteDir: null, mailCapture: undefined }, log: (m) => lines.push(m) });
    try {
      expect(s.open.kind).toBe("pglite");
      expect(s.mail.mode).toBe("capture");
      expect(lines.find((l) => l.startsWith("[mail] mode:"))).toMatch(/^\[mail\] mode: capture — no SMTP_URL: .*\/admin\/outbox$/);
      await s.open.db.transaction().execute((trx) => enqueueMail(trx, { mail: s.mail.queue, config: s.config }, [req("pglite-capture", "c@x.test")]));
      await s.mail.drained(20_000);
      const r = await s.open.db.selectFrom("mail_outbox").select(["status", "raw"]).where("idempotency_key", "=", "pglite-capture").executeTakeFirstOrThrow();
      expect(r.status).toBe("captured");
      expect(r.raw).toContain("Message-ID: ");
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe.skipIf(!onPostgres)("a worker killed with SIGKILL mid-drain (issue 10 #16)", () => {
  const root = path.resolve(__dirname, "..");

  function startChild(env: Record<string, string>, out: string[]): Promise<ChildProcess> {
    const child = spawn(process.execPath, [path.join(root, "dist/server/index.js")], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
      const onData = (b: Buffer) => {
        out.push(...b.toString().split("\n").filter(Boolean));
        // The mail mode line follows "[server] ready".
        if (out.some((l) => l.startsWith("[mail] mode:"))) resolve(child);
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (b: Buffer) => out.push(b.toString()));
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out.join("\n")}`)));
    });
  }

  // MAIL_WORKERS = pooled SMTP connections = messages on the wire at once: 1 (one in flight), and the default 5.
  it.each([1, 5])(
    "MAIL_WORKERS=%i: after kill -9 at 20 of 80 accepted and a restart, the sink holds all 80, a duplicate only for a message that was in flight (same Message-ID), the rest within a minute",
    async (WORKERS) => {
      const sink = await new SmtpSink().start();
      const producer = await startMail(db, { mailFrom: FROM, appOrigin: config.appOrigin, startWorkers: false });
      const port = await freePort();
      const env = {
        DATABASE_URL: db.url!,
        SMTP_URL: sink.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_ORIGIN: config.appOrigin,
        SEED_DEMO: "never",
        SESSION_SECRET: "drill-secret",
        MAIL_WORKERS: String(WORKERS),
      };
      const out: string[] = [];
      let child: ChildProcess | null = null;
      try {
        child = await startChild(env, out);
        expect(out.find((l) => l.startsWith("[mail] mode:"))).toMatch(/^\[mail\] mode: smtp/);
        const first = child;
        const killed = new Promise<void>((resolve) => first.once("exit", () => resolve()));
        // Only this drill's messages count (earlier tests' retries may reach the same database's queue).
        const ours = () => sink.messages.filter((m) => m.envelopeTo[0].startsWith(`drill${WORKERS}-`));
        sink.onMessage = () => {
          if (ours().length === 20) first.kill("SIGKILL");
        };
        const keys = [...Array(80)].map((_, i) => `drill${WORKERS}-${String(i).padStart(2, "0")}`);
        await enqueue(
          producer,
          keys.map((k) => req(k, `${k}@x.test`)),
        );
        await killed;
        sink.onMessage = null;
        const atKill = ours().length;
        expect(atKill).toBeGreaterThanOrEqual(20);
        expect(atKill).toBeLessThan(80);

        // One message is as long as a job may stay active.
        const exp = await db.executeSql<{ s: number }>("select distinct extract(epoch from expire_in)::int as s from pgboss.job where name = 'mail'");
        expect(exp.rows.map((r: { s: number }) => r.s)).toEqual([LEASE_SECONDS]);

        const restarted = Date.now();
        child = await startChild(env, []);
        const distinct = () => new Set(ours().map((m) => m.envelopeTo[0])).size;
        const statuses = async () => (await db.db.selectFrom("mail_outbox").select("status").where("idempotency_key", "like", `drill${WORKERS}-%`).execute()).map((r) => r.status);
        // All 80 at the sink and every row recorded sent (the one SMTP accepted just before the kill is sent again).
        await until(
          async () => distinct() === 80 && (await statuses()).every((s) => s === "sent"),
          60_000 - (Date.now() - restarted),
          "80 distinct messages, all recorded sent, within a minute of the restart",
        );
        const took = Date.now() - restarted;
        expect(took).toBeLessThan(60_000);
        await sleep(2000); // a late duplicate would arrive by now

        const byRecipient = new Map<string, string[]>();
        for (const m of ours()) byRecipient.set(m.envelopeTo[0], [...(byRecipient.get(m.envelopeTo[0]) ?? []), m.parsed.messageId!]);
        expect(byRecipient.size).toBe(80);
        const twice = [...byRecipient].filter(([, ids]) => ids.length > 1);
        // Only a message SMTP had accepted before the process died, but which was not yet recorded as sent, can come
        // twice: per pooled connection the one whose "sent" row was being written and the next one already on the wire
        // (the dispatcher keeps two per connection in hand), never a third time, and always with the same Message-ID.
        const beforeKill = new Set(
          ours()
            .slice(0, atKill)
            .map((m) => m.envelopeTo[0]),
        );
        for (const [to] of twice) expect(beforeKill.has(to), `${to} came twice but was not accepted before the kill`).toBe(true);
        expect(twice.length).toBeLessThanOrEqual(2 * WORKERS);
        for (const [to, ids] of byRecipient) {
          expect(ids.length, to).toBeLessThanOrEqual(2);
          expect(new Set(ids).size, to).toBe(1);
          expect(ids[0]).toBe(messageIdFor(to.replace("@x.test", ""), config));
        }
        expect(await statuses()).toEqual(Array(80).fill("sent"));
        console.log(`[drill] MAIL_WORKERS=${WORKERS}: kill -9 at ${atKill} accepted; all 80 distinct ${Math.round(took / 1000)} s after the restart; ${twice.length} sent twice`);
      } finally {
        sink.onMessage = null;
        if (child && child.exitCode === null) {
          const c = child;
          await new Promise<void>((resolve) => {
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
          });
        }
        await producer.stop();
        await sink.stop();
      }
    },
    150_000,
  );
});
