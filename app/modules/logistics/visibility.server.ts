// Field-level visibility between competitors (docs/domain.md "Competitor visibility"): what each viewer may see of a request.
// The policy module decides the perspective (authorize.server.ts); this projects a row onto exactly those fields, so
// a page, an export or a notification can only ever carry what the projection returned.
import { regionLabel } from "./geo";
import { measures, milliToNumber } from "./load";
import type { DgLine, MatchRequest } from "./matcher";
import { controlsCarriage } from "./reference";
import { plain, type RequestRow } from "./rows.server";

/**
 * own — the requesting organisation's people: everything.
 * admin — cluster admins (the cluster office as neutral logistics coordinator): everything.
 * coordinator — a pool's coordinating organisation: every logistics fact it needs to organise the load (addresses,
 *   windows, handling units, DG lines, Incoterm place), never goods, values, consignees, stand-alone quotes or contacts.
 * member — any other member (an open request, or a fellow pool participant): regions, dates, load, temperature.
 */
export type Perspective = "own" | "admin" | "coordinator" | "member";

export interface Area {
  lv: string;
  en: string;
}

export interface RequestCard {
  id: string;
  status: RequestRow["status"];
  originArea: Area;
  destinationArea: Area;
  /** A city not in the embedded table: matched by country only. */
  countryLevel: boolean;
  earliestPickup: string;
  latestPickup: string;
  earliestDelivery: string | null;
  latestDelivery: string;
  packaging: RequestRow["packaging"];
  units: number;
  stackable: boolean;
  places: number;
  grossKg: string;
  ldm: number;
  tempClass: RequestRow["temp_class"];
  gdp: boolean;
  customs: RequestRow["customs"];
  dgClasses: string[];
  incoterm: RequestRow["incoterm"];
  controlsCarriage: boolean;
}

export interface RequestDetail {
  origin: { city: string; postcode: string; country: string };
  destination: { city: string; postcode: string; country: string };
  volumeM3: string | null;
  dg: DgLine[];
  namedPlace: string;
  role: RequestRow["member_role"];
}

export interface RequestPrivate {
  ref: string;
  orgName: string;
  goods: string;
  consignee: string;
  goodsValueEur: string | null;
  standaloneEur: string | null;
  contact: string;
  notes: string;
}

export interface RequestView {
  perspective: Perspective;
  card: RequestCard;
  detail: RequestDetail | null;
  private: RequestPrivate | null;
  version: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function areaOf(p: { city: string; postcode: string; country: string; lat: number | null }): Area {
  return { lv: regionLabel(p, "lv"), en: regionLabel(p, "en") };
}

export function requestCard(r: RequestRow, m: MatchRequest): RequestCard {
  const load = measures(m);
  return {
    id: r.id,
    status: r.status,
    originArea: areaOf(m.origin),
    destinationArea: areaOf(m.destination),
    countryLevel: m.origin.lat === null || m.destination.lat === null,
    earliestPickup: iso(r.earliest_pickup)!,
    latestPickup: iso(r.latest_pickup)!,
    earliestDelivery: iso(r.earliest_delivery),
    latestDelivery: iso(r.latest_delivery)!,
    packaging: r.packaging,
    units: r.units,
    stackable: r.stackable,
    places: milliToNumber(load.placesMilli),
    grossKg: plain(r.gross_kg)!,
    ldm: milliToNumber(load.ldmMilli),
    tempClass: r.temp_class,
    gdp: r.gdp_required,
    customs: r.customs,
    dgClasses: [...new Set(m.dg.map((l) => l.cls))].sort(),
    incoterm: r.incoterm,
    controlsCarriage: controlsCarriage(r.member_role, r.incoterm),
  };
}

export function projectRequest(r: RequestRow, m: MatchRequest, perspective: Perspective): RequestView {
  const full = perspective === "own" || perspective === "admin";
  const logistics = full || perspective === "coordinator";
  return {
    perspective,
    card: requestCard(r, m),
    detail: logistics
      ? {
          origin: { city: r.origin_city, postcode: r.origin_postcode, country: r.origin_country },
          destination: { city: r.destination_city, postcode: r.destination_postcode, country: r.destination_country },
          volumeM3: plain(r.volume_m3),
          dg: m.dg,
          namedPlace: r.named_place,
          role: r.member_role,
        }
      : null,
    private: full
      ? {
          ref: r.ref,
          orgName: r.org_name,
          goods: r.goods_description,
          consignee: r.consignee,
          goodsValueEur: plain(r.goods_value_eur),
          standaloneEur: plain(r.standalone_quote_eur),
          contact: r.contact,
          notes: r.notes,
        }
      : null,
    version: r.version,
  };
}
