import path from "node:path";

export interface ServerEnv {
  port: number;
  host: string;
  databaseUrl?: string;
  /** null = in-memory PGlite (tests) */
  pgliteDir: string | null;
  smtpUrl?: string;
  mailFrom: string;
  appOrigin: string;
  sessionSecrets?: string[];
  production: boolean;
  seed: "auto" | "never";
  trustProxy: boolean;
  mailWorkers: number;
  /** MAIL_CAPTURE: undefined = by engine (capture on PGlite, queue-only on PostgreSQL); see mailMode(). */
  mailCapture?: boolean;
  /** How often open sockets' sessions and rooms are re-authorised (ms). */
  realtimeRecheckMs?: number;
}

/** Every environment variable the server reads (the README lists them). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const appOrigin = (env.APP_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, "");
  try {
    new URL(appOrigin);
  } catch {
    throw new Error(`APP_ORIGIN must be an absolute URL such as https://cluster.example.org, got ${appOrigin}`);
  }
  const out: ServerEnv = {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: path.resolve(env.PGLITE_DIR ?? "./data/pglite"),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Dzīvības zinātņu klasteris <no-reply@cluster.example>",
    appOrigin,
    sessionSecrets: env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
    production: env.NODE_ENV === "production",
    seed: env.SEED_DEMO === "never" ? "never" : "auto",
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    mailWorkers: positiveInt("MAIL_WORKERS", env.MAIL_WORKERS, 5),
    mailCapture: flag("MAIL_CAPTURE", env.MAIL_CAPTURE),
    realtimeRecheckMs: env.REALTIME_RECHECK_SECONDS ? Math.max(1, Number(env.REALTIME_RECHECK_SECONDS)) * 1000 : undefined,
  };
  mailMode(out); // refuses contradictory mail settings at start
  return out;
}

export type MailMode = "smtp" | "capture" | "queue-only";

/**
 * How this instance handles mail (issue 10 #19, ADR 0003):
 * - smtp: SMTP_URL is set; the instance delivers queued mail.
 * - capture: no SMTP_URL, and either embedded PGlite (one process owns the database, so no other instance's mail can
 *   be taken) or MAIL_CAPTURE=1 (development): messages are composed and kept for /admin/outbox.
 * - queue-only: no SMTP_URL on a PostgreSQL that other instances may share: the instance enqueues mail but takes no
 *   mail jobs, so it never swallows mail meant for an instance that can deliver it.
 */
export function mailMode(env: Pick<ServerEnv, "smtpUrl" | "databaseUrl" | "mailCapture">): MailMode {
  if (env.smtpUrl) {
    if (env.mailCapture) throw new Error("MAIL_CAPTURE=1 and SMTP_URL exclude each other: unset one of them");
    return "smtp";
  }
  const capture = env.mailCapture ?? !env.databaseUrl;
  return capture ? "capture" : "queue-only";
}

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (["1", "true", "yes"].includes(value.toLowerCase())) return true;
  if (["0", "false", "no"].includes(value.toLowerCase())) return false;
  throw new Error(`${name} must be 1 or 0, got ${value}`);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`${name} must be a whole number from 1 to 100, got ${value}`);
  return n;
}

/** The app origin plus its localhost/127.0.0.1 twin, so both spellings of a local URL work. */
export function allowedOrigins(appOrigin: string): string[] {
  const u = new URL(appOrigin);
  const out = new Set([u.origin]);
  const twin = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : null;
  if (twin) out.add(`${u.protocol}//${twin}${u.port ? `:${u.port}` : ""}`);
  return [...out];
}
