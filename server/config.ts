import path from "node:path";
import type { Retention } from "~/modules/housekeeping/purge.server";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "#db/client";
import type { PrivacyContact } from "~/modules/privacy/contact";
import { DEFAULT_FILE_LIMITS, MB, MULTIPART_OVERHEAD_BYTES, type FileLimits } from "~/modules/files/limits";

export type { Retention };

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
  /** SEED_DEMO: see demoSeedPolicy. */
  seed: SeedDemo;
  trustProxy: boolean;
  mailWorkers: number;
  /** MAIL_CAPTURE: undefined = by engine (capture on PGlite, queue-only on PostgreSQL); see mailMode(). */
  mailCapture?: boolean;
  /** How often open sockets' sessions and rooms are re-authorised (ms). */
  realtimeRecheckMs?: number;
  /** How long expired or finished rows are kept before the housekeeping pass deletes them (defaults: RETENTION_DEFAULTS). */
  retention?: Retention;
  /** PostgreSQL connect/statement/idle-in-transaction timeouts (default DEFAULT_DB_TIMEOUTS). */
  dbTimeouts?: DbTimeouts;
  /** Request body caps (default DEFAULT_BODY_LIMITS). */
  bodyLimits?: BodyLimits;
  /** MAX_UPLOAD_MB, ORG_FILE_QUOTA_MB (default DEFAULT_FILE_LIMITS). */
  files?: FileLimits;
  /** How long a stop may take (finish requests, mail, sockets) before connections are cut (ms). */
  shutdownMs?: number;
  /** PRIVACY_CONTROLLER_NAME / _ADDRESS / _EMAIL, PRIVACY_MAIL_PROVIDER: the data controller on /privacy (demo defaults). */
  privacy?: Partial<PrivacyContact>;
  /** METRICS_TOKEN: /metrics answers only with `Authorization: Bearer <token>`; unset, /metrics does not exist. */
  metricsToken?: string;
  /** Calendar replies (issue 16): unset = invitations say replies are not read, as before. */
  inbound?: InboundEnv;
}

/** INBOUND_* (docs/events.md "Calendar replies"): the reply mailbox and the two ways replies reach the platform. */
export interface InboundEnv {
  /** INBOUND_ADDRESS, e.g. events@cluster.example: replies go to events+<token>@cluster.example. */
  address: string;
  /** INBOUND_SMTP_PORT: the inbound SMTP listener (a subdomain's MX or a forwarding rule points here). */
  smtpPort?: number;
  /** INBOUND_SMTP_HOST (default: HOST). */
  smtpHost?: string;
  /** INBOUND_TLS_KEY / INBOUND_TLS_CERT (PEM files): STARTTLS is offered only with both. */
  tlsKeyFile?: string;
  tlsCertFile?: string;
  /** INBOUND_MAX_KB: a larger message is refused (552) and logged (default 2048 KB: replies are a few KB). */
  maxBytes: number;
  /** INBOUND_IMAP_URL, e.g. imaps://events%40cluster.example:password@imap.provider.example/INBOX */
  imapUrl?: string;
  /** INBOUND_IMAP_DONE_MAILBOX: where handled messages are moved (default "Processed"; created if missing). */
  imapDoneMailbox: string;
  /** INBOUND_IMAP_POLL_SECONDS: polling interval when the server has no IDLE (and a safety net when it has). */
  imapPollSeconds: number;
}

export const DEFAULT_INBOUND_MAX_BYTES = 2048 * 1024;

/** The INBOUND_* settings, or undefined without INBOUND_ADDRESS (a receiver without an address is refused). */
export function readInbound(env: NodeJS.ProcessEnv): InboundEnv | undefined {
  const address = env.INBOUND_ADDRESS?.trim();
  if (!address) {
    if (env.INBOUND_SMTP_PORT || env.INBOUND_IMAP_URL) throw new Error("INBOUND_SMTP_PORT and INBOUND_IMAP_URL need INBOUND_ADDRESS (the reply mailbox, e.g. events@cluster.example)");
    return undefined;
  }
  if (!/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(address) || address.includes("+")) {
    throw new Error(`INBOUND_ADDRESS must be a plain address such as events@cluster.example (no +tag), got ${address}`);
  }
  let smtpPort: number | undefined;
  if (env.INBOUND_SMTP_PORT) {
    smtpPort = Number(env.INBOUND_SMTP_PORT);
    if (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65535) throw new Error(`INBOUND_SMTP_PORT must be a port number, got ${env.INBOUND_SMTP_PORT}`);
  }
  if (!!env.INBOUND_TLS_KEY !== !!env.INBOUND_TLS_CERT) throw new Error("INBOUND_TLS_KEY and INBOUND_TLS_CERT go together");
  if (env.INBOUND_IMAP_URL) {
    const u = new URL(env.INBOUND_IMAP_URL);
    if (u.protocol !== "imap:" && u.protocol !== "imaps:") throw new Error(`INBOUND_IMAP_URL must start with imap:// or imaps://, got ${u.protocol}`);
  }
  return {
    address: address.toLowerCase(),
    smtpPort,
    smtpHost: env.INBOUND_SMTP_HOST || undefined,
    tlsKeyFile: env.INBOUND_TLS_KEY || undefined,
    tlsCertFile: env.INBOUND_TLS_CERT || undefined,
    maxBytes: positive(env, "INBOUND_MAX_KB", DEFAULT_INBOUND_MAX_BYTES, 1024),
    imapUrl: env.INBOUND_IMAP_URL || undefined,
    imapDoneMailbox: env.INBOUND_IMAP_DONE_MAILBOX?.trim() || "Processed",
    imapPollSeconds: positive(env, "INBOUND_IMAP_POLL_SECONDS", 60, 1),
  };
}

export interface BodyLimits {
  /** URL-encoded forms (every form today): the hard cap for any route; readForm's per-route caps are lower. */
  formBytes: number;
  /** multipart/form-data (file uploads): the largest file (MAX_UPLOAD_MB) plus the form's other fields. */
  multipartBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { formBytes: 1024 * 1024, multipartBytes: DEFAULT_FILE_LIMITS.maxFileBytes + MULTIPART_OVERHEAD_BYTES };
export const DEFAULT_SHUTDOWN_MS = 8000;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, scale: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return Math.round(n * scale);
}

export type SeedDemo = "auto" | "always" | "never";

export const RETENTION_DEFAULTS: Retention = { sessionDays: 7, tokenDays: 7, mailDays: 90 };

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
  const files: FileLimits = {
    maxFileBytes: positive(env, "MAX_UPLOAD_MB", DEFAULT_FILE_LIMITS.maxFileBytes, MB),
    orgQuotaBytes: positive(env, "ORG_FILE_QUOTA_MB", DEFAULT_FILE_LIMITS.orgQuotaBytes, MB),
  };
  const out: ServerEnv = {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: path.resolve(env.PGLITE_DIR ?? "./data/pglite"),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Dzīvības zinātņu klasteris <no-reply@cluster.example>",
    appOrigin,
    sessionSecrets: env.SESSION_SECRET
      ? env.SESSION_SECRET.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    production: env.NODE_ENV === "production",
    seed: seedDemo(env.SEED_DEMO),
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    mailWorkers: positiveInt("MAIL_WORKERS", env.MAIL_WORKERS, 5),
    mailCapture: flag("MAIL_CAPTURE", env.MAIL_CAPTURE),
    realtimeRecheckMs: env.REALTIME_RECHECK_SECONDS ? Math.max(1, Number(env.REALTIME_RECHECK_SECONDS)) * 1000 : undefined,
    retention: {
      sessionDays: days(env, "RETENTION_SESSION_DAYS", RETENTION_DEFAULTS.sessionDays),
      tokenDays: days(env, "RETENTION_TOKEN_DAYS", RETENTION_DEFAULTS.tokenDays),
      mailDays: days(env, "RETENTION_MAIL_DAYS", RETENTION_DEFAULTS.mailDays),
    },
    dbTimeouts: {
      connectMs: positive(env, "DB_CONNECT_TIMEOUT_SECONDS", DEFAULT_DB_TIMEOUTS.connectMs, 1000),
      statementMs: positive(env, "DB_STATEMENT_TIMEOUT_SECONDS", DEFAULT_DB_TIMEOUTS.statementMs, 1000),
      idleInTransactionMs: positive(env, "DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS", DEFAULT_DB_TIMEOUTS.idleInTransactionMs, 1000),
    },
    bodyLimits: {
      formBytes: positive(env, "MAX_FORM_KB", DEFAULT_BODY_LIMITS.formBytes, 1024),
      multipartBytes: files.maxFileBytes + MULTIPART_OVERHEAD_BYTES,
    },
    files,
    shutdownMs: positive(env, "SHUTDOWN_TIMEOUT_SECONDS", DEFAULT_SHUTDOWN_MS, 1000),
    privacy: {
      controllerName: env.PRIVACY_CONTROLLER_NAME?.trim() || undefined,
      controllerAddress: env.PRIVACY_CONTROLLER_ADDRESS?.trim() || undefined,
      controllerEmail: env.PRIVACY_CONTROLLER_EMAIL?.trim() || undefined,
      mailProvider: env.PRIVACY_MAIL_PROVIDER?.trim() || undefined,
    },
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    inbound: readInbound(env),
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

function seedDemo(value: string | undefined): SeedDemo {
  if (!value) return "auto";
  if (value === "auto" || value === "always" || value === "never") return value;
  throw new Error(`SEED_DEMO must be auto, always or never, got ${value}`);
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of days (0 or more), got ${raw}`);
  return n;
}

/**
 * Whether an empty database gets the demo cluster (whose logins have a published password). `auto` (the default)
 * seeds only outside production, so `npm start` on a fresh machine shows the demo while an empty production database
 * never gets a cluster admin with a known password; `always` is the explicit opt-in (e.g. a public demo site).
 * A database that already has people is never seeded.
 */
export function demoSeedPolicy(env: Pick<ServerEnv, "seed" | "production">): { seed: boolean; reason: string } {
  if (env.seed === "never") return { seed: false, reason: "SEED_DEMO=never" };
  if (env.seed === "always") return { seed: true, reason: "SEED_DEMO=always" };
  return env.production ? { seed: false, reason: "NODE_ENV=production; set SEED_DEMO=always to seed the demo anyway" } : { seed: true, reason: "SEED_DEMO=auto outside production" };
}

/** The app origin plus its localhost/127.0.0.1 twin, so both spellings of a local URL work. */
export function allowedOrigins(appOrigin: string): string[] {
  const u = new URL(appOrigin);
  const out = new Set([u.origin]);
  const twin = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : null;
  if (twin) out.add(`${u.protocol}//${twin}${u.port ? `:${u.port}` : ""}`);
  return [...out];
}
