import http from "node:http";
import path from "node:path";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, type OpenDatabase } from "#db/client";
import { acquireStartLock, type StartLock } from "#db/migrate";
import { DEMO_LOGINS } from "~/seed/types";
import type { AppConfig, Realtime } from "~/context";
import { initialiseInChild, isFreshPgliteFolder, migrateAndSeed, type Initialised } from "./initialise";
import { readEnv, allowedOrigins, demoSeedPolicy, DEFAULT_BODY_LIMITS, DEFAULT_SHUTDOWN_MS, mailMode, type ServerEnv } from "./config";
import { MULTIPART_OVERHEAD_BYTES } from "~/modules/files/limits";
import { startMail, type MailService } from "./mail";
import { startInbound, type InboundService } from "./inbound";
import { attachRealtime, type RealtimeServer } from "./realtime";
import { createMetrics, type Metrics } from "./metrics";
import { createHttpApp, requestGate } from "./http";
import { limitRepeats, describeError } from "~/lib/log";
import { appTasks, startPeriodic, type Periodic } from "./periodic";

export interface RunningServer {
  url: string;
  port: number;
  open: OpenDatabase;
  mail: MailService;
  realtime: RealtimeServer;
  /** Calendar replies (INBOUND_*): null when not configured. */
  inbound: InboundService | null;
  config: AppConfig;
  stop(): Promise<void>;
}

async function sessionSecrets(open: OpenDatabase, env: ServerEnv): Promise<string[]> {
  if (env.sessionSecrets?.length) return env.sessionSecrets;
  // No SESSION_SECRET: keep a random one in the database so restarts and every instance share it.
  const fresh = crypto.randomBytes(32).toString("base64url");
  await open.db
    .insertInto("app_setting")
    .values({ key: "session_secret", value: fresh })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await open.db.selectFrom("app_setting").select("value").where("key", "=", "session_secret").executeTakeFirstOrThrow();
  return [row.value];
}

export async function startServer(env: ServerEnv = readEnv(), opts: { root?: string; log?: (m: string) => void; installSignals?: boolean } = {}): Promise<RunningServer> {
  const started = Date.now();
  // Identical lines are folded with a count (an outage would otherwise log the same error per request).
  const log = limitRepeats(opts.log ?? ((m: string) => console.log(m)));
  const root = opts.root ?? process.cwd();
  const phases: string[] = [];
  let mark = Date.now();
  const phase = (name: string) => {
    phases.push(`${name} ${Date.now() - mark} ms`);
    mark = Date.now();
  };
  // Load the Remix build while the database opens.
  const buildPromise = import(pathToFileURL(path.join(root, "build", "index.js")).href) as Promise<ServerBuild>;
  buildPromise.catch(() => {});
  // An empty PGlite folder is initialised by a short-lived child process (server/initialise.ts): this process then
  // opens a finished database and stays at the memory of a restart.
  let initialised: Initialised | null = null;
  if (!env.databaseUrl && env.pgliteDir && isFreshPgliteFolder(env.pgliteDir)) {
    initialised = await initialiseInChild(env, log);
    phase("first-start initialisation (child process)");
  }
  const openIt = () => openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir, timeouts: env.dbTimeouts });
  let open = await openIt();
  phase("database");
  let mail: MailService | null = null;
  let realtime: RealtimeServer | null = null;
  let periodic: Periodic | null = null;
  let inbound: InboundService | null = null;
  let startLock: StartLock | null = null;
  try {
    // Instances starting together on one PostgreSQL take turns with the first-start work, up to the mail queue (pg-boss
    // creates its schema and queue on first use): an advisory lock, released once the mail queue has started.
    startLock = await acquireStartLock(open, { log: (m) => log(`[db] ${m}`) });
    const now = await migrateAndSeed(open, env, log);
    const seeded = now.seeded || !!initialised?.seeded;
    phase("migrations and seed");
    if (open.kind === "pglite" && env.pgliteDir && (now.migrated || now.seeded)) {
      // Migrations of an upgrade grew PGlite's memory too: a fresh instance on the same folder gives some of it back.
      await open.close();
      open = await openIt();
      phase("reopen");
    }
    const mailModeNow = mailMode(env);
    const config: AppConfig = {
      appOrigin: env.appOrigin,
      allowedOrigins: allowedOrigins(env.appOrigin),
      secureCookies: env.appOrigin.startsWith("https://"),
      sessionSecrets: await sessionSecrets(open, env),
      mailFrom: env.mailFrom,
      smtpConfigured: !!env.smtpUrl,
      mailQueueOnly: mailModeNow === "queue-only",
      production: env.production,
      privacy: env.privacy,
      files: env.files,
      inboundAddress: env.inbound?.address,
    };
    phase("seed check");
    // Start-up work above may wait on locks and run long statements; request work from here on may not.
    open.enforceTimeouts();
    mail = await startMail(open, {
      smtpUrl: env.smtpUrl,
      mailFrom: env.mailFrom,
      appOrigin: env.appOrigin,
      workers: env.mailWorkers,
      startWorkers: mailModeNow !== "queue-only",
      log,
    });
    phase("mail queue");
    await startLock.release();
    // The passes start before socket.io attaches: their pushes go nowhere until it is there.
    const late: Realtime = {
      toUser: (id, event, payload) => realtime?.realtime.toUser(id, event, payload),
      toRoom: (room, event, payload) => realtime?.realtime.toRoom(room, event, payload),
      disconnectSessions: (hashes) => realtime?.realtime.disconnectSessions(hashes),
      leaveRoom: (id, room) => realtime?.realtime.leaveRoom(id, room),
      recheckRoom: async (room) => realtime?.realtime.recheckRoom(room),
    };
    let metrics: Metrics | null = null;
    periodic = startPeriodic(appTasks({ db: open.db, config, mail: mail.queue, realtime: late }, log, { retention: env.retention }), log, (task, ok, s) => metrics?.periodicRun(task, ok, s));
    // Calendar replies (SMTP listener and/or IMAP poller) once the mail queue is there: their answers enqueue mail.
    if (env.inbound && (env.inbound.smtpPort !== undefined || env.inbound.imapUrl)) {
      inbound = await startInbound({ db: open.db, config, mail: mail.queue, realtime: late }, env.inbound, { host: env.host, log });
    }
    const build = await buildPromise;

    const httpServer = http.createServer();
    // Before socket.io attaches, so that engine.io wraps it and /socket.io/ requests never reach Express.
    const gate = requestGate(httpServer, log);
    realtime = await attachRealtime(httpServer, {
      db: open.db,
      config,
      postgresUrl: open.kind === "postgres" ? open.connectionString : undefined,
      log,
      recheckMs: env.realtimeRecheckMs,
    });
    metrics = createMetrics({
      token: env.metricsToken,
      build,
      open,
      sockets: () => (realtime ? { clients: realtime.io.engine.clientsCount, rooms: realtime.io.of("/").adapter.rooms.size } : null),
    });
    const app = createHttpApp({
      metrics,
      build,
      root,
      trustProxy: env.trustProxy,
      log,
      ping: (ms) => open.ping(ms),
      // A MAX_UPLOAD_MB given without body limits (tests) moves the multipart cap with it.
      bodyLimits: env.bodyLimits ?? (env.files ? { ...DEFAULT_BODY_LIMITS, multipartBytes: env.files.maxFileBytes + MULTIPART_OVERHEAD_BYTES } : undefined),
      base: { db: open.db, dbKind: open.kind, config, realtime: realtime.realtime, mail: mail.queue },
    });
    gate.use(app);

    httpServer.keepAliveTimeout = 65_000;

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      // A deeper accept queue than Node's default 511: after a restart thousands of sockets reconnect at once.
      httpServer.listen({ port: env.port, host: env.host, backlog: 2048 }, () => resolve());
    });
    phase("http");
    const address = httpServer.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    const url = env.appOrigin;
    log(
      `[server] ready on ${url} (listening on ${env.host}:${port}, ${open.kind === "pglite" ? `embedded PGlite in ${env.pgliteDir}` : "PostgreSQL"}) in ${Date.now() - started} ms (${phases.join(", ")})`,
    );
    if (seeded || (demoSeedPolicy(env).seed && !env.production)) {
      log(`[server] demo logins (password "${DEMO_LOGINS.password}"): ${DEMO_LOGINS.emails.join(", ")}`);
    }
    log(mailStartLine(mail, env, url));

    const shutdownMs = env.shutdownMs ?? DEFAULT_SHUTDOWN_MS;
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        log("[server] shutting down…");
        const until = Date.now() + shutdownMs;
        const left = (share = 1) => Math.max(0, (until - Date.now()) * share);
        // No new connections; idle keep-alive connections close now. Requests in flight finish (with their
        // post-commit socket pushes and mail jobs) before sockets and the mail worker go.
        const closed = new Promise<void>((res) => httpServer.close(() => res()));
        if (!(await gate.drain(left(0.5)))) log(`[server] ${gate.active} request(s) still running at the shutdown limit; closing them`);
        await bounded(realtime!.close(), left(0.5), "socket.io close");
        httpServer.closeAllConnections();
        await closed;
        await bounded(periodic!.stop(), left(0.5), "periodic tasks");
        if (inbound) await bounded(inbound.stop(), left(0.5), "inbound mail");
        await bounded(
          mail!.stop().catch((e) => log(`[mail] stop: ${e.message}`)),
          left(),
          "mail worker",
        );
        await open.close();
        log("[server] stopped");
        log.flush();
      })());
    const bounded = async (p: Promise<unknown>, ms: number, what: string) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        p.then(
          () => false,
          (e) => {
            log(`[server] ${what}: ${describeError(e)}`);
            return false;
          },
        ),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ms))),
      ]);
      clearTimeout(timer);
      if (timedOut) log(`[server] ${what} did not finish within the shutdown limit`);
    };

    if (opts.installSignals) {
      for (const sig of ["SIGTERM", "SIGINT"] as const) {
        process.once(sig, () => {
          const hard = setTimeout(() => {
            log(`[server] shutdown took longer than ${shutdownMs + 1500} ms; exiting`);
            process.exit(1);
          }, shutdownMs + 1500);
          hard.unref();
          stop().then(
            () => process.exit(0),
            (e) => {
              log(`[server] shutdown error: ${e?.stack ?? e}`);
              process.exit(1);
            },
          );
        });
      }
      // One failing request (or a library callback) must never end the process for everyone: log and keep serving.
      process.on("uncaughtException", (err) => log(`[process] uncaught exception: ${describeError(err)}`));
      process.on("unhandledRejection", (err) => log(`[process] unhandled rejection: ${describeError(err)}`));
    }
    return { url, port, open, mail, realtime, config, inbound, stop };
  } catch (err) {
    await startLock?.release();
    await periodic?.stop().catch(() => {});
    await inbound?.stop().catch(() => {});
    await realtime?.close().catch(() => {});
    await mail?.stop().catch(() => {});
    await open.close().catch(() => {});
    throw err;
  }
}

/** The start log's mail line: which mode this instance runs in (issue 10 #19). */
function mailStartLine(mail: MailService, env: ServerEnv, url: string): string {
  if (mail.mode === "smtp") {
    const o = mail.transportOptions() ?? {};
    const smtp = new URL(env.smtpUrl!);
    return `[mail] mode: smtp — delivering to ${smtp.protocol}//${smtp.host} over a pool of ${o.maxConnections} connection(s) (timeouts: connect ${Number(o.connectionTimeout) / 1000} s, greeting ${Number(o.greetingTimeout) / 1000} s, socket ${Number(o.socketTimeout) / 1000} s)`;
  }
  if (mail.mode === "capture") {
    return `[mail] mode: capture — no SMTP_URL${env.databaseUrl ? " and MAIL_CAPTURE=1" : ""}: messages are composed and kept in the outbox, not sent; admins read them at ${url}/admin/outbox`;
  }
  return `[mail] mode: queue-only — no SMTP_URL${env.databaseUrl ? " on PostgreSQL" : " and MAIL_CAPTURE=0"}: this instance queues mail but delivers none; an instance with SMTP_URL delivers it (MAIL_CAPTURE=1 would keep it here instead, for development)`;
}
