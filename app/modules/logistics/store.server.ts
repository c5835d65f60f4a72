// Writing a request row (also used by the demo seed and the benchmark): geocoding, the route box, the DG lines.
import type { Executor } from "~/context";
import { routeBox } from "./geo";
import type { RequestInput } from "./input";
import { geocode } from "./matcher";
import { MATCH } from "./reference";

export function routeColumns(o: { lat: number | null; lon: number | null }, d: { lat: number | null; lon: number | null }) {
  if (o.lat === null || o.lon === null || d.lat === null || d.lon === null) return { route_min_lat: null, route_max_lat: null, route_min_lon: null, route_max_lon: null };
  const b = routeBox({ lat: o.lat, lon: o.lon }, { lat: d.lat, lon: d.lon }, MATCH.corridorDetourKm, MATCH.pickupRadiusKm);
  return { route_min_lat: b.minLat, route_max_lat: b.maxLat, route_min_lon: b.minLon, route_max_lon: b.maxLon };
}

/** The row values of a request (also used by the seed and the benchmark). */
export function requestValues(input: RequestInput, organisationId: string, createdBy: string | null) {
  const o = geocode(input.origin.city, input.origin.postcode, input.origin.country);
  const d = geocode(input.destination.city, input.destination.postcode, input.destination.country);
  return {
    ref: input.ref,
    organisation_id: organisationId,
    created_by: createdBy,
    origin_city: o.city,
    origin_postcode: o.postcode,
    origin_country: o.country,
    origin_lat: o.lat,
    origin_lon: o.lon,
    destination_city: d.city,
    destination_postcode: d.postcode,
    destination_country: d.country,
    destination_lat: d.lat,
    destination_lon: d.lon,
    ...routeColumns(o, d),
    earliest_pickup: input.earliestPickup,
    latest_pickup: input.latestPickup,
    earliest_delivery: input.earliestDelivery,
    latest_delivery: input.latestDelivery,
    customs: input.customs,
    goods_description: input.goods,
    packaging: input.packaging,
    units: input.units,
    gross_kg: input.grossKg,
    volume_m3: input.volumeM3,
    ldm: input.ldm,
    stackable: input.stackable,
    temp_class: input.tempClass,
    gdp_required: input.gdp,
    incoterm: input.incoterm,
    named_place: input.namedPlace,
    member_role: input.role,
    consignee: input.consignee,
    goods_value_eur: input.goodsValueEur,
    standalone_quote_eur: input.standaloneEur,
    contact: input.contact,
    notes: input.notes,
  };
}

export async function insertRequest(exec: Executor, input: RequestInput, organisationId: string, createdBy: string | null): Promise<string> {
  const { id } = await exec
    .insertInto("logistics_request")
    .values(requestValues(input, organisationId, createdBy))
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.dg.length)
    await exec
      .insertInto("logistics_dg_line")
      .values(
        input.dg.map((l, i) => ({
          request_id: id,
          line_no: i + 1,
          un_number: l.un,
          adr_class: l.cls,
          packing_group: l.pg,
          quantity: l.quantity,
          unit: l.unit,
          limited_quantity: l.lq,
        })),
      )
      .execute();
  return id;
}
