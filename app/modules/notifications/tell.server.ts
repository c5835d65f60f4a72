// Telling people: the one way to write in-app notifications and their emails, inside the caller's transaction.
// Inside a unit of work use fx.tell(...) (app/modules/effects/unit-of-work.server.ts): it also pushes
// `notification:new` to each newly told person after COMMIT.
import type { AppContext, Executor } from "~/context";
import type { Locale } from "~/i18n";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import { insertNotifications, type NotificationKind } from "./notifications.server";
import { prefsFor } from "./prefs.server";
import { TYPE_DEFAULTS, typeOfKind } from "./types";
import { unsubscribeUrl } from "./unsubscribe.server";

/** A person who can be told something (in-app always; by email when notify_email is on). */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  notify_email: boolean;
}

/** Active members only: approved, email confirmed, not deactivated, of an approved organisation. Select more as needed. */
export function activePeople(exec: Executor) {
  return exec
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.name", "p.email", "p.locale", "p.notify_email"])
    .where("p.deactivated_at", "is", null)
    .where("p.membership_status", "=", "approved")
    .where("p.email_verified_at", "is not", null)
    .where("o.status", "=", "approved");
}

/** These people, if still active (nulls and repeats are skipped). */
export async function peopleByIds(exec: Executor, ids: readonly (string | null | undefined)[]): Promise<Recipient[]> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (list.length === 0) return [];
  return activePeople(exec).where("p.id", "in", list).execute();
}

/** The organisation administrators of these organisations (at most 500, in a stable order). */
export async function orgAdmins(exec: Executor, orgIds: readonly string[]): Promise<Recipient[]> {
  if (orgIds.length === 0) return [];
  return activePeople(exec)
    .where("p.organisation_id", "in", [...new Set(orgIds)])
    .where("p.org_role", "=", "admin")
    .orderBy("p.id")
    .limit(500)
    .execute();
}

type Payload = Record<string, unknown>;
/** The same value for everyone, or one per recipient. */
type PerRecipient<R, T> = T | ((r: R) => T);

export interface TellMessage<R extends Recipient = Recipient> {
  kind: NotificationKind;
  to: readonly R[];
  /** The person who acted: never told about their own act. */
  except?: string | null;
  /** One logical message per person and key (the notification's dedupe key): a retry or a repeat never tells twice. */
  key: PerRecipient<R, string>;
  payload: PerRecipient<R, Payload>;
  /**
   * Also by email: to people who keep email notifications on, and only with a new notification. `params` default to
   * the payload; the mail's idempotency key defaults to `${key}:${person id}`.
   */
  mail?: { template: string; params?: PerRecipient<R, Payload>; key?: (r: R) => string } | null;
  /** The subject it belongs to: the digest re-checks that the person may still see it before listing it. */
  scope?: { type: "group" | "event" | "campaign" | "pool"; id: string } | null;
}

function pick<R, T>(v: PerRecipient<R, T>, r: R): T {
  return typeof v === "function" ? (v as (r: R) => T)(r) : v;
}

/**
 * Writes the notification rows (and the mail outbox rows with their delivery jobs) in the caller's transaction.
 * Returns the ids of the people who got a new notification (each once), for the `notification:new` push after
 * COMMIT — which fx.tell queues by itself.
 */
export async function tell<R extends Recipient>(exec: Executor, ctx: Pick<AppContext, "mail" | "config">, msg: TellMessage<R>): Promise<string[]> {
  return (await tellDetailed(exec, ctx, msg)).inApp;
}

/**
 * tell(), also saying who was told in-app (pushed) and who got a notification at all. Each person's preference for
 * the kind's type decides: in-app off keeps the row only for the digest (hidden, read); email "immediate" queues the
 * mail now (with its one-click unsubscribe link), "daily"/"weekly" leaves it to the digest, "never" sends none.
 */
export async function tellDetailed<R extends Recipient>(exec: Executor, ctx: Pick<AppContext, "mail" | "config">, msg: TellMessage<R>): Promise<{ inApp: string[]; told: string[] }> {
  const seen = new Set<string>();
  const rows: { r: R; key: string }[] = [];
  for (const r of msg.to) {
    if (msg.except && r.id === msg.except) continue;
    const key = pick(msg.key, r);
    if (seen.has(`${r.id}|${key}`)) continue;
    seen.add(`${r.id}|${key}`);
    rows.push({ r, key });
  }
  if (rows.length === 0) return { inApp: [], told: [] };
  const type = typeOfKind(msg.kind);
  const prefs = type
    ? await prefsFor(
        exec,
        rows.map(({ r }) => r.id),
        type,
      )
    : new Map();
  const prefOf = (id: string) => prefs.get(id) ?? (type ? TYPE_DEFAULTS[type] : { inApp: true, email: "immediate" as const });
  const inserted = await insertNotifications(
    exec,
    rows.map(({ r, key }) => ({
      personId: r.id,
      kind: msg.kind,
      dedupeKey: key,
      payload: pick(msg.payload, r),
      inApp: prefOf(r.id).inApp,
      scope: msg.scope ?? null,
    })),
  );
  const fresh = new Set(inserted.map((n) => `${n.personId}|${n.dedupeKey}`));
  const mail = msg.mail;
  if (mail) {
    const requests: MailRequest[] = rows
      .filter(({ r, key }) => r.notify_email && prefOf(r.id).email === "immediate" && fresh.has(`${r.id}|${key}`))
      .map(({ r, key }) => ({
        idempotencyKey: mail.key ? mail.key(r) : `${key}:${r.id}`,
        to: r.email,
        toName: r.name,
        locale: r.locale,
        template: mail.template,
        params: {
          ...(mail.params === undefined ? pick(msg.payload, r) : pick(mail.params, r)),
          ...(type ? { unsubscribeUrl: unsubscribeUrl(ctx.config, r.id, type) } : {}),
        },
      }));
    await enqueueMail(exec, ctx, requests);
  }
  const told = [...new Set(inserted.map((n) => n.personId))];
  return { told, inApp: told.filter((id) => prefOf(id).inApp) };
}
