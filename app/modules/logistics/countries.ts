// The countries a request may name, with rough centres for distance estimates when a place has no coordinates.
// Shared by pages (the country selects) and the server; the gazetteer (scripts/gazetteer.mjs) covers the same list.
const COUNTRY_CENTRES: Record<string, [number, number]> = {
  LV: [56.88, 24.6],
  LT: [55.17, 23.88],
  EE: [58.6, 25.0],
  FI: [61.9, 25.7],
  SE: [60.1, 18.6],
  DK: [56.0, 10.0],
  NO: [60.5, 8.5],
  DE: [51.17, 10.45],
  PL: [51.92, 19.15],
  CZ: [49.82, 15.47],
  SK: [48.67, 19.7],
  AT: [47.52, 14.55],
  HU: [47.16, 19.5],
  NL: [52.13, 5.29],
  BE: [50.5, 4.47],
  LU: [49.82, 6.13],
  FR: [46.23, 2.21],
  IT: [41.87, 12.57],
  ES: [40.46, -3.75],
  PT: [39.4, -8.22],
  CH: [46.82, 8.23],
  IE: [53.41, -8.24],
  GB: [54.0, -2.0],
  SI: [46.15, 14.99],
  HR: [45.1, 15.2],
  RO: [45.94, 24.97],
  BG: [42.73, 25.49],
  GR: [39.07, 21.82],
  UA: [48.38, 31.17],
  AE: [23.42, 53.85],
  KZ: [48.02, 66.92],
  UZ: [41.38, 64.59],
  TR: [38.96, 35.24],
  GE: [42.32, 43.36],
  CY: [35.13, 33.43],
  MT: [35.94, 14.38],
  US: [39.8, -98.6],
};

export function countryCentre(country: string): { lat: number; lon: number } | null {
  const c = COUNTRY_CENTRES[country.toUpperCase()];
  return c ? { lat: c[0], lon: c[1] } : null;
}

/** Countries a request may name (each has a centre for distance estimates and towns in the gazetteer). */
export const COUNTRY_CODES: string[] = Object.keys(COUNTRY_CENTRES).sort();
