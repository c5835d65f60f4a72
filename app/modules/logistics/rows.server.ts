// The one way logistics rows are read: columns, the owner's name and policy, and the DG lines as JSON in the same
// query; and their conversion into what the matcher and the pages use.
import { sql } from "kysely";
import type { Executor } from "~/context";
import type { DgLine, MatchRequest } from "./matcher";
import type { AdrClass, LogisticsPolicy, PackingGroup } from "./reference";

export type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>["executeTakeFirstOrThrow"]>>;

/** logistics_request r + organisation o, with `dg` (JSON array) — add where/order/limit. */
export function requestQuery(exec: Executor) {
  return exec
    .selectFrom("logistics_request as r")
    .innerJoin("organisation as o", "o.id", "r.organisation_id")
    .select([
      "r.id",
      "r.ref",
      "r.organisation_id",
      "r.created_by",
      "r.origin_city",
      "r.origin_postcode",
      "r.origin_country",
      "r.origin_lat",
      "r.origin_lon",
      "r.destination_city",
      "r.destination_postcode",
      "r.destination_country",
      "r.destination_lat",
      "r.destination_lon",
      "r.earliest_pickup",
      "r.latest_pickup",
      "r.earliest_delivery",
      "r.latest_delivery",
      "r.customs",
      "r.goods_description",
      "r.packaging",
      "r.units",
      sql<string>`r.gross_kg::text`.as("gross_kg"),
      sql<string | null>`r.volume_m3::text`.as("volume_m3"),
      sql<string | null>`r.ldm::text`.as("ldm"),
      "r.stackable",
      "r.temp_class",
      "r.gdp_required",
      "r.incoterm",
      "r.named_place",
      "r.member_role",
      "r.consignee",
      sql<string | null>`r.goods_value_eur::text`.as("goods_value_eur"),
      sql<string | null>`r.standalone_quote_eur::text`.as("standalone_quote_eur"),
      "r.contact",
      "r.notes",
      "r.status",
      "r.created_at",
      "r.version",
      "o.name as org_name",
      "o.logistics_policy",
      sql<unknown>`coalesce((select json_agg(json_build_object('un', d.un_number, 'cls', d.adr_class, 'pg', d.packing_group,
        'quantity', d.quantity::text, 'unit', d.unit, 'lq', d.limited_quantity) order by d.line_no)
        from logistics_dg_line d where d.request_id = r.id), '[]'::json)`.as("dg"),
    ]);
}

export type RequestQuery = ReturnType<typeof requestQuery>;

export function dgLines(v: unknown): DgLine[] {
  const arr = (typeof v === "string" ? JSON.parse(v) : v) as { un: string; cls: string; pg: string | null; quantity: string | number; unit: string; lq: boolean }[];
  return (arr ?? []).map((l) => ({
    un: l.un,
    cls: l.cls as AdrClass,
    pg: (l.pg ?? null) as PackingGroup | null,
    quantity: plain(String(l.quantity))!,
    unit: l.unit === "kg" ? "kg" : "L",
    lq: !!l.lq,
  }));
}

const ms = (d: Date | string) => +new Date(d);

/** "2940.00" → "2940" (the matcher and the split take plain decimals). */
export function plain(v: string | null): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

export function toMatchRequest(r: RequestRow): MatchRequest {
  return {
    id: r.id,
    orgId: r.organisation_id,
    orgName: r.org_name,
    policy: r.logistics_policy as LogisticsPolicy,
    status: r.status,
    origin: { city: r.origin_city, postcode: r.origin_postcode, country: r.origin_country, lat: r.origin_lat, lon: r.origin_lon },
    destination: { city: r.destination_city, postcode: r.destination_postcode, country: r.destination_country, lat: r.destination_lat, lon: r.destination_lon },
    earliestPickup: ms(r.earliest_pickup),
    latestPickup: ms(r.latest_pickup),
    earliestDelivery: r.earliest_delivery ? ms(r.earliest_delivery) : null,
    latestDelivery: ms(r.latest_delivery),
    customs: r.customs,
    tempClass: r.temp_class,
    gdp: r.gdp_required,
    dg: dgLines(r.dg),
    incoterm: r.incoterm,
    role: r.member_role,
    standaloneEur: plain(r.standalone_quote_eur),
    packaging: r.packaging,
    units: r.units,
    grossKg: plain(r.gross_kg)!,
    volumeM3: plain(r.volume_m3),
    ldm: plain(r.ldm),
    stackable: r.stackable,
  };
}
