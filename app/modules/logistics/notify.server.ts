// In-app notifications and emails of cooperative logistics. Each message is about the recipient's OWN request (its
// reference, its lane, its share) plus the pool's code: never another member's organisation, consignee, goods, value,
// price share or contact. In-app always; email when the person keeps email notifications on (person.notify_email).
// One logical message = one idempotency key (and one notification dedupe key).
import type { AppContext, Executor } from "~/context";
import type { Viewer } from "~/modules/auth/session.server";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import { notify, type NotificationKind } from "~/modules/notifications/notifications.server";
import { regionLabel } from "./geo";

type Ctx = Pick<AppContext, "mail" | "config">;

interface Owner {
  request_id: string;
  person_id: string;
  name: string;
  email: string;
  locale: "lv" | "en";
  notify_email: boolean;
  ref: string;
  origin_city: string;
  origin_postcode: string;
  origin_country: string;
  origin_lat: number | null;
  destination_city: string;
  destination_postcode: string;
  destination_country: string;
  destination_lat: number | null;
  earliest_pickup: Date;
}

/** The person who posted each request, if still an active member (their colleagues see it in the lists). */
async function owners(exec: Executor, requestIds: string[]): Promise<Owner[]> {
  if (requestIds.length === 0) return [];
  return exec
    .selectFrom("logistics_request as r")
    .innerJoin("person as p", "p.id", "r.created_by")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "r.id as request_id",
      "p.id as person_id",
      "p.name",
      "p.email",
      "p.locale",
      "p.notify_email",
      "r.ref",
      "r.origin_city",
      "r.origin_postcode",
      "r.origin_country",
      "r.origin_lat",
      "r.destination_city",
      "r.destination_postcode",
      "r.destination_country",
      "r.destination_lat",
      "r.earliest_pickup",
    ])
    .where("r.id", "in", requestIds)
    .where("p.deactivated_at", "is", null)
    .where("p.membership_status", "=", "approved")
    .where("p.email_verified_at", "is not", null)
    .where("o.status", "=", "approved")
    .execute();
}

/** The recipient's own lane, as region labels in both languages. */
function laneOf(o: Owner) {
  const from = { city: o.origin_city, postcode: o.origin_postcode, country: o.origin_country, lat: o.origin_lat };
  const to = { city: o.destination_city, postcode: o.destination_postcode, country: o.destination_country, lat: o.destination_lat };
  return { lv: `${regionLabel(from, "lv")} → ${regionLabel(to, "lv")}`, en: `${regionLabel(from, "en")} → ${regionLabel(to, "en")}` };
}

async function send(
  trx: Executor,
  ctx: Ctx,
  recipients: Owner[],
  kind: NotificationKind,
  template: string,
  key: (o: Owner) => string,
  payload: (o: Owner) => Record<string, unknown>,
): Promise<string[]> {
  if (recipients.length === 0) return [];
  const fresh = new Set(
    await notify(
      trx,
      recipients.map((o) => ({ personId: o.person_id, kind, dedupeKey: key(o), payload: payload(o) })),
    ),
  );
  const mails: MailRequest[] = recipients
    .filter((o) => o.notify_email && fresh.has(o.person_id))
    .map((o) => ({ idempotencyKey: key(o), to: o.email, toName: o.name, locale: o.locale, template, params: payload(o) }));
  await enqueueMail(trx, ctx, mails);
  return [...fresh];
}

/** A new request matches these open requests: their owners hear about it (not the author of the new one). */
export async function notifyMatches(trx: Executor, ctx: Ctx, author: Viewer, newId: string, matchedIds: string[]): Promise<string[]> {
  const rs = (await owners(trx, matchedIds)).filter((o) => o.person_id !== author.id);
  return send(
    trx,
    ctx,
    rs,
    "logistics_match",
    "logistics_match",
    (o) => `logistics-match:${newId}:${o.request_id}`,
    (o) => ({ href: `/logistics/requests/${o.request_id}`, ref: o.ref, lane: laneOf(o), pickup: new Date(o.earliest_pickup).toISOString() }),
  );
}

/** A pool was proposed with these requests: their owners are asked to accept or decline. */
export async function notifyInvites(trx: Executor, ctx: Ctx, pool: { id: string; code: string }, requestIds: string[], author: Viewer): Promise<string[]> {
  const rs = (await owners(trx, requestIds)).filter((o) => o.person_id !== author.id);
  return send(
    trx,
    ctx,
    rs,
    "pool_invite",
    "pool_invite",
    (o) => `pool-invite:${pool.id}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, lane: laneOf(o) }),
  );
}

/** A member asks to join a pool (or its return leg): the coordinator decides. */
export async function notifyJoin(trx: Executor, ctx: Ctx, pool: { id: string; code: string; coordinator_id: string | null }, requestId: string): Promise<string[]> {
  if (!pool.coordinator_id) return [];
  const coordinator = await trx
    .selectFrom("person")
    .select(["id", "name", "email", "locale", "notify_email"])
    .where("id", "=", pool.coordinator_id)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (!coordinator) return [];
  const key = `pool-join:${pool.id}:${requestId}`;
  const payload = { href: `/logistics/pools/${pool.id}`, code: pool.code };
  const fresh = await notify(trx, [{ personId: coordinator.id, kind: "pool_join", dedupeKey: key, payload }]);
  if (fresh.length && coordinator.notify_email)
    await enqueueMail(trx, ctx, [{ idempotencyKey: key, to: coordinator.email, toName: coordinator.name, locale: coordinator.locale, template: "pool_join", params: payload }]);
  return fresh;
}

/** A quote was split: each owner hears its OWN share (never the total or anyone else's). `version` keys re-quotes. */
export async function notifyQuoted(
  trx: Executor,
  ctx: Ctx,
  pool: { id: string; code: string; version: number },
  shares: Map<string, string>,
  validUntil: Date,
): Promise<string[]> {
  const rs = await owners(trx, [...shares.keys()]);
  return send(
    trx,
    ctx,
    rs,
    "pool_quoted",
    "pool_quoted",
    (o) => `pool-quoted:${pool.id}:${pool.version}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, share: shares.get(o.request_id), validUntil: validUntil.toISOString() }),
  );
}

/** The pool moved on (booked, in transit, delivered, closed) or was cancelled. */
export async function notifyPoolStatus(
  trx: Executor,
  ctx: Ctx,
  pool: { id: string; code: string },
  status: string,
  requestIds: string[],
  author: Viewer | null,
): Promise<string[]> {
  const rs = (await owners(trx, requestIds)).filter((o) => o.person_id !== author?.id);
  return send(
    trx,
    ctx,
    rs,
    "pool_status",
    "pool_status",
    (o) => `pool-status:${pool.id}:${status}:${o.request_id}`,
    // A cancelled pool is no longer open to its former members: point them at their own request.
    (o) => ({ href: status === "cancelled" ? `/logistics/requests/${o.request_id}` : `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, status }),
  );
}
