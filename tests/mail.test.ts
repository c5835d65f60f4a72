import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { SmtpSink } from "./helpers/smtp-sink";
import { startMail, type MailService } from "../server/mail";
import { enqueueMail, messageIdFor } from "../app/modules/mail/outbox.server";

const config = { appOrigin: "http://cluster.test" };
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

function req(key: string, to: string) {
  return { idempotencyKey: key, to, toName: "Līga Ābele", locale: "lv" as const, template: "verify_email", params: { name: "Līga", token: `tok-${key}` } };
}

async function status(key: string) {
  return db.db.selectFrom("mail_outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

async function until(pred: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("durable mail queue", () => {
  let mail: MailService;
  let sink: SmtpSink;
  let port: number;

  beforeAll(async () => {
    port = await freePort(); // SMTP is down at first: nothing listens here
    mail = await startMail(db, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: "Klasteris <no-reply@cluster.test>", appOrigin: config.appOrigin, workers: 2, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await mail?.stop();
    await sink?.stop();
  });

  it("keeps nothing when the transaction that enqueued the mail rolls back", async () => {
    await expect(
      db.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, { mail: mail.queue, config }, [req("rolled-back", "a@x.test")]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await status("rolled-back")).toBeUndefined();
    const jobs = await db.executeSql("select count(*)::int as n from pgboss.job where data->>'outboxId' is not null and state <> 'completed'");
    expect(jobs.rows[0].n).toBe(0);
  });

  it("retries while SMTP is down, then delivers each logical message exactly once with a fixed Message-ID", async () => {
    await db.db.transaction().execute(async (trx) => {
      await enqueueMail(trx, { mail: mail.queue, config }, [req("outage-1", "one@x.test"), req("outage-2", "two@x.test")]);
      // the same logical message again: merged by its idempotency key
      await enqueueMail(trx, { mail: mail.queue, config }, [req("outage-1", "one@x.test")]);
    });
    await until(async () => !!(await status("outage-1"))?.last_error, 15_000);
    expect((await status("outage-1"))?.status).toBe("queued");

    sink = await new SmtpSink().start(port);
    await until(async () => (await status("outage-1"))?.status === "sent" && (await status("outage-2"))?.status === "sent", 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // any duplicate would have arrived by now
    expect(sink.to("one@x.test")).toHaveLength(1);
    expect(sink.to("two@x.test")).toHaveLength(1);
    const m = sink.to("one@x.test")[0];
    expect(m.parsed.messageId).toBe(messageIdFor("outage-1", config));
    expect(m.parsed.subject).toBe("Apstipriniet savu e-pasta adresi");
    expect(m.parsed.text).toContain("http://cluster.test/verify-email/tok-outage-1");
  }, 90_000);

  it("marks a permanent 5xx rejection failed after one attempt and still delivers the others", async () => {
    sink.rejectRcpt = (a) => (a === "bounce@x.test" ? 550 : null);
    await db.db.transaction().execute((trx) => enqueueMail(trx, { mail: mail.queue, config }, [req("bounce", "bounce@x.test"), req("fine", "fine@x.test")]));
    await until(async () => (await status("bounce"))?.status === "failed" && (await status("fine"))?.status === "sent", 20_000);
    expect((await status("bounce"))?.attempts).toBe(1);
    expect(sink.to("fine@x.test")).toHaveLength(1);
    sink.rejectRcpt = null;
  });

  it("strips CR/LF from header values (no header injection)", async () => {
    await db.db.transaction().execute((trx) => enqueueMail(trx, { mail: mail.queue, config }, [{ ...req("inject", "inject@x.test"), toName: "Eve\r\nBcc: attacker@evil.test" }]));
    const m = await sink.waitFor((x) => x.envelopeTo.includes("inject@x.test"));
    expect(m.raw).not.toMatch(/^Bcc:/im);
    expect(m.envelopeTo).toEqual(["inject@x.test"]);
  });
});

describe("without SMTP", () => {
  it("produces the message and keeps it for the outbox page", async () => {
    const mail = await startMail(db, { mailFrom: "Klasteris <no-reply@cluster.test>", appOrigin: config.appOrigin, workers: 1 });
    try {
      await db.db.transaction().execute((trx) => enqueueMail(trx, { mail: mail.queue, config }, [{ ...req("captured", "c@x.test"), locale: "en" }]));
      await until(async () => (await status("captured"))?.status === "captured", 20_000);
      const row = await status("captured");
      expect(row?.subject).toBe("Confirm your email address");
      expect(row?.raw).toContain("Message-ID: " + messageIdFor("captured", config));
      expect(row?.raw).toContain("Content-Type: text/html");
    } finally {
      await mail.stop();
    }
  });
});
