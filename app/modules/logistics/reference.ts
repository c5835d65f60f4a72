// Reference data for cooperative logistics (docs/domain.md "Cooperative logistics"): enums, Incoterms® 2020, ADR classes and the embedded list
// of UN numbers the cluster actually ships, vehicle capacities and the constants of the cost model.
// Pure data: imported by the matcher, the split, the forms and the pages (client and server).

export const TEMP_CLASSES = ["CRT_15_25", "CHILLED_2_8", "FROZEN_MINUS_20", "DEEP_FROZEN_MINUS_80", "AMBIENT"] as const;
export type TempClass = (typeof TEMP_CLASSES)[number];

export const PACKAGINGS = ["eur_pallet", "industrial_pallet", "parcel", "ibc", "drum"] as const;
export type Packaging = (typeof PACKAGINGS)[number];

export const CUSTOMS = ["eu_internal", "export", "import", "temporary_admission"] as const;
export type Customs = (typeof CUSTOMS)[number];

/** Which side of the sale the requesting member is on (decides who controls the main carriage, docs/domain.md "Incoterms and who may pool"). */
export const MEMBER_ROLES = ["seller", "buyer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const REQUEST_STATUSES = ["open", "pooled", "booked", "in_transit", "delivered", "closed", "cancelled", "expired"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const POOL_STATUSES = ["proposed", "confirmed", "quoted", "booked", "in_transit", "delivered", "closed", "cancelled"] as const;
export type PoolStatus = (typeof POOL_STATUSES)[number];
/** Pools whose members are still claimed (a request belongs to at most one of these). */
export const ACTIVE_POOL_STATUSES: PoolStatus[] = ["proposed", "confirmed", "quoted", "booked", "in_transit", "delivered"];

export const LOGISTICS_POLICIES = ["no_dg_coload", "lq_only", "adr_table"] as const;
export type LogisticsPolicy = (typeof LOGISTICS_POLICIES)[number];

export const SPLIT_METHODS = ["per_place", "per_kg", "per_ldm", "chargeable_weight", "standalone"] as const;
export type SplitMethod = (typeof SPLIT_METHODS)[number];

/** Requests per pool; surcharge rows on the quote form (no JavaScript: a fixed number). */
/** standaloneMinOrgs: the split in proportion to stand-alone quotes needs loads of this many organisations, so that
 * what any one of them can derive from its own share is a sum over at least two others (ADR 0006). */
export const POOL_LIMITS = { minMembers: 2, maxMembers: 12, surchargeRows: 5, standaloneMinOrgs: 3 };

export const SURCHARGE_KINDS = ["temperature_control", "adr_handling", "tail_lift", "extra_stop", "storage", "data_logger", "waiting_time"] as const;
export type SurchargeKind = (typeof SURCHARGE_KINDS)[number];

// Incoterms® 2020: the 11 rules. Any mode: EXW FCA CPT CIP DAP DPU DDP; sea and inland waterway only: FAS FOB CFR CIF.
export const INCOTERMS = ["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"] as const;
export type Incoterm = (typeof INCOTERMS)[number];
/** E and F terms: the buyer arranges and pays the main carriage. C and D terms: the seller does. */
export const BUYER_CARRIAGE: Incoterm[] = ["EXW", "FCA", "FAS", "FOB"];
export const SELLER_CARRIAGE: Incoterm[] = ["CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"];
export const SEA_ONLY: Incoterm[] = ["FAS", "FOB", "CFR", "CIF"];

/** Pooling rule (docs/domain.md "Incoterms and who may pool"): a member may pool only a shipment whose main carriage it controls. */
export function controlsCarriage(role: MemberRole, incoterm: Incoterm): boolean {
  return role === "seller" ? SELLER_CARRIAGE.includes(incoterm) : BUYER_CARRIAGE.includes(incoterm);
}

// ADR classes accepted in a DG line (ADR 2.2). Class 1 is accepted as data but never pooled with anything else.
export const ADR_CLASSES = ["1", "2.1", "2.2", "2.3", "3", "4.1", "4.2", "4.3", "5.1", "5.2", "6.1", "6.2", "7", "8", "9"] as const;
export type AdrClass = (typeof ADR_CLASSES)[number];
export const PACKING_GROUPS = ["I", "II", "III"] as const;
export type PackingGroup = (typeof PACKING_GROUPS)[number];

export interface UnEntry {
  un: string;
  nameEn: string;
  nameLv: string;
  cls: AdrClass;
  subsidiary: AdrClass[];
  /** Packing groups allowed for the entry (empty: the entry has none). */
  pgs: PackingGroup[];
  /** ADR 1.1.3.6 transport category per packing group ("-" key for entries without one); 4 = no points. */
  category: Record<string, 0 | 1 | 2 | 3 | 4>;
  unit: "L" | "kg";
  /** Not subject to ADR 7.5.4 separation from foodstuffs (UN3373 under SP 319; dry ice used as coolant, 5.5.3). */
  noFoodSeparation?: boolean;
  coolant?: boolean;
}

// The realistic DG items of this cluster (docs/domain.md "Dangerous goods"). Anything else is refused with a clear message: the list is
// small on purpose (a DGSA adds entries; a typo must not pass as a real UN number).
export const UN_NUMBERS: UnEntry[] = [
  { un: "UN1170", nameEn: "Ethanol (ethyl alcohol)", nameLv: "Etanols (etilspirts)", cls: "3", subsidiary: [], pgs: ["II", "III"], category: { II: 2, III: 3 }, unit: "L" },
  { un: "UN1219", nameEn: "Isopropanol", nameLv: "Izopropanols", cls: "3", subsidiary: [], pgs: ["II"], category: { II: 2 }, unit: "L" },
  { un: "UN1230", nameEn: "Methanol", nameLv: "Metanols", cls: "3", subsidiary: ["6.1"], pgs: ["II"], category: { II: 2 }, unit: "L" },
  { un: "UN1090", nameEn: "Acetone", nameLv: "Acetons", cls: "3", subsidiary: [], pgs: ["II"], category: { II: 2 }, unit: "L" },
  { un: "UN1266", nameEn: "Perfumery products", nameLv: "Parfimērijas izstrādājumi", cls: "3", subsidiary: [], pgs: ["II", "III"], category: { II: 2, III: 3 }, unit: "L" },
  { un: "UN1824", nameEn: "Sodium hydroxide solution", nameLv: "Nātrija hidroksīda šķīdums", cls: "8", subsidiary: [], pgs: ["II", "III"], category: { II: 2, III: 3 }, unit: "L" },
  { un: "UN1789", nameEn: "Hydrochloric acid", nameLv: "Sālsskābe", cls: "8", subsidiary: [], pgs: ["II", "III"], category: { II: 2, III: 3 }, unit: "L" },
  { un: "UN2014", nameEn: "Hydrogen peroxide, aqueous solution", nameLv: "Ūdeņraža peroksīda ūdens šķīdums", cls: "5.1", subsidiary: ["8"], pgs: ["II"], category: { II: 2 }, unit: "L" },
  {
    un: "UN1845",
    nameEn: "Carbon dioxide, solid (dry ice)",
    nameLv: "Oglekļa dioksīds, ciets (sausais ledus)",
    cls: "9",
    subsidiary: [],
    pgs: [],
    category: { "-": 4 },
    unit: "kg",
    noFoodSeparation: true,
    coolant: true,
  },
  { un: "UN3373", nameEn: "Biological substance, category B", nameLv: "Bioloģiska viela, B kategorija", cls: "6.2", subsidiary: [], pgs: [], category: { "-": 4 }, unit: "kg", noFoodSeparation: true },
  {
    un: "UN3077",
    nameEn: "Environmentally hazardous substance, solid, n.o.s.",
    nameLv: "Videi bīstama viela, cieta, c.n.p.",
    cls: "9",
    subsidiary: [],
    pgs: ["III"],
    category: { III: 3 },
    unit: "kg",
  },
  {
    un: "UN3082",
    nameEn: "Environmentally hazardous substance, liquid, n.o.s.",
    nameLv: "Videi bīstama viela, šķidra, c.n.p.",
    cls: "9",
    subsidiary: [],
    pgs: ["III"],
    category: { III: 3 },
    unit: "L",
  },
  { un: "UN3480", nameEn: "Lithium ion batteries", nameLv: "Litija jonu baterijas", cls: "9", subsidiary: [], pgs: [], category: { "-": 2 }, unit: "kg" },
  {
    un: "UN3481",
    nameEn: "Lithium ion batteries contained in equipment (data loggers)",
    nameLv: "Litija jonu baterijas iekārtās (datu reģistratori)",
    cls: "9",
    subsidiary: [],
    pgs: [],
    category: { "-": 2 },
    unit: "kg",
  },
];

export function unEntry(un: string): UnEntry | undefined {
  const key = un
    .trim()
    .toUpperCase()
    .replace(/^UN\s*/, "UN");
  return UN_NUMBERS.find((e) => e.un === key);
}

/** ADR 1.1.3.6.4: points per litre/kilogram by transport category. */
export const ADR_MULTIPLIER: Record<number, number> = { 0: Infinity, 1: 50, 2: 3, 3: 1, 4: 0 };
export const ADR_POINTS_LIMIT = 1000;

// Vehicles (docs/domain.md "Units, capacity and chargeable weight", docs/domain.md "Temperature classes"). A standard semi-trailer: 33 EUR pallet places, 24 t, 13.6 LDM. A reefer (any temperature-
// controlled load, 15–25 °C included, since the box must be temperature-mapped): 33 places, 22 t.
export interface Vehicle {
  kind: "standard" | "reefer";
  places: number;
  kg: number;
  ldm: number;
}
export const STANDARD_TRAILER: Vehicle = { kind: "standard", places: 33, kg: 24_000, ldm: 13.6 };
export const REEFER_TRAILER: Vehicle = { kind: "reefer", places: 33, kg: 22_000, ldm: 13.6 };

/** Floor length per handling unit, in LDM (= length × width / 2.4 m); stackable units count at half (docs/domain.md "Units, capacity and chargeable weight"). */
export const LDM_PER_UNIT: Record<Exclude<Packaging, "parcel">, number> = {
  eur_pallet: 0.4, // 1.2 × 0.8
  industrial_pallet: 0.5, // 1.2 × 1.0
  ibc: 0.5, // 1.2 × 1.0
  drum: 0.1, // four 200 L drums per EUR pallet footprint
};
/** Floor places (EUR pallet positions) per handling unit. */
export const PLACES_PER_UNIT: Record<Exclude<Packaging, "parcel">, number> = {
  eur_pallet: 1,
  industrial_pallet: 1,
  ibc: 1,
  drum: 0.25,
};
/** Parcels: their floor length is their volume stacked ~1.8 m high over the 2.4 m trailer width. */
export const PARCEL_M3_PER_LDM = 4.32;

/** Chargeable weight in European groupage (docs/domain.md "Units, capacity and chargeable weight"): max(kg, m³ × 333, LDM × 1,850). */
export const KG_PER_M3 = 333;
export const KG_PER_LDM = 1850;

// Matching rules (docs/decisions/0006-logistics-pooling.md).
export const MATCH = {
  /** Pickups: same country and at most this far apart ("Rīga region": Rīga, Olaine, Mārupe, Jelgava). */
  pickupRadiusKm: 60,
  /** Drops: same country and at most this far apart (Raunheim–Darmstadt 28 km, Frankfurt area). */
  dropRadiusKm: 100,
  /** Corridor: a drop is "on the way" when going via it adds at most this many km (great circle). */
  corridorDetourKm: 150,
  /** Backhaul: a return load may be picked up this far from the pool's drops. */
  backhaulPickupKm: 300,
  /** The return truck waits at most this many days for a backhaul load after its drops. */
  backhaulDays: 7,
  /** Pickup windows must overlap at least this long; a gap of up to crossDockHours needs a cross-dock. */
  minOverlapHours: 1,
  crossDockHours: 24,
  /** Two stops closer than this are the same stop. */
  sameStopKm: 5,
  /** Road km ≈ great-circle km × this (Baltic–Central Europe lanes). */
  roadFactor: 1.25,
  /** A single driver covers about this many road km a day. */
  kmPerDay: 600,
  /** Longest pickup window accepted (keeps the SQL window predicate a bounded index range). */
  maxPickupWindowDays: 14,
};

// Cost model for estimates (the real price comes from the carrier's quote). Groupage (one consignment alone):
// road km × (0.30 + 0.13 × places) €/km, ×1.15 in a temperature-controlled box, never more than a whole truck
// (€1.45/km standard, €1.67/km reefer), at least €150. A pool is priced as one consignment of the combined load plus
// €150 per extra stop and €60 per day of storage before a delivery slot. A backhaul costs the carrier's published
// return-leg offer, else 55 % of the stand-alone price. Figures in euro; see the decision record.
export const COST = {
  baseEurPerKm: 0.3,
  perPlaceEurPerKm: 0.13,
  reeferFactor: 1.15,
  ftlEurPerKm: { standard: 1.45, reefer: 1.67 },
  minimumEur: 150,
  extraStopEur: 150,
  storagePerDayEur: 60,
  backhaulFactor: 0.55,
};

/** Dangerous-goods rows on the request form (fixed, so the form works without JavaScript). */
export const DG_ROWS = 3;
