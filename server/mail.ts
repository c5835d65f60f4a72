import PgBoss from "pg-boss";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { CompiledQuery, sql } from "kysely";
import type { OpenDatabase } from "#db/client";
import type { MailErrorKind, MailOutboxTable } from "#db/schema";
import type { Selectable } from "kysely";
import type { Executor, MailQueue } from "~/context";
import { templates } from "~/modules/mail/templates.server";
import type { Locale } from "~/i18n";

// Delivery rules: docs/decisions/0003-mail-outbox-pgboss.md. In short:
// - one message per claim: a job is fetched only when a pooled SMTP connection is free for it, its outbox row is
//   claimed (claimed_at) and marked sent the moment SMTP accepts it;
// - every step is bounded: SMTP timeouts < the per-message deadline < the lease = the pg-boss job expiry;
// - retries are ours (pg-boss 10.4.2 has no cap on its backoff): capped exponential backoff with jitter, a fresh
//   delayed job per retry, giving up only after the retry window (48 h);
// - a successful send wakes the rows that were waiting because SMTP was unreachable;
// - messages with an ordering key (one recipient, one event UID) go out one at a time in creation order, and one a
//   newer message of its key has made obsolete is marked superseded instead of being sent
//   (docs/decisions/0012-mail-order.md).

export const MAIL_QUEUE = "mail";

/** nodemailer SMTP timeouts (its defaults are 2 min / 30 s / 10 min / 30 s). */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 5_000 } as const;
/** One message, from its claim to SMTP's answer, at most this long: then its connection is aborted (AbortSignal). */
export const SEND_DEADLINE_MS = 25_000;
/** A claim older than this is presumed dead; also the pg-boss job expiry (what one message can take, plus slack). */
export const LEASE_SECONDS = 30;
/** pg-boss checks for expired jobs this often (its default, 120 s, held mail of a killed worker for minutes). */
const MAINTENANCE_SECONDS = 5;
/**
 * pg-boss's own retries only follow an expiry (the worker died or hung) or an error of ours before the outcome was
 * recorded: retry soon, the row's claim decides what happens. SMTP failures are scheduled by us (retryPlan).
 */
const JOB_OPTIONS = { retryLimit: 50, retryDelay: 2, retryBackoff: false, expireInSeconds: LEASE_SECONDS } as const;

export interface RetryPolicy {
  /** The first retry waits about this long; each next one twice as long… */
  firstDelaySeconds: number;
  /** …up to this cap (the longest any message waits after SMTP is back, if no send wakes it earlier). */
  maxDelaySeconds: number;
  /** A message still failing this long after it was queued is marked failed. */
  windowSeconds: number;
}
export const DEFAULT_RETRY: RetryPolicy = { firstDelaySeconds: 5, maxDelaySeconds: 900, windowSeconds: 48 * 3600 };

/**
 * When to try again after the `attempts`-th failed attempt of a message queued at `createdAt`, or null to give up.
 * Delays double from firstDelaySeconds and stop at maxDelaySeconds, with "equal jitter" (half fixed, half random) so
 * that a crowd of messages that failed together does not come back together.
 */
export function retryPlan(attempts: number, createdAt: Date, now: Date, policy: RetryPolicy = DEFAULT_RETRY, rand = Math.random()): Date | null {
  if (now.getTime() - createdAt.getTime() >= policy.windowSeconds * 1000) return null;
  const full = Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const delay = full / 2 + (full / 2) * rand;
  return new Date(now.getTime() + Math.round(delay * 1000));
}

export interface MailService {
  queue: MailQueue;
  /** What this instance does with mail (logged at start). */
  mode: "smtp" | "capture" | "queue-only";
  /** The nodemailer transport's own options (pool, connections, timeouts), for the start log and tests. */
  transportOptions(): Record<string, unknown> | null;
  stop(): Promise<void>;
  /** Resolves when no outbox row is queued or sending (tests and benchmarks). */
  drained(timeoutMs?: number): Promise<void>;
}

export interface MailOptions {
  smtpUrl?: string;
  mailFrom: string;
  appOrigin: string;
  /** Messages sent in parallel by this instance = pooled SMTP connections (default 5). */
  workers?: number;
  /** How often an idle instance looks for due jobs. */
  pollingIntervalSeconds?: number;
  /** false: enqueue only, take no jobs (an instance without SMTP on a shared database). */
  startWorkers?: boolean;
  retry?: Partial<RetryPolicy>;
  log?: (msg: string) => void;
}

type Row = Selectable<MailOutboxTable>;
type Job = PgBoss.JobWithMetadata<{ outboxId: string }>;

function trxAdapter(exec: Executor) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const r = await exec.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows };
    },
  };
}

/** unreachable: no SMTP answer at all (refused, timeout, aborted) or 421 (the server as a whole is unavailable). */
function classify(error: unknown): MailErrorKind {
  const err = error as { responseCode?: unknown; permanent?: unknown } | null | undefined;
  const code = Number(err?.responseCode);
  if (err?.permanent || (code >= 500 && code < 600)) return "rejected";
  if (!code || code === 421) return "unreachable";
  return "deferred";
}

export async function startMail(open: OpenDatabase, opts: MailOptions): Promise<MailService> {
  const log = opts.log ?? (() => {});
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const bossOptions = {
    schema: "pgboss",
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    // Every retry is a new job; a finished job carries nothing the outbox row does not: archive after an hour,
    // drop after a day (pg-boss defaults: 12 h and 7 days).
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 1,
    ...JOB_OPTIONS,
  };
  const boss =
    open.kind === "postgres" ? new PgBoss({ connectionString: open.connectionString!, max: 4, ...bossOptions }) : new PgBoss({ db: { executeSql: (t, v) => open.executeSql(t, v) }, ...bossOptions });
  boss.on("error", (err) => log(`[mail] queue error: ${err.message}`));
  await boss.start();
  if (await boss.getQueue(MAIL_QUEUE)) await boss.updateQueue(MAIL_QUEUE, { name: MAIL_QUEUE, ...JOB_OPTIONS });
  else await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE, ...JOB_OPTIONS });

  const jobsFor = (outboxIds: string[], startAfter?: Date) => outboxIds.map((id) => ({ name: MAIL_QUEUE, data: { outboxId: id }, ...JOB_OPTIONS, ...(startAfter ? { startAfter } : {}) }));

  const queue: MailQueue = {
    async addJobs(exec, outboxIds) {
      if (outboxIds.length === 0) return;
      await boss.insert(jobsFor(outboxIds), { db: trxAdapter(exec) });
    },
  };

  const workers = Math.max(1, opts.workers ?? 5);
  const mode: MailService["mode"] = opts.startWorkers === false ? "queue-only" : opts.smtpUrl ? "smtp" : "capture";
  // The options object is the transport's configuration (the old code passed it as message defaults: no pool, no
  // timeouts). URL query parameters, if any, win over these.
  const transport = mode === "smtp" ? nodemailer.createTransport({ url: opts.smtpUrl, pool: true, maxConnections: workers, maxMessages: 500, ...SMTP_TIMEOUTS } as SMTPPool.Options) : null;
  const db = open.db;

  // pg-boss 10.4.2's complete() is (name, id, data, options); its typings drop `data`, so call it through its real signature.
  type Complete = (name: string, id: string, data: null, options: { db: ReturnType<typeof trxAdapter> }) => Promise<unknown>;
  const completeIn = (exec: Executor, jobId: string) => (boss as unknown as { complete: Complete }).complete(MAIL_QUEUE, jobId, null, { db: trxAdapter(exec) });

  // Job completions are batched; losing some in a crash only means a no-op re-run (the row says sent).
  let toComplete: string[] = [];
  let completeTimer: NodeJS.Timeout | null = null;
  async function flushCompletions() {
    if (completeTimer) clearTimeout(completeTimer);
    completeTimer = null;
    const ids = toComplete;
    toComplete = [];
    if (ids.length) await boss.complete(MAIL_QUEUE, ids).catch((e) => log(`[mail] completing jobs: ${(e as Error).message}`));
  }
  function complete(jobId: string) {
    toComplete.push(jobId);
    if (toComplete.length >= 100) void flushCompletions();
    else completeTimer ??= setTimeout(() => void flushCompletions(), 20);
  }

  // Failures are summarised, not logged one line per message (an outage would flood the log).
  let retried = 0;
  let lastRetryError = "";
  let captured = 0;
  let summaryTimer: NodeJS.Timeout | null = null;
  function summary() {
    summaryTimer ??= setTimeout(() => {
      summaryTimer = null;
      if (retried) log(`[mail] ${retried} message(s) will be retried (last error: ${lastRetryError})`);
      if (captured) log(`[mail] captured ${captured} message(s) (no SMTP_URL): see /admin/outbox`);
      retried = 0;
      captured = 0;
    }, 5000);
    summaryTimer.unref();
  }

  function compose(row: Row) {
    const template = templates[row.template];
    if (!template) throw Object.assign(new Error(`unknown template ${row.template}`), { permanent: true });
    const rendered = template(row.params, row.locale as Locale, { appOrigin: opts.appOrigin });
    const subject = rendered.subject.replace(/[\r\n]+/g, " ");
    const mail: Mail.Options = {
      from: opts.mailFrom,
      to: row.to_name ? { name: row.to_name, address: row.to_address } : row.to_address,
      subject,
      text: rendered.text,
      html: rendered.html,
      messageId: row.message_id,
      date: row.created_at,
      // Ours last: no template can drop Auto-Submitted (every message the platform sends is automated).
      headers: { ...rendered.headers, ...mailHeaders(row.params, opts.appOrigin) },
      ...(rendered.icalEvent ? { icalEvent: { method: rendered.icalEvent.method, filename: rendered.icalEvent.filename ?? "invite.ics", content: rendered.icalEvent.content } } : {}),
    };
    return { subject, build: () => new MailComposer(mail).compile().build() };
  }

  // After a success, rows that wait only because SMTP was unreachable get a job due now (at most every 2 s per
  // instance; their old delayed jobs later find them sent or not due and end as no-ops).
  let lastWake = 0;
  let waking = false;
  async function wakeWaiting() {
    if (waking || Date.now() - lastWake < 2000) return;
    waking = true;
    lastWake = Date.now();
    try {
      const n = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .updateTable("mail_outbox")
          .set({ retry_at: sql`now()` })
          .where(
            "id",
            "in",
            trx
              .selectFrom("mail_outbox")
              .select("id")
              .where("status", "=", "queued")
              .where("last_error_kind", "=", "unreachable")
              .where("retry_at", ">", sql<Date>`now()`)
              .orderBy("retry_at")
              .limit(1000),
          )
          .returning("id")
          .execute();
        if (rows.length) await boss.insert(jobsFor(rows.map((r) => r.id)), { db: trxAdapter(trx) });
        return rows.length;
      });
      if (n) log(`[mail] SMTP accepts mail again: ${n} waiting message(s) woken`);
    } catch (e) {
      log(`[mail] wake-up: ${(e as Error).message}`);
    } finally {
      waking = false;
    }
  }

  async function deliver(job: Job, row: Row): Promise<void> {
    const signal = AbortSignal.timeout(SEND_DEADLINE_MS);
    let raw: string | null = null;
    let subject: string | null = null;
    try {
      const c = compose(row);
      subject = c.subject;
      raw = (await c.build()).toString("utf8");
      if (transport) {
        // `signal` is nodemailer's (it aborts the connection); its typings do not list it.
        await transport.sendMail({ envelope: { from: envelopeAddress(opts.mailFrom), to: [row.to_address] }, raw, signal } as Mail.Options);
      }
    } catch (err) {
      await failed(job, row, err, raw, subject);
      return;
    }
    // Recorded the moment SMTP accepted it: a crash after this point never sends it again.
    const done = { status: transport ? "sent" : "captured", raw, subject, sent_at: new Date(), last_error: null, last_error_kind: null, claimed_at: null, retry_at: null } as const;
    if (row.order_key) {
      // Same round trip: newer messages of this key that waited for this one (claim() deferred them) are due now.
      const next = await db
        .with("done", (d) => d.updateTable("mail_outbox").set(done).where("id", "=", row.id).returning(["order_key", "order_seq"]))
        .selectFrom("mail_outbox as o")
        .innerJoin("done", (j) => j.onRef("o.order_key", "=", "done.order_key").onRef("o.order_seq", ">", "done.order_seq"))
        .select("o.id")
        .where("o.status", "=", "queued")
        .where((eb) => eb.or([eb("o.retry_at", "is", null), eb("o.retry_at", "<=", sql<Date>`now()`)]))
        .limit(10)
        .execute();
      if (next.length) await boss.insert(jobsFor(next.map((n) => n.id))).catch((e) => log(`[mail] waking the next message: ${(e as Error).message}`));
    } else {
      await db.updateTable("mail_outbox").set(done).where("id", "=", row.id).execute();
    }
    complete(job.id);
    if (transport) void wakeWaiting();
    else {
      captured++;
      summary();
    }
  }

  async function failed(job: Job, row: Row, error: unknown, raw: string | null, subject: string | null) {
    const err = error as { name?: unknown; message?: unknown } | null | undefined;
    const message = String(err?.name === "AbortError" || err?.name === "TimeoutError" ? `no answer within ${SEND_DEADLINE_MS / 1000} s` : (err?.message ?? err)).slice(0, 500);
    const kind = err?.name === "AbortError" || err?.name === "TimeoutError" ? "unreachable" : classify(err);
    if (kind === "rejected") {
      await db.updateTable("mail_outbox").set({ status: "failed", last_error: message, last_error_kind: kind, raw, subject, claimed_at: null, retry_at: null }).where("id", "=", row.id).execute();
      complete(job.id);
      await wakeSuccessors(db, row);
      return;
    }
    const next = retryPlan(row.attempts, new Date(row.created_at), new Date(), policy);
    if (!next) {
      await db
        .updateTable("mail_outbox")
        .set({ status: "failed", last_error: `${message} (gave up after ${row.attempts} attempts)`, last_error_kind: kind, claimed_at: null, retry_at: null })
        .where("id", "=", row.id)
        .execute();
      complete(job.id);
      log(`[mail] gave up on ${row.id} after ${row.attempts} attempts: ${message}`);
      await wakeSuccessors(db, row);
      return;
    }
    // The row's schedule, a job for it and the end of this job commit together.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("mail_outbox").set({ status: "queued", last_error: message, last_error_kind: kind, claimed_at: null, retry_at: next }).where("id", "=", row.id).execute();
      await boss.insert(jobsFor([row.id], next), { db: trxAdapter(trx) });
      await completeIn(trx, job.id);
      await wakeSuccessors(trx, row);
    });
    retried++;
    lastRetryError = message;
    summary();
  }

  /** A newer message of the same key that waited for `row` (deferred by claim()) gets a job due now. */
  async function wakeSuccessors(exec: Executor, row: Row) {
    if (!row.order_key) return;
    const next = await exec
      .selectFrom("mail_outbox")
      .select("id")
      .where("order_key", "=", row.order_key)
      .where("order_seq", ">", row.order_seq)
      .where("status", "=", "queued")
      .where((eb) => eb.or([eb("retry_at", "is", null), eb("retry_at", "<=", sql<Date>`now()`)]))
      .limit(10)
      .execute();
    if (next.length) await boss.insert(jobsFor(next.map((n) => n.id)), { db: trxAdapter(exec) });
  }

  /**
   * Claims the rows of fetched jobs: due queued rows, and sending rows whose claim outlived the lease.
   *
   * Rows with an ordering key are decided first, under a transaction-scoped advisory lock per key (taken in one
   * global order, so two workers never deadlock), so two workers holding messages of one key decide one after the
   * other (docs/decisions/0012-mail-order.md):
   * - a newer message of the key exists (queued, sending, sent or captured) → this one is superseded, never sent;
   * - else an older one is being sent under a live claim → this one waits (deferred: its job comes back when that
   *   one is recorded, or at the end of its lease);
   * - else this one is claimed, and older ones not yet sent (queued, or sending under a dead claim) are superseded.
   * Only one message of a key is ever in flight, so they leave in creation order and nothing older follows a newer one.
   */
  async function claim(jobs: Job[]): Promise<{ rows: Map<string, Row>; deferred: Map<string, Date> }> {
    const ids = [...new Set(jobs.map((j) => j.data.outboxId))];
    const deferred = new Map<string, Date>();
    // Keys never change and final states stay final, so this may be read before the transaction; a batch without
    // keyed rows (notifications, account mail) is claimed by the one UPDATE below, as before.
    const ordered = await db.selectFrom("mail_outbox").select(["id", "order_key"]).where("id", "in", ids).where("order_key", "is not", null).where("status", "in", ["queued", "sending"]).execute();
    const decideAndClaim = async (trx: Executor) => {
      const hold = new Set<string>();
      if (ordered.length) {
        const keys = [...new Set(ordered.map((r) => r.order_key!))];
        // Volatile functions in the select list run after ORDER BY: the locks are taken in hash order.
        await sql`select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(${keys}::text[]) as k) s order by h`.execute(trx);
        const family = await trx
          .selectFrom("mail_outbox")
          .select([
            "id",
            "order_key",
            "order_seq",
            "status",
            "claimed_at",
            sql<boolean>`status = 'sending' and claimed_at is not null and claimed_at >= now() - make_interval(secs => ${LEASE_SECONDS})`.as("live"),
          ])
          .where("order_key", "in", keys)
          .where("status", "in", ["queued", "sending", "sent", "captured"])
          .orderBy("order_key")
          .orderBy("order_seq")
          .execute();
        const byKey = new Map<string, typeof family>();
        for (const f of family) byKey.set(f.order_key!, [...(byKey.get(f.order_key!) ?? []), f]);
        const superseded = new Map<string, string>();
        for (const c of ordered) {
          const rowsOfKey = byKey.get(c.order_key!) ?? [];
          const me = rowsOfKey.find((f) => f.id === c.id);
          if (!me || me.live || superseded.has(me.id)) continue;
          const seq = Number(me.order_seq);
          const newest = rowsOfKey[rowsOfKey.length - 1];
          if (Number(newest.order_seq) > seq) {
            superseded.set(me.id, newest.id);
            continue;
          }
          const inFlight = rowsOfKey.find((f) => f.live && Number(f.order_seq) < seq);
          if (inFlight) {
            hold.add(me.id);
            deferred.set(me.id, new Date(new Date(inFlight.claimed_at!).getTime() + (LEASE_SECONDS + 1) * 1000));
            continue;
          }
          for (const f of rowsOfKey) if (Number(f.order_seq) < seq && (f.status === "queued" || f.status === "sending")) superseded.set(f.id, me.id);
        }
        if (superseded.size) {
          await sql`
            update mail_outbox m set status = 'superseded', superseded_by = v.by, claimed_at = null, retry_at = null
            from unnest(${[...superseded.keys()]}::uuid[], ${[...superseded.values()]}::uuid[]) as v(id, by)
            where m.id = v.id and m.status in ('queued', 'sending')`.execute(trx);
        }
        for (const id of superseded.keys()) hold.add(id);
      }
      const take = ids.filter((id) => !hold.has(id));
      if (!take.length) return [];
      return trx
        .updateTable("mail_outbox")
        .set({ status: "sending", attempts: sql`attempts + 1`, claimed_at: sql`now()` })
        .where("id", "in", take)
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "queued"), eb.or([eb("retry_at", "is", null), eb("retry_at", "<=", sql<Date>`now()`)])]),
            eb.and([eb("status", "=", "sending"), eb.or([eb("claimed_at", "is", null), eb("claimed_at", "<", sql<Date>`now() - make_interval(secs => ${LEASE_SECONDS})`)])]),
          ]),
        )
        .returningAll()
        .execute();
    };
    const rows = ordered.length ? await db.transaction().execute(decideAndClaim) : await decideAndClaim(db);
    return { rows: new Map(rows.map((r) => [r.id, r])), deferred };
  }

  /**
   * A job whose row was not claimed: done, unless another worker holds a live claim on it, or it waits for an older
   * message of its key (then look again later).
   */
  async function settleUnclaimed(jobs: Job[], deferred: Map<string, Date>) {
    if (!jobs.length) return;
    const held = await db
      .selectFrom("mail_outbox")
      .select(["id", "claimed_at"])
      .where(
        "id",
        "in",
        jobs.map((j) => j.data.outboxId),
      )
      .where("status", "=", "sending")
      .execute();
    const heldIds = new Map(held.map((h) => [h.id, h.claimed_at]));
    for (const job of jobs) {
      const claimedAt = heldIds.get(job.data.outboxId);
      const waitFor = deferred.get(job.data.outboxId);
      if (!claimedAt && !waitFor) {
        complete(job.id);
        continue;
      }
      const recheck = waitFor ?? new Date(new Date(claimedAt!).getTime() + (LEASE_SECONDS + 1) * 1000);
      await db.transaction().execute(async (trx) => {
        await boss.insert(jobsFor([job.data.outboxId], recheck), { db: trxAdapter(trx) });
        await completeIn(trx, job.id);
      });
    }
  }

  // The dispatcher: keeps up to 2 × workers messages in hand (one sending per connection, one composed and waiting),
  // fetches only when at least `workers` slots are free, sleeps the polling interval when the queue is empty.
  const capacity = workers * 2;
  const pollMs = Math.max(500, (opts.pollingIntervalSeconds ?? 0.5) * 1000);
  let inFlight = 0;
  let stopping = false;
  let wake: (() => void) | null = null;
  const idle = new Set<() => void>();
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  async function loop() {
    while (!stopping) {
      const free = capacity - inFlight;
      if (free < workers && inFlight > 0) {
        await nap(pollMs);
        continue;
      }
      let jobs: Job[] = [];
      try {
        jobs = (await boss.fetch<{ outboxId: string }>(MAIL_QUEUE, { batchSize: free, includeMetadata: true })) as Job[];
      } catch (e) {
        // The database is away: look again in a few seconds, not every polling interval.
        log(`[mail] fetching jobs: ${(e as Error).message}`);
        await nap(5000);
        continue;
      }
      if (!jobs.length) {
        if (!stopping) await nap(pollMs);
        continue;
      }
      let rows: Map<string, Row>;
      let deferred: Map<string, Date>;
      try {
        ({ rows, deferred } = await claim(jobs));
      } catch (e) {
        // Nothing claimed: the jobs expire and come back.
        log(`[mail] claiming messages: ${(e as Error).message}`);
        await nap(pollMs);
        continue;
      }
      const seen = new Set<string>();
      const unclaimed: Job[] = [];
      for (const job of jobs) {
        const row = rows.get(job.data.outboxId);
        if (!row || seen.has(row.id)) {
          unclaimed.push(job);
          continue;
        }
        seen.add(row.id);
        inFlight++;
        deliver(job, row)
          .catch((e) => log(`[mail] recording a delivery: ${e?.message ?? e}`)) // the job expires and the lease decides
          .finally(() => {
            inFlight--;
            wake?.();
            if (inFlight === 0) for (const f of idle) f();
          });
      }
      await settleUnclaimed(unclaimed, deferred).catch((e) => log(`[mail] ${(e as Error).message}`));
    }
  }

  const running = mode === "queue-only" ? Promise.resolve() : loop();

  let stopped: Promise<void> | null = null;
  return {
    queue,
    mode,
    transportOptions: () => (transport ? { ...(transport.transporter as unknown as { options: object }).options, name: transport.transporter.name } : null),
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
    stop() {
      return (stopped ??= (async () => {
        stopping = true;
        wake?.();
        await running;
        // Sends in progress get up to 10 s to finish and be recorded (a process shutdown is bounded); one still
        // open after that stays claimed and is retried when its lease ends.
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            idle.add(resolve);
            setTimeout(resolve, 10_000).unref();
          });
        }
        await flushCompletions();
        if (summaryTimer) clearTimeout(summaryTimer);
        await boss.stop({ graceful: true, timeout: 5000, wait: true, close: open.kind === "postgres" });
        transport?.close();
      })());
    },
  };
}

/**
 * Every message is automated (RFC 3834 Auto-Submitted). A non-transactional one (a notification or a digest: its
 * params carry the signed unsubscribe link, app/modules/notifications/unsubscribe.server.ts) also gets RFC 2369
 * List-Unsubscribe and RFC 8058 one-click List-Unsubscribe-Post.
 */
export function mailHeaders(params: unknown, appOrigin: string): Record<string, string> {
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  const url = params && typeof params === "object" ? (params as { unsubscribeUrl?: unknown }).unsubscribeUrl : undefined;
  if (typeof url === "string" && url.startsWith(`${appOrigin}/unsubscribe/`) && !/[\s<>]/.test(url)) {
    headers["List-Unsubscribe"] = `<${url}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return headers;
}

function envelopeAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}
