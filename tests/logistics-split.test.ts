import { describe, expect, it } from "vitest";
import { allocate, centsToDecimal, toCents, toMilli, toScaled } from "../app/lib/money";
import { measures } from "../app/modules/logistics/load";
import { splitQuote, SplitError, type SplitMember, type SurchargeInput } from "../app/modules/logistics/split";
import { SPLIT_METHODS, type SurchargeKind } from "../app/modules/logistics/reference";
import { demoLogisticsRequests, P1_QUOTE } from "../app/seed/logistics";
import { seedDates } from "../app/seed/dates";
import { REFERENCE_NOW, rng } from "./helpers/logistics-fixtures";

// Pool P1 of docs/domain.md "Demo logistics (L1 to L6, pool P1)": quote €3,150 = linehaul €2,700 + stop €150 (L2) + storage €180 (L3) + logger €120 (L1:L2 6:4).
const demo = Object.fromEntries(demoLogisticsRequests(seedDates(REFERENCE_NOW)).map((d) => [d.key, d]));
const members: SplitMember[] = (["L1", "L2", "L3"] as const).map((k, i) => ({
  requestId: k,
  tieKey: "ABC"[i],
  measures: measures(demo[k]),
  standaloneCents: toCents(demo[k].standaloneEur!),
}));
const surcharges: SurchargeInput[] = P1_QUOTE.surcharges.map((s) => ({
  kind: s.kind,
  amountCents: toCents(s.amount),
  shares: s.shares.map((x) => ({ requestId: x.key, weight: BigInt(x.weight) })),
}));
const totals = (method: (typeof SPLIT_METHODS)[number]) => splitQuote({ totalCents: toCents(P1_QUOTE.total), method, members, surcharges }).lines.map((l) => centsToDecimal(l.totalCents));

describe("pool P1 splits reproduce docs/domain.md “Demo logistics (L1 to L6, pool P1)” to the cent", () => {
  it("A — per floor place (6 + 4 + 1 places; two stackable pallets = one place); surcharges land on their causers", () => {
    const r = splitQuote({ totalCents: toCents("3150"), method: "per_place", members, surcharges });
    expect(r.linehaulCents).toBe(270_000n);
    expect(r.lines.map((l) => Number(l.weight) / 1000)).toEqual([6, 4, 1]);
    expect(r.lines.map((l) => centsToDecimal(l.linehaulCents))).toEqual(["1472.73", "981.82", "245.45"]);
    expect(r.lines.map((l) => centsToDecimal(l.surchargeCents))).toEqual(["72.00", "198.00", "180.00"]);
    expect(r.lines.map((l) => centsToDecimal(l.totalCents))).toEqual(["1544.73", "1179.82", "425.45"]);
    expect(r.lines[1].surcharges).toEqual([
      { kind: "extra_stop", cents: 15_000n },
      { kind: "data_logger", cents: 4_800n },
    ]);
    expect(r.lines[2].surcharges).toEqual([{ kind: "storage", cents: 18_000n }]);
    // Savings against the stand-alone quotes: 505.27, 420.18, 94.55 = 1,020.00.
    expect(r.lines.map((l, i) => centsToDecimal(members[i].standaloneCents - l.totalCents))).toEqual(["505.27", "420.18", "94.55"]);
  });

  it("B — proportional to the stand-alone quotes (everyone saves 24.46 %)", () => {
    expect(totals("standalone")).toEqual(["1548.56", "1208.63", "392.81"]);
  });

  it("C — chargeable weight max(kg, m³ × 333, LDM × 1,850): 4,440 / 2,960 / 959.04 kg", () => {
    const r = splitQuote({ totalCents: toCents("3150"), method: "chargeable_weight", members, surcharges });
    expect(r.lines.map((l) => l.weight)).toEqual([toMilli("4440"), toMilli("2960"), toMilli("959.04")]);
    expect(totals("chargeable_weight")).toEqual(["1506.14", "1154.09", "489.77"]);
  });

  it("per kg and per LDM sum to the quote as well", () => {
    for (const m of ["per_kg", "per_ldm"] as const) {
      const t = totals(m).map((x) => toCents(x));
      expect(t.reduce((a, b) => a + b, 0n)).toBe(315_000n);
    }
  });

  it("refuses surcharges above the quote, a causer outside the pool and a zero quote", () => {
    expect(() => splitQuote({ totalCents: toCents("300"), method: "per_place", members, surcharges })).toThrow(SplitError);
    expect(() => splitQuote({ totalCents: toCents("3150"), method: "per_place", members, surcharges: [{ kind: "tail_lift", amountCents: 5000n, shares: [{ requestId: "L9", weight: 1n }] }] })).toThrow(
      "logistics.error.surchargeCauser",
    );
    expect(() => splitQuote({ totalCents: 0n, method: "per_place", members, surcharges: [] })).toThrow("logistics.error.quoteAmount");
  });
});

describe("allocation (floor, then largest remainders)", () => {
  it("is exact and deterministic on ties: larger weight first, then the tie key", () => {
    // ~/lib/money's allocate (the one allocator): items carry their tie key beside the weight.
    const allocate3 = (total: bigint, weights: bigint[], keys: string[]) =>
      allocate(
        total,
        weights.map((weight, i) => ({ key: keys[i], weight })),
      );
    expect(allocate3(100n, [1n, 1n, 1n], ["C", "A", "B"])).toEqual([33n, 34n, 33n]);
    expect(allocate3(200n, [1n, 1n, 1n], ["C", "A", "B"])).toEqual([66n, 67n, 67n]);
    expect(allocate3(10n, [0n, 0n], ["A", "B"])).toEqual([5n, 5n]);
    expect(allocate3(1n, [2n, 1n], ["B", "A"])).toEqual([1n, 0n]);
  });

  it("property: shares always sum to the total, each within a cent of its exact value, surcharges only on their causers", () => {
    const next = rng(4242);
    const kinds: SurchargeKind[] = ["temperature_control", "adr_handling", "tail_lift", "extra_stop", "storage", "data_logger"];
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(next() * 6);
      const ms: SplitMember[] = Array.from({ length: n }, (_, i) => ({
        requestId: `R${i}`,
        tieKey: String.fromCharCode(65 + i),
        measures: measures({
          packaging: (["eur_pallet", "industrial_pallet", "ibc", "drum", "parcel"] as const)[Math.floor(next() * 5)],
          units: 1 + Math.floor(next() * 12),
          grossKg: (next() * 9000 + 1).toFixed(2),
          volumeM3: next() < 0.5 ? (next() * 20 + 0.1).toFixed(3) : null,
          ldm: null,
          stackable: next() < 0.3,
        }),
        standaloneCents: BigInt(10_000 + Math.floor(next() * 300_000)),
      }));
      const sur: SurchargeInput[] = Array.from({ length: Math.floor(next() * 4) }, () => {
        const causers = ms.filter(() => next() < 0.5);
        const who = causers.length ? causers : [ms[0]];
        return {
          kind: kinds[Math.floor(next() * kinds.length)],
          amountCents: BigInt(Math.floor(next() * 40_000)),
          shares: who.map((m) => ({ requestId: m.requestId, weight: BigInt(1 + Math.floor(next() * 9)) })),
        };
      });
      const surTotal = sur.reduce((s, x) => s + x.amountCents, 0n);
      const total = surTotal + BigInt(1 + Math.floor(next() * 900_000));
      for (const method of SPLIT_METHODS) {
        const r = splitQuote({ totalCents: total, method, members: ms, surcharges: sur });
        const sum = r.lines.reduce((s, l) => s + l.totalCents, 0n);
        // Stand-alone shares are rounded each on its own (ADR 0006): within half a cent per member of the quote.
        if (method === "standalone") expect(Math.abs(Number(sum - total))).toBeLessThanOrEqual(n / 2);
        else expect(sum).toBe(total);
        const wsum = r.lines.reduce((s, l) => s + l.weight, 0n);
        for (const l of r.lines) {
          const exact = Number(r.linehaulCents) * (wsum === 0n ? 1 / n : Number(l.weight) / Number(wsum));
          expect(Math.abs(Number(l.linehaulCents) - exact)).toBeLessThan(method === "standalone" ? 0.5001 : 1.0001);
          if (method !== "standalone") {
            const mine = sur.filter((s) => s.shares.some((x) => x.requestId === l.requestId));
            const charged = l.surcharges.reduce((s, x) => s + x.cents, 0n);
            expect(charged).toBe(l.surchargeCents);
            if (mine.length === 0) expect(l.surchargeCents).toBe(0n);
            expect(l.surchargeCents).toBeLessThanOrEqual(mine.reduce((s, x) => s + x.amountCents, 0n));
          }
        }
      }
    }
  });
});

describe("the stand-alone split reveals nothing of the others but their sum (ADR 0006)", () => {
  it("property: a member's share depends only on the quote, its own price and the sum of all prices", () => {
    const next = rng(777);
    for (let round = 0; round < 500; round++) {
      const n = 3 + Math.floor(next() * 5);
      const prices = Array.from({ length: n }, () => BigInt(15_000 + Math.floor(next() * 400_000)));
      const total = BigInt(10_000 + Math.floor(next() * 900_000));
      const member = (i: number, p: bigint): SplitMember => ({
        requestId: `R${i}`,
        tieKey: String.fromCharCode(65 + i),
        measures: measures({ packaging: "eur_pallet", units: 1, grossKg: "100", volumeM3: null, ldm: null, stackable: false }),
        standaloneCents: p,
      });
      const before = splitQuote({ totalCents: total, method: "standalone", members: prices.map((p, i) => member(i, p)), surcharges: [] });
      // Move an amount between two other members: the viewer's (member 0's) share must not move by a cent.
      const [j, k] = [1 + Math.floor(next() * (n - 1)), 1 + Math.floor(next() * (n - 1))];
      if (j === k) continue;
      const delta = BigInt(Math.floor(next() * Number(prices[k] - 1n)));
      const moved = prices.map((p, i) => (i === j ? p + delta : i === k ? p - delta : p));
      const after = splitQuote({ totalCents: total, method: "standalone", members: moved.map((p, i) => member(i, p)), surcharges: [] });
      expect(after.lines[0].totalCents).toBe(before.lines[0].totalCents);
    }
  });
});

describe("decimals", () => {
  it("parses and prints exactly", () => {
    expect(toScaled("2.88", 3)).toBe(2880n);
    expect(toCents("3150")).toBe(315_000n);
    expect(centsToDecimal(154_856n)).toBe("1548.56");
    expect(centsToDecimal(5n)).toBe("0.05");
    expect(() => toCents("1.234")).toThrow();
    expect(() => toCents("1e3")).toThrow();
  });
});
