// Mail queue drain rate: N messages enqueued in one transaction through the app's durable queue (outbox rows +
// pg-boss jobs), rendered, composed and sent over pooled SMTP to a local sink, vs a raw pooled nodemailer send of the
// same rendered messages to the same sink, in the same run. Goal: ≥ 500 messages/s through the queue; exactly N at the
// sink. Run: node --import tsx bench/mail-drain.ts [N]
import nodemailer from "nodemailer";
import { openPostgres } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { startMail } from "../server/mail";
import { enqueueMail } from "../app/modules/mail/outbox.server";
import { templates } from "../app/modules/mail/templates.server";
import { SmtpSink } from "../tests/helpers/smtp-sink";
import { createDatabase, dropDatabase } from "./lib.mjs";

export async function benchMailDrain(n = Number(process.argv[2] ?? 2000)) {
  const dbName = "bench_mail";
  const url = await createDatabase(dbName);
  const open = await openPostgres(url, 10);
  await migrateToLatest(open.db);
  const sink = await new SmtpSink(false).start();
  const config = { appOrigin: "http://bench.test" };
  const mail = await startMail(open, { smtpUrl: sink.url, mailFrom: "Bench <bench@cluster.test>", appOrigin: config.appOrigin, workers: 5, pollingIntervalSeconds: 0.5 });

  const requests = Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `bench:${i}`,
    to: `person${i}@bench.test`,
    toName: `Person ${i}`,
    locale: (i % 2 ? "lv" : "en") as "lv" | "en",
    template: "verify_email",
    params: { name: `Person ${i}`, token: `token-${i}` },
  }));
  const t0 = performance.now();
  await open.db.transaction().execute((trx) => enqueueMail(trx, { mail: mail.queue, config }, requests));
  const enqueueMs = performance.now() - t0;
  while (sink.messages.length < n) await new Promise((r) => setTimeout(r, 20));
  const queueMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  const delivered = sink.messages.length;
  const unique = new Set(sink.messages.map((m) => m.envelopeTo[0])).size;
  await mail.stop();

  // Raw baseline: the same rendered messages through one pooled transport, 20 in flight.
  sink.messages = [];
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 5, maxMessages: 1000 });
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < n) {
        const r = requests[next++];
        const rendered = templates[r.template](r.params, r.locale, config);
        await transport.sendMail({ from: "Bench <bench@cluster.test>", to: r.to, subject: rendered.subject, text: rendered.text, html: rendered.html });
      }
    }),
  );
  const rawMs = performance.now() - t1;
  transport.close();
  await sink.stop();
  await open.close();
  await dropDatabase(dbName);
  const queueRate = Math.round((n / queueMs) * 1000);
  const rawRate = Math.round((n / rawMs) * 1000);
  return {
    messages: n,
    delivered,
    uniqueRecipients: unique,
    enqueueMs: Math.round(enqueueMs),
    queueMsgsPerSec: queueRate,
    rawMsgsPerSec: rawRate,
    ratio: Number((queueRate / rawRate).toFixed(2)),
    target: { msgsPerSec: 500 },
  };
}

if (process.argv[1]?.endsWith("mail-drain.ts")) {
  benchMailDrain().then((r) => console.log(JSON.stringify(r, null, 2)));
}
