// Cost split of a pool's quote (docs/domain.md "Cost split methods"), exact in cents. The linehaul (quote minus surcharges) is shared by
// the chosen key; each surcharge goes to the request that causes it, or is shared among the chosen ones in the given
// proportions ("causer pays"). Method B ("standalone", equal % saving) splits the whole quote in proportion to the
// stand-alone prices: those already include each member's own services, so surcharges are not charged twice.
// Rounding: floor, then the remaining cents one each to the largest remainders (ties: larger weight, then reference).
// Method B is the exception: each share is rounded to the nearest cent on its own (half up), because with largest
// remainders a member's cent would depend on how the OTHERS' confidential prices are spread — a re-quote oracle on
// them (ADR 0006). B's shares may therefore add up to the quote ± half a cent per member.
import { ActionError } from "~/modules/errors";
import { allocate } from "~/lib/money";
import type { LoadMeasures } from "./load";
import type { SplitMethod, SurchargeKind } from "./reference";

export interface SplitMember {
  requestId: string;
  /** Deterministic tie-breaker (the pool label, e.g. "A"). */
  tieKey: string;
  measures: LoadMeasures;
  /** Stand-alone price in cents (method B). */
  standaloneCents: bigint;
}

export interface SurchargeInput {
  kind: SurchargeKind;
  amountCents: bigint;
  /** Who pays and in which proportion (one entry with weight 1: the causer pays all). */
  shares: { requestId: string; weight: bigint }[];
}

export interface SplitLine {
  requestId: string;
  weight: bigint;
  linehaulCents: bigint;
  surchargeCents: bigint;
  totalCents: bigint;
  /** Each surcharge's part charged to this request. */
  surcharges: { kind: SurchargeKind; cents: bigint }[];
}

export interface SplitResult {
  method: SplitMethod;
  totalCents: bigint;
  linehaulCents: bigint;
  surchargesCents: bigint;
  /** Add up to totalCents to the cent; under "standalone" to within half a cent per member (each rounded on its own). */
  lines: SplitLine[];
}

/** A quote that cannot be split as asked: a 400 refusal like any other (the pool page shows it at the amount). */
export class SplitError extends ActionError {
  constructor(key: string) {
    super(400, key);
  }
}

export function weightOf(method: SplitMethod, m: SplitMember): bigint {
  switch (method) {
    case "per_place":
      return m.measures.placesMilli;
    case "per_kg":
      return m.measures.kgMilli;
    case "per_ldm":
      return m.measures.ldmMilli;
    case "chargeable_weight":
      return m.measures.cwMilli;
    case "standalone":
      return m.standaloneCents;
  }
}

export function splitQuote(input: { totalCents: bigint; method: SplitMethod; members: SplitMember[]; surcharges: SurchargeInput[] }): SplitResult {
  const { totalCents, method, members, surcharges } = input;
  if (members.length === 0) throw new SplitError("logistics.error.splitNoMembers");
  if (totalCents <= 0n) throw new SplitError("logistics.error.quoteAmount");
  const ids = new Set(members.map((m) => m.requestId));
  const surchargesCents = surcharges.reduce((s, x) => s + x.amountCents, 0n);
  for (const s of surcharges) {
    if (s.amountCents < 0n) throw new SplitError("logistics.error.surchargeAmount");
    if (s.shares.length === 0 || s.shares.some((x) => !ids.has(x.requestId) || x.weight < 0n) || s.shares.every((x) => x.weight === 0n)) throw new SplitError("logistics.error.surchargeCauser");
  }
  const index = new Map(members.map((m, i) => [m.requestId, i]));
  const weights = members.map((m) => weightOf(method, m));
  const tie = members.map((m) => m.tieKey);
  const surchargeParts = members.map(() => [] as { kind: SurchargeKind; cents: bigint }[]);

  if (method === "standalone") {
    const sum = weights.reduce((a, b) => a + b, 0n);
    if (sum <= 0n) throw new SplitError("logistics.error.splitNoMembers");
    // A function of (quote, own price, Σ prices) only: nothing else about the other members can show in it.
    const shares = weights.map((w) => (2n * totalCents * w + sum) / (2n * sum));
    return {
      method,
      totalCents,
      linehaulCents: totalCents,
      surchargesCents: 0n,
      lines: members.map((m, i) => ({ requestId: m.requestId, weight: weights[i], linehaulCents: shares[i], surchargeCents: 0n, totalCents: shares[i], surcharges: [] })),
    };
  }

  const linehaulCents = totalCents - surchargesCents;
  if (linehaulCents < 0n) throw new SplitError("logistics.error.surchargesExceedQuote");
  const linehaul = allocate(
    linehaulCents,
    weights.map((weight, i) => ({ key: tie[i], weight })),
  );
  const extra = members.map(() => 0n);
  for (const s of surcharges) {
    const parts = allocate(
      s.amountCents,
      s.shares.map((x) => ({ key: tie[index.get(x.requestId)!], weight: x.weight })),
    );
    s.shares.forEach((x, k) => {
      const i = index.get(x.requestId)!;
      extra[i] += parts[k];
      if (parts[k] !== 0n) surchargeParts[i].push({ kind: s.kind, cents: parts[k] });
    });
  }
  return {
    method,
    totalCents,
    linehaulCents,
    surchargesCents,
    lines: members.map((m, i) => ({
      requestId: m.requestId,
      weight: weights[i],
      linehaulCents: linehaul[i],
      surchargeCents: extra[i],
      totalCents: linehaul[i] + extra[i],
      surcharges: surchargeParts[i],
    })),
  };
}
