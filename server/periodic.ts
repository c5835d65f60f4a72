import type { AppContext } from "~/context";
import { sendDeliverableReminders } from "~/modules/campaigns/campaigns.server";
import { sendDueReminders } from "~/modules/events/reminders.server";
import { runDigest } from "~/modules/notifications/digest.server";
import { purgeExpired, type Retention } from "~/modules/housekeeping/purge.server";
import { tellPendingPosts } from "~/modules/threads/threads.server";
import { RETENTION_DEFAULTS } from "./config";

// Small periodic passes that run inside the server process (every instance may run them: each pass claims its rows
// in a transaction and queues mail with idempotency keys, so two instances never send a message twice).

export interface PeriodicTask {
  name: string;
  everyMs: number;
  /** First run after this delay (lets the server finish starting). */
  firstAfterMs: number;
  run(): Promise<unknown>;
}

export interface Periodic {
  stop(): Promise<void>;
}

export function startPeriodic(tasks: PeriodicTask[], log: (m: string) => void, onRun?: (task: string, ok: boolean, seconds: number) => void): Periodic {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const task of tasks) {
    let busy = false;
    const tick = () => {
      if (stopped || busy) return;
      busy = true;
      const started = performance.now();
      const p = task
        .run()
        .then(
          () => onRun?.(task.name, true, (performance.now() - started) / 1000),
          (e) => {
            log(`[periodic] ${task.name} failed: ${e?.message ?? e}`);
            onRun?.(task.name, false, (performance.now() - started) / 1000);
          },
        )
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    const first = setTimeout(() => {
      tick();
      const every = setInterval(tick, task.everyMs);
      every.unref();
      timers.push(every);
    }, task.firstAfterMs);
    first.unref();
    timers.push(first);
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * The app's periodic passes: campaign deliverable reminders (N days before the due date, once per deliverable) and
 * event reminders (reminder_hours before the start, once per person and start time), and the hourly housekeeping
 * purge of expired sessions, tokens, rate-limit rows and old finished mail (retention: RETENTION_* settings).
 */
export function appTasks(ctx: Pick<AppContext, "db" | "config" | "mail" | "realtime">, log: (m: string) => void, opts: { retention?: Retention } = {}): PeriodicTask[] {
  return [
    {
      name: "campaign deliverable reminders",
      everyMs: 15 * 60_000,
      firstAfterMs: 10_000,
      async run() {
        const n = await sendDeliverableReminders(ctx);
        if (n) log(`[periodic] sent ${n} deliverable reminder(s)`);
      },
    },
    {
      name: "event reminders",
      everyMs: 60_000,
      firstAfterMs: 15_000,
      async run() {
        const n = await sendDueReminders(ctx);
        if (n) log(`[periodic] sent ${n} event reminder(s)`);
      },
    },
    {
      // Daily 07:00 and Monday 07:00 Europe/Riga: each pass sends the latest ended period's digests once (digest_run
      // and the mail idempotency keys make a repeat, a restart or a second instance harmless).
      name: "digests",
      everyMs: 60_000,
      firstAfterMs: 20_000,
      async run() {
        for (const cadence of ["daily", "weekly"] as const) {
          const r = await runDigest(ctx, cadence);
          if (r.sent) log(`[periodic] sent ${r.sent} ${cadence} digest(s) for ${r.period}`);
        }
      },
    },
    {
      // A post's notifications are written right after it was pushed (threads.server.ts tellAboutPost); this picks up
      // the posts of a process that died in between (post_fanout rows older than 30 s).
      name: "post notifications",
      everyMs: 30_000,
      firstAfterMs: 25_000,
      async run() {
        const n = await tellPendingPosts(ctx);
        if (n) log(`[periodic] told about ${n} post(s) left by an earlier process`);
      },
    },
    {
      name: "housekeeping",
      everyMs: 60 * 60_000,
      firstAfterMs: 60_000,
      async run() {
        const n = await purgeExpired(ctx.db, opts.retention ?? RETENTION_DEFAULTS);
        if (n.sessions + n.tokens + n.rateLimits + n.mail + n.stagedFiles > 0)
          log(
            `[periodic] housekeeping deleted ${n.sessions} session(s), ${n.tokens} token(s), ${n.rateLimits} rate-limit row(s), ${n.mail} old mail row(s)` +
              (n.stagedFiles ? `, ${n.stagedFiles} abandoned upload(s)` : ""),
          );
      },
    },
  ];
}
