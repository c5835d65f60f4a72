import { sql } from "kysely";
import { z } from "zod";
import type { AppContext, Executor } from "~/context";
import type { CampaignStatus, CampaignType, DeliverableStatus, ParticipantStatus } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { decodeCursor, keysetPage } from "~/lib/cursor.server";
import { centsToDecimal, parseDecimal } from "~/lib/money";
import { addDays, todayIn } from "~/lib/zoned-time";
import { normaliseDate, parseDateInput } from "~/lib/date-input";
import { unitOfWork } from "~/modules/effects/unit-of-work.server";
import { activePeople, orgAdmins, peopleByIds } from "~/modules/notifications/tell.server";
import { demand, notFound } from "~/modules/policy/authorize.server";
import type { CampaignAccess } from "./access.server";
import { searchKey, slugify } from "~/modules/text";
import { revokeThreadRooms } from "~/modules/threads/threads.server";
import { CAMPAIGN_LIMITS, CAMPAIGN_STATUSES, CAMPAIGN_TYPES, DEFAULT_RATES_BP, DELIVERABLE_STATUSES, parseMarkets, ISO_COUNTRIES } from "./constants";
import { bpToPercent } from "./ledger";
import { recomputeLedger } from "./ledger.server";
import { standAllocation } from "./allocation.server";

export type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;
type Label = { lv: string; en: string };

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2000-01-01" && s <= "2100-12-31";
}

// ---------------------------------------------------------------------------------------------------------------
// Input

const oneLine = (max: number, required: string) =>
  z
    .string()
    .trim()
    .min(1, required)
    .max(max, "campaigns.error.tooLong")
    .regex(/^[^\r\n<>\u0000-\u001f]*$/, "campaigns.error.fieldInvalid");
const longText = (max: number) =>
  z
    .string()
    .max(max, "campaigns.error.tooLong")
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), "campaigns.error.fieldInvalid");
// Typed in the page's format (14.10.2026., 14/10/2026) or ISO → ISO (~/lib/date-input).
const date = z.preprocess(normaliseDate, z.string().trim().refine(isIsoDate, "campaigns.error.dateInvalid"));

export const CampaignInputSchema = z
  .object({
    titleLv: oneLine(CAMPAIGN_LIMITS.titleMax, "campaigns.error.titleRequired"),
    titleEn: oneLine(CAMPAIGN_LIMITS.titleMax, "campaigns.error.titleRequired"),
    descriptionLv: longText(CAMPAIGN_LIMITS.descriptionMax).default(""),
    descriptionEn: longText(CAMPAIGN_LIMITS.descriptionMax).default(""),
    type: z.enum(CAMPAIGN_TYPES as [CampaignType, ...CampaignType[]], { message: "campaigns.error.typeInvalid" }),
    markets: z
      .string()
      .max(400, "campaigns.error.marketsInvalid")
      .default("")
      .transform((s, ctx) => {
        const { codes, invalid } = parseMarkets(s);
        if (invalid.length) ctx.addIssue({ code: "custom", message: "campaigns.error.marketsInvalid", params: { codes: invalid.join(", ") } });
        if (codes.length > CAMPAIGN_LIMITS.marketsMax) ctx.addIssue({ code: "custom", message: "campaigns.error.marketsTooMany" });
        return codes;
      }),
    startsOn: date,
    endsOn: date,
    applicationDeadline: date,
    city: z
      .string()
      .trim()
      .max(CAMPAIGN_LIMITS.placeMax, "campaigns.error.tooLong")
      .regex(/^[^\r\n<>\u0000-\u001f]*$/, "campaigns.error.fieldInvalid")
      .default(""),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .default("")
      .refine((c) => c === "" || ISO_COUNTRIES.has(c), "campaigns.error.countryInvalid"),
    maxOrgs: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, "campaigns.error.maxOrgsInvalid")
      .transform(Number)
      .refine((n) => n >= 1 && n <= CAMPAIGN_LIMITS.maxOrgsMax, "campaigns.error.maxOrgsInvalid"),
    standArea: z
      .string()
      .default("")
      .transform((s, ctx) => {
        if (s.trim() === "") return null;
        const r = parseDecimal(s, 2, 10_000_000n);
        if (!r.ok) {
          ctx.addIssue({ code: "custom", message: r.error === "negative" ? "campaigns.error.areaNegative" : "campaigns.error.areaInvalid" });
          return null;
        }
        return centsToDecimal(r.value);
      }),
    coordinatorId: z.string().default(""),
    reminderDays: z
      .string()
      .trim()
      .default("3")
      .refine((s) => /^\d{1,2}$/.test(s) && Number(s) <= CAMPAIGN_LIMITS.reminderDaysMax, "campaigns.error.reminderDaysInvalid")
      .transform(Number),
  })
  .superRefine((v, ctx) => {
    if (isIsoDate(v.startsOn) && isIsoDate(v.endsOn) && v.startsOn > v.endsOn) {
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "campaigns.error.datesOrder" });
    }
    if (isIsoDate(v.applicationDeadline) && isIsoDate(v.startsOn) && v.applicationDeadline > v.startsOn) {
      ctx.addIssue({ code: "custom", path: ["applicationDeadline"], message: "campaigns.error.deadlineAfterStart" });
    }
  });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

/** A participant's needs when applying (and as the coordinator edits them). */
export function parseNeeds(raw: Record<string, unknown>): { area: string; delegates: number; products: string; note: string } {
  const areaRaw = typeof raw.area === "string" && raw.area.trim() !== "" ? raw.area : "0";
  const area = parseDecimal(areaRaw, 2, 10_000_000n);
  if (!area.ok) throw new ActionError(400, area.error === "negative" ? "campaigns.error.areaNegative" : "campaigns.error.areaInvalid", {}, "area");
  const d = typeof raw.delegates === "string" ? raw.delegates.trim() : "0";
  if (!/^\d{1,4}$/.test(d || "0") || Number(d || 0) > CAMPAIGN_LIMITS.delegatesMax) {
    throw new ActionError(400, /^-/.test(d) ? "campaigns.error.delegatesNegative" : "campaigns.error.delegatesInvalid", {}, "delegates");
  }
  const text = (k: string) => {
    const v = typeof raw[k] === "string" ? (raw[k] as string).replace(/\r\n?/g, "\n").trim() : "";
    if (v.length > CAMPAIGN_LIMITS.textMax) throw new ActionError(400, "campaigns.error.tooLong", {}, k);
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) throw new ActionError(400, "campaigns.error.fieldInvalid", {}, k);
    return v;
  };
  return { area: centsToDecimal(area.value), delegates: Number(d || 0), products: text("products"), note: text("note") };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** The coordinator and cluster admins run a campaign (policy rule campaign.manage, its own reason). */
function demandManage(viewer: Viewer, a: CampaignAccess): void {
  demand(viewer, { action: "campaign.manage", campaign: a.facts });
}

/** Locks the campaign row for the rest of the transaction (serialises capacity checks and ledger versions). */
export async function lockCampaign(trx: Executor, campaignId: string) {
  const r = await sql<{ status: CampaignStatus; max_orgs: number; application_deadline: string; coordinator_id: string; title_lv: string; title_en: string; slug: string; thread_id: string | null }>`
    select status, max_orgs, application_deadline::text as application_deadline, coordinator_id, title_lv, title_en, slug, thread_id
    from campaign where id = ${campaignId} for update`.execute(trx);
  const row = r.rows[0];
  if (!row) notFound();
  return row;
}

const RESERVED_SLUGS = new Set(["new"]);

async function freeSlug(exec: Executor, base: string, exceptId?: string): Promise<string> {
  const root = (base || "kampana").slice(0, 70);
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 && !RESERVED_SLUGS.has(root) ? root : `${root}-${n}`;
    const taken = await exec
      .selectFrom("campaign")
      .select("id")
      .where("slug", "=", slug)
      .$if(!!exceptId, (q) => q.where("id", "!=", exceptId!))
      .executeTakeFirst();
    if (!taken) return slug;
  }
  throw new Error("no free slug");
}

function labelOf(c: { title_lv: string; title_en: string }): Label {
  return { lv: c.title_lv, en: c.title_en };
}

async function orgName(exec: Executor, orgId: string): Promise<string> {
  const o = await exec.selectFrom("organisation").select("name").where("id", "=", orgId).executeTakeFirst();
  return o?.name ?? "";
}

async function checkCoordinator(exec: Executor, viewer: Viewer, id: string): Promise<string> {
  const coordinatorId = id || viewer.id;
  if (!isUuid(coordinatorId)) throw new ActionError(400, "campaigns.error.coordinatorInvalid", {}, "coordinatorId");
  const p = await activePeople(exec).select("p.cluster_role").where("p.id", "=", coordinatorId).executeTakeFirst();
  if (!p || (p.cluster_role !== "admin" && p.cluster_role !== "organiser")) {
    throw new ActionError(400, "campaigns.error.coordinatorInvalid", {}, "coordinatorId");
  }
  return coordinatorId;
}

/** People who may coordinate a campaign (organisers and cluster admins), for the form's choice. */
export async function coordinatorChoices(exec: Executor) {
  return activePeople(exec)
    .innerJoin("organisation as org", "org.id", "p.organisation_id")
    .select(["org.name as org"])
    .where("p.cluster_role", "in", ["admin", "organiser"])
    .orderBy("p.name")
    .limit(500)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Create and edit

/** Organisers and admins create a campaign as a draft; it gets its discussion thread and default support rates. */
export async function createCampaign(ctx: Ctx, viewer: Viewer, input: CampaignInput): Promise<{ id: string; slug: string }> {
  demand(viewer, { action: "campaign.create" });
  const coordinatorId = await checkCoordinator(ctx.db, viewer, input.coordinatorId);
  return ctx.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, slugify(input.titleLv) || slugify(input.titleEn));
    const c = await trx
      .insertInto("campaign")
      .values({
        slug,
        title_lv: input.titleLv,
        title_en: input.titleEn,
        description_lv: input.descriptionLv,
        description_en: input.descriptionEn,
        type: input.type,
        target_markets: input.markets,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        application_deadline: input.applicationDeadline,
        city: input.city,
        country: input.country,
        coordinator_id: coordinatorId,
        max_orgs: input.maxOrgs,
        stand_area_m2: input.standArea,
        reminder_days: input.reminderDays,
        search_key: searchKey(input.titleLv, input.titleEn, input.city),
        created_by: viewer.id,
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    const thread = await trx.insertInto("thread").values({ subject_type: "campaign", subject_id: c.id, title: input.titleLv, created_by: viewer.id }).returning("id").executeTakeFirstOrThrow();
    await trx.updateTable("campaign").set({ thread_id: thread.id }).where("id", "=", c.id).execute();
    await trx
      .insertInto("campaign_rate")
      .values(Object.entries(DEFAULT_RATES_BP).map(([category, bp]) => ({ campaign_id: c.id, category: category as "sme", rate_pct: bpToPercent(bp) })))
      .execute();
    await trx.insertInto("campaign_status_change").values({ campaign_id: c.id, from_status: null, to_status: "draft", changed_by: viewer.id }).execute();
    return c;
  });
}

export async function updateCampaign(ctx: Ctx, viewer: Viewer, a: CampaignAccess, input: CampaignInput): Promise<{ slug: string }> {
  const campaignId = a.campaign.id;
  demandManage(viewer, a);
  const coordinatorId = await checkCoordinator(ctx.db, viewer, input.coordinatorId || a.campaign.coordinator_id);
  return ctx.db.transaction().execute(async (trx) => {
    await lockCampaign(trx, campaignId);
    const accepted = await countAccepted(trx, campaignId);
    if (input.maxOrgs < accepted) throw new ActionError(400, "campaigns.error.maxBelowAccepted", { count: accepted }, "maxOrgs");
    await trx
      .updateTable("campaign")
      .set({
        title_lv: input.titleLv,
        title_en: input.titleEn,
        description_lv: input.descriptionLv,
        description_en: input.descriptionEn,
        type: input.type,
        target_markets: input.markets,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        application_deadline: input.applicationDeadline,
        city: input.city,
        country: input.country,
        coordinator_id: coordinatorId,
        max_orgs: input.maxOrgs,
        stand_area_m2: input.standArea,
        reminder_days: input.reminderDays,
        search_key: searchKey(input.titleLv, input.titleEn, input.city),
        updated_at: sql`now()`,
      })
      .where("id", "=", campaignId)
      .execute();
    return { slug: a.campaign.slug };
  });
}

async function countAccepted(exec: Executor, campaignId: string): Promise<number> {
  const r = await exec
    .selectFrom("campaign_participant")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "accepted")
    .executeTakeFirstOrThrow();
  return r.n;
}

// ---------------------------------------------------------------------------------------------------------------
// Status workflow

/**
 * Moves the campaign one stage along the workflow (or cancels it). Skipping a stage is refused. Each change is
 * recorded (who, when, from, to, note), and the organisations that applied or take part are told in-app and by email.
 */
export async function changeStatus(ctx: Ctx, viewer: Viewer, a: CampaignAccess, toRaw: unknown, noteRaw: unknown): Promise<CampaignStatus> {
  const campaignId = a.campaign.id;
  demandManage(viewer, a);
  if (typeof toRaw !== "string" || !(CAMPAIGN_STATUSES as readonly string[]).includes(toRaw)) throw new ActionError(400, "campaigns.error.statusInvalid", {}, "status");
  const to = toRaw as CampaignStatus;
  const note = typeof noteRaw === "string" ? noteRaw.trim() : "";
  if (note.length > 500) throw new ActionError(400, "campaigns.error.tooLong", {}, "note");
  await unitOfWork(ctx, async (trx, fx) => {
    const c = await lockCampaign(trx, campaignId);
    const from = c.status;
    // The campaign.status.change rule, on the state under the row lock.
    demand(viewer, {
      action: "campaign.status.change",
      campaign: { ...a.facts, status: from },
      to,
      deadlinePassed: c.application_deadline < todayIn(),
      accepted: await countAccepted(trx, campaignId),
      overAllocated: (await standAllocation(trx, campaignId)).over,
    });
    await trx
      .updateTable("campaign")
      .set({ status: to, updated_at: sql`now()` })
      .where("id", "=", campaignId)
      .execute();
    const change = await trx
      .insertInto("campaign_status_change")
      .values({ campaign_id: campaignId, from_status: from, to_status: to, note, changed_by: viewer.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = await trx
      .selectFrom("campaign_participant")
      .select(["organisation_id", "applied_by"])
      .where("campaign_id", "=", campaignId)
      .where("status", "in", ["applied", "accepted", "waitlisted"])
      .execute();
    const people = [
      ...(await orgAdmins(
        trx,
        rows.map((r) => r.organisation_id),
      )),
      ...(await peopleByIds(
        trx,
        rows.map((r) => r.applied_by),
      )),
    ];
    const payload = { campaign: labelOf(c), href: `/campaigns/${c.slug}`, from, to, note };
    await fx.tell({ kind: "campaign_status", to: people, except: viewer.id, key: `campaign-status:${change.id}`, payload, mail: { template: "campaign_status" } });
  });
  return to;
}

export async function statusHistory(exec: Executor, campaignId: string) {
  const rows = await exec
    .selectFrom("campaign_status_change as s")
    .leftJoin("person as p", "p.id", "s.changed_by")
    .select(["s.id", "s.from_status", "s.to_status", "s.note", "s.created_at", "p.name as by"])
    .where("s.campaign_id", "=", campaignId)
    .orderBy("s.created_at")
    .orderBy("s.id")
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, from: r.from_status, to: r.to_status, note: r.note, by: r.by, at: new Date(r.created_at).toISOString() }));
}

// ---------------------------------------------------------------------------------------------------------------
// Participants

/**
 * An organisation's admin applies for it during recruiting, before the deadline. When the campaign already has as
 * many accepted organisations as it may take, the application goes on the waiting list.
 */
export async function applyToCampaign(ctx: Ctx, viewer: Viewer, a: CampaignAccess, raw: Record<string, unknown>): Promise<ParticipantStatus> {
  const campaignId = a.campaign.id;
  // Who may apply, and in which state, is the campaign.apply rule (its reasons and statuses); the deadline is a date.
  demand(viewer, { action: "campaign.apply", campaign: a.facts });
  if (a.campaign.application_deadline < todayIn()) throw new ActionError(400, "campaigns.error.deadlinePassed");
  const needs = parseNeeds(raw);
  return unitOfWork(ctx, async (trx, fx) => {
    const c = await lockCampaign(trx, campaignId);
    const existing = await trx.selectFrom("campaign_participant").select(["id", "status"]).where("campaign_id", "=", campaignId).where("organisation_id", "=", viewer.orgId).executeTakeFirst();
    // The same rule again under the row lock, on the state as it is now (a second submit, a status change between).
    demand(viewer, { action: "campaign.apply", campaign: { ...a.facts, status: c.status, participant: existing?.status ?? null } });
    if (c.application_deadline < todayIn()) throw new ActionError(400, "campaigns.error.deadlinePassed");
    const full = (await countAccepted(trx, campaignId)) >= c.max_orgs;
    const status: ParticipantStatus = full ? "waitlisted" : "applied";
    const values = {
      status,
      stand_area_m2: needs.area,
      delegates: needs.delegates,
      products: needs.products,
      note: needs.note,
      applied_by: viewer.id,
      applied_at: new Date(),
      decided_by: null,
      decided_at: null,
      withdrawn_at: null,
      withdrawal_reason: null,
    };
    let participantId: string;
    if (existing) {
      await trx.updateTable("campaign_participant").set(values).where("id", "=", existing.id).execute();
      participantId = existing.id;
    } else {
      participantId = (
        await trx
          .insertInto("campaign_participant")
          .values({ campaign_id: campaignId, organisation_id: viewer.orgId, ...values })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    await fx.tell({
      kind: "campaign_application",
      to: await peopleByIds(trx, [c.coordinator_id]),
      except: viewer.id,
      key: `campaign-application:${participantId}:${values.applied_at.getTime()}`,
      payload: { campaign: labelOf(c), href: `/campaigns/${c.slug}#participants`, org: viewer.orgName, waitlisted: full },
      mail: { template: "campaign_application" },
      // The digest re-checks the coordinator still runs its discussion (status and decision notices go to people who
      // may not be participants, so they carry no scope: the digest's scope check is the discussion's).
      scope: { type: "campaign", id: campaignId },
    });
    return status;
  });
}

export type Decision = "accept" | "decline" | "waitlist";

/** The coordinator accepts, declines or wait-lists an application. Accepting joins the split (a new ledger version). */
export async function decideApplication(ctx: Ctx, viewer: Viewer, a: CampaignAccess, participantId: unknown, decision: unknown): Promise<void> {
  const campaignId = a.campaign.id;
  demandManage(viewer, a);
  if (decision !== "accept" && decision !== "decline" && decision !== "waitlist") throw new ActionError(400, "campaigns.error.decisionInvalid");
  if (!isUuid(participantId)) throw new ActionError(400, "campaigns.error.participantUnknown");
  await unitOfWork(ctx, async (trx, fx) => {
    const c = await lockCampaign(trx, campaignId);
    const p = await trx
      .selectFrom("campaign_participant")
      .select(["id", "status", "organisation_id", "applied_by"])
      .where("id", "=", participantId)
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    if (!p) throw new ActionError(400, "campaigns.error.participantUnknown");
    const to: ParticipantStatus = decision === "accept" ? "accepted" : decision === "decline" ? "declined" : "waitlisted";
    // The campaign.application.decide rule, on the state under the row lock.
    demand(viewer, {
      action: "campaign.application.decide",
      campaign: { ...a.facts, status: c.status },
      application: p.status,
      decision,
      full: decision === "accept" && (await countAccepted(trx, campaignId)) >= c.max_orgs,
    });
    const decidedAt = new Date();
    await trx.updateTable("campaign_participant").set({ status: to, decided_by: viewer.id, decided_at: decidedAt }).where("id", "=", p.id).execute();
    const org = await orgName(trx, p.organisation_id);
    if (to === "accepted") await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.joined", { org });
    const people = [...(await orgAdmins(trx, [p.organisation_id])), ...(await peopleByIds(trx, [p.applied_by]))];
    await fx.tell({
      kind: "campaign_decision",
      to: people,
      key: `campaign-decision:${p.id}:${to}:${decidedAt.getTime()}`,
      payload: { campaign: labelOf(c), href: `/campaigns/${c.slug}`, decision: to, org },
      mail: { template: "campaign_decision" },
    });
  });
}

/**
 * An organisation withdraws (its admin), or the coordinator records a withdrawal for it. The reason is kept; when
 * it had been accepted, the split is recomputed (a new ledger version shows who pays how much more).
 */
export async function withdrawParticipant(ctx: Ctx, viewer: Viewer, a: CampaignAccess, opts: { participantId?: unknown; reason?: unknown }): Promise<{ version: number | null }> {
  const campaignId = a.campaign.id;
  const reason = typeof opts.reason === "string" ? opts.reason.replace(/\r\n?/g, "\n").trim() : "";
  if (reason.length > 500) throw new ActionError(400, "campaigns.error.tooLong", {}, "reason");
  let participantId: string;
  // The coordinator records withdrawals (campaign.withdrawal.record), their own organisation's included; an
  // organisation's admin withdraws their own (campaign.withdraw).
  const byManager = a.may.manage;
  if (opts.participantId !== undefined && opts.participantId !== "" && opts.participantId !== a.participantId) {
    demandManage(viewer, a);
    if (!isUuid(opts.participantId)) throw new ActionError(400, "campaigns.error.participantUnknown");
    participantId = opts.participantId;
  } else {
    if (byManager) demand(viewer, { action: "campaign.withdrawal.record", campaign: a.facts, application: a.facts.participant });
    else demand(viewer, { action: "campaign.withdraw", campaign: a.facts });
    participantId = a.participantId!;
  }
  return unitOfWork(ctx, async (trx, fx) => {
    const c = await lockCampaign(trx, campaignId);
    const p = await trx.selectFrom("campaign_participant").select(["id", "status", "organisation_id"]).where("id", "=", participantId).where("campaign_id", "=", campaignId).executeTakeFirst();
    if (!p) throw new ActionError(400, "campaigns.error.participantUnknown");
    // The same rule again under the row lock, on the state as it is now.
    const now = { ...a.facts, status: c.status };
    if (byManager) demand(viewer, { action: "campaign.withdrawal.record", campaign: now, application: p.status });
    else demand(viewer, { action: "campaign.withdraw", campaign: { ...now, participant: p.status } });
    await trx
      .updateTable("campaign_participant")
      .set({ status: "withdrawn", withdrawn_at: new Date(), withdrawal_reason: reason || null })
      .where("id", "=", p.id)
      .execute();
    const org = await orgName(trx, p.organisation_id);
    const version = p.status === "accepted" ? await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.withdrew", { org }) : null;
    const payload = { campaign: labelOf(c), href: `/campaigns/${c.slug}`, org, reason, version: version?.version ?? null, byCoordinator: viewer.orgId !== p.organisation_id };
    const key = `campaign-withdrawal:${p.id}:${Date.now()}`;
    const mail = { template: "campaign_withdrawal" };
    await fx.tell({ kind: "campaign_withdrawal", to: await peopleByIds(trx, [c.coordinator_id]), except: viewer.id, key, payload, mail });
    // The organisation itself (when the coordinator recorded it) and the other participants, in-app: the split changed.
    const others = await trx.selectFrom("campaign_participant").select("organisation_id").where("campaign_id", "=", campaignId).where("status", "=", "accepted").execute();
    const inApp = await orgAdmins(trx, [...others.map((o) => o.organisation_id), ...(payload.byCoordinator ? [p.organisation_id] : [])]);
    if (version) await fx.tell({ kind: "campaign_withdrawal", to: inApp, except: viewer.id, key, payload, mail: payload.byCoordinator ? mail : null });
    // Its people no longer see the campaign's discussion: their open sockets leave its thread room at once.
    const leavers = await trx.selectFrom("person").select("id").where("organisation_id", "=", p.organisation_id).execute();
    fx.afterCommit(async () => {
      for (const l of leavers) await revokeThreadRooms(ctx, l.id, "campaign", campaignId);
    });
    return { version: version?.version ?? null };
  });
}

export interface ParticipantItem {
  id: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  status: ParticipantStatus;
  area: string;
  delegates: number;
  products: string;
  note: string;
  appliedBy: string | null;
  appliedAt: string;
  decidedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

/** Every application of a campaign (the coordinator's view; the page filters what others see). */
export async function listParticipants(exec: Executor, campaignId: string): Promise<ParticipantItem[]> {
  const rows = await exec
    .selectFrom("campaign_participant as cp")
    .innerJoin("organisation as o", "o.id", "cp.organisation_id")
    .leftJoin("person as ap", "ap.id", "cp.applied_by")
    .select([
      "cp.id",
      "cp.organisation_id",
      "o.name",
      "o.slug",
      "cp.status",
      "cp.stand_area_m2",
      "cp.delegates",
      "cp.products",
      "cp.note",
      "ap.name as applied_by",
      "cp.applied_at",
      "cp.decided_at",
      "cp.withdrawn_at",
      "cp.withdrawal_reason",
    ])
    .where("cp.campaign_id", "=", campaignId)
    .orderBy(sql`case cp.status when 'accepted' then 0 when 'applied' then 1 when 'waitlisted' then 2 when 'withdrawn' then 3 else 4 end`)
    .orderBy("cp.applied_at")
    .orderBy("cp.id")
    .limit(CAMPAIGN_LIMITS.maxOrgsMax * 3)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.organisation_id,
    orgName: r.name,
    orgSlug: r.slug,
    status: r.status,
    area: r.stand_area_m2,
    delegates: r.delegates,
    products: r.products,
    note: r.note,
    appliedBy: r.applied_by,
    appliedAt: new Date(r.applied_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null,
    withdrawalReason: r.withdrawal_reason,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Deliverables

export interface DeliverableItem {
  id: string;
  titleLv: string;
  titleEn: string;
  ownerOrgId: string | null;
  ownerOrg: string | null;
  dueOn: string;
  status: DeliverableStatus;
  overdue: boolean;
  reminderSent: boolean;
}

export async function listDeliverables(exec: Executor, campaignId: string, today = todayIn()): Promise<DeliverableItem[]> {
  const rows = await exec
    .selectFrom("campaign_deliverable as d")
    .leftJoin("organisation as o", "o.id", "d.owner_org_id")
    .select(["d.id", "d.title_lv", "d.title_en", "d.owner_org_id", "o.name as owner", sql<string>`d.due_on::text`.as("due_on"), "d.status", "d.reminder_sent_at"])
    .where("d.campaign_id", "=", campaignId)
    .orderBy("d.due_on")
    .orderBy("d.id")
    .limit(CAMPAIGN_LIMITS.deliverablesMax)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    titleLv: r.title_lv,
    titleEn: r.title_en,
    ownerOrgId: r.owner_org_id,
    ownerOrg: r.owner,
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status !== "done" && r.due_on < today,
    reminderSent: r.reminder_sent_at !== null,
  }));
}

/** Organisations a deliverable may belong to: the coordinator's and the accepted participants'. */
export async function deliverableOwners(exec: Executor, campaignId: string) {
  return exec
    .selectFrom("organisation as o")
    .select(["o.id", "o.name"])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("campaign_participant as cp")
            .select(sql`1`.as("x"))
            .whereRef("cp.organisation_id", "=", "o.id")
            .where("cp.campaign_id", "=", campaignId)
            .where("cp.status", "=", "accepted"),
        ),
        eb.exists(
          eb
            .selectFrom("campaign as c")
            .innerJoin("person as p", "p.id", "c.coordinator_id")
            .select(sql`1`.as("x"))
            .whereRef("p.organisation_id", "=", "o.id")
            .where("c.id", "=", campaignId),
        ),
      ]),
    )
    .orderBy("o.search_key")
    .limit(300)
    .execute();
}

function parseDeliverable(raw: Record<string, unknown>) {
  const s = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string).trim() : "");
  const titleLv = s("titleLv");
  const titleEn = s("titleEn");
  if (!titleLv && !titleEn) throw new ActionError(400, "campaigns.error.deliverableTitleRequired", {}, "titleLv");
  for (const [k, v] of [
    ["titleLv", titleLv],
    ["titleEn", titleEn],
  ] as const) {
    if (v.length > 200) throw new ActionError(400, "campaigns.error.tooLong", {}, k);
    if (/[\r\n<>\u0000-\u001f]/.test(v)) throw new ActionError(400, "campaigns.error.fieldInvalid", {}, k);
  }
  const dueOn = parseDateInput(s("dueOn")) ?? s("dueOn");
  if (!isIsoDate(dueOn)) throw new ActionError(400, "campaigns.error.dateInvalid", {}, "dueOn");
  const status = s("status") || "todo";
  if (!(DELIVERABLE_STATUSES as readonly string[]).includes(status)) throw new ActionError(400, "campaigns.error.statusInvalid", {}, "status");
  const owner = s("ownerOrgId");
  if (owner && !isUuid(owner)) throw new ActionError(400, "campaigns.error.ownerInvalid", {}, "ownerOrgId");
  return { titleLv: titleLv || titleEn, titleEn: titleEn || titleLv, dueOn, status: status as DeliverableStatus, ownerOrgId: owner || null };
}

async function checkOwner(exec: Executor, campaignId: string, ownerOrgId: string | null): Promise<void> {
  if (!ownerOrgId) return;
  const ok = (await deliverableOwners(exec, campaignId)).some((o) => o.id === ownerOrgId);
  if (!ok) throw new ActionError(400, "campaigns.error.ownerInvalid", {}, "ownerOrgId");
}

export async function addDeliverable(ctx: Ctx, viewer: Viewer, a: CampaignAccess, raw: Record<string, unknown>): Promise<void> {
  const campaignId = a.campaign.id;
  demandManage(viewer, a);
  const d = parseDeliverable(raw);
  await checkOwner(ctx.db, campaignId, d.ownerOrgId);
  const n = await ctx.db
    .selectFrom("campaign_deliverable")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  if (n.n >= CAMPAIGN_LIMITS.deliverablesMax) throw new ActionError(400, "campaigns.error.tooMany");
  await ctx.db
    .insertInto("campaign_deliverable")
    .values({
      campaign_id: campaignId,
      title_lv: d.titleLv,
      title_en: d.titleEn,
      owner_org_id: d.ownerOrgId,
      due_on: d.dueOn,
      status: d.status,
      created_by: viewer.id,
      updated_by: viewer.id,
    })
    .execute();
}

/**
 * The coordinator edits a deliverable; the people of its owner organisation may change its status. Moving the due
 * date re-arms the reminder.
 */
export async function updateDeliverable(ctx: Ctx, viewer: Viewer, a: CampaignAccess, deliverableId: unknown, raw: Record<string, unknown>): Promise<void> {
  const campaignId = a.campaign.id;
  if (!isUuid(deliverableId)) throw new ActionError(400, "campaigns.error.deliverableUnknown");
  const d = await ctx.db
    .selectFrom("campaign_deliverable")
    .select(["id", "owner_org_id", sql<string>`due_on::text`.as("due_on")])
    .where("id", "=", deliverableId)
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  if (!d) throw new ActionError(400, "campaigns.error.deliverableUnknown");
  if (a.may.manage && raw.statusOnly !== "yes") {
    const v = parseDeliverable(raw);
    await checkOwner(ctx.db, campaignId, v.ownerOrgId);
    await ctx.db
      .updateTable("campaign_deliverable")
      .set({
        title_lv: v.titleLv,
        title_en: v.titleEn,
        owner_org_id: v.ownerOrgId,
        due_on: v.dueOn,
        status: v.status,
        updated_by: viewer.id,
        updated_at: sql`now()`,
        ...(v.dueOn !== d.due_on ? { reminder_sent_at: null } : {}),
      })
      .where("id", "=", d.id)
      .execute();
    return;
  }
  demand(viewer, { action: "campaign.deliverable.update", campaign: a.facts, ownerOrgId: d.owner_org_id });
  const status = typeof raw.status === "string" ? raw.status : "";
  if (!(DELIVERABLE_STATUSES as readonly string[]).includes(status)) throw new ActionError(400, "campaigns.error.statusInvalid", {}, "status");
  await ctx.db
    .updateTable("campaign_deliverable")
    .set({ status: status as DeliverableStatus, updated_by: viewer.id, updated_at: sql`now()` })
    .where("id", "=", d.id)
    .execute();
}

export async function deleteDeliverable(ctx: Ctx, viewer: Viewer, a: CampaignAccess, deliverableId: unknown): Promise<void> {
  const campaignId = a.campaign.id;
  demandManage(viewer, a);
  if (!isUuid(deliverableId)) throw new ActionError(400, "campaigns.error.deliverableUnknown");
  const r = await ctx.db.deleteFrom("campaign_deliverable").where("id", "=", deliverableId).where("campaign_id", "=", campaignId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new ActionError(400, "campaigns.error.deliverableUnknown");
}

/**
 * The periodic reminder pass: one email (and in-app notification) per deliverable that is not done, due within the
 * campaign's reminder window (N days, default 3) and not yet reminded. Claiming the row (reminder_sent_at) and
 * queuing the mail happen in one transaction with an idempotency key, so two passes never remind twice.
 */
export async function sendDeliverableReminders(ctx: Pick<AppContext, "db" | "config" | "mail" | "realtime">, now: Date = new Date()): Promise<number> {
  const today = todayIn(undefined, now);
  const due = await ctx.db
    .selectFrom("campaign_deliverable as d")
    .innerJoin("campaign as c", "c.id", "d.campaign_id")
    .select(["d.id"])
    .where("d.status", "<>", "done")
    .where("d.reminder_sent_at", "is", null)
    .where("c.status", "in", ["recruiting", "confirmed", "running"])
    .where(sql<boolean>`d.due_on >= ${today}::date and d.due_on <= ${addDays(today, CAMPAIGN_LIMITS.reminderDaysMax)}::date`)
    .where(sql<boolean>`d.due_on - c.reminder_days <= ${today}::date`)
    .orderBy("d.due_on")
    .limit(500)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const claimed = await unitOfWork(ctx, async (trx, fx) => {
      const claimed = await trx
        .updateTable("campaign_deliverable")
        .set({ reminder_sent_at: now })
        .where("id", "=", id)
        .where("reminder_sent_at", "is", null)
        .where("status", "<>", "done")
        .returning(["id", "campaign_id", "title_lv", "title_en", "owner_org_id", sql<string>`due_on::text`.as("due_on")])
        .executeTakeFirst();
      if (!claimed) return null;
      const c = await trx.selectFrom("campaign").select(["slug", "title_lv", "title_en", "coordinator_id"]).where("id", "=", claimed.campaign_id).executeTakeFirstOrThrow();
      const people = claimed.owner_org_id ? await orgAdmins(trx, [claimed.owner_org_id]) : await peopleByIds(trx, [c.coordinator_id]);
      await fx.tell({
        kind: "campaign_deliverable_due",
        to: people,
        key: `campaign-deliverable:${claimed.id}:${claimed.due_on}`,
        payload: {
          campaign: labelOf(c),
          href: `/campaigns/${c.slug}#deliverables`,
          deliverable: { lv: claimed.title_lv, en: claimed.title_en },
          dueOn: claimed.due_on,
        },
        mail: { template: "campaign_deliverable_reminder" },
        scope: { type: "campaign", id: claimed.campaign_id },
      });
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export interface CampaignListItem {
  id: string;
  slug: string;
  titleLv: string;
  titleEn: string;
  type: CampaignType;
  status: CampaignStatus;
  markets: string[];
  startsOn: string;
  endsOn: string;
  deadline: string;
  city: string;
  country: string;
  mine: ParticipantStatus | null;
  accepted: number;
  maxOrgs: number;
}

export interface CampaignFilters {
  type: CampaignType | null;
  status: CampaignStatus | null;
  market: string | null;
}

export function parseFilters(params: URLSearchParams): CampaignFilters {
  const type = params.get("type");
  const status = params.get("status");
  const market = (params.get("market") ?? "").trim().toUpperCase();
  return {
    type: type && (CAMPAIGN_TYPES as readonly string[]).includes(type) ? (type as CampaignType) : null,
    status: status && (CAMPAIGN_STATUSES as readonly string[]).includes(status) ? (status as CampaignStatus) : null,
    market: market && ISO_COUNTRIES.has(market) ? market : null,
  };
}

/**
 * Campaigns the viewer may see, recruiting ones first (then running, confirmed, drafts, closed, cancelled), each
 * group by start date. Keyset on (list_rank, starts_on, id) served by campaign_list_idx. The visibility filter
 * mirrors the `campaign.view` rule: drafts only for their coordinator and cluster admins.
 */
export async function listCampaigns(exec: Executor, viewer: Viewer, filters: CampaignFilters, after: string | null): Promise<{ items: CampaignListItem[]; next: string | null }> {
  const size = CAMPAIGN_LIMITS.pageSize;
  const cur = decodeCursor(after, 3, [Number.isInteger, isIsoDate, isUuid]);
  const admin = viewer.clusterRole === "admin";
  const rows = await exec
    .selectFrom("campaign as c")
    .leftJoin("campaign_participant as me", (j) => j.onRef("me.campaign_id", "=", "c.id").on("me.organisation_id", "=", viewer.orgId))
    .select([
      "c.id",
      "c.slug",
      "c.title_lv",
      "c.title_en",
      "c.type",
      "c.status",
      "c.target_markets",
      sql<string>`c.starts_on::text`.as("starts_on"),
      sql<string>`c.ends_on::text`.as("ends_on"),
      sql<string>`c.application_deadline::text`.as("deadline"),
      "c.city",
      "c.country",
      "c.list_rank",
      "c.max_orgs",
      "me.status as mine",
      sql<number>`(select count(*)::int from campaign_participant a where a.campaign_id = c.id and a.status = 'accepted')`.as("accepted"),
    ])
    .$if(!admin, (q) => q.where((eb) => eb.or([eb("c.status", "<>", "draft"), eb("c.coordinator_id", "=", viewer.id)])))
    .$if(!!filters.type, (q) => q.where("c.type", "=", filters.type!))
    .$if(!!filters.status, (q) => q.where("c.status", "=", filters.status!))
    .$if(!!filters.market, (q) => q.where(sql<boolean>`c.target_markets @> array[${filters.market}]::text[]`))
    .$if(cur !== null, (q) => q.where(sql<boolean>`(c.list_rank, c.starts_on, c.id) > (${cur![0] as number}, ${cur![1] as string}::date, ${cur![2] as string}::uuid)`))
    .orderBy("c.list_rank")
    .orderBy("c.starts_on")
    .orderBy("c.id")
    .limit(size + 1)
    .execute();
  const page = keysetPage(rows, size, (r) => [r.list_rank, r.starts_on, r.id]);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      slug: r.slug,
      titleLv: r.title_lv,
      titleEn: r.title_en,
      type: r.type,
      status: r.status,
      markets: r.target_markets,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      deadline: r.deadline,
      city: r.city,
      country: r.country,
      mine: (r.mine as ParticipantStatus | null) ?? null,
      accepted: r.accepted,
      maxOrgs: r.max_orgs,
    })),
    next: page.next,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The organisation's setting

/** Whether the viewer's organisation lets its ordinary members see its cost share in campaigns. */
export async function orgCostSharing(exec: Executor, viewer: Viewer): Promise<boolean> {
  const o = await exec.selectFrom("organisation").select("campaign_costs_to_members").where("id", "=", viewer.orgId).executeTakeFirst();
  return o?.campaign_costs_to_members ?? false;
}

/** The organisation's admin lets (or stops letting) its ordinary members see its own cost share, read-only. */
/** The /campaigns cost-sharing form (here, not in the route: a zod import in a route module stays in its browser bundle). */
export const CostSharingIntent = z.object({ intent: z.literal("costSharing"), share: z.enum(["yes"]).optional() });

export async function setOrgCostSharing(ctx: Ctx, viewer: Viewer, on: boolean): Promise<void> {
  demand(viewer, { action: "org.edit", orgId: viewer.orgId });
  await ctx.db.updateTable("organisation").set({ campaign_costs_to_members: on }).where("id", "=", viewer.orgId).execute();
}
