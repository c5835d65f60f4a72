// Digest emails (issue 13): per person and cadence (daily at 07:00, weekly on Monday 07:00, Europe/Riga, DST-correct
// through ~/lib/zoned-time), what happened in the period just ended, grouped by group / event / campaign, in the
// person's language, through the durable mail queue. Only notifications whose type the person sends to that digest,
// only what they may still see (scoped items re-checked with the subject's rules now), never an empty digest.
// Once per period: the mail's idempotency key is digest:<person>:<cadence>:<period>, and digest_run keeps the run's
// keyset position (a restart continues, a second instance finds the run claimed or done). People are processed in
// keyset batches, so memory stays flat whatever the number of people.
import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import { translator, type Locale } from "~/i18n";
import { addDays, localDate, wallClock, zonedInstant } from "~/lib/zoned-time";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import type { Viewer } from "~/modules/policy/facts";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import { subjectAccess, isSubjectType } from "~/modules/threads/subjects.server";
import { describeNotification, scopeLabel, type NotificationPayload } from "./describe";
import { TYPE_DEFAULTS, typeOfKind, type NotificationType } from "./types";
import { unsubscribeUrl } from "./unsubscribe.server";

export type Cadence = "daily" | "weekly";
export const DIGEST_TZ = "Europe/Riga";
export const DIGEST_TIME = "07:00";
/** Items listed per digest (the rest are counted). */
export const DIGEST_MAX_ITEMS = 50;
/** People whose digests are built at once (PGlite has one connection: the queries then simply queue). */
const DIGEST_CONCURRENCY = 8;
/** A run's claim older than this is presumed dead and taken over. */
const CLAIM_SECONDS = 120;

export interface DigestPeriod {
  cadence: Cadence;
  /** Local date of the 07:00 that ends the period (the weekly one: a Monday). */
  period: string;
  since: Date;
  until: Date;
}

/** The latest period that has ended by `now`. */
export function digestPeriod(cadence: Cadence, now: Date = new Date()): DigestPeriod {
  const at = (d: string) => zonedInstant(d, DIGEST_TIME, DIGEST_TZ).instant;
  let day = localDate(now, DIGEST_TZ);
  if (cadence === "weekly") day = addDays(day, -wallClock(now, DIGEST_TZ).weekday);
  const step = cadence === "daily" ? 1 : 7;
  if (now < at(day)) day = addDays(day, -step);
  return { cadence, period: day, since: at(addDays(day, -step)), until: at(day) };
}

interface Item {
  kind: string;
  payload: NotificationPayload;
  scopeType: string | null;
  scopeId: string | null;
}

export interface DigestParams {
  cadence: Cadence;
  total: number;
  more: number;
  groups: { label: string; items: { text: string; href: string | null }[] }[];
  unsubscribeUrl: string;
  settingsUrl: string;
}

/** Builds one person's digest (null when nothing is left after the type and access filters). */
export async function buildDigest(
  exec: Executor,
  config: AppContext["config"],
  viewer: Viewer,
  cadence: Cadence,
  items: Item[],
  cadenceOf: (type: NotificationType) => string,
): Promise<DigestParams | null> {
  const t = translator(viewer.locale as Locale);
  const access = new Map<string, boolean>();
  const groups = new Map<string, { label: string; items: { text: string; href: string | null }[] }>();
  let total = 0;
  for (const n of items) {
    const type = typeOfKind(n.kind);
    if (!type || cadenceOf(type) !== cadence) continue;
    if (n.scopeType && n.scopeId) {
      const key = `${n.scopeType}:${n.scopeId}`;
      let ok = access.get(key);
      if (ok === undefined) {
        ok = isSubjectType(n.scopeType) ? (await subjectAccess(exec, viewer, n.scopeType, n.scopeId)).view : false;
        access.set(key, ok);
      }
      if (!ok) continue;
    }
    total++;
    if (total > DIGEST_MAX_ITEMS) continue;
    const label = scopeLabel(n.payload, viewer.locale) || t("digest.other");
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { label, items: [] }));
    const href = typeof n.payload.href === "string" && n.payload.href.startsWith("/") ? `${config.appOrigin}${n.payload.href}` : null;
    g.items.push({ text: describeNotification(t, n.kind, n.payload, viewer.locale), href });
  }
  if (total === 0) return null;
  return {
    cadence,
    total,
    more: Math.max(0, total - DIGEST_MAX_ITEMS),
    groups: [...groups.values()],
    unsubscribeUrl: unsubscribeUrl(config, viewer.id, cadence === "daily" ? "digest_daily" : "digest_weekly"),
    settingsUrl: `${config.appOrigin}/settings/notifications`,
  };
}

export interface DigestRunResult {
  period: string;
  sent: number;
  /** false: another instance holds the run, or it was done already. */
  ran: boolean;
}

/** Sends the digests of the latest ended period of this cadence (idempotent; call as often as you like). */
export async function runDigest(ctx: Pick<AppContext, "db" | "config" | "mail">, cadence: Cadence, opts: { now?: Date; batch?: number } = {}): Promise<DigestRunResult> {
  const p = digestPeriod(cadence, opts.now);
  const batch = opts.batch ?? 500;
  const db = ctx.db;
  await db
    .insertInto("digest_run")
    .values({ cadence, period: p.period })
    .onConflict((oc) => oc.columns(["cadence", "period"]).doNothing())
    .execute();
  const claimed = await db
    .updateTable("digest_run")
    .set({ claimed_at: sql`now()` })
    .where("cadence", "=", cadence)
    .where("period", "=", p.period)
    .where("done_at", "is", null)
    .where((eb) => eb.or([eb("claimed_at", "is", null), eb("claimed_at", "<", sql<Date>`now() - make_interval(secs => ${CLAIM_SECONDS})`)]))
    .returning(["after_person"])
    .executeTakeFirst();
  if (!claimed) return { period: p.period, sent: 0, ran: false };
  let after = claimed.after_person;
  let sent = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom("notification")
        .select("person_id")
        .distinct()
        .where("created_at", ">=", p.since)
        .where("created_at", "<", p.until)
        .$if(after !== null, (q) => q.where("person_id", ">", after!))
        .orderBy("person_id")
        .limit(batch)
        .execute()
    ).map((r) => r.person_id);
    if (ids.length === 0) break;
    const [rows, prefs, people, viewers] = await Promise.all([
      db
        .selectFrom("notification")
        .select(["person_id", "kind", "payload", "scope_type", "scope_id"])
        .where("person_id", "in", ids)
        .where("created_at", ">=", p.since)
        .where("created_at", "<", p.until)
        .orderBy("person_id")
        .orderBy("created_at")
        .execute(),
      db.selectFrom("notification_pref").select(["person_id", "type", "email"]).where("person_id", "in", ids).execute(),
      db.selectFrom("person").select(["id", "name", "email", "locale"]).where("id", "in", ids).where("notify_email", "=", true).where("deactivated_at", "is", null).execute(),
      peopleAsViewers(db, ids),
    ]);
    const byPerson = new Map<string, Item[]>();
    for (const r of rows) {
      let list = byPerson.get(r.person_id);
      if (!list) byPerson.set(r.person_id, (list = []));
      list.push({
        kind: r.kind,
        payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as NotificationPayload,
        scopeType: r.scope_type,
        scopeId: r.scope_id,
      });
    }
    const chosen = new Map(prefs.map((r) => [`${r.person_id}|${r.type}`, r.email]));
    const viewerOf = new Map(viewers.map((v) => [v.id, v]));
    const requests: MailRequest[] = [];
    // People of a batch are built a few at a time (their access checks are independent queries on the pool).
    const build = async (person: (typeof people)[number]) => {
      const viewer = viewerOf.get(person.id);
      if (!viewer || viewer.membershipStatus !== "approved" || viewer.orgStatus !== "approved" || !viewer.emailVerified) return;
      const params = await buildDigest(db, ctx.config, viewer, cadence, byPerson.get(person.id) ?? [], (type) => chosen.get(`${person.id}|${type}`) ?? TYPE_DEFAULTS[type].email);
      if (!params) return;
      requests.push({
        idempotencyKey: `digest:${person.id}:${cadence}:${p.period}`,
        to: person.email,
        toName: person.name,
        locale: person.locale,
        template: "digest",
        params: params as unknown as Record<string, unknown>,
      });
    };
    for (let i = 0; i < people.length; i += DIGEST_CONCURRENCY) await Promise.all(people.slice(i, i + DIGEST_CONCURRENCY).map(build));
    requests.sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
    const last = ids[ids.length - 1];
    const n = await db.transaction().execute(async (trx) => {
      const created = await enqueueMail(trx, ctx, requests);
      await trx
        .updateTable("digest_run")
        .set({ after_person: last, claimed_at: sql`now()`, sent: sql`sent + ${created.length}` })
        .where("cadence", "=", cadence)
        .where("period", "=", p.period)
        .execute();
      return created.length;
    });
    sent += n;
    after = last;
    if (ids.length < batch) break;
  }
  await db
    .updateTable("digest_run")
    .set({ done_at: sql`now()`, claimed_at: null })
    .where("cadence", "=", cadence)
    .where("period", "=", p.period)
    .execute();
  return { period: p.period, sent, ran: true };
}
