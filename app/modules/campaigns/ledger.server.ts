import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import type { CampaignStatus, CostCategory } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { isUuid } from "~/lib/ids";
import { centsToDecimal, parseDecimal, parseMoney, toCents } from "~/lib/money";
import { demand, notFound } from "~/modules/policy/authorize.server";
import type { CampaignAccess } from "./access.server";
import { standAllocation } from "./allocation.server";
import { CAMPAIGN_LIMITS, COST_CATEGORIES, orgCategory } from "./constants";
import {
  bpToPercent,
  computeLedger,
  diffSnapshots,
  parsePercent,
  PERCENT_ONE,
  sameSnapshot,
  SPLIT_KEYS,
  toSnapshot,
  type AppliesTo,
  type LedgerInput,
  type LedgerSnapshot,
  type OrgCategory,
  type SplitKey,
} from "./ledger";

// The database side of the ledger: loading a campaign's ledger input, storing a version whenever the figures change,
// the coordinator's commands (budget lines, rates, participants' terms), and what each viewer may see of it.

type Ctx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;
type FormValues = Record<string, string | string[]>;

const pct = (v: string | null | undefined): number | null => (v === null || v === undefined ? null : Number(toCents(v)));

/** Everything the pure ledger needs, from the current rows (active participants = accepted, not withdrawn). */
export async function loadLedgerInput(exec: Executor, campaignId: string): Promise<LedgerInput> {
  const [campaign, participants, rates, lines, members] = await Promise.all([
    exec.selectFrom("campaign").select(["vat_rate", "vat_recoverable"]).where("id", "=", campaignId).executeTakeFirstOrThrow(),
    exec
      .selectFrom("campaign_participant as cp")
      .innerJoin("organisation as o", "o.id", "cp.organisation_id")
      .select(["cp.id", "cp.organisation_id", "o.name", "o.legal_type", "o.size", "cp.stand_area_m2", "cp.delegates", "cp.cap_eur", "cp.rate_override"])
      .where("cp.campaign_id", "=", campaignId)
      .where("cp.status", "=", "accepted")
      .execute(),
    exec.selectFrom("campaign_rate").select(["category", "rate_pct"]).where("campaign_id", "=", campaignId).execute(),
    exec
      .selectFrom("campaign_budget_line")
      .select(["id", "category", "description", "planned_eur", "actual_eur", "eligible", "split_key", "applies_to"])
      .where("campaign_id", "=", campaignId)
      .execute(),
    exec
      .selectFrom("campaign_line_participant as lp")
      .innerJoin("campaign_budget_line as l", "l.id", "lp.line_id")
      .select(["lp.line_id", "lp.participant_id", "lp.percent"])
      .where("l.campaign_id", "=", campaignId)
      .execute(),
  ]);
  const byLine = new Map<string, { participantId: string; percentBp: number | null }[]>();
  for (const m of members) {
    const list = byLine.get(m.line_id) ?? [];
    list.push({ participantId: m.participant_id, percentBp: pct(m.percent) });
    byLine.set(m.line_id, list);
  }
  const rateMap: Record<OrgCategory, number> = { sme: 0, large: 0, research: 0 };
  for (const r of rates) rateMap[r.category] = pct(r.rate_pct)!;
  return {
    participants: participants.map((p) => ({
      id: p.id,
      orgId: p.organisation_id,
      name: p.name,
      category: orgCategory(p.legal_type, p.size),
      areaCenti: toCents(p.stand_area_m2),
      delegates: BigInt(p.delegates),
      capCents: p.cap_eur === null ? null : toCents(p.cap_eur),
      rateOverrideBp: pct(p.rate_override),
    })),
    lines: lines.map((l) => ({
      id: l.id,
      description: l.description,
      category: l.category,
      plannedCents: toCents(l.planned_eur),
      actualCents: l.actual_eur === null ? null : toCents(l.actual_eur),
      eligible: l.eligible,
      splitKey: l.split_key,
      appliesTo: l.applies_to,
      members: byLine.get(l.id) ?? [],
    })),
    rates: rateMap,
    vat: { rateBp: pct(campaign.vat_rate)!, recoverable: campaign.vat_recoverable },
  };
}

function parseSnapshot(v: unknown): LedgerSnapshot {
  return (typeof v === "string" ? JSON.parse(v) : v) as LedgerSnapshot;
}

/**
 * Recomputes the ledger inside the caller's transaction and stores a new version when the figures changed
 * (a participant joined or withdrew, a line, a rate, a cap changed). Returns the stored version, or null when
 * nothing changed. Callers hold the campaign row lock (lockCampaign), so version numbers never collide.
 */
export async function recomputeLedger(trx: Executor, campaignId: string, actorId: string | null, reason: string, vars: Record<string, string | number> = {}): Promise<{ version: number } | null> {
  const input = await loadLedgerInput(trx, campaignId);
  const snapshot = toSnapshot(computeLedger(input));
  const latest = await trx.selectFrom("campaign_ledger_version").select(["version", "snapshot"]).where("campaign_id", "=", campaignId).orderBy("version", "desc").limit(1).executeTakeFirst();
  if (latest && sameSnapshot(parseSnapshot(latest.snapshot), snapshot)) return null;
  const version = (latest?.version ?? 0) + 1;
  await trx
    .insertInto("campaign_ledger_version")
    .values({ campaign_id: campaignId, version, reason, reason_vars: JSON.stringify(vars), created_by: actorId, snapshot: JSON.stringify(snapshot) })
    .execute();
  return { version };
}

// ---------------------------------------------------------------------------------------------------------------
// Commands (the coordinator and cluster admins)

/** The coordinator and cluster admins keep the ledger (campaign.manage), and only while the campaign is open. */
function demandEdit(viewer: Viewer, a: CampaignAccess): string {
  demand(viewer, { action: "campaign.ledger.edit", campaign: a.facts });
  return a.campaign.id;
}

/** Locks the campaign row and asks the campaign.ledger.edit rule again on its status as it is now. */
async function lock(trx: Executor, viewer: Viewer, a: CampaignAccess): Promise<CampaignStatus> {
  const r = await sql<{ status: CampaignStatus }>`select status from campaign where id = ${a.campaign.id} for update`.execute(trx);
  if (!r.rows[0]) notFound();
  demand(viewer, { action: "campaign.ledger.edit", campaign: { ...a.facts, status: r.rows[0].status } });
  return r.rows[0].status;
}

const str = (v: FormValues[string] | undefined): string => (typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? "") : "");
const list = (v: FormValues[string] | undefined): string[] => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : []);

function money(v: string, field: string, optional = false): bigint | null {
  if (optional && v.trim() === "") return null;
  const r = parseMoney(v);
  if (!r.ok)
    throw new ActionError(400, r.error === "negative" ? "campaigns.error.amountNegative" : r.error === "tooLarge" ? "campaigns.error.amountTooLarge" : "campaigns.error.amountInvalid", {}, field);
  return r.value;
}

function percent(v: string, field: string): number {
  const r = parsePercent(v);
  if (!r.ok)
    throw new ActionError(400, r.error === "negative" ? "campaigns.error.percentNegative" : r.error === "tooLarge" ? "campaigns.error.percentTooHigh" : "campaigns.error.percentInvalid", {}, field);
  return r.value;
}

export interface LineInput {
  category: CostCategory;
  description: string;
  /** Optional English description (the original is `description`). */
  descriptionEn: string;
  plannedCents: bigint;
  actualCents: bigint | null;
  eligible: boolean;
  vatNote: string;
  splitKey: SplitKey;
  appliesTo: AppliesTo;
  members: { participantId: string; percentBp: number | null }[];
}

/**
 * A budget line from the form, checked against the campaign's active participants: amounts ≥ 0 with at most two
 * decimals, chosen participants and custom percentages only for active (accepted, not withdrawn) participants, the
 * percentages each > 0 and ≤ 100 and adding up to exactly 100 %, and a key with something to split by.
 */
export function parseLine(raw: FormValues, active: { id: string; areaCenti: bigint; delegates: bigint }[]): LineInput {
  const category = str(raw.category);
  if (!(COST_CATEGORIES as readonly string[]).includes(category)) throw new ActionError(400, "campaigns.error.categoryInvalid", {}, "category");
  const description = str(raw.description).trim();
  if (!description) throw new ActionError(400, "campaigns.error.descriptionRequired", {}, "description");
  if (description.length > 200) throw new ActionError(400, "campaigns.error.tooLong", {}, "description");
  if (/[\r\n<>\u0000-\u001f]/.test(description)) throw new ActionError(400, "campaigns.error.fieldInvalid", {}, "description");
  const descriptionEn = str(raw.descriptionEn).trim();
  if (descriptionEn.length > 200) throw new ActionError(400, "campaigns.error.tooLong", {}, "descriptionEn");
  if (/[\r\n<>\u0000-\u001f]/.test(descriptionEn)) throw new ActionError(400, "campaigns.error.fieldInvalid", {}, "descriptionEn");
  const vatNote = str(raw.vatNote).trim();
  if (vatNote.length > 200 || /[\r\n<>\u0000-\u001f]/.test(vatNote)) throw new ActionError(400, "campaigns.error.fieldInvalid", {}, "vatNote");
  const plannedCents = money(str(raw.planned), "planned")!;
  const actualCents = money(str(raw.actual), "actual", true);
  const splitKey = str(raw.splitKey) as SplitKey;
  if (!SPLIT_KEYS.includes(splitKey)) throw new ActionError(400, "campaigns.error.splitKeyInvalid", {}, "splitKey");
  const activeById = new Map(active.map((p) => [p.id, p]));
  let appliesTo: AppliesTo = str(raw.appliesTo) === "chosen" ? "chosen" : "all";
  const members: LineInput["members"] = [];
  if (splitKey === "custom") {
    appliesTo = "chosen";
    let sum = 0;
    for (const [k, v] of Object.entries(raw)) {
      const m = /^pct_(.+)$/.exec(k);
      if (!m || str(v).trim() === "") continue;
      const id = m[1];
      if (!isUuid(id) || !activeById.has(id)) throw new ActionError(400, "campaigns.error.participantNotActive", {}, "custom");
      const bp = percent(str(v), "custom");
      if (bp <= 0) throw new ActionError(400, "campaigns.error.percentPositive", {}, "custom");
      sum += bp;
      members.push({ participantId: id, percentBp: bp });
    }
    if (members.length === 0) throw new ActionError(400, "campaigns.error.chooseParticipants", {}, "custom");
    if (sum !== PERCENT_ONE) throw new ActionError(400, "campaigns.error.percentSum", { sum: bpToPercent(sum) }, "custom");
  } else if (appliesTo === "chosen") {
    for (const id of new Set(list(raw.chosen))) {
      if (!isUuid(id) || !activeById.has(id)) throw new ActionError(400, "campaigns.error.participantNotActive", {}, "chosen");
      members.push({ participantId: id, percentBp: null });
    }
    if (members.length === 0) throw new ActionError(400, "campaigns.error.chooseParticipants", {}, "chosen");
  }
  const on = appliesTo === "chosen" ? members.map((m) => activeById.get(m.participantId)!) : active;
  if (on.length > 0 && splitKey === "area" && on.every((p) => p.areaCenti === 0n)) throw new ActionError(400, "campaigns.error.noAreaBasis", {}, "splitKey");
  if (on.length > 0 && splitKey === "delegates" && on.every((p) => p.delegates === 0n)) throw new ActionError(400, "campaigns.error.noDelegatesBasis", {}, "splitKey");
  return { category: category as CostCategory, description, descriptionEn, plannedCents, actualCents, eligible: str(raw.eligible) === "yes", vatNote, splitKey, appliesTo, members };
}

/** Creates (lineId null) or changes a budget line and stores the new ledger version, in one transaction. */
export async function saveLine(ctx: Ctx, viewer: Viewer, a: CampaignAccess, lineId: string | null, raw: FormValues): Promise<{ version: number | null }> {
  const campaignId = demandEdit(viewer, a);
  if (lineId !== null && !isUuid(lineId)) throw new ActionError(400, "campaigns.error.lineUnknown");
  return ctx.db.transaction().execute(async (trx) => {
    await lock(trx, viewer, a);
    const input = await loadLedgerInput(trx, campaignId);
    const line = parseLine(raw, input.participants);
    const values = {
      category: line.category,
      description: line.description,
      description_en: line.descriptionEn,
      planned_eur: centsToDecimal(line.plannedCents),
      actual_eur: line.actualCents === null ? null : centsToDecimal(line.actualCents),
      eligible: line.eligible,
      vat_note: line.vatNote,
      split_key: line.splitKey,
      applies_to: line.appliesTo,
    };
    let id: string;
    if (lineId) {
      const r = await trx
        .updateTable("campaign_budget_line")
        .set({ ...values, updated_at: sql`now()` })
        .where("id", "=", lineId)
        .where("campaign_id", "=", campaignId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new ActionError(400, "campaigns.error.lineUnknown");
      id = lineId;
      await trx.deleteFrom("campaign_line_participant").where("line_id", "=", id).execute();
    } else {
      if (input.lines.length >= CAMPAIGN_LIMITS.linesMax) throw new ActionError(400, "campaigns.error.tooMany");
      id = (
        await trx
          .insertInto("campaign_budget_line")
          .values({ campaign_id: campaignId, ...values, created_by: viewer.id })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    if (line.members.length) {
      await trx
        .insertInto("campaign_line_participant")
        .values(line.members.map((m) => ({ line_id: id, participant_id: m.participantId, percent: m.percentBp === null ? null : centsToDecimal(BigInt(m.percentBp)) })))
        .execute();
    }
    const v = await recomputeLedger(trx, campaignId, viewer.id, lineId ? "campaigns.reason.lineChanged" : "campaigns.reason.lineAdded", { line: line.description });
    return { version: v?.version ?? null };
  });
}

export async function deleteLine(ctx: Ctx, viewer: Viewer, a: CampaignAccess, lineId: unknown): Promise<{ version: number | null }> {
  const campaignId = demandEdit(viewer, a);
  if (!isUuid(lineId)) throw new ActionError(400, "campaigns.error.lineUnknown");
  return ctx.db.transaction().execute(async (trx) => {
    await lock(trx, viewer, a);
    const gone = await trx.deleteFrom("campaign_budget_line").where("id", "=", lineId).where("campaign_id", "=", campaignId).returning("description").executeTakeFirst();
    if (!gone) throw new ActionError(400, "campaigns.error.lineUnknown");
    const v = await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.lineRemoved", { line: gone.description });
    return { version: v?.version ?? null };
  });
}

/** Support rates per category, VAT handling and whether participants see the full table. */
export async function saveRates(ctx: Ctx, viewer: Viewer, a: CampaignAccess, raw: FormValues): Promise<{ version: number | null }> {
  const campaignId = demandEdit(viewer, a);
  const publish = str(raw.publishFullTable) === "yes";
  const rates = { sme: percent(str(raw.rate_sme), "rate_sme"), large: percent(str(raw.rate_large), "rate_large"), research: percent(str(raw.rate_research), "rate_research") };
  const vat = percent(str(raw.vatRate), "vatRate");
  return ctx.db.transaction().execute(async (trx) => {
    await lock(trx, viewer, a);
    // Publishing every participant's figures waits until the stand is not over-allocated (campaign.ledger.publish).
    if (publish && !a.campaign.publish_full_table) {
      demand(viewer, { action: "campaign.ledger.publish", campaign: a.facts, overAllocated: (await standAllocation(trx, campaignId)).over });
    }
    for (const [category, bp] of Object.entries(rates)) {
      await trx
        .insertInto("campaign_rate")
        .values({ campaign_id: campaignId, category: category as OrgCategory, rate_pct: bpToPercent(bp) })
        .onConflict((oc) => oc.columns(["campaign_id", "category"]).doUpdateSet({ rate_pct: bpToPercent(bp) }))
        .execute();
    }
    await trx
      .updateTable("campaign")
      .set({ vat_rate: bpToPercent(vat), vat_recoverable: str(raw.vatRecoverable) === "yes", publish_full_table: publish, updated_at: sql`now()` })
      .where("id", "=", campaignId)
      .execute();
    const v = await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.ratesChanged");
    return { version: v?.version ?? null };
  });
}

/**
 * Per active participant: stand area, delegates, co-funding cap (e.g. its remaining de minimis allowance) and an
 * optional rate of its own. Fields are named area_<id>, delegates_<id>, cap_<id>, rate_<id>.
 */
export async function saveTerms(ctx: Ctx, viewer: Viewer, a: CampaignAccess, raw: FormValues): Promise<{ version: number | null }> {
  const campaignId = demandEdit(viewer, a);
  return ctx.db.transaction().execute(async (trx) => {
    await lock(trx, viewer, a);
    const active = await trx.selectFrom("campaign_participant").select(["id"]).where("campaign_id", "=", campaignId).where("status", "=", "accepted").execute();
    const activeIds = new Set(active.map((a) => a.id));
    for (const k of Object.keys(raw)) {
      const m = /^(area|delegates|cap|rate)_(.+)$/.exec(k);
      if (m && !activeIds.has(m[2])) throw new ActionError(400, "campaigns.error.participantNotActive", {}, "terms");
    }
    const updates = [...activeIds]
      .filter((id) => `area_${id}` in raw)
      .map((id) => {
        const area = parseDecimal(str(raw[`area_${id}`]) || "0", 2, 10_000_000n);
        if (!area.ok) throw new ActionError(400, area.error === "negative" ? "campaigns.error.areaNegative" : "campaigns.error.areaInvalid", {}, "terms");
        const d = str(raw[`delegates_${id}`]).trim() || "0";
        if (!/^\d{1,4}$/.test(d) || Number(d) > CAMPAIGN_LIMITS.delegatesMax)
          throw new ActionError(400, /^-/.test(d) ? "campaigns.error.delegatesNegative" : "campaigns.error.delegatesInvalid", {}, "terms");
        const cap = money(str(raw[`cap_${id}`]), "terms", true);
        const rateRaw = str(raw[`rate_${id}`]).trim();
        const rate = rateRaw === "" ? null : percent(rateRaw, "terms");
        return { id, area: centsToDecimal(area.value), delegates: Number(d), cap: cap === null ? null : centsToDecimal(cap), rate: rate === null ? null : bpToPercent(rate) };
      });
    for (const u of updates) {
      await trx
        .updateTable("campaign_participant")
        .set({ stand_area_m2: u.area, delegates: u.delegates, cap_eur: u.cap, rate_override: u.rate })
        .where("id", "=", u.id)
        .where("campaign_id", "=", campaignId)
        .execute();
    }
    const v = await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.termsChanged");
    return { version: v?.version ?? null };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// What a viewer may see

export interface Figures {
  gross: string;
  support: string;
  net: string;
}

export interface LedgerRow extends Figures {
  orgId: string;
  name: string;
  category: OrgCategory;
  rate: string;
  cap: string | null;
  capped: boolean;
  eligible: string;
  /** descriptionEn: the line's English description ("" when none; readers in English see it instead). */
  lines: { lineId: string; description: string; descriptionEn: string; gross: string; support: string; net: string }[];
  own: boolean;
  /**
   * Why the share is €0 (null when it is not): no budget lines yet; lines restricted to chosen participants that
   * leave it out; lines split by area or delegates while it has none entered.
   */
  zero: { noLines: boolean; notChosen: string[]; noBasis: string[] } | null;
}

export interface LedgerLineView {
  id: string;
  category: string;
  description: string;
  /** The English description, "" when none (readers in English see it instead of description). */
  descriptionEn: string;
  planned: string;
  actual: string | null;
  net: string;
  vat: string;
  amount: string;
  unallocated: string;
  eligible: boolean;
  vatNote: string;
  splitKey: SplitKey;
  appliesTo: AppliesTo;
  /** Full viewers: who is on the line (and percentages). Others: how many, and the viewer's own part. */
  members: { participantId: string; name: string; percent: string | null; active: boolean }[] | null;
  memberCount: number;
  includesMe: boolean;
  myPercent: string | null;
}

export interface VersionView {
  version: number;
  at: string;
  by: string | null;
  reason: string;
  reasonVars: Record<string, string | number>;
  totals: { gross: string; support: string; net: string; deltaGross: string; deltaSupport: string; deltaNet: string };
  /** Per organisation (full viewers) or the viewer's own organisation plus everyone else in one row. */
  changes: { name: string; own: boolean; aggregate: boolean; before: Figures | null; after: Figures | null; deltaNet: string; deltaGross: string }[];
  linesAdded: string[];
  linesRemoved: string[];
  linesChanged: { description: string; before: string; after: string }[];
}

export interface LedgerView {
  full: boolean;
  /** The viewer sees only its own organisation's share (an ordinary member whose organisation shares it). */
  ownShareOnly: boolean;
  manage: boolean;
  version: number | null;
  totals: { amount: string; allocated: string; unallocated: string; gross: string; eligible: string; support: string; net: string };
  rows: LedgerRow[];
  /** The other participants in one row, when the viewer may not see them one by one. */
  others: (Figures & { count: number }) | null;
  lines: LedgerLineView[];
  warnings: { code: string; line: string }[];
  rates: Record<OrgCategory, string>;
  vatRate: string;
  vatRecoverable: boolean;
  publishFullTable: boolean;
  versions: VersionView[];
  /** The stand area and what the accepted participants are allocated (the coordinator's view), or null. */
  stand: { area: string; allocated: string; over: boolean } | null;
  /** The coordinator's form data: the active participants and their terms. */
  terms: { id: string; orgId: string; name: string; category: OrgCategory; area: string; delegates: number; cap: string | null; rate: string | null }[];
}

const d = centsToDecimal;
const sumF = (xs: { gross: string; support: string; net: string }[]): Figures => ({
  gross: d(xs.reduce((s, x) => s + toCents(x.gross), 0n)),
  support: d(xs.reduce((s, x) => s + toCents(x.support), 0n)),
  net: d(xs.reduce((s, x) => s + toCents(x.net), 0n)),
});

/**
 * The ledger as this viewer may see it (null → 404). Built only from what the viewer is allowed to know: the
 * coordinator and admins (or everyone allowed, once the table is published) get every participant; a participant's
 * org admin gets its own figures in detail and the others summed up. Nothing else reaches the page or the CSV.
 */
export async function ledgerView(exec: Executor, viewer: Viewer, a: CampaignAccess): Promise<LedgerView | null> {
  if (!a.may.ledgerView && !a.may.ledgerOwnShare) return null;
  const campaignId = a.campaign.id;
  const full = a.may.ledgerFull;
  // An ordinary member allowed its own organisation's share: nothing about the others, not even summed up.
  const ownShareOnly = !a.may.ledgerView;
  const [input, versions, lineRows, rates] = await Promise.all([
    loadLedgerInput(exec, campaignId),
    exec
      .selectFrom("campaign_ledger_version as v")
      .leftJoin("person as p", "p.id", "v.created_by")
      .select(["v.version", "v.created_at", "v.reason", "v.reason_vars", "v.snapshot", "p.name as by"])
      .where("v.campaign_id", "=", campaignId)
      .orderBy("v.version", "desc")
      .limit(31)
      .execute(),
    exec
      .selectFrom("campaign_budget_line")
      .select(["id", "planned_eur", "actual_eur", "vat_note", "description_en"])
      .where("campaign_id", "=", campaignId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    exec.selectFrom("campaign_rate").select(["category", "rate_pct"]).where("campaign_id", "=", campaignId).execute(),
  ]);
  const live = toSnapshot(computeLedger(input));
  const latest = versions[0] ? parseSnapshot(versions[0].snapshot) : null;
  // Every change stores a version in its own transaction, so the latest version is the current state; the live
  // computation is only used before the first version exists.
  const snap = latest ?? live;
  const myOrg = viewer.orgId;
  // Lines in the order they were entered (the computation itself orders by id, which does not change any figure).
  const position = new Map(lineRows.map((l, i) => [l.id, i]));
  const byPosition = (x: string, y: string) => (position.get(x) ?? 1e9) - (position.get(y) ?? 1e9);
  const lineDesc = new Map(snap.lines.map((l) => [l.id, l.description]));
  const lineDescEn = new Map(lineRows.map((l) => [l.id, l.description_en]));
  const allRows: LedgerRow[] = snap.participants.map((p) => ({
    orgId: p.orgId,
    name: p.name,
    category: p.category,
    rate: bpToPercent(p.rateBp),
    cap: p.cap,
    capped: p.capped,
    eligible: p.eligible,
    gross: p.gross,
    support: p.support,
    net: p.net,
    lines: [...p.lines]
      .sort((x, y) => byPosition(x.lineId, y.lineId))
      .map((l) => ({ lineId: l.lineId, description: lineDesc.get(l.lineId) ?? "", descriptionEn: lineDescEn.get(l.lineId) ?? "", gross: l.gross, support: l.support, net: l.net })),
    own: p.orgId === myOrg,
    zero: null,
  }));
  for (const r of allRows) {
    if (toCents(r.gross) !== 0n) continue;
    const me = input.participants.find((p) => p.orgId === r.orgId);
    if (!me) continue;
    const restricted = (l: (typeof input.lines)[number]) => l.appliesTo === "chosen" || l.splitKey === "custom";
    const on = input.lines.filter((l) => !restricted(l) || l.members.some((m) => m.participantId === me.id));
    r.zero = {
      noLines: input.lines.length === 0,
      notChosen: input.lines
        .filter((l) => restricted(l) && !l.members.some((m) => m.participantId === me.id))
        .sort((x, y) => byPosition(x.id, y.id))
        .map((l) => l.description),
      noBasis: on.filter((l) => (l.splitKey === "area" && me.areaCenti === 0n) || (l.splitKey === "delegates" && me.delegates === 0n)).map((l) => l.description),
    };
  }
  allRows.sort((x, y) => x.name.localeCompare(y.name, "lv") || (x.orgId < y.orgId ? -1 : 1));
  const rows = full ? allRows : allRows.filter((r) => r.own);
  const otherRows = allRows.filter((r) => !r.own);
  const others = full || ownShareOnly || otherRows.length === 0 ? null : { ...sumF(otherRows), count: otherRows.length };

  const lineExtra = new Map(lineRows.map((l) => [l.id, l]));
  const srcLines = new Map(input.lines.map((l) => [l.id, l]));
  const activeById = new Map(input.participants.map((p) => [p.id, p]));
  const names = new Map<string, string>();
  if (full) {
    const all = await exec
      .selectFrom("campaign_participant as cp")
      .innerJoin("organisation as o", "o.id", "cp.organisation_id")
      .select(["cp.id", "o.name"])
      .where("cp.campaign_id", "=", campaignId)
      .execute();
    for (const r of all) names.set(r.id, r.name);
  }
  const myParticipant = input.participants.find((p) => p.orgId === myOrg)?.id ?? null;
  const orderedLines = [...snap.lines].sort((x, y) => byPosition(x.id, y.id));
  const lines: LedgerLineView[] = orderedLines.map((l) => {
    const src = srcLines.get(l.id);
    const extra = lineExtra.get(l.id);
    const mem = src?.members ?? [];
    const mine = mem.find((m) => m.participantId === myParticipant);
    return {
      id: l.id,
      category: l.category,
      description: l.description,
      descriptionEn: extra?.description_en ?? "",
      planned: extra?.planned_eur ?? l.net,
      actual: extra?.actual_eur ?? null,
      net: l.net,
      vat: l.vat,
      amount: l.amount,
      unallocated: l.unallocated,
      eligible: l.eligible,
      vatNote: extra?.vat_note ?? "",
      splitKey: l.splitKey,
      appliesTo: l.appliesTo,
      members: full
        ? mem.map((m) => ({
            participantId: m.participantId,
            name: names.get(m.participantId) ?? "",
            percent: m.percentBp === null ? null : bpToPercent(m.percentBp),
            active: activeById.has(m.participantId),
          }))
        : null,
      memberCount: l.appliesTo === "chosen" ? mem.filter((m) => activeById.has(m.participantId)).length : input.participants.length,
      includesMe: l.appliesTo === "all" ? myParticipant !== null : !!mine,
      myPercent: mine?.percentBp != null ? bpToPercent(mine.percentBp) : null,
    };
  });

  const versionViews: VersionView[] = versions.slice(0, 30).map((v, i) => {
    const next = parseSnapshot(v.snapshot);
    const prevRow = versions[i + 1];
    const prev = prevRow ? parseSnapshot(prevRow.snapshot) : null;
    const diff = diffSnapshots(prev, next);
    const fig = (f: { gross: bigint; support: bigint; net: bigint } | null): Figures | null => (f ? { gross: d(f.gross), support: d(f.support), net: d(f.net) } : null);
    let changes: VersionView["changes"];
    if (full) {
      changes = diff.participants.map((p) => ({
        name: p.name,
        own: p.orgId === myOrg,
        aggregate: false,
        before: fig(p.before),
        after: fig(p.after),
        deltaNet: d(p.delta.net),
        deltaGross: d(p.delta.gross),
      }));
    } else {
      const own = diff.participants.filter((p) => p.orgId === myOrg);
      const rest = diff.participants.filter((p) => p.orgId !== myOrg);
      changes = own.map((p) => ({ name: p.name, own: true, aggregate: false, before: fig(p.before), after: fig(p.after), deltaNet: d(p.delta.net), deltaGross: d(p.delta.gross) }));
      if (rest.length && !ownShareOnly) {
        const total = (pick: (p: (typeof rest)[number]) => { gross: bigint; support: bigint; net: bigint } | null): Figures | null => {
          const xs = rest.map(pick).filter((x): x is { gross: bigint; support: bigint; net: bigint } => x !== null);
          return xs.length ? { gross: d(xs.reduce((a, x) => a + x.gross, 0n)), support: d(xs.reduce((a, x) => a + x.support, 0n)), net: d(xs.reduce((a, x) => a + x.net, 0n)) } : null;
        };
        changes.push({
          name: "",
          own: false,
          aggregate: true,
          before: total((p) => p.before),
          after: total((p) => p.after),
          deltaNet: d(rest.reduce((s, p) => s + p.delta.net, 0n)),
          deltaGross: d(rest.reduce((s, p) => s + p.delta.gross, 0n)),
        });
      }
    }
    const vars = (typeof v.reason_vars === "string" ? JSON.parse(v.reason_vars) : v.reason_vars) ?? {};
    return {
      version: v.version,
      at: new Date(v.created_at).toISOString(),
      by: v.by,
      reason: v.reason,
      reasonVars: vars,
      totals: {
        gross: next.totals.grossCents,
        support: next.totals.supportCents,
        net: next.totals.netCents,
        deltaGross: d(diff.totals.delta.gross),
        deltaSupport: d(diff.totals.delta.support),
        deltaNet: d(diff.totals.delta.net),
      },
      changes,
      linesAdded: diff.linesAdded,
      linesRemoved: diff.linesRemoved,
      linesChanged: diff.linesChanged.map((c) => ({ description: c.description, before: d(c.before), after: d(c.after) })),
    };
  });

  const rateOut = { sme: "0", large: "0", research: "0" } as Record<OrgCategory, string>;
  for (const r of rates) rateOut[r.category] = bpToPercent(pct(r.rate_pct)!);
  let terms: LedgerView["terms"] = [];
  if (a.may.manage) {
    const rowsT = await exec
      .selectFrom("campaign_participant as cp")
      .innerJoin("organisation as o", "o.id", "cp.organisation_id")
      .select(["cp.id", "cp.organisation_id", "o.name", "o.legal_type", "o.size", "cp.stand_area_m2", "cp.delegates", "cp.cap_eur", "cp.rate_override"])
      .where("cp.campaign_id", "=", campaignId)
      .where("cp.status", "=", "accepted")
      .orderBy("o.search_key")
      .execute();
    terms = rowsT.map((r) => ({
      id: r.id,
      orgId: r.organisation_id,
      name: r.name,
      category: orgCategory(r.legal_type, r.size),
      area: r.stand_area_m2,
      delegates: r.delegates,
      cap: r.cap_eur,
      rate: r.rate_override === null ? null : bpToPercent(pct(r.rate_override)!),
    }));
  }
  const alloc = a.may.manage ? await standAllocation(exec, campaignId) : null;
  const t = snap.totals;
  return {
    ownShareOnly,
    stand: alloc && alloc.standArea !== null ? { area: alloc.standArea, allocated: alloc.allocated, over: alloc.over } : null,
    full,
    manage: a.may.manage,
    version: versions[0]?.version ?? null,
    totals: full
      ? { amount: t.amountCents, allocated: t.allocatedCents, unallocated: t.unallocatedCents, gross: t.grossCents, eligible: t.eligibleCents, support: t.supportCents, net: t.netCents }
      : { amount: t.amountCents, allocated: t.allocatedCents, unallocated: t.unallocatedCents, gross: t.grossCents, eligible: "", support: t.supportCents, net: t.netCents },
    rows,
    others,
    lines,
    warnings: a.may.manage ? snap.warnings.map((w) => ({ code: w.code, line: lineDesc.get(w.lineId) ?? "" })) : [],
    rates: rateOut,
    vatRate: bpToPercent(pct(a.campaign.vat_rate)!),
    vatRecoverable: a.campaign.vat_recoverable,
    publishFullTable: a.campaign.publish_full_table,
    versions: versionViews,
    terms,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Lines restricted to chosen participants (issue 12: a newly accepted participant must not silently pay €0)

export interface RestrictedLine {
  id: string;
  description: string;
  splitKey: SplitKey;
  /** The participant is already one of the line's chosen participants. */
  includes: boolean;
  /** How many active participants the line is split among. */
  activeMembers: number;
}

/**
 * The budget lines that apply only to chosen participants, and whether the given participant is on each: what the
 * coordinator is shown after accepting an application (to include the newcomer) or recording a withdrawal.
 */
export async function restrictedLines(exec: Executor, a: CampaignAccess, participantId: string): Promise<RestrictedLine[]> {
  if (!a.may.manage || !isUuid(participantId)) return [];
  const input = await loadLedgerInput(exec, a.campaign.id);
  const active = new Set(input.participants.map((p) => p.id));
  const order = await exec.selectFrom("campaign_budget_line").select("id").where("campaign_id", "=", a.campaign.id).orderBy("created_at").orderBy("id").execute();
  const pos = new Map(order.map((l, i) => [l.id, i]));
  return input.lines
    .filter((l) => l.appliesTo === "chosen" || l.splitKey === "custom")
    .sort((x, y) => (pos.get(x.id) ?? 0) - (pos.get(y.id) ?? 0))
    .map((l) => ({
      id: l.id,
      description: l.description,
      splitKey: l.splitKey,
      includes: l.members.some((m) => m.participantId === participantId),
      activeMembers: l.members.filter((m) => active.has(m.participantId)).length,
    }));
}

/**
 * Includes an accepted participant in chosen budget lines in one step (lines split by custom percentages are
 * changed on the line itself: the percentages must add up to 100 %). Stores a new ledger version.
 */
export async function includeInLines(ctx: Ctx, viewer: Viewer, a: CampaignAccess, participantId: unknown, lineIds: string[]): Promise<{ version: number | null }> {
  const campaignId = demandEdit(viewer, a);
  if (!isUuid(participantId)) throw new ActionError(400, "campaigns.error.participantUnknown");
  const ids = [...new Set(lineIds)];
  if (ids.length === 0) throw new ActionError(400, "campaigns.error.chooseLines", {}, "lineId");
  if (!ids.every(isUuid)) throw new ActionError(400, "campaigns.error.lineUnknown", {}, "lineId");
  return ctx.db.transaction().execute(async (trx) => {
    await lock(trx, viewer, a);
    const input = await loadLedgerInput(trx, campaignId);
    const who = input.participants.find((p) => p.id === participantId);
    if (!who) throw new ActionError(400, "campaigns.error.participantNotActive");
    const lines = input.lines.filter((l) => ids.includes(l.id));
    if (lines.length !== ids.length || lines.some((l) => l.appliesTo !== "chosen" || l.splitKey === "custom")) throw new ActionError(400, "campaigns.error.lineUnknown", {}, "lineId");
    const add = lines.filter((l) => !l.members.some((m) => m.participantId === participantId));
    if (add.length) {
      await trx
        .insertInto("campaign_line_participant")
        .values(add.map((l) => ({ line_id: l.id, participant_id: participantId, percent: null })))
        .execute();
    }
    const v = await recomputeLedger(trx, campaignId, viewer.id, "campaigns.reason.included", { org: who.name, lines: add.map((l) => l.description).join(", ") });
    return { version: v?.version ?? null };
  });
}
