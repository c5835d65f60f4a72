import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { adminUrl } from "./setup/global";
import { enqueueMail } from "../app/modules/mail/outbox.server";

// Issue 15 #4: `npm run worker` delivers the mail outbox in its own process, so that rendering messages and their ICS
// never holds up a server's event loop. The server runs without SMTP_URL (queue-only) and only enqueues.

const root = path.resolve(__dirname, "..");
const cli = ["--import", "tsx", "server/cli.ts", "worker"];

describe.skipIf(!adminUrl())("npm run worker on PostgreSQL", () => {
  let server: TestServer;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await new SmtpSink().start();
    server = await startTestServer({ env: { mailCapture: false } }); // no SMTP_URL on PostgreSQL: queue-only
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await sink?.stop();
  });

  it("delivers what a queue-only server enqueued, exactly once each, and stops cleanly on SIGTERM", async () => {
    expect(server.mail.mode).toBe("queue-only");
    const keys = [0, 1, 2].map((i) => `worker-test:${Date.now()}:${i}`);
    await server.open.db.transaction().execute((trx) =>
      enqueueMail(
        trx,
        { mail: server.mail.queue, config: server.config },
        keys.map((k, i) => ({ idempotencyKey: k, to: `worker-${i}@example.lv`, locale: "lv" as const, template: "verify_email" as const, params: { name: "Ilze", token: `t${i}` } })),
      ),
    );
    // Nobody delivers while no worker runs.
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.messages).toHaveLength(0);

    const child = spawn(process.execPath, cli, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: server.open.connectionString, SMTP_URL: sink.url, APP_ORIGIN: server.url, MAIL_WORKERS: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      for (let i = 0; i < 3; i++) await sink.waitFor((m) => m.envelopeTo.includes(`worker-${i}@example.lv`), 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(sink.messages).toHaveLength(3);
      const rows = await server.open.db.selectFrom("mail_outbox").select(["status"]).where("idempotency_key", "in", keys).execute();
      expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
      expect(output).toContain("[worker] delivering the mail outbox to smtp://127.0.0.1:");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("[worker] stopped");
  }, 120_000);
});

describe("npm run worker refuses what it cannot do", () => {
  it("without DATABASE_URL (an embedded PGlite folder belongs to its one server) or without SMTP_URL", () => {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, cli, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
    const pglite = run({ DATABASE_URL: "", SMTP_URL: "smtp://127.0.0.1:1" });
    expect(pglite.status).toBe(2);
    expect(pglite.stderr).toContain("npm run worker needs DATABASE_URL (PostgreSQL)");
    const noSmtp = run({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", SMTP_URL: "" });
    expect(noSmtp.status).toBe(2);
    expect(noSmtp.stderr).toContain("npm run worker needs SMTP_URL");
  }, 120_000);
});
