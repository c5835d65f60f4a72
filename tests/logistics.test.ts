import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { connectSocket, joinRoom, personWithClient, sleep } from "./helpers/groups";
import { countRequests, local, mainText, poolIdFrom, postRequest, requestForm, requestRow, shipper } from "./helpers/logistics";

let server: TestServer;
let sink: SmtpSink;
const sockets: Socket[] = [];

beforeAll(async () => {
  sink = await new SmtpSink().start();
  server = await startTestServer({ smtpUrl: sink.url });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await sink?.stop();
});

const db = () => server.open.db;

/** Private values that must never reach another member (each tag's are unique). */
function num(tag: string): number {
  return ([...tag].reduce((s, c) => s * 31 + c.charCodeAt(0), 7) % 9000) + 1000;
}
function secrets(tag: string) {
  return {
    consignee: `Consignee-${tag}-Geheim GmbH`,
    goodsValueEur: `${num(tag)}77.31`,
    standaloneEur: `${num(tag)}.17`,
    contact: `Contact-${tag} +371 2999 0000`,
    goods: `Goods-${tag} tabletes`,
    notes: `Notes-${tag}`,
  };
}
const SECRET_MARKERS = (tag: string) => [`Consignee-${tag}`, `Contact-${tag}`, `Goods-${tag}`, `Notes-${tag}`, `${num(tag)}77.31`, `${num(tag)}.17`];

async function notificationsOf(personId: string) {
  return db().selectFrom("notification").select(["kind", "payload"]).where("person_id", "=", personId).orderBy("created_at").execute();
}

describe("posting a request", () => {
  it("stores a valid request with its DG lines, geocoded, and shows it to its owner", async () => {
    const a = await shipper(server);
    const id = await postRequest(
      a.client,
      requestForm(10, {
        originCity: "Olaine",
        originPostcode: "LV-2114",
        destinationCity: "Poznan",
        destinationPostcode: "61-131",
        destinationCountry: "PL",
        tempClass: "AMBIENT",
        gdp: "",
        packaging: "ibc",
        units: "6",
        grossKg: "5800",
        ldm: "2,8",
        dg0_un: "UN1170",
        dg0_class: "3",
        dg0_pg: "II",
        dg0_qty: "4000",
        dg0_unit: "L",
        dg1_un: "1824",
        dg1_class: "8",
        dg1_pg: "II",
        dg1_qty: "1600",
      }),
    );
    const r = await requestRow(db(), id);
    expect(r).toMatchObject({ organisation_id: a.org.id, created_by: a.person.id, status: "open", origin_city: "Olaine", destination_city: "Poznań", destination_country: "PL", version: 1 });
    expect(r.origin_lat).toBeCloseTo(56.785, 2);
    expect(r.route_min_lat).not.toBeNull();
    expect(String(r.ldm)).toMatch(/^2\.80?$/);
    const dg = await db().selectFrom("logistics_dg_line").selectAll().where("request_id", "=", id).orderBy("line_no").execute();
    expect(dg.map((l) => [l.un_number, l.adr_class, l.packing_group])).toEqual([
      ["UN1170", "3", "II"],
      ["UN1824", "8", "II"],
    ]);
    const page = await a.client.get(`/logistics/requests/${id}`);
    expect(page.status).toBe(200);
    const text = mainText(await page.text());
    expect(text).toContain("UN1170");
    expect(text).toContain("PL-6x · Poznań");
  });

  it("refuses bad input with a 4xx, a message in the person's language, and saves nothing", async () => {
    const en = await shipper(server, { locale: "en" });
    const lv = await shipper(server, { locale: "lv" });
    const before = await countRequests(db());
    const cases: [Record<string, string>, string, string][] = [
      [{ latestPickup: local(12, "06:00") }, "The pickup window ends before it starts.", "Iekraušanas laiks beidzas, pirms tas sākas."],
      [{ earliestPickup: local(-3, "08:00"), latestPickup: local(-3, "16:00") }, "The pickup window lies in the past.", "Iekraušanas laiks jau ir pagājis."],
      [{ units: "0" }, "a whole number from 1 to 1,000", "veselu skaitli no 1 līdz 1000"],
      [{ units: "5000" }, "a whole number from 1 to 1,000", "veselu skaitli no 1 līdz 1000"],
      [{ grossKg: "0" }, "more than 0 and at most 40,000", "vairāk par 0 un ne vairāk kā 40 000"],
      [{ units: "1", grossKg: "9000" }, "more than 1500 kg per handling unit", "vairāk par 1500 kg uz vienu kravas vienību"],
      // Two refusals with variables in one submit: the second field's message keeps its own (per-field vars).
      [{ latestPickup: local(30, "16:00"), units: "1", grossKg: "9000" }, "more than 1500 kg per handling unit", "vairāk par 1500 kg uz vienu kravas vienību"],
      [{ latestPickup: local(30, "16:00"), units: "1", grossKg: "9000" }, "at most 14 days long", "ne garāks par 14 dienām"],
      [{ units: "40", grossKg: "12000" }, "More than one trailer (33 pallet places, 22000 kg)", "Vairāk nekā viena piekabe (33 palešu vietas, 22000 kg)"],
      [{ dg0_un: "UN1170", dg0_class: "4.4", dg0_pg: "II", dg0_qty: "10" }, "4.4 is not an ADR class.", "4.4 nav ADR klase."],
      [{ dg0_un: "UN9999", dg0_class: "3", dg0_pg: "II", dg0_qty: "10" }, "UN9999 is not a UN number the platform knows.", "UN9999 nav platformai zināms ANO numurs."],
      [{ dg0_un: "UN1170", dg0_class: "8", dg0_pg: "II", dg0_qty: "10" }, "UN1170 is class 3, not 8.", "UN1170 ir 3. klase, nevis 8."],
      [{ incoterm: "DAT" }, "Choose one of the 11 Incoterms® 2020 rules.", "Izvēlieties vienu no 11 Incoterms® 2020 noteikumiem."],
      [{ originCountry: "XX" }, "Choose a country from the list.", "Izvēlieties valsti no saraksta."],
      [{ goodsValueEur: "-5" }, "Enter an amount in euro", "Ievadiet summu eiro"],
    ];
    for (const [over, enText, lvText] of cases) {
      for (const [who, text] of [
        [en, enText],
        [lv, lvText],
      ] as const) {
        const res = await who.client.post("/logistics/new", requestForm(12, over));
        expect(res.status, JSON.stringify(over)).toBe(400);
        expect(mainText(await res.text()), JSON.stringify(over)).toContain(text);
      }
    }
    expect(await countRequests(db())).toBe(before);
  });

  it("places: a town field with suggestions (a plain text field with a server-filled list), checked on the server in both languages; Sigulda is geocoded", async () => {
    const en = await shipper(server, { locale: "en" });
    const lv = await shipper(server, { locale: "lv" });
    const form = await (await en.client.get("/logistics/new")).text();
    expect(form).toMatch(/<input[^>]*name="originCity"[^>]*list="origin-places"|<input[^>]*list="origin-places"[^>]*name="originCity"/);
    expect(form).toMatch(/<datalist id="origin-places">[\s\S]*<option value="Sigulda">/);
    expect(mainText(form)).toContain("Places: GeoNames (geonames.org), CC BY 4.0");
    const sugg = await en.client.get("/logistics/places?country=LV&q=sig");
    expect(sugg.status).toBe(200);
    expect(((await sugg.json()) as { places: string[] }).places).toContain("Sigulda");
    expect((await server.client().get("/logistics/places?country=LV&q=sig")).status).toBe(302);
    const before = await countRequests(db());
    for (const [who, text] of [
      [en, "“Nekurciems” is not a town we know in this country"],
      [lv, "“Nekurciems” nav mums zināma apdzīvota vieta šajā valstī"],
    ] as const) {
      const res = await who.client.post("/logistics/new", requestForm(12, { originCity: "Nekurciems" }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(mainText(html)).toContain(text);
      expect(html).toMatch(/<input[^>]*aria-describedby="f-originCity-error"/);
    }
    expect(await countRequests(db())).toBe(before);
    const id = await postRequest(en.client, requestForm(12, { originCity: "Sigulda", originPostcode: "LV-2150" }));
    const row = await requestRow(db(), id);
    expect(Number(row.origin_lat)).toBeCloseTo(57.154, 2);
    expect(Number(row.origin_lon)).toBeCloseTo(24.86, 2);
    expect(mainText(await (await en.client.get(`/logistics/requests/${id}`)).text())).not.toContain("One place of this request has no coordinates");
  });

  it("is for signed-in active members only", async () => {
    const anon = server.client();
    const res = await anon.get("/logistics/new");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    expect((await anon.post("/logistics/new", requestForm(12))).status).toBe(302);
    const { client: pending } = await (async () => {
      const s = await shipper(server);
      await db().updateTable("person").set({ membership_status: "pending" }).where("id", "=", s.person.id).execute();
      return s;
    })();
    expect((await pending.post("/logistics/new", requestForm(12))).headers.get("location")).toBe("/pending");
  });
});

describe("matching, suggestions and match notifications", () => {
  it("tells the owner of a matching request in-app and by email (own data only); both see each other's suggestion with reasons", async () => {
    const a = await shipper(server, { name: "Alpha Pharma A/S" });
    const b = await shipper(server, { name: "Beta Vials SIA" });
    const quiet = await shipper(server, { name: "Quiet Org", notifyEmail: false });
    const aId = await postRequest(a.client, requestForm(20, { ...secrets("A"), ref: "A-REF-20", standaloneEur: "2050" }));
    const qId = await postRequest(quiet.client, requestForm(20, { ...secrets("Q"), ref: "Q-REF-20", units: "2", grossKg: "500" }));
    const bId = await postRequest(b.client, requestForm(20, { ...secrets("B"), destinationCity: "Darmstadt", destinationPostcode: "64293", units: "4", grossKg: "1380" }));

    // In-app: A and Quiet were told about B's request (A also about Quiet's); B (the author) not about its own.
    const na = await notificationsOf(a.person.id);
    expect(na.filter((n) => n.kind === "logistics_match").length).toBeGreaterThanOrEqual(1);
    const nq = await notificationsOf(quiet.person.id);
    expect(nq.some((n) => n.kind === "logistics_match")).toBe(true);
    // Email to A (notify_email on), none to Quiet (off); the email is about A's own request, nothing of B's.
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(a.person.email) && /A shipment to pool with/.test(m.parsed.subject ?? ""));
    expect(mail.parsed.text).toContain("A-REF-20");
    expect(mail.parsed.text).toContain(`/logistics/requests/${aId}`);
    for (const s of [...SECRET_MARKERS("B"), "Beta Vials"]) expect(mail.raw).not.toContain(s);
    await sleep(500);
    expect(sink.to(quiet.person.email)).toHaveLength(0);
    // The notifications page words it, about A's own request only.
    const list = mainText(await (await a.client.get("/notifications")).text());
    expect(list).toContain("A new request can travel together with your request A-REF-20 (LV-1x · Rīga region → DE-6x · Rhine-Main (Frankfurt area)).");

    // Suggestions both ways, explained; the other member stays anonymous.
    for (const [viewer, other, otherTag, otherName] of [
      [a, bId, "B", "Beta Vials"],
      [b, aId, "A", "Alpha Pharma"],
    ] as const) {
      const own = viewer === a ? aId : bId;
      const html = await (await viewer.client.get(`/logistics/requests/${own}`)).text();
      const text = mainText(html);
      expect(html).toContain(`value="${other}"`);
      expect(text).toContain("Same lane LV-1x · Rīga region → DE-6x · Rhine-Main (Frankfurt area)");
      expect(text).toContain("Pickup windows overlap 8 h");
      expect(text).toContain("Both 15–25 °C");
      expect(text).toMatch(/Estimated saving €[\d,]+/);
      for (const s of [...SECRET_MARKERS(otherTag), otherName]) expect(html).not.toContain(s);
    }
    expect(qId).toBeTruthy();
  });

  it("offers the organisation's own open request as a consolidation, never as another member's; nobody is told of a 'match' with their own organisation (LV and EN)", async () => {
    const en = await shipper(server, { name: "Two Loads SIA" });
    const lv = await personWithClient(server, { organisation_id: en.org.id, locale: "lv" });
    const first = await postRequest(en.client, requestForm(60, { ref: "OWN-60-1" }));
    const second = await postRequest(lv.client, requestForm(60, { ref: "OWN-60-2", units: "4", grossKg: "1380" }));
    for (const [client, mine, other, hint] of [
      [en.client, "Your organisation's request", "Another member's request", "consolidate the two shipments in one load"],
      [lv.client, "Jūsu organizācijas pieprasījums", "Cita biedra pieprasījums", "abus sūtījumus var apvienot vienā kravā"],
    ] as const) {
      const html = await (await client.get(`/logistics/requests/${first}`)).text();
      const text = mainText(html);
      expect(text).toContain(mine);
      expect(text).toContain(hint);
      expect(text).not.toContain(other);
      // Still one step to put both in one load.
      expect(html).toContain(`value="${second}"`);
    }
    expect((await notificationsOf(en.person.id)).filter((n) => n.kind === "logistics_match")).toHaveLength(0);
    // Consolidating two own loads: a pool with nobody else to ask, confirmed at once.
    const res = await en.client.post(`/logistics/requests/${first}`, { intent: "propose", with: second });
    expect(res.status).toBe(302);
    const pool = await db().selectFrom("logistics_pool").select("status").where("id", "=", poolIdFrom(res)).executeTakeFirstOrThrow();
    expect(pool.status).toBe("confirmed");
  });

  it("shows another member's open request anonymised; pooled or cancelled ones of others are 404", async () => {
    const a = await shipper(server, { name: "Gamma Labs" });
    const outsider = await shipper(server);
    const id = await postRequest(a.client, requestForm(26, { ...secrets("G"), ref: "G-REF" }));
    const res = await outsider.client.get(`/logistics/requests/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(mainText(html)).toContain("LV-1x · Rīga region");
    for (const s of [...SECRET_MARKERS("G"), "G-REF", "Gamma Labs", "Raunheim"]) expect(html).not.toContain(s);
    // Only its owner may cancel it.
    expect((await outsider.client.post(`/logistics/requests/${id}`, { intent: "cancel", version: "1" })).status).toBe(403);
    const row = await requestRow(db(), id);
    expect((await a.client.post(`/logistics/requests/${id}`, { intent: "cancel", version: String(row.version) })).status).toBe(302);
    expect((await outsider.client.get(`/logistics/requests/${id}`)).status).toBe(404);
    expect((await a.client.get(`/logistics/requests/${id}`)).status).toBe(200);
    expect((await outsider.client.get(`/logistics/requests/not-a-uuid`)).status).toBe(404);
  });

  it("lists open requests on my lanes (anonymised, filterable) and shows a lane timeline with a table alternative", async () => {
    const a = await shipper(server, { name: "Lane Owner SIA" });
    const b = await shipper(server, { name: "Lane Neighbour AS" });
    await postRequest(a.client, requestForm(28, { ref: "LANE-A" }));
    await postRequest(b.client, requestForm(28, { ...secrets("LN"), ref: "LANE-B", tempClass: "CHILLED_2_8", units: "3" }));
    const html = await (await a.client.get("/logistics")).text();
    const text = mainText(html);
    expect(text).toContain("LANE-A");
    expect(text).toContain("3 EUR pallets");
    for (const s of [...SECRET_MARKERS("LN"), "LANE-B", "Lane Neighbour"]) expect(html).not.toContain(s);
    const filtered = mainText(await (await a.client.get("/logistics?temp=FROZEN_MINUS_20&mine=1")).text());
    expect(filtered).not.toContain("3 EUR pallets");
    const lanes = await a.client.get("/logistics/lanes?from=LV&to=DE");
    expect(lanes.status).toBe(200);
    const lanesHtml = await lanes.text();
    expect(mainText(lanesHtml)).toContain("Timeline Latvia → Germany");
    expect(lanesHtml).toContain('class="timeline-row own"');
    expect(lanesHtml).toContain("<caption>Requests on this lane</caption>");
    for (const s of [...SECRET_MARKERS("LN"), "LANE-B", "Lane Neighbour"]) expect(lanesHtml).not.toContain(s);
  });

  it("lists every open request of other members by default; a filter that hides some says how many, with one click to widen it (EN and LV)", async () => {
    const a = await shipper(server, { name: "Default View SIA" });
    const lv = await personWithClient(server, { organisation_id: a.org.id, locale: "lv" });
    const b = await shipper(server, { name: "Other Lane AS" });
    await postRequest(a.client, requestForm(64, { ref: "DEF-A" }));
    // Not on A's lane (LV → DE): a different destination country.
    await postRequest(
      b.client,
      requestForm(64, { ref: "DEF-B", destinationCity: "Lyon", destinationPostcode: "69001", destinationCountry: "FR", namedPlace: "Lyon, FR", units: "11", grossKg: "3300" }),
    );
    const all = mainText(await (await a.client.get("/logistics")).text());
    expect(all).toContain("11 EUR pallets");
    expect(all).not.toContain("hidden by these filters");
    for (const [client, hiddenText, widen] of [
      [a.client, /\d+ open requests? of (another member|other members) (is|are) hidden by these filters\./, "Show all open requests"],
      [lv.client, /Šie kritēriji paslēpj \d+ cit(a|u) biedr(a|u) atvērt(u|us) pieprasījum(u|us)\./, "Rādīt visus atvērtos pieprasījumus"],
    ] as const) {
      const html = await (await client.get("/logistics?mine=1")).text();
      const text = mainText(html);
      expect(text).not.toMatch(/11 EUR (pallets|paletes|palešu)/);
      expect(text).toMatch(hiddenText);
      expect(text).toContain(widen);
      expect(html).toContain('href="/logistics#open-h"');
    }
  });

  it("expires open requests whose pickup window has passed, by itself on the next read", async () => {
    const a = await shipper(server);
    const id = await postRequest(a.client, requestForm(30));
    await db()
      .updateTable("logistics_request")
      .set({ earliest_pickup: new Date(Date.now() - 3 * 86_400_000), latest_pickup: new Date(Date.now() - 2 * 86_400_000) })
      .where("id", "=", id)
      .execute();
    expect((await requestRow(db(), id)).status).toBe("open");
    expect((await a.client.get("/logistics")).status).toBe(200);
    expect((await requestRow(db(), id)).status).toBe("expired");
  });
});

describe("pools", () => {
  it("propose → the other owner accepts → confirmed; an incompatible or oversized pool is refused with its reasons and nothing saved", async () => {
    const a = await shipper(server, { policy: "no_dg_coload", name: "Delta Farm" });
    const b = await shipper(server);
    const chem = await shipper(server, { name: "Epsilon Chem" });
    const big = await shipper(server);
    const aId = await postRequest(a.client, requestForm(34));
    const bId = await postRequest(b.client, requestForm(34, { units: "4", grossKg: "1380" }));
    const cId = await postRequest(chem.client, requestForm(34, { tempClass: "AMBIENT", gdp: "", units: "2", grossKg: "800", dg0_un: "UN1170", dg0_class: "3", dg0_pg: "II", dg0_qty: "400" }));
    const gId = await postRequest(big.client, requestForm(34, { units: "30", grossKg: "9000" }));
    const pools = async () =>
      Number(
        (
          await db()
            .selectFrom("logistics_pool")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n0 = await pools();

    const dg = await chem.client.post(`/logistics/requests/${cId}`, { intent: "propose", with: aId });
    expect(dg.status).toBe(409);
    // The DG shipper does not learn who refused: "another member".
    expect(mainText(await dg.text())).toContain("These loads cannot travel together: Another member does not co-load dangerous goods");
    const tooBig = await big.client.post(`/logistics/requests/${gId}`, { intent: "propose", with: aId });
    expect(tooBig.status).toBe(409);
    expect(mainText(await tooBig.text())).toContain("36 pallet places: more than one vehicle (33)");
    expect(await pools()).toBe(n0);
    expect((await requestRow(db(), aId)).status).toBe("open");

    const res = await b.client.post(`/logistics/requests/${bId}`, { intent: "propose", with: aId });
    expect(res.status).toBe(302);
    const poolId = poolIdFrom(res);
    const members = await db().selectFrom("logistics_pool_member").selectAll().where("pool_id", "=", poolId).orderBy("label").execute();
    expect(members.map((m) => [m.request_id, m.state])).toEqual(
      expect.arrayContaining([
        [bId, "accepted"],
        [aId, "pending"],
      ]),
    );
    expect((await requestRow(db(), aId)).status).toBe("pooled");
    const invite = await sink.waitFor((m) => m.envelopeTo.includes(a.person.email) && /Pool P-[0-9A-F]{6}: please accept or decline/.test(m.parsed.subject ?? ""));
    expect(invite.parsed.text).toContain(`/logistics/pools/${poolId}`);
    // A cannot accept B's membership, and B cannot decide for A.
    expect((await b.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: aId })).status).toBe(404);
    expect((await a.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: aId })).status).toBe(302);
    const pool = await db().selectFrom("logistics_pool").selectAll().where("id", "=", poolId).executeTakeFirstOrThrow();
    expect(pool.status).toBe("confirmed");
    const again = await a.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: aId });
    expect(again.status).toBe(409);
    expect(mainText(await again.text())).toContain("This was already decided.");
  });

  it("concurrency: two pools claiming the same request at once — one wins, the other gets a clear message", async () => {
    const x = await shipper(server);
    const y = await shipper(server);
    const z = await shipper(server);
    const xId = await postRequest(x.client, requestForm(38));
    const yId = await postRequest(y.client, requestForm(38, { units: "4" }));
    const zId = await postRequest(z.client, requestForm(38, { units: "3" }));
    const [ry, rz] = await Promise.all([y.client.post(`/logistics/requests/${yId}`, { intent: "propose", with: xId }), z.client.post(`/logistics/requests/${zId}`, { intent: "propose", with: xId })]);
    const statuses = [ry.status, rz.status].sort();
    expect(statuses).toEqual([302, 409]);
    const loser = ry.status === 409 ? ry : rz;
    expect(mainText(await loser.text())).toContain("A request you chose was just taken into another pool. Nothing was saved");
    const live = await db().selectFrom("logistics_pool_member").select("pool_id").where("request_id", "=", xId).where("state", "in", ["pending", "accepted"]).execute();
    expect(live).toHaveLength(1);
    // The loser's own request is still open, in no pool.
    const loserId = ry.status === 409 ? yId : zId;
    expect((await requestRow(db(), loserId)).status).toBe("open");
    expect(await db().selectFrom("logistics_pool_member").select("pool_id").where("request_id", "=", loserId).execute()).toHaveLength(0);
  });

  it("accepting a pool for a request that was cancelled meanwhile is refused; a pool left with one load is cancelled", async () => {
    const a = await shipper(server);
    const b = await shipper(server);
    const aId = await postRequest(a.client, requestForm(42));
    const bId = await postRequest(b.client, requestForm(42, { units: "4" }));
    const poolId = poolIdFrom(await b.client.post(`/logistics/requests/${bId}`, { intent: "propose", with: aId }));
    const row = await requestRow(db(), aId);
    expect((await a.client.post(`/logistics/requests/${aId}`, { intent: "cancel", version: String(row.version) })).status).toBe(302);
    const res = await a.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: aId });
    expect(res.status).toBe(409);
    expect(mainText(await res.text())).toContain("This request was cancelled or has left the pool meanwhile, so it cannot be accepted.");
    expect((await requestRow(db(), aId)).status).toBe("cancelled");
    const pool = await db().selectFrom("logistics_pool").select("status").where("id", "=", poolId).executeTakeFirstOrThrow();
    expect(pool.status).toBe("cancelled");
    expect((await requestRow(db(), bId)).status).toBe("open");
    // A stale version is refused too.
    const stale = await b.client.post(`/logistics/requests/${bId}`, { intent: "cancel", version: "1" });
    expect(stale.status).toBe(409);
    expect(mainText(await stale.text())).toContain("This was changed meanwhile by someone else.");
  });
});

describe("quote, split and privacy between competitors", () => {
  let A: Awaited<ReturnType<typeof shipper>>; // coordinator (proposes) — Member with 6 pallets
  let B: Awaited<ReturnType<typeof shipper>>; // participant, 4 pallets
  let C: Awaited<ReturnType<typeof shipper>>; // participant, 2 stackable pallets (ambient)
  let O: Awaited<ReturnType<typeof shipper>>; // member outside the pool
  let admin: Awaited<ReturnType<typeof shipper>>;
  const ids: Record<string, string> = {};
  let poolId = "";
  let threadId = "";

  beforeAll(async () => {
    A = await shipper(server, { name: "Omega Pharma AS" });
    B = await shipper(server, { name: "Sigma Injectables SIA" });
    C = await shipper(server, { name: "Tau Cluster Office" });
    O = await shipper(server, { name: "Outsider Ltd" });
    admin = await shipper(server, { clusterRole: "admin" });
    ids.A = await postRequest(A.client, requestForm(46, { ...secrets("PA"), ref: "PA-REF", standaloneEur: "2050" }));
    ids.B = await postRequest(
      B.client,
      requestForm(46, { ...secrets("PB"), ref: "PB-REF", standaloneEur: "1600", units: "4", grossKg: "1380", destinationCity: "Darmstadt", destinationPostcode: "64293" }),
    );
    ids.C = await postRequest(
      C.client,
      requestForm(46, {
        ...secrets("PC"),
        ref: "PC-REF",
        standaloneEur: "520",
        units: "2",
        grossKg: "410",
        volumeM3: "2.88",
        stackable: "on",
        tempClass: "AMBIENT",
        gdp: "",
        destinationCity: "Frankfurt",
      }),
    );
    const res = await A.client.post(`/logistics/requests/${ids.A}`, { intent: "propose", with: [ids.B, ids.C] });
    poolId = poolIdFrom(res);
    for (const [who, id] of [
      [B, ids.B],
      [C, ids.C],
    ] as const)
      expect((await who.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: id })).status).toBe(302);
    threadId = (await db().selectFrom("thread").select("id").where("subject_type", "=", "pool").where("subject_id", "=", poolId).executeTakeFirstOrThrow()).id;
  });

  const labelOf = async (id: string) => (await db().selectFrom("logistics_pool_member").select("label").where("pool_id", "=", poolId).where("request_id", "=", id).executeTakeFirstOrThrow()).label;

  async function quote(form: Record<string, string>) {
    const pool = await db().selectFrom("logistics_pool").select("version").where("id", "=", poolId).executeTakeFirstOrThrow();
    return A.client.post(`/logistics/pools/${poolId}`, { intent: "quote", version: String(pool.version), ...form });
  }

  it("refuses a bad quote with a clear message and saves nothing", async () => {
    const [la, lb] = [await labelOf(ids.A), await labelOf(ids.B)];
    const base = { amount: "3150", validUntil: local(44, "17:00"), method: "per_place", carrierOrg: "", carrierName: "Baltic Reefer SIA" };
    const over = await quote({ ...base, amount: "300", sc0_kind: "extra_stop", sc0_amount: "400", [`sc0_w_${lb}`]: "1" });
    expect(over.status).toBe(400);
    expect(mainText(await over.text())).toContain("The surcharges add up to more than the quote.");
    const noCauser = await quote({ ...base, sc0_kind: "storage", sc0_amount: "180" });
    expect(mainText(await noCauser.text())).toContain("Say who causes this surcharge");
    const past = await quote({ ...base, validUntil: local(-1, "10:00") });
    expect(mainText(await past.text())).toContain("The quote's validity must lie in the future.");
    const byParticipant = await B.client.post(`/logistics/pools/${poolId}`, { intent: "quote", version: "1", ...base, [`sc0_w_${la}`]: "1" });
    // A participant sees the pool, so the coordinator-only rule says why (demand: 403 with the policy reason), not 404.
    expect(byParticipant.status).toBe(403);
    expect(mainText(await byParticipant.text())).toContain("Only the pool's coordinator");
    const pool = await db().selectFrom("logistics_pool").selectAll().where("id", "=", poolId).executeTakeFirstOrThrow();
    expect(pool.status).toBe("confirmed");
    expect(pool.quote_amount_eur).toBeNull();
  });

  it("splits the quote per place to the cent, surcharges on their causers; each member is told only its own share", async () => {
    const [la, lb, lc] = [await labelOf(ids.A), await labelOf(ids.B), await labelOf(ids.C)];
    const res = await quote({
      amount: "3150,00",
      validUntil: local(44, "17:00"),
      method: "per_place",
      carrierOrg: "",
      carrierName: "Baltic Reefer SIA",
      returnOffer: "640",
      sc0_kind: "extra_stop",
      sc0_amount: "150",
      [`sc0_w_${lb}`]: "1",
      sc1_kind: "storage",
      sc1_amount: "180",
      [`sc1_w_${lc}`]: "1",
      sc2_kind: "data_logger",
      sc2_amount: "120",
      [`sc2_w_${la}`]: "6",
      [`sc2_w_${lb}`]: "4",
    });
    expect(res.status).toBe(302);
    const pool = await db().selectFrom("logistics_pool").selectAll().where("id", "=", poolId).executeTakeFirstOrThrow();
    expect(pool.status).toBe("quoted");
    const expected: Record<string, string> = { A: "1544.73", B: "1179.82", C: "425.45" };
    for (const [k, who] of [
      ["A", A],
      ["B", B],
      ["C", C],
    ] as const) {
      const m = await sink.waitFor((x) => x.envelopeTo.includes(who.person.email) && /your share of the quote/.test(x.parsed.subject ?? ""));
      expect(m.parsed.text).toContain(`€${Number(expected[k]).toLocaleString("en-GB", { minimumFractionDigits: 2 })}`);
      for (const other of Object.keys(expected).filter((o) => o !== k)) {
        expect(m.parsed.text).not.toContain(Number(expected[other]).toLocaleString("en-GB", { minimumFractionDigits: 2 }));
        for (const s of SECRET_MARKERS(`P${other}`)) expect(m.raw).not.toContain(s);
      }
      expect(m.parsed.text).not.toContain("3,150");
    }
  });

  it("participant vs participant: lane, dates, capacity and own share only — never others' consignee, value, share or contact", async () => {
    const res = await B.client.get(`/logistics/pools/${poolId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = mainText(html);
    expect(text).toContain("Your total (net) €1,179.82");
    expect(text).toContain("11 of 33 pallet places used, 22 free");
    expect(text).toContain(`Member ${await labelOf(ids.A)}`);
    for (const s of [...SECRET_MARKERS("PA"), ...SECRET_MARKERS("PC"), "PA-REF", "PC-REF", "Omega Pharma", "Tau Cluster", "1544.73", "1,544.73", "425.45", "3150", "3,150.00", ids.A, ids.C])
      expect(html, s).not.toContain(s);
    // The other participants' request pages: anonymised facts only (they share a pool), nothing private.
    const other = await B.client.get(`/logistics/requests/${ids.A}`);
    expect(other.status).toBe(200);
    const otherHtml = await other.text();
    for (const s of [...SECRET_MARKERS("PA"), "PA-REF", "Omega Pharma", "Raunheim"]) expect(otherHtml).not.toContain(s);
  });

  it("the coordinator sees every load's logistics facts and every load-based share — never goods, values, consignees, contacts or stand-alone figures", async () => {
    const html = await (await A.client.get(`/logistics/pools/${poolId}`)).text();
    const text = mainText(html);
    expect(text).toContain("€3,150.00");
    for (const s of ["€1,544.73", "€1,179.82", "€425.45", "Darmstadt 64293", "€1,506.14", "€1,154.09", "€489.77"]) expect(text, s).toContain(s);
    expect(text).toContain("The split in proportion to stand-alone quotes is not compared here");
    // The stand-alone split's per-member totals (docs/domain.md "Demo logistics", split B) would give B's and C's quotes away: never sent to A.
    for (const s of [...SECRET_MARKERS("PB"), ...SECRET_MARKERS("PC"), "PB-REF", "PC-REF", "Sigma Injectables", "Tau Cluster", "1548.56", "1208.63", "392.81", "1600.00", "520.00", "€1,600", "€520"])
      expect(html, s).not.toContain(s);
    // The cluster office (neutral coordinator) sees them.
    const office = mainText(await (await admin.client.get(`/logistics/pools/${poolId}`)).text());
    for (const s of ["€1,548.56", "€1,208.63", "€392.81"]) expect(office, s).toContain(s);
  });

  it("contacts only after BOTH opt in", async () => {
    expect((await A.client.post(`/logistics/pools/${poolId}`, { intent: "share", share: "on" })).status).toBe(302);
    let html = await (await B.client.get(`/logistics/pools/${poolId}`)).text();
    expect(html).not.toContain("Contact-PA");
    expect(html).not.toContain("Omega Pharma");
    expect((await B.client.post(`/logistics/pools/${poolId}`, { intent: "share", share: "on" })).status).toBe(302);
    html = await (await B.client.get(`/logistics/pools/${poolId}`)).text();
    expect(html).toContain("Contact-PA");
    expect(html).toContain("Omega Pharma AS");
    // C did not opt in: A and B never see C's contact, C sees neither of theirs.
    expect(html).not.toContain("Contact-PC");
    const c = await (await C.client.get(`/logistics/pools/${poolId}`)).text();
    expect(c).not.toContain("Contact-PA");
    expect(c).not.toContain("Contact-PB");
    // Values and shares are never part of contact sharing.
    expect(html).not.toContain(`${num("PA")}77.31`);
    expect(html).not.toContain("1,544.73");
  });

  it("members outside the pool get 404 on the pool, its requests, its thread (page JSON and room:join); anonymous are sent to log in", async () => {
    expect((await O.client.get(`/logistics/pools/${poolId}`)).status).toBe(404);
    expect((await O.client.post(`/logistics/pools/${poolId}`, { intent: "reply", body: "hello" })).status).toBe(404);
    expect((await O.client.post(`/logistics/pools/${poolId}`, { intent: "share", share: "on" })).status).toBe(404);
    for (const id of Object.values(ids)) expect((await O.client.get(`/logistics/requests/${id}`)).status).toBe(404);
    expect((await O.client.get(`/threads/${threadId}/posts?after=0`)).status).toBe(404);
    const anon = server.client();
    expect((await anon.get(`/logistics/pools/${poolId}`)).status).toBe(302);
    expect((await anon.get(`/threads/${threadId}/posts?after=0`)).status).toBe(401);
    // Admins (the cluster office) see it all.
    const adminHtml = await (await admin.client.get(`/logistics/pools/${poolId}`)).text();
    expect(mainText(adminHtml)).toContain("€3,150.00");
  });

  it("the pool's thread: participants post and catch up; room:join only for participants", async () => {
    const post = await C.client.post(`/logistics/pools/${poolId}`, { intent: "reply", body: "Stenda materiāli būs gatavi **piektdien**." });
    expect(post.status).toBe(302);
    const catchUp = await B.client.get(`/threads/${threadId}/posts?after=0`);
    expect(catchUp.status).toBe(200);
    const json = (await catchUp.json()) as { posts: { bodyHtml: string }[] };
    expect(json.posts.at(-1)!.bodyHtml).toContain("<strong>piektdien</strong>");
    const sb = await connectSocket(server, B.client);
    const so = await connectSocket(server, O.client);
    sockets.push(sb, so);
    expect(await joinRoom(sb, "thread", threadId)).toEqual({ ok: true });
    expect(await joinRoom(so, "thread", threadId)).toEqual({ ok: false, error: "not_found" });
    const page = mainText(await (await A.client.get(`/logistics/pools/${poolId}`)).text());
    expect(page).toMatch(/Stenda materiāli būs gatavi\s+piektdien\s*\./);
  });

  it("status moves the requests along: booked → in transit → delivered → closed; stale versions are refused", async () => {
    const stale = await A.client.post(`/logistics/pools/${poolId}`, { intent: "advance", to: "booked", version: "1" });
    expect(stale.status).toBe(409);
    for (const to of ["booked", "in_transit", "delivered", "closed"]) {
      const { version } = await db().selectFrom("logistics_pool").select("version").where("id", "=", poolId).executeTakeFirstOrThrow();
      // A participant: 403 with the coordinator-only reason (it sees the pool; only an outsider gets 404).
      expect((await B.client.post(`/logistics/pools/${poolId}`, { intent: "advance", to, version: String(version) })).status).toBe(403);
      expect((await A.client.post(`/logistics/pools/${poolId}`, { intent: "advance", to, version: String(version) })).status).toBe(302);
      for (const id of Object.values(ids)) expect((await requestRow(db(), id)).status).toBe(to);
    }
    const status = await sink.waitFor((m) => m.envelopeTo.includes(B.person.email) && /: Closed$/.test(m.parsed.subject ?? ""));
    for (const s of SECRET_MARKERS("PA")) expect(status.raw).not.toContain(s);
    // Closed: the discussion is read-only.
    expect((await B.client.post(`/logistics/pools/${poolId}`, { intent: "reply", body: "vēl" })).status).toBe(403);
  });
});

describe("joining a pool's return leg (backhaul)", () => {
  it("an inbound request near the drops asks for the return leg; the coordinator accepts it", async () => {
    const a = await shipper(server);
    const b = await shipper(server);
    const g = await shipper(server, { name: "Inbound Nutrition" });
    const aId = await postRequest(a.client, requestForm(52));
    const bId = await postRequest(b.client, requestForm(52, { units: "4" }));
    const poolId = poolIdFrom(await a.client.post(`/logistics/requests/${aId}`, { intent: "propose", with: bId }));
    await b.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: bId });
    const gId = await postRequest(
      g.client,
      requestForm(55, {
        originCity: "Venlo",
        originPostcode: "5928",
        originCountry: "NL",
        destinationCity: "Mārupe",
        destinationPostcode: "LV-2167",
        destinationCountry: "LV",
        latestPickup: local(57, "17:00"),
        latestDelivery: local(60, "17:00"),
        incoterm: "EXW",
        role: "buyer",
        units: "5",
        stackable: "on",
        gdp: "",
      }),
    );
    const page = mainText(await (await g.client.get(`/logistics/requests/${gId}`)).text());
    expect(page).toContain("Return leg of pool");
    expect(page).toContain("The buyer controls the carriage (EXW import)");
    const res = await g.client.post(`/logistics/requests/${gId}`, { intent: "join", poolId, leg: "return" });
    expect(res.status).toBe(302);
    await sink.waitFor((m) => m.envelopeTo.includes(a.person.email) && /asks to join/.test(m.parsed.subject ?? ""));
    // Its own request to join is the coordinator's decision: the rule's reason says so (policy logistics.pool.decide).
    const ownAccept = await g.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: gId });
    expect(ownAccept.status).toBe(403);
    expect(mainText(await ownAccept.text())).toContain("its coordinator accepts or declines the request");
    expect((await a.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: gId })).status).toBe(302);
    const m = await db().selectFrom("logistics_pool_member").selectAll().where("pool_id", "=", poolId).where("request_id", "=", gId).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ leg: "return", state: "accepted", joined: true });
  });
});
