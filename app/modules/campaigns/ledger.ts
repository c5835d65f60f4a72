// The cost-sharing ledger of a joint-marketing campaign: PURE functions (no database, no clock, no I/O).
//
// Money is exact: every amount is an integer number of euro cents held in a BigInt. Decimal strings from the
// database (PostgreSQL `numeric`) and from forms are converted with the parsers below — never through a float.
//
// Rules (docs/campaigns.md states them for people; the ledger page repeats them):
// 1. A budget line's amount is its actual amount when one is entered, else its planned amount (net of VAT). When the
//    campaign's VAT is not recoverable, the line's VAT (rounded half-up to the cent) is added and shared with it.
// 2. The amount is split among the line's participants — the active ones (accepted, not withdrawn) among all, or
//    among the chosen ones — by its key: equal, stand area, delegates, or custom percentages.
// 3. Rounding ("largest remainder"): each share is computed exactly as amount × weight / total weight, rounded down
//    to the cent; the cents left over (fewer than the number of participants) go one by one to the largest
//    remainders; ties go to the larger share, then to the lower organisation id. The shares always add up to the
//    line's amount exactly.
// 4. Co-funding per participant = support rate of its category (or its own rate) × its share of eligible lines,
//    rounded down to the cent, and never above its cap (e.g. the de minimis allowance left). The co-funding is then
//    spread back over the participant's eligible lines by the same largest-remainder rule (ties: larger share, then
//    line id), so it never exceeds a line's share.
// 5. Net payable = gross share − co-funding, per line and in total. The participants' totals add up to the campaign's
//    totals to the cent; an amount no active participant can carry (e.g. every chosen participant withdrew) is shown
//    as "unallocated" with a warning, never silently spread.

import { allocate, centsToDecimal, parseDecimal, toCents, type Parsed, type Weighted } from "~/lib/money";

export type OrgCategory = "sme" | "large" | "research";
export const ORG_CATEGORIES: readonly OrgCategory[] = ["sme", "large", "research"];
export type SplitKey = "equal" | "area" | "delegates" | "custom";
export const SPLIT_KEYS: readonly SplitKey[] = ["equal", "area", "delegates", "custom"];
export type AppliesTo = "all" | "chosen";

/** Percentages are held in basis points of a percent: 50 % = 5000, 12.25 % = 1225, 100 % = 10000. */
export const PERCENT_ONE = 10000;

export interface LedgerParticipant {
  /** The participant row id. */
  id: string;
  orgId: string;
  name: string;
  category: OrgCategory;
  /** Stand area in hundredths of a square metre (12.5 m² → 1250). */
  areaCenti: bigint;
  delegates: bigint;
  /** The most co-funding it may get (e.g. its remaining de minimis allowance), or null for no cap. */
  capCents: bigint | null;
  /** Its own support rate (basis points) instead of its category's, or null. */
  rateOverrideBp: number | null;
}

export interface LedgerLineInput {
  id: string;
  description: string;
  category: string;
  plannedCents: bigint;
  actualCents: bigint | null;
  eligible: boolean;
  splitKey: SplitKey;
  appliesTo: AppliesTo;
  /** Chosen participants (appliesTo "chosen"); for the custom key each one's percentage in basis points. */
  members: { participantId: string; percentBp: number | null }[];
}

export interface LedgerInput {
  /** The ACTIVE participants (accepted and not withdrawn); rows of others that lines still name are ignored. */
  participants: LedgerParticipant[];
  lines: LedgerLineInput[];
  rates: Record<OrgCategory, number>;
  vat: { rateBp: number; recoverable: boolean };
}

export type LedgerWarning = { code: "lineNoParticipants"; lineId: string } | { code: "lineNoBasis"; lineId: string } | { code: "customInactive"; lineId: string };

export interface LineShare {
  participantId: string;
  grossCents: bigint;
  supportCents: bigint;
}

export interface LineResult {
  id: string;
  description: string;
  category: string;
  eligible: boolean;
  splitKey: SplitKey;
  appliesTo: AppliesTo;
  netCents: bigint;
  vatCents: bigint;
  /** What is shared: net plus VAT when VAT is not recoverable. */
  amountCents: bigint;
  allocatedCents: bigint;
  unallocatedCents: bigint;
  shares: LineShare[];
}

export interface ParticipantResult {
  id: string;
  orgId: string;
  name: string;
  category: OrgCategory;
  rateBp: number;
  capCents: bigint | null;
  grossCents: bigint;
  eligibleCents: bigint;
  /** rate × eligible gross, before the cap. */
  supportUncappedCents: bigint;
  supportCents: bigint;
  capped: boolean;
  netCents: bigint;
  lines: { lineId: string; grossCents: bigint; supportCents: bigint; netCents: bigint }[];
}

export interface LedgerResult {
  lines: LineResult[];
  participants: ParticipantResult[];
  totals: {
    amountCents: bigint;
    allocatedCents: bigint;
    unallocatedCents: bigint;
    grossCents: bigint;
    eligibleCents: bigint;
    supportCents: bigint;
    netCents: bigint;
  };
  warnings: LedgerWarning[];
}

// ---------------------------------------------------------------------------------------------------------------
// Percentages (money parsing, cents and the largest-remainder allocator are ~/lib/money's)

/** A percentage 0–100 with up to two decimals → basis points (0–10000). */
export function parsePercent(input: unknown): Parsed<number> {
  const r = parseDecimal(input, 2, BigInt(PERCENT_ONE));
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

/** Basis points → "12.5" style percent text without trailing zeros ("50", "12.25"). */
export function bpToPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** VAT on a net amount at a rate in basis points, rounded half-up to the cent. */
export function vatOf(netCents: bigint, rateBp: number): bigint {
  return (netCents * BigInt(rateBp) + BigInt(PERCENT_ONE / 2)) / BigInt(PERCENT_ONE);
}

function rateFor(p: LedgerParticipant, rates: Record<OrgCategory, number>): number {
  return p.rateOverrideBp ?? rates[p.category] ?? 0;
}

/** The whole ledger for one campaign state. Deterministic: the order of participants and lines does not matter. */
export function computeLedger(input: LedgerInput): LedgerResult {
  const participants = [...input.participants].sort((a, b) => cmp(a.orgId, b.orgId) || cmp(a.id, b.id));
  const byId = new Map(participants.map((p) => [p.id, p]));
  const lines = [...input.lines].sort((a, b) => cmp(a.id, b.id));
  const warnings: LedgerWarning[] = [];
  const shareOf = new Map<string, Map<string, bigint>>(); // participant → line → gross

  const lineResults: LineResult[] = lines.map((line) => {
    const netCents = line.actualCents ?? line.plannedCents;
    const vatCents = input.vat.recoverable ? 0n : vatOf(netCents, input.vat.rateBp);
    const amountCents = netCents + vatCents;
    let members: { p: LedgerParticipant; percentBp: number | null }[];
    if (line.splitKey === "custom" || line.appliesTo === "chosen") {
      members = [];
      let inactive = false;
      for (const m of line.members) {
        const p = byId.get(m.participantId);
        if (p) members.push({ p, percentBp: m.percentBp });
        else inactive = true;
      }
      if (inactive && line.splitKey === "custom" && members.length > 0) warnings.push({ code: "customInactive", lineId: line.id });
    } else {
      members = participants.map((p) => ({ p, percentBp: null }));
    }
    const weights: Weighted[] = members.map(({ p, percentBp }) => ({
      key: p.orgId,
      weight: line.splitKey === "equal" ? 1n : line.splitKey === "area" ? p.areaCenti : line.splitKey === "delegates" ? p.delegates : BigInt(percentBp ?? 0),
    }));
    const totalWeight = weights.reduce((s, w) => s + w.weight, 0n);
    let shares: LineShare[] = [];
    let allocatedCents = 0n;
    if (members.length === 0) {
      if (amountCents > 0n || line.appliesTo === "chosen" || line.splitKey === "custom") warnings.push({ code: "lineNoParticipants", lineId: line.id });
    } else if (totalWeight === 0n) {
      warnings.push({ code: "lineNoBasis", lineId: line.id });
    } else {
      const parts = allocate(amountCents, weights);
      shares = members.map(({ p }, i) => ({ participantId: p.id, grossCents: parts[i], supportCents: 0n }));
      allocatedCents = amountCents;
      for (const s of shares) {
        let m = shareOf.get(s.participantId);
        if (!m) shareOf.set(s.participantId, (m = new Map()));
        m.set(line.id, (m.get(line.id) ?? 0n) + s.grossCents);
      }
    }
    return {
      id: line.id,
      description: line.description,
      category: line.category,
      eligible: line.eligible,
      splitKey: line.splitKey,
      appliesTo: line.appliesTo,
      netCents,
      vatCents,
      amountCents,
      allocatedCents,
      unallocatedCents: amountCents - allocatedCents,
      shares,
    };
  });
  const lineById = new Map(lineResults.map((l) => [l.id, l]));

  const participantResults: ParticipantResult[] = participants.map((p) => {
    const mine = shareOf.get(p.id) ?? new Map<string, bigint>();
    const perLine = lineResults.filter((l) => mine.has(l.id)).map((l) => ({ line: l, gross: mine.get(l.id)! }));
    const grossCents = perLine.reduce((s, x) => s + x.gross, 0n);
    const eligibleLines = perLine.filter((x) => x.line.eligible && x.gross > 0n);
    const eligibleCents = eligibleLines.reduce((s, x) => s + x.gross, 0n);
    const rateBp = rateFor(p, input.rates);
    const supportUncappedCents = (eligibleCents * BigInt(rateBp)) / BigInt(PERCENT_ONE);
    const capped = p.capCents !== null && p.capCents < supportUncappedCents;
    const supportCents = capped ? p.capCents! : supportUncappedCents;
    const spread =
      supportCents > 0n
        ? allocate(
            supportCents,
            eligibleLines.map((x) => ({ key: x.line.id, weight: x.gross })),
          )
        : eligibleLines.map(() => 0n);
    const supportByLine = new Map(eligibleLines.map((x, i) => [x.line.id, spread[i]]));
    const linesOut = perLine.map((x) => {
      const support = supportByLine.get(x.line.id) ?? 0n;
      return { lineId: x.line.id, grossCents: x.gross, supportCents: support, netCents: x.gross - support };
    });
    for (const l of linesOut) {
      const share = lineById.get(l.lineId)!.shares.find((s) => s.participantId === p.id)!;
      share.supportCents = l.supportCents;
    }
    return {
      id: p.id,
      orgId: p.orgId,
      name: p.name,
      category: p.category,
      rateBp,
      capCents: p.capCents,
      grossCents,
      eligibleCents,
      supportUncappedCents,
      supportCents,
      capped,
      netCents: grossCents - supportCents,
      lines: linesOut,
    };
  });

  const sum = <T>(xs: T[], f: (x: T) => bigint) => xs.reduce((s, x) => s + f(x), 0n);
  const totals = {
    amountCents: sum(lineResults, (l) => l.amountCents),
    allocatedCents: sum(lineResults, (l) => l.allocatedCents),
    unallocatedCents: sum(lineResults, (l) => l.unallocatedCents),
    grossCents: sum(participantResults, (p) => p.grossCents),
    eligibleCents: sum(participantResults, (p) => p.eligibleCents),
    supportCents: sum(participantResults, (p) => p.supportCents),
    netCents: sum(participantResults, (p) => p.netCents),
  };
  return { lines: lineResults, participants: participantResults, totals, warnings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots (stored as jsonb per ledger version) and the difference between two versions

/** JSON-safe form of a result: cents as decimal strings ("1234.50"). */
export interface LedgerSnapshot {
  totals: Record<keyof LedgerResult["totals"], string>;
  participants: {
    id: string;
    orgId: string;
    name: string;
    category: OrgCategory;
    rateBp: number;
    cap: string | null;
    gross: string;
    eligible: string;
    support: string;
    capped: boolean;
    net: string;
    lines: { lineId: string; gross: string; support: string; net: string }[];
  }[];
  lines: {
    id: string;
    description: string;
    category: string;
    eligible: boolean;
    splitKey: SplitKey;
    appliesTo: AppliesTo;
    net: string;
    vat: string;
    amount: string;
    unallocated: string;
  }[];
  warnings: LedgerWarning[];
}

export function toSnapshot(r: LedgerResult): LedgerSnapshot {
  const d = centsToDecimal;
  return {
    totals: Object.fromEntries(Object.entries(r.totals).map(([k, v]) => [k, d(v)])) as LedgerSnapshot["totals"],
    participants: r.participants.map((p) => ({
      id: p.id,
      orgId: p.orgId,
      name: p.name,
      category: p.category,
      rateBp: p.rateBp,
      cap: p.capCents === null ? null : d(p.capCents),
      gross: d(p.grossCents),
      eligible: d(p.eligibleCents),
      support: d(p.supportCents),
      capped: p.capped,
      net: d(p.netCents),
      lines: p.lines.map((l) => ({ lineId: l.lineId, gross: d(l.grossCents), support: d(l.supportCents), net: d(l.netCents) })),
    })),
    lines: r.lines.map((l) => ({
      id: l.id,
      description: l.description,
      category: l.category,
      eligible: l.eligible,
      splitKey: l.splitKey,
      appliesTo: l.appliesTo,
      net: d(l.netCents),
      vat: d(l.vatCents),
      amount: d(l.amountCents),
      unallocated: d(l.unallocatedCents),
    })),
    warnings: r.warnings,
  };
}

/** JSON with object keys sorted (jsonb does not keep key order), for comparing snapshots. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** True when two snapshots carry the same figures (names and descriptions included). */
export function sameSnapshot(a: LedgerSnapshot | null, b: LedgerSnapshot): boolean {
  return a !== null && canonicalJson(a) === canonicalJson(b);
}

export interface Figures {
  gross: bigint;
  support: bigint;
  net: bigint;
}

export interface ParticipantDiff {
  orgId: string;
  name: string;
  before: Figures | null;
  after: Figures | null;
  delta: Figures;
}

export interface SnapshotDiff {
  participants: ParticipantDiff[];
  totals: { before: Figures & { amount: bigint }; after: Figures & { amount: bigint }; delta: Figures & { amount: bigint } };
  linesAdded: string[];
  linesRemoved: string[];
  linesChanged: { description: string; before: bigint; after: bigint }[];
}

const figures = (p: { gross: string; support: string; net: string }): Figures => ({
  gross: toCents(p.gross),
  support: toCents(p.support),
  net: toCents(p.net),
});
const ZERO: Figures = { gross: 0n, support: 0n, net: 0n };

/** What changed from one version to the next, per organisation (joined, left, or different figures). */
export function diffSnapshots(prev: LedgerSnapshot | null, next: LedgerSnapshot): SnapshotDiff {
  const before = new Map((prev?.participants ?? []).map((p) => [p.orgId, p]));
  const after = new Map(next.participants.map((p) => [p.orgId, p]));
  const orgIds = [...new Set([...before.keys(), ...after.keys()])].sort();
  const participants: ParticipantDiff[] = [];
  for (const id of orgIds) {
    const b = before.get(id);
    const a = after.get(id);
    const fb = b ? figures(b) : null;
    const fa = a ? figures(a) : null;
    const x = fb ?? ZERO;
    const y = fa ?? ZERO;
    const delta = { gross: y.gross - x.gross, support: y.support - x.support, net: y.net - x.net };
    if (fb && fa && delta.gross === 0n && delta.support === 0n && delta.net === 0n) continue;
    participants.push({ orgId: id, name: (a ?? b)!.name, before: fb, after: fa, delta });
  }
  const tot = (s: LedgerSnapshot | null) =>
    s ? { gross: toCents(s.totals.grossCents), support: toCents(s.totals.supportCents), net: toCents(s.totals.netCents), amount: toCents(s.totals.amountCents) } : { ...ZERO, amount: 0n };
  const tb = tot(prev);
  const ta = tot(next);
  const lb = new Map((prev?.lines ?? []).map((l) => [l.id, l]));
  const la = new Map(next.lines.map((l) => [l.id, l]));
  return {
    participants,
    totals: {
      before: tb,
      after: ta,
      delta: { gross: ta.gross - tb.gross, support: ta.support - tb.support, net: ta.net - tb.net, amount: ta.amount - tb.amount },
    },
    linesAdded: next.lines.filter((l) => !lb.has(l.id)).map((l) => l.description),
    linesRemoved: (prev?.lines ?? []).filter((l) => !la.has(l.id)).map((l) => l.description),
    linesChanged: next.lines
      .filter((l) => lb.has(l.id) && lb.get(l.id)!.amount !== l.amount)
      .map((l) => ({ description: l.description, before: toCents(lb.get(l.id)!.amount), after: toCents(l.amount) })),
  };
}
