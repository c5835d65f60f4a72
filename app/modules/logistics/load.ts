// Handling-unit arithmetic (docs/domain.md "Units, capacity and chargeable weight"), exact: floor places, loading metres and chargeable weight in thousandths.
import { maxBig, toMilli } from "~/lib/money";
import { KG_PER_LDM, KG_PER_M3, LDM_PER_UNIT, PARCEL_M3_PER_LDM, PLACES_PER_UNIT, type Packaging } from "./reference";

export interface LoadFacts {
  packaging: Packaging;
  units: number;
  /** Decimal strings as stored (numeric). */
  grossKg: string;
  volumeM3: string | null;
  /** Loading metres stated by the member (mixed loads); else derived from the handling units. */
  ldm: string | null;
  stackable: boolean;
}

export interface LoadMeasures {
  /** EUR pallet floor places × 1000 (a stackable pallet counts half: 500). */
  placesMilli: bigint;
  ldmMilli: bigint;
  kgMilli: bigint;
  m3Milli: bigint;
  /** Chargeable weight in grams: max(kg, m³ × 333, LDM × 1,850). */
  cwMilli: bigint;
}

/** Rounds up to a whole 1/1000 (parcels' derived LDM). */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export function measures(l: LoadFacts): LoadMeasures {
  const units = BigInt(l.units);
  const half = l.stackable ? 2n : 1n;
  const kgMilli = toMilli(l.grossKg);
  const m3Milli = l.volumeM3 !== null ? toMilli(l.volumeM3) : 0n;
  let ldmMilli: bigint;
  let placesMilli: bigint;
  if (l.packaging === "parcel") {
    // Parcels have no footprint of their own: their volume (or the stated LDM) decides.
    ldmMilli = l.ldm !== null ? toMilli(l.ldm) : ceilDiv(m3Milli * 1000n, toMilli(PARCEL_M3_PER_LDM)) / half;
    placesMilli = (ldmMilli * 1000n) / toMilli(LDM_PER_UNIT.eur_pallet);
  } else {
    const derived = (units * toMilli(LDM_PER_UNIT[l.packaging])) / half;
    ldmMilli = l.ldm !== null ? toMilli(l.ldm) : derived;
    placesMilli = (units * toMilli(PLACES_PER_UNIT[l.packaging])) / half;
  }
  const cwMilli = maxBig(kgMilli, m3Milli * BigInt(KG_PER_M3), ldmMilli * BigInt(KG_PER_LDM));
  return { placesMilli, ldmMilli, kgMilli, m3Milli, cwMilli };
}

/** 10500n → 10.5 (display and capacity checks; exact for thousandths). */
export function milliToNumber(v: bigint): number {
  return Number(v) / 1000;
}
