import { describe, expect, it } from "vitest";
import { isUuid, parseSeq } from "../app/lib/ids";
import { decodeCursor, encodeCursor, isTimestampText, keysetPage } from "../app/lib/cursor.server";
import { allocate, centsToDecimal, parseMoney, toCents, toMilli } from "../app/lib/money";
import { csvCell, toCsv } from "../app/lib/csv";
import { fromLocalInput, todayIn, toLocalInput, zonedInstant } from "../app/lib/zoned-time";
import { STARTING_TERMS, TERM_KEY_PATTERN, termKeyFrom } from "../app/lib/vocabulary-terms";

// The one home of each shared helper (app/lib): each rule is pinned here once.

describe("ids", () => {
  it("accepts UUIDs only, and int32 sequences", () => {
    expect(isUuid("0b9c3c6e-7a2d-4c7e-9a53-1f0e8b2d9a11")).toBe(true);
    expect(isUuid("0b9c3c6e-7a2d-4c7e-9a53-1f0e8b2d9a1")).toBe(false);
    expect(isUuid("' or 1=1 --")).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(parseSeq("0")).toBe(0);
    expect(parseSeq("2147483647")).toBe(2147483647);
    expect(parseSeq("2147483648")).toBeNull();
    expect(parseSeq("-1")).toBeNull();
    expect(parseSeq("1e3")).toBeNull();
  });
});

describe("keyset cursor", () => {
  it("round-trips its parts and refuses anything forged, truncated or of the wrong shape", () => {
    const c = encodeCursor(["2026-10-14 11:00:00.123456+00", "0b9c3c6e-7a2d-4c7e-9a53-1f0e8b2d9a11", 3, null]);
    expect(decodeCursor(c, 4)).toEqual(["2026-10-14 11:00:00.123456+00", "0b9c3c6e-7a2d-4c7e-9a53-1f0e8b2d9a11", 3, null]);
    expect(decodeCursor(c, 3)).toBeNull();
    expect(decodeCursor(c.slice(0, -3), 4)).toBeNull();
    expect(decodeCursor("not base64!", 1)).toBeNull();
    expect(decodeCursor(encodeCursor([{} as never]), 1)).toBeNull();
    expect(decodeCursor("x".repeat(700), 1)).toBeNull();
    expect(decodeCursor(null, 1)).toBeNull();
    // A typed check per part keeps a forged value away from a typed column.
    expect(decodeCursor(c, 4, [isTimestampText, isUuid])).not.toBeNull();
    expect(decodeCursor(encodeCursor(["yesterday", "x"]), 2, [isTimestampText, isUuid])).toBeNull();
  });

  it("pages by taking one row more than it shows", () => {
    const rows = [1, 2, 3, 4];
    expect(keysetPage(rows, 3, (r) => [r])).toEqual({ items: [1, 2, 3], next: encodeCursor([3]) });
    expect(keysetPage(rows, 4, (r) => [r])).toEqual({ items: rows, next: null });
  });
});

describe("money and allocation", () => {
  it("converts decimals and cents exactly", () => {
    expect(toCents("1234.5")).toBe(123450n);
    expect(toCents("-3.10")).toBe(-310n);
    expect(toCents(null)).toBe(0n);
    expect(() => toCents("0.125")).toThrow();
    expect(centsToDecimal(-123456n)).toBe("-1234.56");
    expect(toMilli("2.88")).toBe(2880n);
    expect(parseMoney("1 234,50 €")).toEqual({ ok: true, value: 123450n });
    expect(parseMoney("1,234.50")).toEqual({ ok: false, error: "invalid" });
    expect(parseMoney("-5")).toEqual({ ok: false, error: "negative" });
    expect(parseMoney("99999999999")).toEqual({ ok: false, error: "tooLarge" });
  });

  it("splits by largest remainder: ties to the larger weight, then the smaller key; exact shares get nothing extra", () => {
    const items = (ws: number[], keys = "abcdefgh") => ws.map((w, i) => ({ key: keys[i], weight: BigInt(w) }));
    expect(allocate(10000n, items([1, 1, 1], "bac"))).toEqual([3333n, 3334n, 3333n]);
    expect(allocate(10000n, items([1, 2]))).toEqual([3333n, 6667n]);
    expect(allocate(2n, items([1, 3]))).toEqual([0n, 2n]);
    expect(allocate(1n, items([1, 1], "ba"))).toEqual([0n, 1n]);
    expect(allocate(0n, items([5]))).toEqual([0n]);
    expect(allocate(100n, items([1, 1, 1], "CAB"))).toEqual([33n, 34n, 33n]);
    expect(allocate(200n, items([1, 1, 1], "CAB"))).toEqual([66n, 67n, 67n]);
    expect(allocate(7n, [])).toEqual([]);
    expect(() => allocate(-1n, items([1]))).toThrow();
    expect(() => allocate(1n, items([1, -1]))).toThrow();
  });

  it("has one rule for all-zero weights: an equal split", () => {
    expect(
      allocate(10n, [
        { key: "A", weight: 0n },
        { key: "B", weight: 0n },
      ]),
    ).toEqual([5n, 5n]);
    expect(
      allocate(1n, [
        { key: "B", weight: 0n },
        { key: "A", weight: 0n },
      ]),
    ).toEqual([0n, 1n]);
  });

  it("property: sums to the total, each share within one unit of its exact value, independent of input order", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 500; round++) {
      const n = 1 + Math.floor(next() * 7);
      const items = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, weight: BigInt(Math.floor(next() * 5000)) }));
      const total = BigInt(Math.floor(next() * 1_000_000));
      const out = allocate(total, items);
      expect(out.reduce((a, b) => a + b, 0n)).toBe(total);
      const sum = items.reduce((a, b) => a + b.weight, 0n) || BigInt(n);
      out.forEach((v, i) => {
        const w = items.every((x) => x.weight === 0n) ? 1n : items[i].weight;
        const exactFloor = (total * w) / sum;
        expect(v === exactFloor || v === exactFloor + 1n).toBe(true);
      });
      const reversed = allocate(total, [...items].reverse()).reverse();
      expect(reversed).toEqual(out);
    }
  });
});

describe("CSV", () => {
  it("writes a BOM, `;` between cells, CRLF, RFC 4180 quotes", () => {
    expect(
      toCsv(
        ["Vārds", "Summa"],
        [
          ["Kļaviņš; SIA", "1234,50"],
          ['Say "hi"', null],
        ],
      ),
    ).toBe('\uFEFFVārds;Summa\r\n"Kļaviņš; SIA";1234,50\r\n"Say ""hi""";\r\n');
  });

  it("guards formulas without corrupting negative numbers", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("-12,50")).toBe("-12,50");
    expect(csvCell(-7)).toBe("-7");
    expect(csvCell(12n)).toBe("12");
  });
});

describe("zoned time (Europe/Riga)", () => {
  it("converts wall-clock times across both clock changes", () => {
    expect(zonedInstant("2026-03-29", "02:30", "Europe/Riga").instant.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(zonedInstant("2026-03-29", "03:30", "Europe/Riga")).toMatchObject({ exists: false });
    // 25.10.2026: 03:00–04:00 happens twice; the first occurrence is taken.
    expect(zonedInstant("2026-10-25", "03:30", "Europe/Riga").instant.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedInstant("2026-12-04", "09:00", "Europe/Riga").instant.toISOString()).toBe("2026-12-04T07:00:00.000Z");
  });

  it("reads and writes datetime-local values in Riga time, and knows Riga's today", () => {
    expect(fromLocalInput("2026-07-01T08:15")?.toISOString()).toBe("2026-07-01T05:15:00.000Z");
    expect(fromLocalInput("2026-02-30T08:15")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
    expect(toLocalInput(new Date("2026-07-01T05:15:00Z"))).toBe("2026-07-01T08:15");
    expect(todayIn("Europe/Riga", new Date("2026-12-31T22:30:00Z"))).toBe("2027-01-01");
  });
});

describe("vocabulary term keys", () => {
  it("makes a key from a label: lower case, Latvian letters without their marks, anything else a single dash", () => {
    expect(termKeyFrom("EU pharma legislation")).toBe("eu-pharma-legislation");
    expect(termKeyFrom("Dangerous goods (ADR)")).toBe("dangerous-goods-adr");
    expect(termKeyFrom("  Ārstniecības augi  ")).toBe("arstniecibas-augi");
    expect(termKeyFrom("REACH/CLP")).toBe("reach-clp");
    expect(termKeyFrom("Имя")).toBe("term");
    expect(termKeyFrom("x".repeat(100)).length).toBeLessThanOrEqual(60);
  });

  it("has starting terms with unique keys that are valid, and labels in both languages", () => {
    const keys = STARTING_TERMS.map((t) => t[0]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [key, en, lv, kinds] of STARTING_TERMS) {
      expect(key).toMatch(TERM_KEY_PATTERN);
      expect(en.trim().length).toBeGreaterThan(0);
      expect(lv.trim().length).toBeGreaterThan(0);
      expect(kinds).toMatch(/^c?e?g?$/);
    }
  });
});
