// Geocoding without a network: the platform's own table of the cluster's common places (display names, Latvian and
// English spellings, the regions shown to other members) first, then the gazetteer of every town (places.ts).
// A request stored before the gazetteer may still name a place without coordinates: it is compared by country only.
import { fold } from "~/modules/text";
import { lookupPlace, suggestPlaces } from "./places";

export { COUNTRY_CODES, countryCentre } from "./countries";

export interface City {
  /** Display name (local spelling). */
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** Other spellings (English/Latvian/local) that resolve to this city. */
  aliases?: string[];
  /** The area shown instead of the exact place to other members (antitrust: regions, not addresses). */
  area?: { lv: string; en: string };
}

const RIGA_REGION = { lv: "Rīgas reģions", en: "Rīga region" };
const RHINE_MAIN = { lv: "Reinas–Mainas reģions (Frankfurte)", en: "Rhine-Main (Frankfurt area)" };
const RUHR = { lv: "Reinas–Rūras reģions", en: "Rhine-Ruhr" };

export const CITIES: City[] = [
  // Latvia
  { name: "Rīga", country: "LV", lat: 56.9496, lon: 24.1052, aliases: ["Riga"], area: RIGA_REGION },
  { name: "Olaine", country: "LV", lat: 56.7852, lon: 23.9383, area: RIGA_REGION },
  { name: "Mārupe", country: "LV", lat: 56.9067, lon: 24.0311, aliases: ["Marupe"], area: RIGA_REGION },
  { name: "Jelgava", country: "LV", lat: 56.6511, lon: 23.7214, area: RIGA_REGION },
  { name: "Jūrmala", country: "LV", lat: 56.968, lon: 23.77, aliases: ["Jurmala"], area: RIGA_REGION },
  { name: "Salaspils", country: "LV", lat: 56.8614, lon: 24.3497, area: RIGA_REGION },
  { name: "Ogre", country: "LV", lat: 56.8162, lon: 24.6044, area: RIGA_REGION },
  { name: "Valmiera", country: "LV", lat: 57.5411, lon: 25.4275 },
  { name: "Ventspils", country: "LV", lat: 57.3894, lon: 21.5606 },
  { name: "Liepāja", country: "LV", lat: 56.5047, lon: 21.0108, aliases: ["Liepaja"] },
  { name: "Daugavpils", country: "LV", lat: 55.8747, lon: 26.5362 },
  // Baltics and Nordics
  { name: "Tallinn", country: "EE", lat: 59.437, lon: 24.7536, aliases: ["Tallina"] },
  { name: "Tartu", country: "EE", lat: 58.378, lon: 26.729 },
  { name: "Vilnius", country: "LT", lat: 54.6872, lon: 25.2797, aliases: ["Viļņa", "Vilna"] },
  { name: "Kaunas", country: "LT", lat: 54.8985, lon: 23.9036, aliases: ["Kauņa"] },
  { name: "Klaipėda", country: "LT", lat: 55.7033, lon: 21.1443, aliases: ["Klaipeda", "Klaipēda"] },
  { name: "Helsinki", country: "FI", lat: 60.1699, lon: 24.9384, aliases: ["Helsinkos"] },
  { name: "Stockholm", country: "SE", lat: 59.3293, lon: 18.0686, aliases: ["Stokholma"] },
  { name: "København", country: "DK", lat: 55.6761, lon: 12.5683, aliases: ["Copenhagen", "Kopenhagen", "Kopenhāgena"] },
  { name: "Kalundborg", country: "DK", lat: 55.6795, lon: 11.0886 },
  // Germany
  { name: "Frankfurt am Main", country: "DE", lat: 50.1109, lon: 8.6821, aliases: ["Frankfurt", "Frankfurte", "Messe Frankfurt", "Frankfurt/Main"], area: RHINE_MAIN },
  { name: "Raunheim", country: "DE", lat: 50.0097, lon: 8.4539, area: RHINE_MAIN },
  { name: "Darmstadt", country: "DE", lat: 49.8728, lon: 8.6512, area: RHINE_MAIN },
  { name: "Mainz", country: "DE", lat: 49.9929, lon: 8.2473, aliases: ["Maince"], area: RHINE_MAIN },
  { name: "Wiesbaden", country: "DE", lat: 50.0782, lon: 8.2398, aliases: ["Vīsbādene"], area: RHINE_MAIN },
  { name: "Offenbach am Main", country: "DE", lat: 50.0956, lon: 8.7761, aliases: ["Offenbach"], area: RHINE_MAIN },
  { name: "Hamburg", country: "DE", lat: 53.5511, lon: 9.9937, aliases: ["Hamburga"] },
  { name: "Berlin", country: "DE", lat: 52.52, lon: 13.405, aliases: ["Berlīne"] },
  { name: "München", country: "DE", lat: 48.1351, lon: 11.582, aliases: ["Munich", "Minhene"] },
  { name: "Köln", country: "DE", lat: 50.9375, lon: 6.9603, aliases: ["Cologne", "Ķelne"], area: RUHR },
  { name: "Düsseldorf", country: "DE", lat: 51.2277, lon: 6.7735, aliases: ["Dusseldorf", "Diseldorfa"], area: RUHR },
  { name: "Hannover", country: "DE", lat: 52.3759, lon: 9.732, aliases: ["Hanover", "Hannovere"] },
  { name: "Nürnberg", country: "DE", lat: 49.4521, lon: 11.0767, aliases: ["Nuremberg", "Nirnberga"] },
  // Poland, Central Europe
  { name: "Poznań", country: "PL", lat: 52.4064, lon: 16.9252, aliases: ["Poznan", "Poznaņa"] },
  { name: "Warszawa", country: "PL", lat: 52.2297, lon: 21.0122, aliases: ["Warsaw", "Varšava"] },
  { name: "Łódź", country: "PL", lat: 51.7592, lon: 19.456, aliases: ["Lodz", "Lodza"] },
  { name: "Praha", country: "CZ", lat: 50.0755, lon: 14.4378, aliases: ["Prague", "Prāga"] },
  { name: "Wien", country: "AT", lat: 48.2082, lon: 16.3738, aliases: ["Vienna", "Vīne"] },
  // Benelux, France, Italy, Iberia, Switzerland
  { name: "Venlo", country: "NL", lat: 51.3704, lon: 6.1724 },
  { name: "Amsterdam", country: "NL", lat: 52.3676, lon: 4.9041, aliases: ["Amsterdama"] },
  { name: "Rotterdam", country: "NL", lat: 51.9244, lon: 4.4777, aliases: ["Roterdama"] },
  { name: "Antwerpen", country: "BE", lat: 51.2194, lon: 4.4025, aliases: ["Antwerp", "Antverpene"] },
  { name: "Bruxelles", country: "BE", lat: 50.8503, lon: 4.3517, aliases: ["Brussels", "Brisele", "Brussel"] },
  { name: "Paris", country: "FR", lat: 48.8566, lon: 2.3522, aliases: ["Parīze"] },
  { name: "Lyon", country: "FR", lat: 45.764, lon: 4.8357, aliases: ["Liona"] },
  { name: "Milano", country: "IT", lat: 45.4642, lon: 9.19, aliases: ["Milan", "Milāna"] },
  { name: "Bologna", country: "IT", lat: 44.4949, lon: 11.3426, aliases: ["Boloņa"] },
  { name: "Barcelona", country: "ES", lat: 41.3874, lon: 2.1686, aliases: ["Barselona"] },
  { name: "Madrid", country: "ES", lat: 40.4168, lon: -3.7038, aliases: ["Madride"] },
  { name: "Basel", country: "CH", lat: 47.5596, lon: 7.5886, aliases: ["Bāzele"] },
  // Beyond Europe (export missions, fairs)
  { name: "Dubai", country: "AE", lat: 25.2048, lon: 55.2708, aliases: ["Dubaija"] },
  { name: "Almaty", country: "KZ", lat: 43.222, lon: 76.8512, aliases: ["Almati"] },
  { name: "Tashkent", country: "UZ", lat: 41.2995, lon: 69.2401, aliases: ["Taškenta", "Toshkent"] },
];

const byKey = new Map<string, City>();
for (const c of CITIES) for (const n of [c.name, ...(c.aliases ?? [])]) byKey.set(`${c.country}|${fold(n).trim()}`, c);

/** The platform's own entry for a place (its display name, spellings and region), or null. */
export function knownCity(name: string, country: string): City | null {
  return byKey.get(`${country.toUpperCase()}|${fold(name).replace(/\s+/g, " ").trim()}`) ?? null;
}

/** A place by name in a country (diacritic- and case-insensitive): the platform's table, then the gazetteer; or null. */
export function findCity(name: string, country: string): City | null {
  const own = knownCity(name, country);
  if (own) return own;
  const p = lookupPlace(name, country);
  return p ? { name: p.name, country: p.country, lat: p.lat, lon: p.lon } : null;
}

/** The platform's own names of places in a country (suggested before the gazetteer's). */
export function knownCityNames(country: string): string[] {
  return CITIES.filter((c) => c.country === country.toUpperCase()).map((c) => c.name);
}

/** Suggestions for a place field: the platform's own names, then the gazetteer's towns, most populous first. */
export function placeSuggestions(country: string, prefix: string, limit: number): string[] {
  return suggestPlaces(country, prefix, limit, knownCityNames(country));
}

/** Great-circle distance in km (haversine, mean Earth radius 6,371 km). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A bounding box that contains every point within `km` of a point (for SQL predicates on lat/lon). */
export function boundingBox(p: { lat: number; lon: number }, km: number) {
  const dLat = km / 111.2;
  const cos = Math.max(0.05, Math.cos((Math.min(89, Math.abs(p.lat) + dLat) * Math.PI) / 180));
  const dLon = km / (111.2 * cos);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLon: p.lon - dLon, maxLon: p.lon + dLon };
}

/** The region label other members see instead of the address: "DE-6x · Rhine-Main (Frankfurt area)". */
const labels = new Map<string, string>();

export function regionLabel(place: { city: string; postcode: string; country: string; lat: number | null }, locale: "lv" | "en"): string {
  const key = `${locale}|${place.country}|${place.postcode}|${place.lat === null ? "" : place.city}`;
  let label = labels.get(key);
  if (label === undefined) {
    label = computeLabel(place, locale);
    if (labels.size > 5000) labels.clear();
    labels.set(key, label);
  }
  return label;
}

function computeLabel(place: { city: string; postcode: string; country: string; lat: number | null }, locale: "lv" | "en"): string {
  const digit = /\d/.exec(place.postcode)?.[0];
  const code = digit ? `${place.country}-${digit}x` : place.country;
  const city = place.lat !== null ? findCity(place.city, place.country) : null;
  const area = city?.area?.[locale] ?? city?.name;
  return area ? `${code} · ${area}` : code;
}

/**
 * The route's bounding box widened so that any drop the matcher could accept as "on the way" (a detour of at most
 * `detourKm` from a pickup within `pickupKm` of this one) lies inside it: the semi-minor axis of the detour ellipse
 * (√(d·D + d²) for a detour of 2d over a distance D), plus the pickup radius, plus 5 % for great-circle bulge.
 * Stored per request; the SQL candidate query tests drops against it (a superset — the matcher decides).
 */
export function routeBox(o: { lat: number; lon: number }, d: { lat: number; lon: number }, detourKm: number, pickupKm: number) {
  const D = haversineKm(o, d) + pickupKm;
  const half = detourKm / 2;
  const pad = Math.sqrt(half * D + half * half) + pickupKm + 0.05 * D + 10;
  const dLat = pad / 111.2;
  const maxAbsLat = Math.min(89, Math.max(Math.abs(o.lat), Math.abs(d.lat)) + dLat);
  const dLon = pad / (111.2 * Math.max(0.05, Math.cos((maxAbsLat * Math.PI) / 180)));
  return {
    minLat: Math.min(o.lat, d.lat) - dLat,
    maxLat: Math.max(o.lat, d.lat) + dLat,
    minLon: Math.min(o.lon, d.lon) - dLon,
    maxLon: Math.max(o.lon, d.lon) + dLon,
  };
}
