// In-app notifications and emails of cooperative logistics. Each message is about the recipient's OWN request (its
// reference, its lane, its share) plus the pool's code: never another member's organisation, consignee, goods, value,
// price share or contact. In-app always; email when the person keeps email notifications on (person.notify_email).
// One logical message = one idempotency key (and one notification dedupe key).
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import type { Effects } from "~/modules/effects/unit-of-work.server";
import type { NotificationKind } from "~/modules/notifications/notifications.server";
import { activePeople, peopleByIds, type Recipient } from "~/modules/notifications/tell.server";
import { regionLabel } from "./geo";

interface Owner extends Recipient {
  request_id: string;
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
  return activePeople(exec)
    .innerJoin("logistics_request as r", "r.created_by", "p.id")
    .select([
      "r.id as request_id",
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
    .execute();
}

/** The recipient's own lane, as region labels in both languages. */
function laneOf(o: Owner) {
  const from = { city: o.origin_city, postcode: o.origin_postcode, country: o.origin_country, lat: o.origin_lat };
  const to = { city: o.destination_city, postcode: o.destination_postcode, country: o.destination_country, lat: o.destination_lat };
  return { lv: `${regionLabel(from, "lv")} → ${regionLabel(to, "lv")}`, en: `${regionLabel(from, "en")} → ${regionLabel(to, "en")}` };
}

/** Each owner hears about its own request: one notification (and mail) per request, keyed by it; not the one who acted. */
async function send(fx: Effects, to: Owner[], except: Viewer | null, kind: NotificationKind, key: (o: Owner) => string, payload: (o: Owner) => Record<string, unknown>): Promise<void> {
  await fx.tell({ kind, to, except: except?.id ?? null, key, payload, mail: { template: kind, key } });
}

/** A new request matches these open requests: their owners hear about it (not the author of the new one). */
export async function notifyMatches(trx: Executor, fx: Effects, author: Viewer, newId: string, matchedIds: string[]): Promise<void> {
  await send(
    fx,
    await owners(trx, matchedIds),
    author,
    "logistics_match",
    (o) => `logistics-match:${newId}:${o.request_id}`,
    (o) => ({ href: `/logistics/requests/${o.request_id}`, ref: o.ref, lane: laneOf(o), pickup: new Date(o.earliest_pickup).toISOString() }),
  );
}

/** A pool was proposed with these requests: their owners are asked to accept or decline. */
export async function notifyInvites(trx: Executor, fx: Effects, pool: { id: string; code: string }, requestIds: string[], author: Viewer): Promise<void> {
  await send(
    fx,
    await owners(trx, requestIds),
    author,
    "pool_invite",
    (o) => `pool-invite:${pool.id}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, lane: laneOf(o) }),
  );
}

/** A member asks to join a pool (or its return leg): the coordinator decides. */
export async function notifyJoin(trx: Executor, fx: Effects, pool: { id: string; code: string; coordinator_id: string | null }, requestId: string): Promise<void> {
  const to = await peopleByIds(trx, [pool.coordinator_id]);
  const key = `pool-join:${pool.id}:${requestId}`;
  await fx.tell({ kind: "pool_join", to, key, payload: { href: `/logistics/pools/${pool.id}`, code: pool.code }, mail: { template: "pool_join", key: () => key } });
}

/** A quote was split: each owner hears its OWN share (never the total or anyone else's). `version` keys re-quotes. */
export async function notifyQuoted(trx: Executor, fx: Effects, pool: { id: string; code: string; version: number }, shares: Map<string, string>, validUntil: Date): Promise<void> {
  await send(
    fx,
    await owners(trx, [...shares.keys()]),
    null,
    "pool_quoted",
    (o) => `pool-quoted:${pool.id}:${pool.version}:${o.request_id}`,
    (o) => ({ href: `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, share: shares.get(o.request_id), validUntil: validUntil.toISOString() }),
  );
}

/** The pool moved on (booked, in transit, delivered, closed) or was cancelled. */
export async function notifyPoolStatus(trx: Executor, fx: Effects, pool: { id: string; code: string }, status: string, requestIds: string[], author: Viewer | null): Promise<void> {
  await send(
    fx,
    await owners(trx, requestIds),
    author,
    "pool_status",
    (o) => `pool-status:${pool.id}:${status}:${o.request_id}`,
    // A cancelled pool is no longer open to its former members: point them at their own request.
    (o) => ({ href: status === "cancelled" ? `/logistics/requests/${o.request_id}` : `/logistics/pools/${pool.id}`, code: pool.code, ref: o.ref, status }),
  );
}
