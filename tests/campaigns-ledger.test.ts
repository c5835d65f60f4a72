import { describe, expect, it } from "vitest";
import { allocate, centsToDecimal, parseMoney, toCents } from "../app/lib/money";
import {
  computeLedger,
  diffSnapshots,
  parsePercent,
  sameSnapshot,
  toSnapshot,
  vatOf,
  type LedgerInput,
  type LedgerLineInput,
  type LedgerParticipant,
  type OrgCategory,
  type SplitKey,
} from "../app/modules/campaigns/ledger";

// The ledger is pure: these tests need no database. Money is asserted in cents (BigInt) throughout.

/** mulberry32: a tiny seeded generator, so every failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    shuffle<T>(xs: T[]): T[] {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
type Rng = ReturnType<typeof rng>;

const euros = (n: number | string) => toCents(String(n));
const hex = (n: number) => n.toString(16).padStart(8, "0");

function participant(id: string, orgId: string, category: OrgCategory, area = 0, delegates = 0, extra: Partial<LedgerParticipant> = {}): LedgerParticipant {
  return { id, orgId, name: orgId, category, areaCenti: BigInt(Math.round(area * 100)), delegates: BigInt(delegates), capCents: null, rateOverrideBp: null, ...extra };
}

function line(id: string, amount: number | string, splitKey: SplitKey, extra: Partial<LedgerLineInput> = {}): LedgerLineInput {
  return { id, description: id, category: "other", plannedCents: euros(amount), actualCents: null, eligible: true, splitKey, appliesTo: "all", members: [], ...extra };
}

/** Random positive integers adding up to exactly `total`. */
function randomParts(r: Rng, n: number, total: number): number[] {
  const cuts = new Set<number>();
  while (cuts.size < n - 1) cuts.add(r.int(1, total - 1));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), total];
  return sorted.slice(1).map((x, i) => x - sorted[i]);
}

function randomInput(r: Rng): LedgerInput {
  const n = r.int(1, 12);
  const participants = Array.from({ length: n }, (_, i) =>
    participant(`p-${hex(r.int(0, 2 ** 31))}-${i}`, `o-${hex(r.int(0, 2 ** 31))}-${i}`, r.pick(["sme", "large", "research"] as const), r.int(0, 4000) / 100, r.int(0, 6), {
      capCents: r.chance(0.3) ? BigInt(r.int(0, 2_000_000)) : null,
      rateOverrideBp: r.chance(0.15) ? r.int(0, 10000) : null,
    }),
  );
  const lines: LedgerLineInput[] = [];
  for (let i = 0, m = r.int(0, 10); i < m; i++) {
    const key = r.pick(["equal", "area", "delegates", "custom"] as const);
    const cents = r.chance(0.1) ? 0 : r.int(1, 5_000_000_000);
    const chosenCount = r.int(1, n);
    const chosen = r.shuffle(participants).slice(0, chosenCount);
    const l = line(`l-${hex(r.int(0, 2 ** 31))}-${i}`, centsToDecimal(BigInt(cents)), key, {
      eligible: r.chance(0.7),
      actualCents: r.chance(0.3) ? BigInt(r.int(0, 5_000_000_000)) : null,
    });
    if (key === "custom") {
      const parts = randomParts(r, chosenCount, 10000);
      l.appliesTo = "chosen";
      l.members = chosen.map((p, k) => ({ participantId: p.id, percentBp: parts[k] }));
    } else if (r.chance(0.4)) {
      l.appliesTo = "chosen";
      l.members = chosen.map((p) => ({ participantId: p.id, percentBp: null }));
    }
    lines.push(l);
  }
  return {
    participants,
    lines,
    rates: { sme: r.int(0, 10000), large: r.int(0, 10000), research: r.int(0, 10000) },
    vat: { rateBp: r.pick([0, 2100, 1200, 550]), recoverable: r.chance(0.7) },
  };
}

/** The invariants every ledger must satisfy. */
function checkInvariants(input: LedgerInput) {
  const res = computeLedger(input);
  const active = new Map(input.participants.map((p) => [p.id, p]));
  let sumAmounts = 0n;
  for (const l of res.lines) {
    const src = input.lines.find((x) => x.id === l.id)!;
    const net = src.actualCents ?? src.plannedCents;
    expect(l.netCents).toBe(net);
    expect(l.amountCents).toBe(net + (input.vat.recoverable ? 0n : vatOf(net, input.vat.rateBp)));
    sumAmounts += l.amountCents;
    const shareSum = l.shares.reduce((s, x) => s + x.grossCents, 0n);
    // Shares add up to the line exactly — or the whole line is reported unallocated with a warning.
    expect(shareSum + l.unallocatedCents).toBe(l.amountCents);
    if (l.unallocatedCents > 0n) {
      expect(shareSum).toBe(0n);
      expect(res.warnings.some((w) => w.lineId === l.id && (w.code === "lineNoParticipants" || w.code === "lineNoBasis"))).toBe(true);
    }
    // Each share is the exact share rounded down or up, never more than one cent off.
    if (l.shares.length) {
      const weights = l.shares.map((s) => {
        const p = active.get(s.participantId)!;
        return src.splitKey === "equal"
          ? 1n
          : src.splitKey === "area"
            ? p.areaCenti
            : src.splitKey === "delegates"
              ? p.delegates
              : BigInt(src.members.find((m) => m.participantId === p.id)!.percentBp!);
      });
      const W = weights.reduce((s, w) => s + w, 0n);
      l.shares.forEach((s, i) => {
        const exactTimesW = l.amountCents * weights[i];
        expect(s.grossCents * W - exactTimesW < W).toBe(true);
        expect(exactTimesW - s.grossCents * W < W).toBe(true);
        expect(s.grossCents >= 0n).toBe(true);
      });
      // Only active participants, and for chosen/custom lines only the chosen ones.
      for (const s of l.shares) {
        expect(active.has(s.participantId)).toBe(true);
        if (src.appliesTo === "chosen") expect(src.members.some((m) => m.participantId === s.participantId)).toBe(true);
      }
    }
  }
  expect(res.totals.amountCents).toBe(sumAmounts);
  expect(res.totals.allocatedCents + res.totals.unallocatedCents).toBe(sumAmounts);
  let g = 0n,
    s = 0n,
    n = 0n;
  for (const p of res.participants) {
    const src = active.get(p.id)!;
    const rate = BigInt(src.rateOverrideBp ?? input.rates[src.category]);
    // Co-funding: exactly rate × eligible gross rounded down, then the cap; never more than either.
    expect(p.supportUncappedCents).toBe((p.eligibleCents * rate) / 10000n);
    expect(p.supportCents * 10000n <= p.eligibleCents * rate).toBe(true);
    if (src.capCents !== null) expect(p.supportCents <= src.capCents).toBe(true);
    expect(p.supportCents).toBe(src.capCents !== null && src.capCents < p.supportUncappedCents ? src.capCents : p.supportUncappedCents);
    expect(p.netCents).toBe(p.grossCents - p.supportCents);
    // Per line: gross adds up, support never above the line share, and only on eligible lines.
    expect(p.lines.reduce((a, l) => a + l.grossCents, 0n)).toBe(p.grossCents);
    expect(p.lines.reduce((a, l) => a + l.supportCents, 0n)).toBe(p.supportCents);
    for (const l of p.lines) {
      expect(l.supportCents <= l.grossCents).toBe(true);
      expect(l.supportCents >= 0n).toBe(true);
      if (!input.lines.find((x) => x.id === l.lineId)!.eligible) expect(l.supportCents).toBe(0n);
      expect(l.netCents).toBe(l.grossCents - l.supportCents);
    }
    g += p.grossCents;
    s += p.supportCents;
    n += p.netCents;
  }
  // The participants reconcile with the campaign totals to the cent.
  expect(g).toBe(res.totals.allocatedCents);
  expect(res.totals.grossCents).toBe(g);
  expect(res.totals.supportCents).toBe(s);
  expect(res.totals.netCents).toBe(n);
  expect(n + s).toBe(g);
  return res;
}

describe("exact decimal input", () => {
  it("parses money as people type it (LV comma, spaces, €) into cents, never through a float", () => {
    expect(parseMoney("1 234,50")).toEqual({ ok: true, value: 123450n });
    expect(parseMoney("1\u00a0234,5 €")).toEqual({ ok: true, value: 123450n });
    expect(parseMoney("0.10")).toEqual({ ok: true, value: 10n });
    expect(parseMoney("9999999999.99")).toEqual({ ok: true, value: 999_999_999_999n });
    expect(parseMoney("0.1").ok && parseMoney("0.2").ok).toBe(true);
    expect(parseMoney("-5")).toEqual({ ok: false, error: "negative" });
    expect(parseMoney("−12,00")).toEqual({ ok: false, error: "negative" });
    for (const bad of ["", "abc", "1.234,50", "1,234.50", "12.345", "1e3", "NaN", "Infinity", "0x10", "12..5", " , "]) {
      expect(parseMoney(bad), bad).toEqual({ ok: false, error: "invalid" });
    }
    expect(parseMoney("10000000000")).toEqual({ ok: false, error: "tooLarge" });
    expect(parseMoney(undefined)).toEqual({ ok: false, error: "invalid" });
    expect(parsePercent("12,25")).toEqual({ ok: true, value: 1225 });
    expect(parsePercent("100.01")).toEqual({ ok: false, error: "tooLarge" });
    expect(centsToDecimal(5n)).toBe("0.05");
    expect(centsToDecimal(-123456n)).toBe("-1234.56");
    expect(toCents("1234.5")).toBe(123450n);
    expect(toCents("7")).toBe(700n);
    expect(toCents("787.500")).toBe(78750n);
    expect(() => toCents("0.125")).toThrow();
  });
});

describe("largest-remainder rounding", () => {
  it("gives the left-over cents to the largest remainders, then to the larger share, then to the lower organisation id", () => {
    expect(
      allocate(10000n, [
        { key: "b", weight: 1n },
        { key: "a", weight: 1n },
        { key: "c", weight: 1n },
      ]),
    ).toEqual([3333n, 3334n, 3333n]);
    // 100.00 by 2 : 1 → exact 66.666… and 33.333…: remainders 2 and 1 (of 3) → the larger remainder gets the cent.
    expect(
      allocate(10000n, [
        { key: "x", weight: 1n },
        { key: "y", weight: 2n },
      ]),
    ).toEqual([3333n, 6667n]);
    // Equal remainders, different shares: the larger share gets the cent first.
    // 2.00 by 1 : 3 → exact 0.5 and 1.5 cents-wise: both remainders 2 (of 4); the larger share wins over the lower id.
    expect(
      allocate(2n, [
        { key: "a", weight: 1n },
        { key: "b", weight: 3n },
      ]),
    ).toEqual([0n, 2n]);
    // Same remainder and same share: the lower organisation id.
    expect(
      allocate(1n, [
        { key: "b", weight: 1n },
        { key: "a", weight: 1n },
      ]),
    ).toEqual([0n, 1n]);
    expect(allocate(0n, [{ key: "a", weight: 5n }])).toEqual([0n]);
    // The ledger now uses ~/lib/money's allocate, whose one rule for all-zero weights is an equal split; the ledger
    // itself never gets there: a line with nothing to split by is a "lineNoBasis" warning (the property test above checks it).
    expect(allocate(1n, [{ key: "a", weight: 0n }])).toEqual([1n]);
    expect(() => allocate(1n, [{ key: "a", weight: -1n }])).toThrow();
  });

  it("does not depend on the order of participants or lines", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const input = randomInput(r);
      const a = toSnapshot(computeLedger(input));
      const b = toSnapshot(computeLedger({ ...input, participants: r.shuffle(input.participants), lines: r.shuffle(input.lines) }));
      expect(b).toEqual(a);
    }
  });
});

describe("ledger properties over random campaigns (seeded)", () => {
  it("shares add up exactly to every line and to the campaign; co-funding never exceeds the rate or a cap", () => {
    for (let seed = 1; seed <= 400; seed++) {
      try {
        checkInvariants(randomInput(rng(seed)));
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
  });

  it("a withdrawal redistributes the leaver's share exactly among those who stay", () => {
    for (let seed = 1000; seed < 1300; seed++) {
      const r = rng(seed);
      const input = randomInput(r);
      if (input.participants.length < 2) continue;
      const before = checkInvariants(input);
      const leaver = r.pick(input.participants);
      const after = checkInvariants({ ...input, participants: input.participants.filter((p) => p.id !== leaver.id) });
      const leaverGross = before.participants.find((p) => p.id === leaver.id)!.grossCents;
      const stayersBefore = before.participants.filter((p) => p.id !== leaver.id).reduce((s, p) => s + p.grossCents, 0n);
      const stayersAfter = after.participants.reduce((s, p) => s + p.grossCents, 0n);
      // Everything the leaver carried is now carried by the others — or reported unallocated (a line only it was on).
      expect(stayersAfter - stayersBefore + (after.totals.unallocatedCents - before.totals.unallocatedCents), `seed ${seed}`).toBe(leaverGross);
      expect(after.totals.amountCents).toBe(before.totals.amountCents);
      for (const l of after.lines) {
        expect(l.shares.some((s) => s.participantId === leaver.id)).toBe(false);
        if (l.shares.length) expect(l.shares.reduce((s, x) => s + x.grossCents, 0n)).toBe(l.amountCents);
      }
      // Per line, no stayer pays less than before on an equal/area/delegates line (the key only lost a member).
      for (const l of after.lines.filter((x) => x.splitKey !== "custom")) {
        const prev = before.lines.find((x) => x.id === l.id)!;
        for (const s of l.shares) {
          const old = prev.shares.find((x) => x.participantId === s.participantId);
          if (old && prev.shares.length) expect(s.grossCents + 1n >= old.grossCents, `seed ${seed}`).toBe(true);
        }
      }
    }
  });

  it("custom percentages that name a withdrawn participant are re-scaled over the others and flagged", () => {
    const ps = [participant("p1", "o1", "sme"), participant("p2", "o2", "sme"), participant("p3", "o3", "large")];
    const l = line("l1", 1000, "custom", {
      appliesTo: "chosen",
      members: [
        { participantId: "p1", percentBp: 5000 },
        { participantId: "p2", percentBp: 3000 },
        { participantId: "p3", percentBp: 2000 },
      ],
    });
    const full = computeLedger({ participants: ps, lines: [l], rates: { sme: 0, large: 0, research: 0 }, vat: { rateBp: 2100, recoverable: true } });
    expect(full.lines[0].shares.map((s) => s.grossCents)).toEqual([50000n, 30000n, 20000n]);
    expect(full.warnings).toEqual([]);
    const res = computeLedger({ participants: ps.slice(0, 2), lines: [l], rates: { sme: 0, large: 0, research: 0 }, vat: { rateBp: 2100, recoverable: true } });
    expect(res.lines[0].shares.map((s) => s.grossCents)).toEqual([62500n, 37500n]);
    expect(res.warnings).toEqual([{ code: "customInactive", lineId: "l1" }]);
  });

  it("a chosen line whose participants all left is reported unallocated, not spread over others", () => {
    const ps = [participant("p1", "o1", "sme"), participant("p2", "o2", "sme")];
    const surcharge = line("l1", 300, "equal", { appliesTo: "chosen", members: [{ participantId: "gone", percentBp: null }] });
    const res = computeLedger({ participants: ps, lines: [surcharge, line("l2", 100, "equal")], rates: { sme: 5000, large: 0, research: 0 }, vat: { rateBp: 2100, recoverable: true } });
    expect(res.totals.unallocatedCents).toBe(30000n);
    expect(res.totals.grossCents).toBe(10000n);
    expect(res.warnings).toEqual([{ code: "lineNoParticipants", lineId: "l1" }]);
  });

  it("adds VAT that cannot be recovered to each line before the split (half-up to the cent)", () => {
    const ps = [participant("p1", "o1", "sme"), participant("p2", "o2", "large")];
    const res = computeLedger({ participants: ps, lines: [line("l1", "100.05", "equal")], rates: { sme: 5000, large: 0, research: 0 }, vat: { rateBp: 2100, recoverable: false } });
    // 100.05 × 21 % = 21.0105 → 21.01; 121.06 split in two.
    expect(res.lines[0].vatCents).toBe(2101n);
    expect(res.lines[0].shares.map((s) => s.grossCents)).toEqual([6053n, 6053n]);
    expect(res.participants[0].supportCents).toBe(3026n);
  });

  it("applies a cap on the total and spreads the capped co-funding back over the eligible lines", () => {
    const p = participant("p1", "o1", "sme", 10, 1, { capCents: euros(1000) });
    const res = computeLedger({
      participants: [p],
      lines: [line("a", 3000, "equal"), line("b", 1000, "equal"), line("c", 500, "equal", { eligible: false })],
      rates: { sme: 5000, large: 0, research: 0 },
      vat: { rateBp: 2100, recoverable: true },
    });
    const r = res.participants[0];
    expect(r.supportUncappedCents).toBe(euros(2000));
    expect(r.supportCents).toBe(euros(1000));
    expect(r.capped).toBe(true);
    expect(r.lines.map((l) => [l.lineId, l.supportCents])).toEqual([
      ["a", euros(750)],
      ["b", euros(250)],
      ["c", 0n],
    ]);
    expect(r.netCents).toBe(euros(3500));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// docs/domain.md "Demo campaigns (C1 to C4)": the worked demo campaigns (the seed defines the same lines; tests/campaigns.test.ts checks the
// seeded database).

const RATES_C1 = { sme: 5000, large: 0, research: 8500 };

function figuresOf(res: ReturnType<typeof computeLedger>) {
  return Object.fromEntries(res.participants.map((p) => [p.orgId, [centsToDecimal(p.grossCents), centsToDecimal(p.supportCents), centsToDecimal(p.netCents)]]));
}

describe("demo campaigns C1–C4 (docs/domain.md “Demo campaigns (C1 to C4)”)", () => {
  it("C1 CPHI national pavilion: €1,200 × m² + €1,200 per participant", () => {
    const ps = [
      participant("p02", "O02", "large", 18),
      participant("p03", "O03", "large", 18),
      participant("p04", "O04", "sme", 12),
      participant("p05", "O05", "sme", 8),
      participant("p06", "O06", "sme", 8),
      participant("p10", "O10", "research", 8),
    ];
    const res = computeLedger({
      participants: ps,
      lines: [line("space", 72000, "area"), line("shared", 14400, "area"), line("registration", 7200, "equal")],
      rates: RATES_C1,
      vat: { rateBp: 2100, recoverable: true },
    });
    expect(figuresOf(res)).toEqual({
      O02: ["22800.00", "0.00", "22800.00"],
      O03: ["22800.00", "0.00", "22800.00"],
      O04: ["15600.00", "7800.00", "7800.00"],
      O05: ["10800.00", "5400.00", "5400.00"],
      O06: ["10800.00", "5400.00", "5400.00"],
      O10: ["10800.00", "9180.00", "1620.00"],
    });
    expect(res.totals.grossCents).toBe(euros(93600));
    expect(res.totals.supportCents).toBe(euros(27780));
    expect(res.totals.netCents).toBe(euros(65820));
  });

  it("C2 WHX Dubai joint stand: equal split of €38,000", () => {
    const ps = [participant("a", "O04", "sme"), participant("b", "O08", "sme"), participant("c", "O07", "sme"), participant("d", "O03", "large")];
    const res = computeLedger({ participants: ps, lines: [line("space", 32400, "equal"), line("graphics", 5600, "equal")], rates: RATES_C1, vat: { rateBp: 2100, recoverable: true } });
    expect(figuresOf(res)).toEqual({
      O04: ["9500.00", "4750.00", "4750.00"],
      O08: ["9500.00", "4750.00", "4750.00"],
      O07: ["9500.00", "4750.00", "4750.00"],
      O03: ["9500.00", "0.00", "9500.00"],
    });
    expect(res.totals.netCents).toBe(euros(23750));
    expect(res.totals.supportCents).toBe(euros(14250));
  });

  it("C3 in-cosmetics by tier: three equal counters, a free visitor tier", () => {
    const ps = [participant("a", "O06", "sme"), participant("b", "O05", "sme"), participant("c", "O10", "research"), participant("d", "O07", "sme")];
    const counters = ["a", "b", "c"].map((id) => ({ participantId: id, percentBp: null }));
    const res = computeLedger({
      participants: ps,
      lines: ["space:16800", "build:7200", "shared:3000"].map((x) => {
        const [id, amount] = x.split(":");
        return line(id, amount, "equal", { appliesTo: "chosen", members: counters });
      }),
      rates: RATES_C1,
      vat: { rateBp: 2100, recoverable: true },
    });
    expect(figuresOf(res)).toEqual({
      O06: ["9000.00", "4500.00", "4500.00"],
      O05: ["9000.00", "4500.00", "4500.00"],
      O10: ["9000.00", "7650.00", "1350.00"],
      O07: ["0.00", "0.00", "0.00"],
    });
    expect(res.totals.grossCents).toBe(euros(27000));
  });

  it("C4 Central Asia mission: €21,000 equal, 85 % for SMEs", () => {
    const ps = [participant("a", "O02", "large"), participant("b", "O03", "large"), participant("c", "O04", "sme"), participant("d", "O08", "sme")];
    const res = computeLedger({
      participants: ps,
      lines: [6000, 2400, 4000, 5000, 2600, 1000].map((a, i) => line(`l${i}`, a, "equal")),
      rates: { sme: 8500, large: 0, research: 8500 },
      vat: { rateBp: 2100, recoverable: true },
    });
    expect(figuresOf(res)).toEqual({
      O02: ["5250.00", "0.00", "5250.00"],
      O03: ["5250.00", "0.00", "5250.00"],
      O04: ["5250.00", "4462.50", "787.50"],
      O08: ["5250.00", "4462.50", "787.50"],
    });
    expect(res.totals.netCents).toBe(euros(12075));
    expect(res.totals.supportCents).toBe(euros(8925));
  });
});

describe("version differences", () => {
  it("shows who left and how much more each remaining participant pays", () => {
    const ps = [participant("a", "O04", "sme"), participant("b", "O08", "sme"), participant("c", "O03", "large")];
    const input: LedgerInput = { participants: ps, lines: [line("l", 900, "equal")], rates: RATES_C1, vat: { rateBp: 2100, recoverable: true } };
    const v1 = toSnapshot(computeLedger(input));
    const v2 = toSnapshot(computeLedger({ ...input, participants: ps.slice(0, 2) }));
    const d = diffSnapshots(v1, v2);
    expect(d.participants.map((p) => [p.orgId, p.before && centsToDecimal(p.before.gross), p.after && centsToDecimal(p.after.gross), centsToDecimal(p.delta.net)])).toEqual([
      ["O03", "300.00", null, "-300.00"],
      ["O04", "300.00", "450.00", "75.00"],
      ["O08", "300.00", "450.00", "75.00"],
    ]);
    expect(d.totals.delta.gross).toBe(0n);
    expect(d.totals.delta.support).toBe(euros(150));
    // A snapshot read back from jsonb (keys reordered) is still the same snapshot.
    const reorder = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reorder)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reorder(x)]),
            )
          : v;
    expect(sameSnapshot(reorder(v1) as typeof v1, v1)).toBe(true);
    expect(sameSnapshot(v1, v2)).toBe(false);
    const first = diffSnapshots(null, v1);
    expect(first.participants).toHaveLength(3);
    expect(first.linesAdded).toEqual(["l"]);
  });
});
