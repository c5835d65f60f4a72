import http from "node:http";
import path from "node:path";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, type OpenDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { isDatabaseEmpty, seedDemo, DEMO_LOGINS } from "#db/seed";
import type { AppConfig } from "~/context";
import { readEnv, allowedOrigins, mailMode, type ServerEnv } from "./config";
import { startMail, type MailService } from "./mail";
import { attachRealtime, type RealtimeServer } from "./realtime";
import { createHttpApp } from "./http";
import { appTasks, startPeriodic, type Periodic } from "./periodic";

export interface RunningServer {
  url: string;
  port: number;
  open: OpenDatabase;
  mail: MailService;
  realtime: RealtimeServer;
  config: AppConfig;
  stop(): Promise<void>;
}

async function sessionSecrets(open: OpenDatabase, env: ServerEnv): Promise<string[]> {
  if (env.sessionSecrets?.length) return env.sessionSecrets;
  // No SESSION_SECRET: keep a random one in the database so restarts and every instance share it.
  const fresh = crypto.randomBytes(32).toString("base64url");
  await open.db.insertInto("app_setting").values({ key: "session_secret", value: fresh }).onConflict((oc) => oc.column("key").doNothing()).execute();
  const row = await open.db.selectFrom("app_setting").select("value").where("key", "=", "session_secret").executeTakeFirstOrThrow();
  return [row.value];
}

export async function startServer(
  env: ServerEnv = readEnv(),
  opts: { root?: string; log?: (m: string) => void; installSignals?: boolean } = {},
): Promise<RunningServer> {
  const started = Date.now();
  const log = opts.log ?? ((m: string) => console.log(m));
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
  const open = await openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir });
  phase("database");
  let mail: MailService | null = null;
  let realtime: RealtimeServer | null = null;
  let periodic: Periodic | null = null;
  try {
    await migrateToLatest(open.db, (m) => log(`[db] ${m}`));
    phase("migrations");
    let seeded = false;
    if (env.seed === "auto" && (await isDatabaseEmpty(open.db))) {
      await seedDemo(open.db, { now: new Date(), appOrigin: env.appOrigin });
      seeded = true;
      log("[db] seeded the demo cluster");
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
    };
    phase("seed check");
    mail = await startMail(open, {
      smtpUrl: env.smtpUrl,
      mailFrom: env.mailFrom,
      appOrigin: env.appOrigin,
      workers: env.mailWorkers,
      startWorkers: mailModeNow !== "queue-only",
      log,
    });
    phase("mail queue");
    periodic = startPeriodic(appTasks({ db: open.db, config, mail: mail.queue }, log), log);
    const build = await buildPromise;

    const httpServer = http.createServer();
    realtime = await attachRealtime(httpServer, {
      db: open.db,
      config,
      postgresUrl: open.kind === "postgres" ? open.connectionString : undefined,
      log,
      recheckMs: env.realtimeRecheckMs,
    });
    const app = createHttpApp({
      build,
      root,
      trustProxy: env.trustProxy,
      log,
      base: { db: open.db, dbKind: open.kind, config, realtime: realtime.realtime, mail: mail.queue },
    });
    httpServer.on("request", app);

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
    log(`[server] ready on ${url} (listening on ${env.host}:${port}, ${open.kind === "pglite" ? `embedded PGlite in ${env.pgliteDir}` : "PostgreSQL"}) in ${Date.now() - started} ms (${phases.join(", ")})`);
    if (seeded || (env.seed === "auto" && !env.production)) {
      log(`[server] demo logins (password "${DEMO_LOGINS.password}"): ${DEMO_LOGINS.emails.join(", ")}`);
    }
    log(mailStartLine(mail, env, url));

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        log("[server] shutting down…");
        const closed = new Promise<void>((res) => httpServer.close(() => res()));
        httpServer.closeIdleConnections();
        const force = setTimeout(() => httpServer.closeAllConnections(), 8000);
        await realtime!.close();
        await closed;
        clearTimeout(force);
        await periodic!.stop();
        await mail!.stop().catch((e) => log(`[mail] stop: ${e.message}`));
        await open.close();
        log("[server] stopped");
      })());

    if (opts.installSignals) {
      for (const sig of ["SIGTERM", "SIGINT"] as const) {
        process.once(sig, () => {
          const hard = setTimeout(() => process.exit(1), 15_000);
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
    }
    return { url, port, open, mail, realtime, config, stop };
  } catch (err) {
    await periodic?.stop().catch(() => {});
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
