import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { HttpClient, TestServer } from "./server";
import { createOrg } from "./factories";
import { personWithClient } from "./groups";

/** "YYYY-MM-DD" in Europe/Riga, `days` from now. */
export function rigaDate(days: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}

/** A datetime-local value (Riga time) `days` from now at `hhmm`. */
export function local(days: number, hhmm: string): string {
  return `${rigaDate(days)}T${hhmm}`;
}

/**
 * A valid request form like L1 (Rīga → Raunheim, 6 EUR pallets, 15–25 °C, GDP, DAP) with its pickup `day` days from
 * now. Tests use days far apart so that their requests never match each other's (windows > 1 day apart).
 */
export function requestForm(day: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    ref: `REF-${day}-${Math.random().toString(36).slice(2, 7)}`,
    originCity: "Rīga",
    originPostcode: "LV-1057",
    originCountry: "LV",
    destinationCity: "Raunheim",
    destinationPostcode: "65479",
    destinationCountry: "DE",
    earliestPickup: local(day, "08:00"),
    latestPickup: local(day, "16:00"),
    earliestDelivery: "",
    latestDelivery: local(day + 4, "16:00"),
    customs: "eu_internal",
    goods: "Tabletes un kapsulas",
    packaging: "eur_pallet",
    units: "6",
    grossKg: "2940",
    volumeM3: "",
    ldm: "",
    tempClass: "CRT_15_25",
    gdp: "on",
    incoterm: "DAP",
    namedPlace: "Raunheim, DE",
    role: "seller",
    consignee: "Geheimkunde Pharma GmbH",
    goodsValueEur: "410000",
    standaloneEur: "2050",
    contact: "Slepenais Kontakts, +371 2999 9999",
    notes: "Iekšēja piezīme",
    ...over,
  };
}

export async function postRequest(client: HttpClient, form: Record<string, string>): Promise<string> {
  const res = await client.post("/logistics/new", form);
  if (res.status !== 302) throw new Error(`request not created: ${res.status} ${(await res.text()).slice(0, 500)}`);
  const loc = res.headers.get("location")!;
  return loc.split("/").pop()!.split("?")[0];
}

/** An organisation (with a shipper policy) and one signed-in member of it. */
export async function shipper(
  server: TestServer,
  opts: { policy?: "no_dg_coload" | "lq_only" | "adr_table"; name?: string; locale?: "lv" | "en"; notifyEmail?: boolean; clusterRole?: "admin" | "member" } = {},
) {
  const org = await createOrg(server.open.db, { name: opts.name });
  if (opts.policy) await server.open.db.updateTable("organisation").set({ logistics_policy: opts.policy }).where("id", "=", org.id).execute();
  const { person, client } = await personWithClient(server, { organisation_id: org.id, locale: opts.locale ?? "en", cluster_role: opts.clusterRole ?? "member" });
  if (opts.notifyEmail === false) await server.open.db.updateTable("person").set({ notify_email: false }).where("id", "=", person.id).execute();
  return { org, person, client };
}

export async function requestRow(db: Kysely<Database>, id: string) {
  return db.selectFrom("logistics_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export async function countRequests(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom("logistics_request")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function poolIdFrom(res: Response): string {
  const loc = res.headers.get("location") ?? "";
  const m = /\/logistics\/pools\/([0-9a-f-]{36})/.exec(loc);
  if (!m) throw new Error(`no pool in ${loc}`);
  return m[1];
}

/** Plain text of an HTML page's <main> (tags stripped), for "is this visible" checks. */
export function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
