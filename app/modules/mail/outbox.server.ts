import crypto from "node:crypto";
import type { Executor, MailQueue, AppConfig } from "~/context";
import type { Locale } from "~/i18n";

export interface MailRequest {
  /** One logical message = one key: a retry or a second enqueue with the same key never sends twice. */
  idempotencyKey: string;
  to: string;
  toName?: string;
  locale: Locale;
  template: string;
  params: Record<string, unknown>;
}

/** Strips CR/LF/NUL from values that end up in headers (SEC-6). */
export function headerSafe(s: string): string {
  return s.replace(/[\r\n\u0000]+/g, " ").trim();
}

export function messageIdFor(key: string, config: Pick<AppConfig, "appOrigin">): string {
  const host = new URL(config.appOrigin).hostname || "cluster.invalid";
  const digest = crypto.createHash("sha256").update(key).digest("hex").slice(0, 32);
  return `<${digest}@${host}>`;
}

/** Inserts outbox rows and their delivery jobs in the caller's transaction. Returns the ids of new rows. */
export async function enqueueMail(exec: Executor, deps: { mail: MailQueue; config: Pick<AppConfig, "appOrigin"> }, requests: MailRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const rows = await exec
    .insertInto("mail_outbox")
    .values(
      requests.map((r) => ({
        idempotency_key: r.idempotencyKey,
        to_address: r.to.trim(),
        to_name: headerSafe(r.toName ?? ""),
        locale: r.locale,
        template: r.template,
        params: JSON.stringify(r.params),
        message_id: messageIdFor(r.idempotencyKey, deps.config),
      })),
    )
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  const ids = rows.map((r) => r.id);
  await deps.mail.addJobs(exec, ids);
  return ids;
}
