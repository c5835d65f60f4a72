// Pools: propose (claims requests under row locks), accept/decline, join (a load or the return leg), quote and split,
// status changes that move the requests along, cancel, contact sharing — and the page's view, per viewer.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { AppContext, Executor, Tx } from "~/context";
import type { Locale } from "~/i18n";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { unitOfWork, type Effects } from "~/modules/effects/unit-of-work.server";
import { isUuid } from "~/lib/ids";
import { can, demand, notFound } from "~/modules/policy/authorize.server";
import type { PoolAccess } from "./access.server";
import { centsToDecimal, toCents } from "~/lib/money";
import { parseDecimal, parseLocal } from "./input";
import { measures, milliToNumber } from "./load";
import { checkBackhaul, checkGroup, standaloneEur, type GroupCheck, type MatchRequest } from "./matcher";
import { renderNote } from "./notes";
import { notifyInvites, notifyJoin, notifyPoolStatus, notifyQuoted } from "./notify.server";
import { POOL_LIMITS, SPLIT_METHODS, SURCHARGE_KINDS, type PoolStatus, type SplitMethod, type SurchargeKind } from "./reference";
export { POOL_LIMITS };
import { requestQuery, toMatchRequest, type RequestRow } from "./rows.server";
import { splitQuote, SplitError, type SplitLine, type SplitResult } from "./split";
import { areaOf, projectRequest, type Area, type RequestView } from "./visibility.server";

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

const LIVE = ["pending", "accepted"] as const;
const LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "23505";
}

function owners(ms: MatchRequest[]) {
  return new Map(ms.map((m) => [m.id, { orgId: m.orgId, orgName: m.orgName }]));
}

/** A refusal that lists the blockers in the viewer's words. */
function incompatible(check: { blockers: GroupCheck["blockers"] }, ms: MatchRequest[], viewer: Viewer): ActionError {
  const reasons = check.blockers.map((b) => renderNote(b, viewer.locale, viewer.orgId, owners(ms))).join("; ");
  return new ActionError(409, "logistics.error.incompatible", { reasons });
}

async function lockRequests(trx: Tx, ids: string[]) {
  return trx.selectFrom("logistics_request").select(["id", "organisation_id", "status", "latest_pickup"]).where("id", "in", ids).orderBy("id").forUpdate().execute();
}

async function loadRows(exec: Executor, ids: string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return requestQuery(exec).where("r.id", "in", ids).orderBy("r.id").execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Proposing

/**
 * Proposes a pool of these requests. In one transaction: lock the requests (in id order, so two proposals never
 * deadlock), re-check every hard rule on fresh rows, claim them (status 'pooled'; the partial unique index on live
 * memberships is the last line), create the pool's thread and ask the other owners. Of two proposals claiming the same
 * request at once, the second waits for the first's lock and then finds the request pooled: 409 with a clear message.
 */
export async function proposePool(ctx: Ctx, viewer: Viewer, requestIds: unknown[]): Promise<{ poolId: string }> {
  const ids = [...new Set(requestIds.filter((x): x is string => typeof x === "string"))];
  if (ids.some((id) => !isUuid(id))) throw new ActionError(400, "logistics.error.poolSelection");
  if (ids.length < POOL_LIMITS.minMembers || ids.length > POOL_LIMITS.maxMembers) throw new ActionError(400, "logistics.error.poolSize", { min: POOL_LIMITS.minMembers, max: POOL_LIMITS.maxMembers });
  const admin = viewer.clusterRole === "admin";
  try {
    return await unitOfWork(ctx, async (trx, fx) => {
      const locked = await lockRequests(trx, ids);
      if (locked.length !== ids.length) notFound();
      // A request of another organisation is only proposable while it is open (that is also when it is visible).
      for (const r of locked) if (r.organisation_id !== viewer.orgId && r.status !== "open" && r.status !== "pooled" && !admin) notFound();
      demand(viewer, { action: "logistics.pool.propose", proposal: { includesOwn: locked.some((r) => r.organisation_id === viewer.orgId) } });
      const pooled = locked.filter((r) => r.status === "pooled");
      if (pooled.length) throw new ActionError(409, "logistics.error.alreadyPooled", { count: pooled.length });
      if (locked.some((r) => r.status !== "open")) throw new ActionError(409, "logistics.error.notOpen");
      const rows = await loadRows(trx, ids);
      const ms = rows.map(toMatchRequest);
      const check = checkGroup(ms);
      if (!check.ok) throw incompatible(check, ms, viewer);

      const code = `P-${randomBytes(3).toString("hex").toUpperCase()}`;
      const pool = await trx.insertInto("logistics_pool").values({ code, coordinator_org_id: viewer.orgId, coordinator_id: viewer.id }).returning(["id", "code"]).executeTakeFirstOrThrow();
      const ordered = [...rows].sort((a, b) => +new Date(a.earliest_pickup) - +new Date(b.earliest_pickup) || (a.id < b.id ? -1 : 1));
      await trx
        .insertInto("logistics_pool_member")
        .values(
          ordered.map((r, i) => {
            const mine = r.organisation_id === viewer.orgId;
            return {
              pool_id: pool.id,
              request_id: r.id,
              label: LABELS[i],
              state: mine ? ("accepted" as const) : ("pending" as const),
              decided_by: mine ? viewer.id : null,
              decided_at: mine ? new Date() : null,
            };
          }),
        )
        .execute();
      await trx
        .updateTable("logistics_request")
        .set({ status: "pooled", version: sql`version + 1`, updated_at: sql`now()` })
        .where("id", "in", ids)
        .execute();
      const pending = ordered.filter((r) => r.organisation_id !== viewer.orgId).map((r) => r.id);
      if (pending.length === 0) await trx.updateTable("logistics_pool").set({ status: "confirmed" }).where("id", "=", pool.id).execute();
      await trx.insertInto("thread").values({ subject_type: "pool", subject_id: pool.id, title: pool.code, created_by: viewer.id }).execute();
      await notifyInvites(trx, fx, pool, pending, viewer);
      return { poolId: pool.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ActionError(409, "logistics.error.alreadyPooled", { count: 1 });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding (accept / decline / leave), joining, contact sharing

async function lockPool(trx: Tx, poolId: string) {
  if (!isUuid(poolId)) notFound();
  const p = await trx
    .selectFrom("logistics_pool")
    .select(["id", "code", "status", "coordinator_org_id", "coordinator_id", "version", "return_offer_eur"])
    .where("id", "=", poolId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) notFound();
  return p;
}

/** Live members of a pool (pending or accepted), as the matcher sees them, with their membership. */
async function liveMembers(exec: Executor, poolId: string) {
  const rows = await requestQuery(exec)
    .innerJoin("logistics_pool_member as m", "m.request_id", "r.id")
    .select(["m.label", "m.leg", "m.state", "m.joined", "m.share_contacts"])
    .where("m.pool_id", "=", poolId)
    .where("m.state", "in", [...LIVE])
    .orderBy("m.label")
    .execute();
  return rows;
}

const EDITABLE: PoolStatus[] = ["proposed", "confirmed", "quoted"];

/**
 * The owner of an invited request accepts or declines; the coordinator accepts or declines a request that asked to
 * join; an accepted member may leave before the pool is booked. All under the pool's and the request's row locks, with
 * every hard rule re-checked on accept. A request cancelled meanwhile cannot be accepted (409).
 */
export async function decideMembership(ctx: Ctx, viewer: Viewer, poolId: string, requestId: string, decision: "accept" | "decline"): Promise<void> {
  if (!isUuid(requestId)) notFound();
  await unitOfWork(ctx, async (trx, fx) => {
    const pool = await lockPool(trx, poolId);
    const m = await trx
      .selectFrom("logistics_pool_member as m")
      .innerJoin("logistics_request as r", "r.id", "m.request_id")
      .select(["m.state", "m.joined", "m.leg", "r.organisation_id", "r.status as request_status"])
      .where("m.pool_id", "=", pool.id)
      .where("m.request_id", "=", requestId)
      .executeTakeFirst();
    const own = m?.organisation_id === viewer.orgId;
    // The coordinator rule (its organisation, or the cluster office) asked of the locked pool.
    const poolFacts = { coordinator: pool.coordinator_org_id === viewer.orgId, participant: own, status: pool.status };
    const coordinator = can(viewer, { action: "logistics.pool.coordinate", pool: poolFacts });
    // Who decides: the owner on an invitation (and may always leave); the coordinator on a request that asked to join.
    if (!m || (!own && !(coordinator && m.joined))) notFound();
    await trx.selectFrom("logistics_request").select("id").where("id", "=", requestId).forUpdate().execute();
    if (m.request_status === "cancelled" || m.state === "withdrawn") throw new ActionError(409, "logistics.error.requestCancelled");
    if (pool.status === "cancelled") throw new ActionError(409, "logistics.error.poolCancelled");
    const editable = m.leg === "return" ? [...EDITABLE, "booked", "in_transit"] : EDITABLE;
    if (!editable.includes(pool.status)) throw new ActionError(409, "logistics.error.poolLocked");
    if (m.state === "declined") throw new ActionError(409, "logistics.error.alreadyDecided");
    if (decision === "accept") {
      if (m.state !== "pending") throw new ActionError(409, "logistics.error.alreadyDecided");
      demand(viewer, { action: "logistics.pool.decide", pool: poolFacts, member: { own, joined: m.joined } });
      const rows = await liveMembers(trx, pool.id);
      const out = rows.filter((r) => r.leg === "outbound").map(toMatchRequest);
      if (m.leg === "return") {
        const self = rows.map(toMatchRequest).find((r) => r.id === requestId)!;
        const back = checkBackhaul({ ...self, status: "open" }, { id: pool.id, members: out, returnOfferEur: pool.return_offer_eur });
        if (!back.ok) throw incompatible(back, [...out, self], viewer);
      } else {
        const check = checkGroup(out, { mustBeOpen: new Set() });
        if (!check.ok) throw incompatible(check, out, viewer);
      }
      await trx
        .updateTable("logistics_pool_member")
        .set({ state: "accepted", decided_by: viewer.id, decided_at: sql`now()` })
        .where("pool_id", "=", pool.id)
        .where("request_id", "=", requestId)
        .execute();
      await trx
        .updateTable("logistics_pool")
        .set({ version: sql`version + 1`, updated_at: sql`now()` })
        .where("id", "=", pool.id)
        .execute();
      return settleStatus(trx, fx, pool.id, viewer);
    }
    // Decline (pending) or leave (accepted, before the load is booked).
    await trx
      .updateTable("logistics_pool_member")
      .set({ state: m.state === "pending" ? "declined" : "withdrawn", decided_by: viewer.id, decided_at: sql`now()` })
      .where("pool_id", "=", pool.id)
      .where("request_id", "=", requestId)
      .execute();
    await reopen(trx, [requestId]);
    return reconcilePoolAfterLeave(trx, fx, pool.id, viewer, m.leg);
  });
}

/** Requests leaving a pool become open again, or expired when their pickup window has passed meanwhile. */
async function reopen(trx: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable("logistics_request")
    .set({ status: sql`case when latest_pickup < now() then 'expired' else 'open' end`, version: sql`version + 1`, updated_at: sql`now()` })
    .where("id", "in", ids)
    .where("status", "=", "pooled")
    .execute();
}

/** proposed → confirmed once no decision is pending (and two or more accepted loads remain). */
async function settleStatus(trx: Tx, fx: Effects, poolId: string, viewer: Viewer | null): Promise<void> {
  const p = await trx.selectFrom("logistics_pool").select(["id", "code", "status", "coordinator_id"]).where("id", "=", poolId).executeTakeFirstOrThrow();
  const ms = await trx
    .selectFrom("logistics_pool_member")
    .select(["state", "leg"])
    .where("pool_id", "=", poolId)
    .where("state", "in", [...LIVE])
    .execute();
  const pending = ms.some((m) => m.state === "pending");
  const accepted = ms.filter((m) => m.state === "accepted" && m.leg === "outbound").length;
  if (p.status === "proposed" && !pending && accepted >= POOL_LIMITS.minMembers) {
    await trx
      .updateTable("logistics_pool")
      .set({ status: "confirmed", version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", poolId)
      .execute();
    const coord = p.coordinator_id
      ? await trx
          .selectFrom("logistics_pool_member as m")
          .innerJoin("logistics_request as r", "r.id", "m.request_id")
          .select("r.id")
          .where("m.pool_id", "=", poolId)
          .where("r.created_by", "=", p.coordinator_id)
          .execute()
      : [];
    await notifyPoolStatus(
      trx,
      fx,
      p,
      "confirmed",
      coord.map((r) => r.id),
      viewer,
    );
  }
}

/**
 * After a member left (declined, withdrew, cancelled its request): a pool with fewer than two outbound loads is
 * cancelled and the others' requests reopen; otherwise a quote that no longer fits the load is withdrawn (back to
 * confirmed/proposed). The members left are told through fx.
 */
export async function reconcilePoolAfterLeave(trx: Tx, fx: Effects, poolId: string, viewer: Viewer | null = null, leftLeg: "outbound" | "return" = "outbound"): Promise<void> {
  const p = await trx.selectFrom("logistics_pool").select(["id", "code", "status"]).where("id", "=", poolId).forUpdate().executeTakeFirstOrThrow();
  if (leftLeg === "return") {
    await trx
      .updateTable("logistics_pool")
      .set({ version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", poolId)
      .execute();
    return;
  }
  if (!EDITABLE.includes(p.status)) return;
  const live = await trx
    .selectFrom("logistics_pool_member")
    .select(["request_id", "state", "leg"])
    .where("pool_id", "=", poolId)
    .where("state", "in", [...LIVE])
    .execute();
  const outbound = live.filter((m) => m.leg === "outbound");
  if (outbound.length < POOL_LIMITS.minMembers) {
    await trx
      .updateTable("logistics_pool")
      .set({ status: "cancelled", version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", poolId)
      .execute();
    const ids = live.map((m) => m.request_id);
    if (ids.length) {
      await trx
        .updateTable("logistics_pool_member")
        .set({ state: "withdrawn", decided_at: sql`now()` })
        .where("pool_id", "=", poolId)
        .where("state", "in", [...LIVE])
        .execute();
      await reopen(trx, ids);
    }
    await notifyPoolStatus(trx, fx, p, "cancelled", ids, viewer);
    return;
  }
  if (p.status === "quoted") await clearQuote(trx, poolId);
  const pending = live.some((m) => m.state === "pending");
  const next: PoolStatus = pending ? "proposed" : "confirmed";
  if (p.status !== next)
    await trx
      .updateTable("logistics_pool")
      .set({ status: next, version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", poolId)
      .execute();
}

async function clearQuote(trx: Executor, poolId: string): Promise<void> {
  await trx.deleteFrom("logistics_pool_surcharge").where("pool_id", "=", poolId).execute();
  await trx.updateTable("logistics_pool").set({ quote_amount_eur: null, quote_valid_until: null, quoted_at: null }).where("id", "=", poolId).execute();
}

/** The owner of an open request asks to join a pool's load (while it can change) or its return leg (backhaul). */
export async function joinPool(ctx: Ctx, viewer: Viewer, poolId: string, requestId: string, leg: "outbound" | "return"): Promise<void> {
  if (!isUuid(requestId) || !isUuid(poolId)) notFound();
  try {
    await unitOfWork(ctx, async (trx, fx) => {
      const pool = await lockPool(trx, poolId);
      const [req] = await lockRequests(trx, [requestId]);
      if (!req || req.organisation_id !== viewer.orgId) notFound();
      if (req.status === "pooled") throw new ActionError(409, "logistics.error.alreadyPooled", { count: 1 });
      if (req.status !== "open") throw new ActionError(409, "logistics.error.notOpen");
      const live = await liveMembers(trx, pool.id);
      const out = live.filter((m) => m.leg === "outbound").map(toMatchRequest);
      const [row] = await loadRows(trx, [requestId]);
      const self = toMatchRequest(row);
      if (leg === "outbound") {
        if (pool.status !== "proposed" && pool.status !== "confirmed") throw new ActionError(409, "logistics.error.poolLocked");
        const check = checkGroup([...out, self], { mustBeOpen: new Set([self.id]) });
        if (!check.ok) throw incompatible(check, [...out, self], viewer);
      } else {
        if (!["proposed", "confirmed", "quoted", "booked", "in_transit"].includes(pool.status)) throw new ActionError(409, "logistics.error.poolLocked");
        const back = checkBackhaul(self, { id: pool.id, members: out, returnOfferEur: pool.return_offer_eur, returnTaken: live.some((m) => m.leg === "return") });
        if (!back.ok) throw incompatible(back, [...out, self], viewer);
      }
      const used = await trx.selectFrom("logistics_pool_member").select("label").where("pool_id", "=", pool.id).execute();
      const label = [...LABELS].find((l) => !used.some((u) => u.label === l));
      if (!label) throw new ActionError(409, "logistics.error.poolSize", { min: POOL_LIMITS.minMembers, max: POOL_LIMITS.maxMembers });
      await trx
        .insertInto("logistics_pool_member")
        .values({ pool_id: pool.id, request_id: requestId, label, leg, state: "pending", joined: true })
        .onConflict((oc) => oc.columns(["pool_id", "request_id"]).doUpdateSet({ state: "pending", joined: true, leg, decided_by: null, decided_at: null }))
        .execute();
      await trx
        .updateTable("logistics_request")
        .set({ status: "pooled", version: sql`version + 1`, updated_at: sql`now()` })
        .where("id", "=", requestId)
        .execute();
      if (leg === "outbound" && pool.status === "confirmed")
        await trx
          .updateTable("logistics_pool")
          .set({ status: "proposed", version: sql`version + 1` })
          .where("id", "=", pool.id)
          .execute();
      await notifyJoin(trx, fx, pool, requestId);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ActionError(409, "logistics.error.alreadyPooled", { count: 1 });
    throw err;
  }
}

/** Mutual opt-in: a member's contact (and name) is shown to another member only when both have opted in. */
export async function setContactSharing(ctx: Ctx, viewer: Viewer, poolId: string, share: boolean): Promise<void> {
  if (!isUuid(poolId)) notFound();
  const r = await ctx.db
    .updateTable("logistics_pool_member")
    .set({ share_contacts: share })
    .where("pool_id", "=", poolId)
    .where("state", "in", [...LIVE])
    .where("request_id", "in", (eb) => eb.selectFrom("logistics_request").select("id").where("organisation_id", "=", viewer.orgId))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) notFound();
}

// ---------------------------------------------------------------------------------------------------------------
// Quote and split

export interface QuoteInput {
  amount: string;
  validUntil: Date;
  method: SplitMethod;
  carrierOrgId: string | null;
  carrierName: string;
  returnOffer: string | null;
  surcharges: { kind: SurchargeKind; amount: string; shares: { label: string; weight: number }[] }[];
}

/** Parses the quote form (fixed surcharge rows with one weight field per member label: no JavaScript needed). */
export function parseQuoteForm(
  f: Record<string, string>,
  labels: string[],
  now: Date,
): { ok: true; value: QuoteInput } | { ok: false; error: string; field: string; vars?: Record<string, string | number> } {
  const amount = parseDecimal(f.amount, 2);
  if (amount === null || Number(amount) <= 0 || Number(amount) > 1_000_000) return { ok: false, error: "logistics.error.quoteAmount", field: "amount" };
  const validUntil = parseLocal(f.validUntil);
  if (!validUntil) return { ok: false, error: "logistics.error.datetime", field: "validUntil" };
  if (+validUntil < +now) return { ok: false, error: "logistics.error.quoteValidity", field: "validUntil" };
  if (!(SPLIT_METHODS as readonly string[]).includes(f.method)) return { ok: false, error: "logistics.error.splitMethod", field: "method" };
  const carrierOrgId = f.carrierOrg && f.carrierOrg !== "" ? f.carrierOrg : null;
  if (carrierOrgId !== null && !isUuid(carrierOrgId)) return { ok: false, error: "logistics.error.carrier", field: "carrierOrg" };
  const carrierName = (f.carrierName ?? "").trim().slice(0, 120);
  if (!carrierOrgId && !carrierName) return { ok: false, error: "logistics.error.carrier", field: "carrierName" };
  let returnOffer: string | null = null;
  if (f.returnOffer?.trim()) {
    returnOffer = parseDecimal(f.returnOffer, 2);
    if (returnOffer === null || Number(returnOffer) <= 0) return { ok: false, error: "logistics.error.money", field: "returnOffer" };
  }
  const surcharges: QuoteInput["surcharges"] = [];
  for (let i = 0; i < POOL_LIMITS.surchargeRows; i++) {
    const raw = f[`sc${i}_amount`]?.trim();
    if (!raw) continue;
    const kind = f[`sc${i}_kind`];
    if (!(SURCHARGE_KINDS as readonly string[]).includes(kind)) return { ok: false, error: "logistics.error.surchargeKind", field: `sc${i}` };
    const a = parseDecimal(raw, 2);
    if (a === null || Number(a) <= 0) return { ok: false, error: "logistics.error.surchargeAmount", field: `sc${i}` };
    const shares: { label: string; weight: number }[] = [];
    for (const l of labels) {
      const w = (f[`sc${i}_w_${l}`] ?? "").trim();
      if (!w) continue;
      if (!/^\d{1,4}$/.test(w) || Number(w) < 0 || Number(w) > 1000) return { ok: false, error: "logistics.error.surchargeWeight", field: `sc${i}` };
      if (Number(w) > 0) shares.push({ label: l, weight: Number(w) });
    }
    if (shares.length === 0) return { ok: false, error: "logistics.error.surchargeCauser", field: `sc${i}` };
    surcharges.push({ kind: kind as SurchargeKind, amount: a, shares });
  }
  return { ok: true, value: { amount, validUntil, method: f.method as SplitMethod, carrierOrgId, carrierName, returnOffer, surcharges } };
}

/** Split members of a pool: accepted outbound loads, labelled, with their stand-alone price (stated, else the model). */
function splitMembers(rows: (RequestRow & { label: string })[]) {
  return rows.map((r) => {
    const m = toMatchRequest(r);
    return { requestId: r.id, tieKey: r.label, measures: measures(m), standaloneCents: toCents(String(standaloneEur(m, measures(m), m.orgId))) };
  });
}

async function quoteSurcharges(exec: Executor, poolId: string) {
  const rows = await exec
    .selectFrom("logistics_pool_surcharge as s")
    .innerJoin("logistics_pool_surcharge_share as x", "x.surcharge_id", "s.id")
    .select(["s.id", "s.position", "s.kind", sql<string>`s.amount_eur::text`.as("amount"), "x.request_id", "x.weight"])
    .where("s.pool_id", "=", poolId)
    .orderBy("s.position")
    .orderBy("x.request_id")
    .execute();
  const out = new Map<string, { kind: SurchargeKind; amountCents: bigint; shares: { requestId: string; weight: bigint }[] }>();
  for (const r of rows) {
    const s = out.get(r.id) ?? { kind: r.kind, amountCents: toCents(r.amount), shares: [] };
    s.shares.push({ requestId: r.request_id, weight: BigInt(r.weight) });
    out.set(r.id, s);
  }
  return [...out.values()];
}

export interface StandaloneBlock {
  key: "logistics.error.standaloneFewOrgs" | "logistics.error.standaloneReused";
  vars: Record<string, number>;
}

/**
 * Whether the split in proportion to stand-alone quotes may be used for this split set (the accepted outbound loads),
 * or why not. Under it each member's share is quote × own ÷ Σ stand-alone, so a member that knows the quote learns the
 * sum of the others' confidential prices (ADR 0006): that sum must cover at least two other organisations, and a load's
 * price may enter such a sum over one set of loads only — two sums over different sets (a member left, the load moved
 * to another pool) would give the difference. Depends on membership and history only, never on the prices.
 */
async function standaloneBlock(exec: Executor, poolId: string, set: { id: string; organisation_id: string }[]): Promise<StandaloneBlock | null> {
  if (new Set(set.map((r) => r.organisation_id)).size < POOL_LIMITS.standaloneMinOrgs) return { key: "logistics.error.standaloneFewOrgs", vars: { min: POOL_LIMITS.standaloneMinOrgs } };
  const ids = set.map((r) => r.id);
  const used = await exec
    .selectFrom("logistics_pool_member")
    .select(["pool_id", "request_id"])
    .where("standalone_split", "=", true)
    .where((eb) => eb.or([eb("pool_id", "=", poolId), eb("request_id", "in", ids)]))
    .execute();
  const here = new Set(used.filter((u) => u.pool_id === poolId).map((u) => u.request_id));
  const sameSet = here.size === 0 || (here.size === ids.length && ids.every((id) => here.has(id)));
  if (!sameSet || used.some((u) => u.pool_id !== poolId)) return { key: "logistics.error.standaloneReused", vars: {} };
  return null;
}

/** The quote form as sent (its first value per field) → parsed against the pool's accepted loads and stored. */
export async function quotePool(ctx: Ctx, viewer: Viewer, access: PoolAccess, values: Record<string, string>, version: number): Promise<void> {
  demand(viewer, { action: "logistics.pool.coordinate", pool: access.facts });
  const view = await loadPoolView(ctx.db, viewer, access, viewer.locale);
  const labels = view.members.filter((m) => m.leg === "outbound" && m.state === "accepted").map((m) => m.label);
  const parsed = parseQuoteForm(values, labels, new Date());
  if (!parsed.ok) throw new ActionError(400, parsed.error, parsed.vars ?? {}, parsed.field);
  await setQuote(ctx, viewer, access, parsed.value, version);
}

/** Enters (or replaces) the carrier's quote; every member's share is computed and each owner hears its own. */
export async function setQuote(ctx: Ctx, viewer: Viewer, access: PoolAccess, input: QuoteInput, version: number): Promise<void> {
  demand(viewer, { action: "logistics.pool.coordinate", pool: access.facts });
  await unitOfWork(ctx, async (trx, fx) => {
    const pool = await lockPool(trx, access.pool.id);
    if (pool.version !== version) throw new ActionError(409, "logistics.error.stale");
    if (pool.status !== "confirmed" && pool.status !== "quoted") throw new ActionError(409, "logistics.error.quoteState");
    if (input.carrierOrgId) {
      const c = await trx.selectFrom("organisation").select("id").where("id", "=", input.carrierOrgId).where("status", "=", "approved").where("legal_type", "=", "service_provider").executeTakeFirst();
      if (!c) throw new ActionError(400, "logistics.error.carrier", {}, "carrierOrg");
    }
    const live = (await liveMembers(trx, pool.id)).filter((m) => m.leg === "outbound" && m.state === "accepted");
    if (input.method === "standalone") {
      const block = await standaloneBlock(trx, pool.id, live);
      if (block) throw new ActionError(409, block.key, block.vars, "method");
    }
    const byLabel = new Map(live.map((m) => [m.label, m.id]));
    const members = splitMembers(live);
    const surcharges = input.surcharges.map((s) => ({
      kind: s.kind,
      amountCents: toCents(s.amount),
      shares: s.shares.map((x) => ({ requestId: byLabel.get(x.label) ?? "", weight: BigInt(x.weight) })),
    }));
    let split: SplitResult;
    try {
      split = splitQuote({ totalCents: toCents(input.amount), method: input.method, members, surcharges });
    } catch (e) {
      if (e instanceof SplitError) throw new ActionError(400, e.key, {}, "amount");
      throw e;
    }
    await trx.deleteFrom("logistics_pool_surcharge").where("pool_id", "=", pool.id).execute();
    for (const [i, s] of input.surcharges.entries()) {
      const { id } = await trx.insertInto("logistics_pool_surcharge").values({ pool_id: pool.id, position: i, kind: s.kind, amount_eur: s.amount }).returning("id").executeTakeFirstOrThrow();
      await trx
        .insertInto("logistics_pool_surcharge_share")
        .values(s.shares.map((x) => ({ surcharge_id: id, request_id: byLabel.get(x.label)!, weight: x.weight })))
        .execute();
    }
    const next = pool.version + 1;
    await trx
      .updateTable("logistics_pool")
      .set({
        status: "quoted",
        quote_amount_eur: input.amount,
        quote_valid_until: input.validUntil,
        quoted_at: sql`now()`,
        split_method: input.method,
        carrier_org_id: input.carrierOrgId,
        carrier_name: input.carrierName,
        return_offer_eur: input.returnOffer,
        version: next,
        updated_at: sql`now()`,
      })
      .where("id", "=", pool.id)
      .execute();
    if (input.method === "standalone")
      await trx
        .updateTable("logistics_pool_member")
        .set({ standalone_split: true })
        .where("pool_id", "=", pool.id)
        .where(
          "request_id",
          "in",
          live.map((m) => m.id),
        )
        .execute();
    const shares = new Map(split.lines.map((l) => [l.requestId, centsToDecimal(l.totalCents)]));
    await notifyQuoted(trx, fx, { id: pool.id, code: pool.code, version: next }, shares, input.validUntil);
  });
}

const NEXT: Partial<Record<PoolStatus, PoolStatus>> = { quoted: "booked", booked: "in_transit", in_transit: "delivered", delivered: "closed" };

/** quoted → booked → in_transit → delivered → closed (coordinator), moving the accepted requests along. */
export async function advancePool(ctx: Ctx, viewer: Viewer, access: PoolAccess, to: PoolStatus, version: number): Promise<void> {
  demand(viewer, { action: "logistics.pool.coordinate", pool: access.facts });
  await unitOfWork(ctx, async (trx, fx) => {
    const pool = await lockPool(trx, access.pool.id);
    if (pool.version !== version) throw new ActionError(409, "logistics.error.stale");
    if (NEXT[pool.status] !== to) throw new ActionError(409, "logistics.error.transition", { from: pool.status, to });
    if (to === "booked") {
      const q = await trx.selectFrom("logistics_pool").select(["quote_valid_until", "quote_amount_eur"]).where("id", "=", pool.id).executeTakeFirstOrThrow();
      if (!q.quote_amount_eur || !q.quote_valid_until || +new Date(q.quote_valid_until) < Date.now()) throw new ActionError(409, "logistics.error.quoteExpired");
      if ((await liveMembers(trx, pool.id)).some((m) => m.state === "pending")) throw new ActionError(409, "logistics.error.pendingMembers");
    }
    await trx
      .updateTable("logistics_pool")
      .set({ status: to, version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", pool.id)
      .execute();
    const ids = (await trx.selectFrom("logistics_pool_member").select("request_id").where("pool_id", "=", pool.id).where("state", "=", "accepted").execute()).map((r) => r.request_id);
    if (ids.length)
      await trx
        .updateTable("logistics_request")
        .set({ status: to as "booked" | "in_transit" | "delivered" | "closed", version: sql`version + 1`, updated_at: sql`now()` })
        .where("id", "in", ids)
        .execute();
    await notifyPoolStatus(trx, fx, pool, to, ids, viewer);
  });
}

/** The coordinator cancels a pool before it is booked; its requests reopen. */
export async function cancelPool(ctx: Ctx, viewer: Viewer, access: PoolAccess, version: number): Promise<void> {
  demand(viewer, { action: "logistics.pool.coordinate", pool: access.facts });
  await unitOfWork(ctx, async (trx, fx) => {
    const pool = await lockPool(trx, access.pool.id);
    if (pool.version !== version) throw new ActionError(409, "logistics.error.stale");
    if (!EDITABLE.includes(pool.status)) throw new ActionError(409, "logistics.error.poolLocked");
    const live = await trx
      .selectFrom("logistics_pool_member")
      .select("request_id")
      .where("pool_id", "=", pool.id)
      .where("state", "in", [...LIVE])
      .execute();
    const ids = live.map((m) => m.request_id);
    await trx
      .updateTable("logistics_pool")
      .set({ status: "cancelled", version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", pool.id)
      .execute();
    if (ids.length) {
      await trx
        .updateTable("logistics_pool_member")
        .set({ state: "withdrawn", decided_by: viewer.id, decided_at: sql`now()` })
        .where("pool_id", "=", pool.id)
        .where("state", "in", [...LIVE])
        .execute();
      await reopen(trx, ids);
    }
    await notifyPoolStatus(trx, fx, pool, "cancelled", ids, viewer);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The pool page, per viewer

export interface PoolMemberView {
  label: string;
  leg: "outbound" | "return";
  state: "pending" | "accepted";
  joined: boolean;
  mine: boolean;
  /** Only for the owner, the coordinator and admins. */
  requestId: string | null;
  from: Area;
  to: Area;
  places: number;
  tempClass: MatchRequest["tempClass"];
  earliestPickup: string;
  latestPickup: string;
  /** Logistics facts (coordinator, admins, owner) — never goods, values, consignees or contacts. */
  view: RequestView | null;
  /** Organisation and contact, only when both sides opted in (or for the owner itself). */
  contact: { orgName: string; contact: string } | null;
  shareContacts: boolean | null;
  share: ShareView | null;
}

export interface ShareView {
  weight: number;
  /** null when the total would reveal a sum of others' confidential stand-alone quotes (stand-alone split). */
  weightTotal: number | null;
  linehaul: string;
  surcharges: { kind: SurchargeKind; amount: string }[];
  total: string;
  /** Own share only: the saving against the member's own stand-alone quote (stated, else the model). */
  standalone: string | null;
  saving: string | null;
}

export interface PoolView {
  id: string;
  code: string;
  status: PoolStatus;
  version: number;
  createdAt: string;
  from: Area;
  to: Area;
  earliestPickup: string;
  latestPickup: string;
  latestDelivery: string;
  vehicle: { kind: "standard" | "reefer"; places: number; kg: number; ldm: number };
  used: { places: number; kg: number; ldm: number };
  carrier: string | null;
  quote: { amount: string | null; validUntil: string | null; method: SplitMethod; returnOffer: string | null; carrierOrgId: string | null; carrierName: string } | null;
  members: PoolMemberView[];
  check: { ok: boolean; reasons: string[]; warnings: string[]; blockers: string[] };
  surcharges: { kind: SurchargeKind; amount: string; shares: { label: string; weight: number }[] }[] | null;
  /** Totals per method for the coordinator's comparison (label → total), when quoted: only the methods whose inputs the
   * viewer may see (the stand-alone split's per-member totals are the cluster office's only). */
  methods: { method: SplitMethod; totals: { label: string; total: string }[] }[] | null;
  /** Other members' shares are withheld from this viewer: the quote is split by confidential stand-alone quotes. */
  sharesWithheld: boolean;
  /** For the coordinator: whether the stand-alone split may be chosen for the current loads, or why not. */
  standaloneSplit: { available: true } | { available: false; reason: StandaloneBlock["key"]; vars: Record<string, number> } | null;
  mine: { requestId: string; label: string; state: "pending" | "accepted"; joined: boolean; shareContacts: boolean }[];
}

export async function loadPoolView(exec: Executor, viewer: Viewer, access: PoolAccess, locale: Locale): Promise<PoolView> {
  const { pool } = access;
  const rows = await liveMembers(exec, pool.id);
  const outboundRows = rows.filter((r) => r.leg === "outbound");
  const ms = rows.map(toMatchRequest);
  const out = outboundRows.map(toMatchRequest);
  const check = out.length ? checkGroup(out, { mustBeOpen: new Set(), quotesOf: viewer.orgId }) : null;
  const mineIds = new Set(rows.filter((r) => r.organisation_id === viewer.orgId).map((r) => r.id));
  const myShare = rows.some((r) => mineIds.has(r.id) && r.share_contacts);
  const admin = viewer.clusterRole === "admin";

  // Who may see which per-member figures (ADR 0006, "Who may compute what"): load-based splits use only logistics facts
  // the coordinator sees anyway; the stand-alone split derives from confidential prices, so other members' figures of
  // it are the cluster office's only — everyone else gets its own share and nothing that varies with another's price.
  const visible = (method: SplitMethod) => method !== "standalone" || access.may.standaloneShares;
  const sharesWithheld = access.may.allShares && !visible(pool.split_method);

  // Split (when quoted or later): computed from the stored quote, exactly as when it was entered.
  let split: SplitResult | null = null;
  let surchargeRows: Awaited<ReturnType<typeof quoteSurcharges>> = [];
  let methods: PoolView["methods"] = null;
  const accepted = outboundRows.filter((r) => r.state === "accepted");
  if (pool.quote_amount_eur && accepted.length) {
    surchargeRows = await quoteSurcharges(exec, pool.id);
    const members = splitMembers(accepted);
    split = splitQuote({ totalCents: toCents(pool.quote_amount_eur), method: pool.split_method, members, surcharges: surchargeRows });
    if (access.may.allShares)
      methods = SPLIT_METHODS.filter(visible).map((method) => ({
        method,
        totals: splitQuote({ totalCents: toCents(pool.quote_amount_eur!), method, members, surcharges: surchargeRows }).lines.map((l) => ({
          label: accepted.find((a) => a.id === l.requestId)!.label,
          total: centsToDecimal(l.totalCents),
        })),
      }));
  }
  const labelOf = new Map(rows.map((r) => [r.id, r.label]));
  const shareOf = (id: string, own: boolean): ShareView | null => {
    const row = rows.find((r) => r.id === id)!;
    if (row.leg === "return") {
      if (!pool.return_offer_eur) return null;
      return { weight: 0, weightTotal: 0, linehaul: pool.return_offer_eur, surcharges: [], total: pool.return_offer_eur, standalone: null, saving: null };
    }
    const line: SplitLine | undefined = split?.lines.find((l) => l.requestId === id);
    if (!line || !split) return null;
    const m = toMatchRequest(row);
    const standalone = own ? standaloneEur(m, measures(m), m.orgId) : null;
    return {
      weight: milliOrCents(split.method, line.weight),
      weightTotal: visible(split.method)
        ? milliOrCents(
            split.method,
            split.lines.reduce((s, l) => s + l.weight, 0n),
          )
        : null,
      linehaul: centsToDecimal(line.linehaulCents),
      surcharges: line.surcharges.map((s) => ({ kind: s.kind, amount: centsToDecimal(s.cents) })),
      total: centsToDecimal(line.totalCents),
      standalone: standalone !== null ? centsToDecimal(toCents(String(standalone))) : null,
      saving: standalone !== null ? centsToDecimal(toCents(String(standalone)) - line.totalCents) : null,
    };
  };

  const members: PoolMemberView[] = rows.map((r) => {
    const m = toMatchRequest(r);
    const own = mineIds.has(r.id);
    const perspective = own ? "own" : admin ? "admin" : access.facts.coordinator ? "coordinator" : null;
    const mutual = !own && myShare && r.share_contacts;
    return {
      label: r.label,
      leg: r.leg,
      state: r.state as "pending" | "accepted",
      joined: r.joined,
      mine: own,
      requestId: perspective ? r.id : null,
      from: areaOf(m.origin),
      to: areaOf(m.destination),
      places: milliToNumber(measures(m).placesMilli),
      tempClass: m.tempClass,
      earliestPickup: new Date(r.earliest_pickup).toISOString(),
      latestPickup: new Date(r.latest_pickup).toISOString(),
      view: perspective ? projectRequest(r, m, perspective) : null,
      contact: own || mutual ? { orgName: r.org_name, contact: r.contact } : null,
      shareContacts: own ? r.share_contacts : null,
      share: own || (access.may.allShares && visible(pool.split_method)) ? shareOf(r.id, own) : null,
    };
  });

  const all = out.length ? out : ms;
  const first = [...all].sort((a, b) => a.earliestPickup - b.earliestPickup)[0];
  const far = check?.vehicle;
  const renderAll = (ns: { key: string }[]) => ns.map((n) => renderNote(n as never, locale, viewer.orgId, owners(ms)));
  return {
    id: pool.id,
    code: pool.code,
    status: pool.status,
    version: pool.version,
    createdAt: new Date(pool.created_at).toISOString(),
    from: areaOf(first.origin),
    to: areaOf([...all].sort((a, b) => b.latestDelivery - a.latestDelivery)[0].destination),
    earliestPickup: new Date(Math.max(...all.map((m) => m.earliestPickup))).toISOString(),
    latestPickup: new Date(Math.min(...all.map((m) => m.latestPickup))).toISOString(),
    latestDelivery: new Date(Math.max(...all.map((m) => m.latestDelivery))).toISOString(),
    vehicle: far ? { kind: far.kind, places: far.places, kg: far.kg, ldm: far.ldm } : { kind: "standard", places: 33, kg: 24000, ldm: 13.6 },
    used: check ? { places: check.totals.places, kg: check.totals.kg, ldm: check.totals.ldm } : { places: 0, kg: 0, ldm: 0 },
    carrier: pool.carrier_org_name ?? (pool.carrier_name || null),
    quote:
      pool.quote_amount_eur || pool.return_offer_eur
        ? {
            amount: access.may.allShares ? pool.quote_amount_eur : null,
            validUntil: pool.quote_valid_until ? new Date(pool.quote_valid_until).toISOString() : null,
            method: pool.split_method,
            returnOffer: pool.return_offer_eur,
            carrierOrgId: access.may.coordinate ? pool.carrier_org_id : null,
            carrierName: access.may.coordinate ? pool.carrier_name : "",
          }
        : null,
    members,
    check: check
      ? { ok: check.ok, reasons: renderAll(check.reasons), warnings: renderAll(check.warnings), blockers: renderAll(check.blockers) }
      : { ok: false, reasons: [], warnings: [], blockers: [] },
    surcharges: access.may.allShares
      ? surchargeRows.map((s) => ({
          kind: s.kind,
          amount: centsToDecimal(s.amountCents),
          shares: s.shares.map((x) => ({ label: labelOf.get(x.requestId) ?? "?", weight: Number(x.weight) })),
        }))
      : null,
    methods,
    sharesWithheld,
    standaloneSplit: access.may.coordinate ? await standaloneSplitState(exec, pool.id, accepted) : null,
    mine: rows.filter((r) => mineIds.has(r.id)).map((r) => ({ requestId: r.id, label: r.label, state: r.state as "pending" | "accepted", joined: r.joined, shareContacts: r.share_contacts })),
  };
}

async function standaloneSplitState(exec: Executor, poolId: string, set: { id: string; organisation_id: string }[]): Promise<PoolView["standaloneSplit"]> {
  const block = await standaloneBlock(exec, poolId, set);
  return block ? { available: false, reason: block.key, vars: block.vars } : { available: true };
}

function milliOrCents(method: SplitMethod, v: bigint): number {
  return method === "standalone" ? Number(v) / 100 : milliToNumber(v);
}

/** Logistics providers among the member organisations (the carrier picker). */
export async function carrierOrgs(exec: Executor): Promise<{ id: string; name: string }[]> {
  return exec.selectFrom("organisation").select(["id", "name"]).where("legal_type", "=", "service_provider").where("status", "=", "approved").orderBy("name").limit(50).execute();
}

/** Pools of my organisation (as participant or coordinator), newest first. */
export async function listMyPools(exec: Executor, viewer: Viewer) {
  return exec
    .selectFrom("logistics_pool as p")
    .select(["p.id", "p.code", "p.status", "p.created_at", sql<boolean>`p.coordinator_org_id = ${viewer.orgId}`.as("coordinator")])
    .where((eb) =>
      eb.or([
        eb("p.coordinator_org_id", "=", viewer.orgId),
        eb.exists(
          eb
            .selectFrom("logistics_pool_member as m")
            .innerJoin("logistics_request as r", "r.id", "m.request_id")
            .select("m.pool_id")
            .whereRef("m.pool_id", "=", "p.id")
            .where("m.state", "in", [...LIVE])
            .where("r.organisation_id", "=", viewer.orgId),
        ),
      ]),
    )
    .orderBy("p.created_at", "desc")
    .limit(50)
    .execute();
}
