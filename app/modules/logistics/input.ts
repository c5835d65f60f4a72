// Validation of a logistics request form (pure): every refusal is a message key on the field it concerns, so the
// form shows it in the person's language and nothing is saved. Times are entered in Europe/Riga and stored as instants.
import { z } from "zod";
import { fromLocalInput } from "~/lib/zoned-time";
import { parseDateTimeInput } from "~/lib/date-input";
import { fromScaled, parseDecimal as parseTyped, toMilli } from "~/lib/money";
import { countryCentre } from "./countries";
import { findCity } from "./geo";
import { measures } from "./load";
import {
  DG_ROWS,
  ADR_CLASSES,
  CUSTOMS,
  INCOTERMS,
  MATCH,
  MEMBER_ROLES,
  PACKAGINGS,
  PACKING_GROUPS,
  REEFER_TRAILER,
  STANDARD_TRAILER,
  TEMP_CLASSES,
  unEntry,
  type AdrClass,
  type Customs,
  type Incoterm,
  type MemberRole,
  type Packaging,
  type PackingGroup,
  type TempClass,
} from "./reference";

export { DG_ROWS };
export const FORM_ZONE = "Europe/Riga";

/** Countries a request may name (those with a known centre: distance estimates work for all of them). */
export function isCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countryCentre(code) !== null;
}

export interface DgInput {
  un: string;
  cls: AdrClass;
  pg: PackingGroup | null;
  quantity: string;
  unit: "L" | "kg";
  lq: boolean;
}

export interface RequestInput {
  ref: string;
  origin: { city: string; postcode: string; country: string };
  destination: { city: string; postcode: string; country: string };
  earliestPickup: Date;
  latestPickup: Date;
  earliestDelivery: Date | null;
  latestDelivery: Date;
  customs: Customs;
  goods: string;
  packaging: Packaging;
  units: number;
  grossKg: string;
  volumeM3: string | null;
  ldm: string | null;
  stackable: boolean;
  tempClass: TempClass;
  gdp: boolean;
  dg: DgInput[];
  incoterm: Incoterm;
  namedPlace: string;
  role: MemberRole;
  consignee: string;
  goodsValueEur: string | null;
  standaloneEur: string | null;
  contact: string;
  notes: string;
}

export type FormValues = Record<string, string>;
export type ParseResult = { ok: true; value: RequestInput } | { ok: false; errors: Record<string, string>; vars: Record<string, Record<string, string | number>> };

const text = (max: number, required: boolean) =>
  z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .max(max, "logistics.error.tooLong")
        .refine((v) => !required || v.length > 0, "logistics.error.required")
        .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "logistics.error.invalidText"),
    );

const Base = z.object({
  ref: text(60, false),
  originCity: text(80, true),
  originPostcode: text(12, true),
  originCountry: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .transform((v) => v.toUpperCase())
    .refine(isCountry, "logistics.error.country"),
  destinationCity: text(80, true),
  destinationPostcode: text(12, true),
  destinationCountry: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .transform((v) => v.toUpperCase())
    .refine(isCountry, "logistics.error.country"),
  customs: z.enum(CUSTOMS, { errorMap: () => ({ message: "logistics.error.customs" }) }),
  goods: text(500, true),
  packaging: z.enum(PACKAGINGS, { errorMap: () => ({ message: "logistics.error.packaging" }) }),
  tempClass: z.enum(TEMP_CLASSES, { errorMap: () => ({ message: "logistics.error.temp" }) }),
  incoterm: z.enum(INCOTERMS, { errorMap: () => ({ message: "logistics.error.incoterm" }) }),
  namedPlace: text(120, true),
  role: z.enum(MEMBER_ROLES, { errorMap: () => ({ message: "logistics.error.role" }) }),
  consignee: text(200, false),
  contact: text(300, false),
  notes: text(2000, false),
});

const POSTCODE = /^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/;
/** A date and time typed in Europe/Riga ("14.10.2026. 14.00", "14/10/2026 14:00", "2026-10-14T14:00") → the instant, or null. */
export function parseLocal(v: string | undefined): Date | null {
  return fromLocalInput(parseDateTimeInput(v) ?? "", FORM_ZONE);
}

/**
 * "2 940,5" / "2940.50" → "2940.5"; null when not a non-negative decimal below 10^9 with at most `scale` decimals.
 * The one reading of typed numbers (~/lib/money parseDecimal), returned as the shortest decimal string.
 */
export function parseDecimal(v: string | undefined, scale: number): string | null {
  const r = parseTyped(v ?? "", scale, 10n ** BigInt(9 + scale) - 1n);
  if (!r.ok) return null;
  const s = fromScaled(r.value, scale);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** Maximum gross weight per handling unit: a heavier one is a typing error, not a shipment. */
const MAX_KG_PER_UNIT: Record<Packaging, number> = { eur_pallet: 1500, industrial_pallet: 2000, ibc: 1600, drum: 400, parcel: 100 };

export function parseRequestForm(f: FormValues, now: Date): ParseResult {
  const errors: Record<string, string> = {};
  const vars: Record<string, Record<string, string | number>> = {};
  const fail = (field: string, key: string, v?: Record<string, string | number>) => {
    errors[field] ??= key;
    if (v) vars[field] ??= v;
  };
  const base = Base.safeParse(f);
  if (!base.success) for (const i of base.error.issues) fail(String(i.path[0]), i.message);
  for (const k of ["originPostcode", "destinationPostcode"]) if (f[k]?.trim() && !POSTCODE.test(f[k].trim())) fail(k, "logistics.error.postcode");
  // Places: a town the gazetteer knows in the chosen country (so distances work); the postcode keeps the exact place.
  for (const end of ["origin", "destination"] as const) {
    const city = (f[`${end}City`] ?? "").trim();
    const country = (f[`${end}Country`] ?? "").trim().toUpperCase();
    if (city && city.length <= 80 && isCountry(country) && !findCity(city, country)) fail(`${end}City`, "logistics.error.place", { city });
  }

  // Windows (Europe/Riga)
  const ep = parseLocal(f.earliestPickup);
  const lp = parseLocal(f.latestPickup);
  const ed = f.earliestDelivery?.trim() ? parseLocal(f.earliestDelivery) : null;
  const ld = parseLocal(f.latestDelivery);
  if (!ep) fail("earliestPickup", "logistics.error.datetime");
  if (!lp) fail("latestPickup", "logistics.error.datetime");
  if (!ld) fail("latestDelivery", "logistics.error.datetime");
  if (f.earliestDelivery?.trim() && !ed) fail("earliestDelivery", "logistics.error.datetime");
  if (ep && lp && ld) {
    if (lp < ep) fail("latestPickup", "logistics.error.windowOrder");
    else if (+lp < +now) fail("latestPickup", "logistics.error.windowPast");
    else if (+ep < +now - 3_600_000) fail("earliestPickup", "logistics.error.windowPast");
    else if (+lp - +ep > MATCH.maxPickupWindowDays * 86_400_000) fail("latestPickup", "logistics.error.windowTooLong", { days: MATCH.maxPickupWindowDays });
    else if (+ep > +now + 366 * 86_400_000) fail("earliestPickup", "logistics.error.tooFarAhead");
    if (+ld <= +lp) fail("latestDelivery", "logistics.error.deliveryBeforePickup");
    else if (+ld - +ep > 60 * 86_400_000) fail("latestDelivery", "logistics.error.deliveryTooLate");
    if (ed && (+ed < +ep || +ed > +ld)) fail("earliestDelivery", "logistics.error.deliverySlot");
  }

  // Load
  const units = /^\d{1,4}$/.test((f.units ?? "").trim()) ? Number(f.units.trim()) : NaN;
  if (!(units >= 1 && units <= 1000)) fail("units", "logistics.error.units");
  const grossKg = parseDecimal(f.grossKg, 2);
  if (grossKg === null || Number(grossKg) <= 0 || Number(grossKg) > 40_000) fail("grossKg", "logistics.error.weight");
  const volumeM3 = f.volumeM3?.trim() ? parseDecimal(f.volumeM3, 3) : null;
  if (f.volumeM3?.trim() && (volumeM3 === null || Number(volumeM3) <= 0 || Number(volumeM3) > 200)) fail("volumeM3", "logistics.error.volume");
  const ldm = f.ldm?.trim() ? parseDecimal(f.ldm, 2) : null;
  if (f.ldm?.trim() && (ldm === null || Number(ldm) <= 0 || Number(ldm) > 27.2)) fail("ldm", "logistics.error.ldm");
  const packaging = base.success ? base.data.packaging : null;
  const stackable = f.stackable === "on" || f.stackable === "true" || f.stackable === "yes";
  if (packaging === "parcel" && !volumeM3 && !ldm && !errors.volumeM3) fail("volumeM3", "logistics.error.parcelVolume");
  if (packaging && grossKg !== null && units >= 1 && !errors.grossKg && Number(grossKg) / units > MAX_KG_PER_UNIT[packaging])
    fail("grossKg", "logistics.error.weightPerUnit", { max: MAX_KG_PER_UNIT[packaging] });
  if (packaging && grossKg !== null && units >= 1 && units <= 1000 && !errors.grossKg && !errors.volumeM3 && !errors.ldm && base.success) {
    const m = measures({ packaging, units, grossKg, volumeM3, ldm, stackable });
    const v = base.data.tempClass === "AMBIENT" ? STANDARD_TRAILER : REEFER_TRAILER;
    if (m.placesMilli > toMilli(v.places) || m.ldmMilli > toMilli(v.ldm)) fail("units", "logistics.error.loadTooBig", { places: v.places, kg: v.kg });
    else if (m.kgMilli > toMilli(v.kg)) fail("grossKg", "logistics.error.loadTooBig", { places: v.places, kg: v.kg });
  }

  // Dangerous goods: fixed rows dg0…dg2 (no JavaScript needed); an empty UN number means an unused row.
  const dg: DgInput[] = [];
  for (let i = 0; i < DG_ROWS; i++) {
    const un = (f[`dg${i}_un`] ?? "")
      .trim()
      .toUpperCase()
      .replace(/^UN\s*/, "UN");
    const cls = (f[`dg${i}_class`] ?? "").trim();
    const pg = (f[`dg${i}_pg`] ?? "").trim();
    const qty = f[`dg${i}_qty`] ?? "";
    const any = un || qty.trim();
    if (!any) continue;
    const field = `dg${i}`;
    const entry = /^UN\d{4}$/.test(un) || /^\d{4}$/.test(un) ? unEntry(un.startsWith("UN") ? un : `UN${un}`) : undefined;
    if (!entry) {
      fail(field, "logistics.error.unNumber", { un: un || "—" });
      continue;
    }
    if (!(ADR_CLASSES as readonly string[]).includes(cls)) {
      fail(field, "logistics.error.adrClass", { cls: cls || "—" });
      continue;
    }
    if (cls !== entry.cls) {
      fail(field, "logistics.error.classMismatch", { un: entry.un, expected: entry.cls, cls });
      continue;
    }
    if (entry.pgs.length === 0 ? pg !== "" : !(PACKING_GROUPS as readonly string[]).includes(pg) || !entry.pgs.includes(pg as PackingGroup)) {
      fail(field, entry.pgs.length ? "logistics.error.packingGroup" : "logistics.error.noPackingGroup", { un: entry.un, list: entry.pgs.join(", ") });
      continue;
    }
    const quantity = parseDecimal(qty, 2);
    if (quantity === null || Number(quantity) <= 0 || Number(quantity) > 40_000) {
      fail(field, "logistics.error.dgQuantity", { un: entry.un });
      continue;
    }
    const unit = f[`dg${i}_unit`] === "kg" ? "kg" : f[`dg${i}_unit`] === "L" ? "L" : entry.unit;
    dg.push({ un: entry.un, cls: entry.cls, pg: (pg || null) as PackingGroup | null, quantity, unit, lq: f[`dg${i}_lq`] === "on" || f[`dg${i}_lq`] === "true" });
  }

  // Private money fields (optional)
  const money = (field: string) => {
    const raw = f[field]?.trim();
    if (!raw) return null;
    const v = parseDecimal(raw, 2);
    if (v === null || Number(v) <= 0 || Number(v) > 999_999_999) {
      fail(field, "logistics.error.money");
      return null;
    }
    return v;
  };
  const goodsValueEur = money("goodsValueEur");
  const standaloneEur = money("standaloneEur");

  if (Object.keys(errors).length > 0 || !base.success) return { ok: false, errors, vars };
  const b = base.data;
  return {
    ok: true,
    value: {
      ref: b.ref,
      origin: { city: b.originCity, postcode: b.originPostcode.toUpperCase(), country: b.originCountry },
      destination: { city: b.destinationCity, postcode: b.destinationPostcode.toUpperCase(), country: b.destinationCountry },
      earliestPickup: ep!,
      latestPickup: lp!,
      earliestDelivery: ed,
      latestDelivery: ld!,
      customs: b.customs,
      goods: b.goods,
      packaging: b.packaging,
      units,
      grossKg: grossKg!,
      volumeM3,
      ldm,
      stackable,
      tempClass: b.tempClass,
      gdp: f.gdp === "on" || f.gdp === "true" || f.gdp === "yes",
      dg,
      incoterm: b.incoterm,
      namedPlace: b.namedPlace,
      role: b.role,
      consignee: b.consignee,
      goodsValueEur,
      standaloneEur,
      contact: b.contact,
      notes: b.notes,
    },
  };
}
