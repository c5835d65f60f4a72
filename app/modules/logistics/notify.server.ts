// In-app notifications and emails of cooperative logistics. Each message is about the recipient's OWN request (its
// reference, its lane, its share) plus the pool's code: never another member's organisation, consignee, goods, value,
// price share or contact. In-app always; email when the person keeps email notifications on (person.notify_email).
// One logical message = one idempotency key (and one notification dedupe key).
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/auth/session.server";
import type { Effects } from "~/modules/effects/unit-of-work.server";
import type { NotificationKind } from "~/modules/notifications/notifications.server";
import type { Recipient } from "~/modules/notifications/tell.server";
import { regionLabel } from "./geo";

interface Owner extends Recipient {
  request_id: string;
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
      "p.id",
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

/** Each owner hears about its own request: one notification (and mail) per request, keyed by it. */
async function send(fx: Effects, to: Owner[], kind: NotificationKind, key: (o: Owner) => string, payload: (o: Owner) => Record<string, unknown>): Promise<void> {
  await fx.tell({ kind, to, key, payload, mail: { template: kind, key } });
}

/** A new request matches these open requests: their owners hear about it (not the author of the new one). */
export async function notifyMatches(trx: Executor, fx: Effects, author: Viewer, newId: string, matchedIds: string[]): Promise<void> {
  const rs = (await owners(trx, matchedIds)).filter((o) => o.id !== author.id);
  await send(
    fx,
    rs,
    "logistics_match",
    (o) => `logistics-match:${newId}:${o.request_id}`,
    (o) => ({ href: `/logistics/requests/${o.request_id}`, ref: o.ref, lane: laneOf(o), pickup: new Date(o.earliest_pickup).toISOString() }),
  );
}

/** A pool was proposed with these requests: their owners are asked to accept or decline. */
export async function notifyInvites(trx: Executor, fx: Effects, pool: { id: string; code: string }, requestIds: string[], author: Viewer): Promise<void> {
  const rs = (await owners(trx, requestIds)).filter((o) => o.id !== author.id);
  await send(
    fx,
    rs,
    "pool_invite",
    (o) => `pool-invite:${pool.id}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, lane: laneOf(o) }),
  );
}

/** A member asks to join a pool (or its return leg): the coordinator decides. */
export async function notifyJoin(trx: Executor, fx: Effects, pool: { id: string; code: string; coordinator_id: string | null }, requestId: string): Promise<void> {
  if (!pool.coordinator_id) return;
  const coordinator = await trx
    .selectFrom("person")
    .select(["id", "name", "email", "locale", "notify_email"])
    .where("id", "=", pool.coordinator_id)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (!coordinator) return;
  const key = `pool-join:${pool.id}:${requestId}`;
  await fx.tell({ kind: "pool_join", to: [coordinator], key, payload: { href: `/logistics/pools/${pool.id}`, code: pool.code }, mail: { template: "pool_join", key: () => key } });
}

/** A quote was split: each owner hears its OWN share (never the total or anyone else's). `version` keys re-quotes. */
export async function notifyQuoted(
  trx: Executor,
  fx: Effects,
  pool: { id: string; code: string; version: number },
  shares: Map<string, string>,
  validUntil: Date,
): Promise<void> {
  const rs = await owners(trx, [...shares.keys()]);
  await send(
    fx,
    rs,
    "pool_quoted",
    (o) => `pool-quoted:${pool.id}:${pool.version}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, share: shares.get(o.request_id), validUntil: validUntil.toISOString() }),
  );
}

/** The pool moved on (booked, in transit, delivered, closed) or was cancelled. */
export async function notifyPoolStatus(
  trx: Executor,
  fx: Effects,
  pool: { id: string; code: string },
  status: string,
  requestIds: string[],
  author: Viewer | null,
): Promise<void> {
  const rs = (await owners(trx, requestIds)).filter((o) => o.id !== author?.id);
  await send(
    fx,
    rs,
    "pool_status",
    (o) => `pool-status:${pool.id}:${status}:${o.request_id}`,
    // A cancelled pool is no longer open to its former members: point them at their own request.
    (o) => ({ href: status === "cancelled" ? `/logistics/requests/${o.request_id}` : `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, status }),
  );
}
