import type { Db, DbKind } from "#db/client";
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { ServerEventName, ServerEvents } from "~/realtime/events";
import type { PrivacyContact } from "~/modules/privacy/contact";
import type { FileLimits } from "~/modules/files/limits";

export type Tx = Transaction<Database>;
export type Executor = Db | Tx;

export interface AppConfig {
  /** Public origin used in links and the Origin allow-list, e.g. http://localhost:3000 */
  appOrigin: string;
  allowedOrigins: string[];
  secureCookies: boolean;
  sessionSecrets: string[];
  mailFrom: string;
  smtpConfigured: boolean;
  /** No SMTP on a shared PostgreSQL: this instance queues mail that instances with SMTP deliver (ADR 0003). */
  mailQueueOnly?: boolean;
  production: boolean;
  /** The data controller shown on /privacy and in the footer (PRIVACY_* env vars; demo defaults when unset). */
  privacy?: Partial<PrivacyContact>;
  /** Upload limits (MAX_UPLOAD_MB, ORG_FILE_QUOTA_MB); DEFAULT_FILE_LIMITS when unset. */
  files?: FileLimits;
  /** INBOUND_ADDRESS: invitations carry events+<token>@… as ORGANIZER and Reply-To; unset = replies are not read. */
  inboundAddress?: string;
}

/** Pushes to socket.io rooms; every call is made after the write's transaction committed. */
export interface Realtime {
  toUser<E extends ServerEventName>(personId: string, event: E, payload: ServerEvents[E]): void;
  toRoom<E extends ServerEventName>(room: string, event: E, payload: ServerEvents[E]): void;
  /** Closes every socket of these sessions (logout, password change, log out everywhere). */
  disconnectSessions(sessionHashes: string[]): void;
  /** Makes a person's sockets leave a room at once (lost access). */
  leaveRoom(personId: string, room: string): void;
  /** Re-authorises every socket in a room now, on every instance (e.g. a group turned private); resolves when this instance is done. */
  recheckRoom(room: string): Promise<void>;
}

/** Adds delivery jobs for outbox rows; called inside the transaction that created the rows (MAIL-1). */
export interface MailQueue {
  addJobs(exec: Executor, outboxIds: string[]): Promise<void>;
}

export interface AppContext {
  db: Db;
  dbKind: DbKind;
  config: AppConfig;
  realtime: Realtime;
  /** The durable mail queue: jobs are added inside the caller's transaction. */
  mail: MailQueue;
  cspNonce: string;
  clientIp: string;
}
