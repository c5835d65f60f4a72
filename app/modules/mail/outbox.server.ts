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
  /**
   * What the message is about when several messages about it reach one person (an event's UID): messages with the
   * same ordering subject and recipient address are delivered in the order they were created, and one made obsolete
   * by a newer one is never sent (docs/decisions/0012-mail-order.md). Leave it out for mail that stands alone.
   */
  orderKey?: string;
}

/** The outbox's ordering key: the subject plus the recipient's address (case-insensitive). */
export function orderKeyFor(subject: string, to: string): string {
  return `${subject} ${to.trim().toLowerCase()}`;
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
        order_key: r.orderKey ? orderKeyFor(r.orderKey, r.to) : null,
      })),
    )
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  const ids = rows.map((r) => r.id);
  await deps.mail.addJobs(exec, ids);
  return ids;
}
