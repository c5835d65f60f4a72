import PgBoss from "pg-boss";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { CompiledQuery, sql } from "kysely";
import type { OpenDatabase } from "#db/client";
import type { Executor, MailQueue } from "~/context";
import { templates } from "~/modules/mail/templates.server";
import type { Locale } from "~/i18n";

export const MAIL_QUEUE = "mail";
// Retries outlive an SMTP outage of more than 24 hours: delays grow 5 s, 10 s, 20 s … with jitter
// (pg-boss: retryDelay × 2^n / 2 × (1 + random)), 15 retries ≈ 1.5–3 days in all (reliability.md MAIL-3).
const RETRY = { retryLimit: 15, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 } as const;

export interface MailService {
  queue: MailQueue;
  stop(): Promise<void>;
  /** Resolves when no outbox row is queued or sending (tests and benchmarks). */
  drained(timeoutMs?: number): Promise<void>;
}

export interface MailOptions {
  smtpUrl?: string;
  mailFrom: string;
  appOrigin: string;
  /** Workers × batch / polling interval bounds throughput (performance.md §6.5). */
  workers?: number;
  batchSize?: number;
  pollingIntervalSeconds?: number;
  startWorkers?: boolean;
  log?: (msg: string) => void;
}

function trxAdapter(exec: Executor) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const r = await exec.executeQuery(CompiledQuery.raw(text, values as any[]));
      return { rows: r.rows as any[] };
    },
  };
}

export async function startMail(open: OpenDatabase, opts: MailOptions): Promise<MailService> {
  const log = opts.log ?? (() => {});
  const boss =
    open.kind === "postgres"
      ? new PgBoss({ connectionString: open.connectionString!, max: 4, schema: "pgboss", ...RETRY })
      : new PgBoss({ db: { executeSql: (t, v) => open.executeSql(t, v) }, schema: "pgboss", ...RETRY });
  boss.on("error", (err) => log(`[mail] queue error: ${err.message}`));
  await boss.start();
  if (!(await boss.getQueue(MAIL_QUEUE))) await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE, ...RETRY });

  const queue: MailQueue = {
    async addJobs(exec, outboxIds) {
      if (outboxIds.length === 0) return;
      await boss.insert(
        outboxIds.map((id) => ({ name: MAIL_QUEUE, data: { outboxId: id }, ...RETRY })),
        { db: trxAdapter(exec) },
      );
    },
  };

  const transport = opts.smtpUrl
    ? nodemailer.createTransport(opts.smtpUrl, {
        pool: true,
        maxConnections: 5,
        maxMessages: 1000,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as any)
    : null;
  const db = open.db;

  async function deliver(jobs: PgBoss.JobWithMetadata<{ outboxId: string }>[]) {
    const ids = jobs.map((j) => j.data.outboxId);
    // Claim the rows; rows already sent (a retry after a crash between send and commit) are skipped.
    const rows = await db
      .updateTable("mail_outbox")
      .set({ status: "sending", attempts: sql`attempts + 1` })
      .where("id", "in", ids)
      .where("status", "in", ["queued", "sending"])
      .returningAll()
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const done: { id: string; status: "sent" | "captured"; raw: string; subject: string }[] = [];
    const retry: { jobId: string; id: string; error: string; final: boolean }[] = [];
    const permanent: { id: string; error: string; raw: string | null; subject: string | null }[] = [];

    await Promise.all(
      jobs.map(async (job) => {
        const row = byId.get(job.data.outboxId);
        if (!row) return; // already delivered or gone: completing the job is right
        let raw: string | null = null;
        let subject: string | null = null;
        try {
          const template = templates[row.template];
          if (!template) throw Object.assign(new Error(`unknown template ${row.template}`), { permanent: true });
          const rendered = template(row.params, row.locale as Locale, { appOrigin: opts.appOrigin });
          subject = rendered.subject.replace(/[\r\n]+/g, " ");
          const mail = {
            from: opts.mailFrom,
            to: row.to_name ? { name: row.to_name, address: row.to_address } : row.to_address,
            subject,
            text: rendered.text,
            html: rendered.html,
            messageId: row.message_id,
            date: row.created_at,
            headers: rendered.headers,
            ...(rendered.icalEvent
              ? { icalEvent: { method: rendered.icalEvent.method, filename: rendered.icalEvent.filename ?? "invite.ics", content: rendered.icalEvent.content } }
              : {}),
          };
          raw = (await new MailComposer(mail as any).compile().build()).toString("utf8");
          if (transport) {
            await transport.sendMail({ envelope: { from: envelopeAddress(opts.mailFrom), to: [row.to_address] }, raw });
            done.push({ id: row.id, status: "sent", raw, subject });
          } else {
            done.push({ id: row.id, status: "captured", raw, subject });
          }
        } catch (err: any) {
          const message = String(err?.message ?? err).slice(0, 500);
          const code = Number(err?.responseCode);
          if (err?.permanent || (code >= 500 && code < 600)) permanent.push({ id: row.id, error: message, raw, subject });
          else retry.push({ jobId: job.id, id: row.id, error: message, final: job.retryCount >= job.retryLimit });
        }
      }),
    );

    for (const d of done) {
      await db
        .updateTable("mail_outbox")
        .set({ status: d.status, raw: d.raw, subject: d.subject, sent_at: new Date(), last_error: null })
        .where("id", "=", d.id)
        .execute();
    }
    for (const p of permanent) {
      await db
        .updateTable("mail_outbox")
        .set({ status: "failed", last_error: p.error, raw: p.raw, subject: p.subject })
        .where("id", "=", p.id)
        .execute();
    }
    if (retry.length) {
      for (const r of retry) {
        await db
          .updateTable("mail_outbox")
          .set({ status: r.final ? "failed" : "queued", last_error: r.error })
          .where("id", "=", r.id)
          .execute();
      }
      // Fail only these jobs (pg-boss retries them with backoff); the rest of the batch completes.
      await (boss.fail as any)(MAIL_QUEUE, retry.map((r) => r.jobId), { message: retry[0].error });
      log(`[mail] ${retry.length} message(s) will be retried: ${retry[0].error}`);
    }
    if (!transport && done.length) log(`[mail] captured ${done.length} message(s) (no SMTP_URL): see /admin/outbox`);
  }

  const workers = opts.startWorkers === false ? 0 : (opts.workers ?? 3);
  for (let i = 0; i < workers; i++) {
    await boss.work<{ outboxId: string }>(
      MAIL_QUEUE,
      { batchSize: opts.batchSize ?? 100, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, includeMetadata: true },
      deliver as any,
    );
  }

  return {
    queue,
    async drained(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await db
          .selectFrom("mail_outbox")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "in", ["queued", "sending"])
          .executeTakeFirstOrThrow();
        if (Number(r.n) === 0) return;
        if (Date.now() > until) throw new Error(`mail not drained: ${r.n} pending`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000, wait: true, close: open.kind === "postgres" });
      transport?.close();
    },
  };
}

function envelopeAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}
