import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { decode } from "turbo-stream";
import { startTestServer, type HttpClient, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { connectSocket } from "./helpers/groups";
import { local, mainText, poolIdFrom, postRequest, requestForm, shipper } from "./helpers/logistics";
import { rng } from "./helpers/logistics-fixtures";
import { SPLIT_METHODS, type SplitMethod } from "../app/modules/logistics/reference";

// ADR 0006 "Who may compute what": no viewer but the owner and the cluster office can compute a member's confidential
// stand-alone quote from anything it receives. Property: for 2-, 3- and 5-member pools and every split method,
// everything a member or the coordinator receives — the pool page's data (the bytes sent to the browser), the page's
// text, the quote email, the in-app notification and the socket push — stays byte for byte the same when another
// member's confidential quote changes while the pool's published totals stay fixed (the carrier's quote; under the
// stand-alone split also the sum of the split set's stand-alone quotes, which every member's own share is a function
// of). The stand-alone split is refused below three organisations, where that sum minus one's own is the other's quote.

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
const SEED = Number(process.env.LOGISTICS_PRIVACY_SEED ?? 20261010);

interface Viewer {
  email: string;
  personId: string;
  client: HttpClient;
  requestId: string;
  label: string;
  events: unknown[];
}

interface Pool {
  id: string;
  members: Viewer[];
  coordinator: Viewer;
}

// Loads of different sizes (so that every load-based method splits differently), all Rīga → Raunheim on one day.
const LOADS: Record<string, string>[] = [
  { units: "6", grossKg: "2940" },
  { units: "4", grossKg: "1380", volumeM3: "9.5" },
  { units: "2", grossKg: "410", volumeM3: "2.88", stackable: "on" },
  { units: "3", grossKg: "1900", ldm: "1.6" },
  { units: "5", grossKg: "700", volumeM3: "14" },
];

async function setPrice(requestId: string, eur: string) {
  await db().updateTable("logistics_request").set({ standalone_quote_eur: eur }).where("id", "=", requestId).execute();
}
async function priceOf(requestId: string): Promise<number> {
  const r = await db().selectFrom("logistics_request").select("standalone_quote_eur").where("id", "=", requestId).executeTakeFirstOrThrow();
  return Number(r.standalone_quote_eur);
}

/** n organisations, one load each, pooled by the first (the coordinator) and accepted by the others. */
async function makePool(n: number, day: number, next: () => number, opts: { orgsOf?: (i: number) => number; locale?: "lv" | "en" } = {}): Promise<Pool> {
  const orgsOf = opts.orgsOf ?? ((i: number) => i);
  const orgs = new Map<number, Awaited<ReturnType<typeof shipper>>>();
  const members: Viewer[] = [];
  for (let i = 0; i < n; i++) {
    const o = orgsOf(i);
    if (!orgs.has(o)) orgs.set(o, await shipper(server, { name: `Pool${n}-${day} Org ${o}`, locale: o === 0 ? opts.locale : "en" }));
    const s = orgs.get(o)!;
    const price = String(300 + Math.floor(next() * 3000));
    const requestId = await postRequest(s.client, requestForm(day, { ...LOADS[i % LOADS.length], standaloneEur: price, ref: `PRIV-${day}-${i}` }));
    members.push({ email: s.person.email, personId: s.person.id, client: s.client, requestId, label: "", events: [] });
  }
  const res = await members[0].client.post(`/logistics/requests/${members[0].requestId}`, { intent: "propose", with: members.slice(1).map((m) => m.requestId) });
  const id = poolIdFrom(res);
  for (const m of members.slice(1)) if (m.client !== members[0].client) expect((await m.client.post(`/logistics/pools/${id}`, { intent: "accept", requestId: m.requestId })).status).toBe(302);
  const labels = await db().selectFrom("logistics_pool_member").select(["request_id", "label"]).where("pool_id", "=", id).execute();
  for (const m of members) m.label = labels.find((l) => l.request_id === m.requestId)!.label;
  return { id, members, coordinator: members[0] };
}

async function listen(members: Viewer[]) {
  for (const m of members) {
    const s = await connectSocket(server, m.client);
    sockets.push(s);
    s.on("notification:new", (p: unknown) => m.events.push(p));
  }
}

/** The pool page's data exactly as the browser receives it (single-fetch stream), minus the per-view random client id. */
async function pageData(v: Viewer, poolId: string): Promise<{ data: string; text: string }> {
  const res = await v.client.get(`/logistics/pools/${poolId}.data?_routes=${encodeURIComponent("routes/logistics.pools.$id")}`);
  expect(res.status).toBe(200);
  const raw = await res.text();
  const { value } = await decode(new Response(raw).body!);
  const clientId = (value as Record<string, { data: { thread: { clientId: string } } }>)["routes/logistics.pools.$id"].data.thread.clientId;
  expect(clientId).toMatch(/^[\w-]{16}$/);
  const html = await (await v.client.get(`/logistics/pools/${poolId}`)).text();
  return { data: raw.replaceAll(JSON.stringify(clientId), '"<clientId>"'), text: mainText(html) };
}

async function quoteForm(pool: Pool, method: SplitMethod, amount = "3150,00"): Promise<Record<string, string>> {
  const { version } = await db().selectFrom("logistics_pool").select("version").where("id", "=", pool.id).executeTakeFirstOrThrow();
  const [a, b] = pool.members;
  const last = pool.members.at(-1)!;
  return {
    intent: "quote",
    version: String(version),
    amount,
    validUntil: local(60, "17:00"),
    method,
    carrierOrg: "",
    carrierName: "Baltic Reefer SIA",
    sc0_kind: "extra_stop",
    sc0_amount: "150",
    [`sc0_w_${b.label}`]: "1",
    sc1_kind: "data_logger",
    sc1_amount: "120",
    [`sc1_w_${a.label}`]: "6",
    [`sc1_w_${last.label}`]: "4",
  };
}

interface Received {
  mail: string;
  notification: string;
  /** Distinct payloads pushed to the person's sockets during the round (a repeated delivery carries nothing new). */
  pushed: string;
}

/** Everything each member receives when the coordinator enters the quote: the email, the in-app notice, the push. */
async function quoteRound(pool: Pool, method: SplitMethod, amount: string): Promise<Map<Viewer, Received>> {
  const before = new Map(pool.members.map((m) => [m, { mails: new Set(sink.to(m.email)), events: m.events.length }]));
  const quoteMail = (m: Viewer) => sink.to(m.email).find((x) => !before.get(m)!.mails.has(x) && /your share of the quote/.test(x.parsed.subject ?? ""));
  const res = await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, method, amount));
  expect(res.status, mainText(await res.text()).slice(0, 300)).toBe(302);
  const { version } = await db().selectFrom("logistics_pool").select("version").where("id", "=", pool.id).executeTakeFirstOrThrow();
  const out = new Map<Viewer, Received>();
  for (const m of pool.members) {
    const b = before.get(m)!;
    await waitUntil(() => !!quoteMail(m) && m.events.length > b.events);
    const mail = quoteMail(m)!;
    const note = await db()
      .selectFrom("notification")
      .select("payload")
      .where("person_id", "=", m.personId)
      .where("dedupe_key", "=", `pool-quoted:${pool.id}:${version}:${m.requestId}`)
      .executeTakeFirstOrThrow();
    out.set(m, {
      mail: JSON.stringify({ subject: mail.parsed.subject, text: mail.parsed.text, html: mail.parsed.html }),
      notification: JSON.stringify(note.payload),
      pushed: JSON.stringify([...new Set(m.events.slice(b.events).map((e) => JSON.stringify(e)))].sort()),
    });
  }
  return out;
}

async function waitUntil(ok: () => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function pick<T>(next: () => number, xs: T[]): T {
  return xs[Math.floor(next() * xs.length)];
}

/**
 * Changes confidential quotes of members other than `viewer` while the published totals stay fixed; returns whose quote
 * changed: one random member's for the load-based methods; for the stand-alone split, an amount moved between two
 * random members (the split set's sum stays fixed).
 */
async function perturb(pool: Pool, viewer: Viewer, method: SplitMethod, next: () => number): Promise<Viewer[]> {
  const others = pool.members.filter((m) => m !== viewer);
  const j = pick(next, others);
  if (method !== "standalone") {
    await setPrice(j.requestId, String(300 + Math.floor(next() * 5000)));
    return [j];
  }
  const k = pick(
    next,
    others.filter((m) => m !== j),
  );
  const pair = (await priceOf(j.requestId)) + (await priceOf(k.requestId));
  const pj = 1 + Math.floor(next() * (pair - 1));
  await setPrice(j.requestId, String(pj));
  await setPrice(k.requestId, String(pair - pj));
  return [j, k];
}

// Carrier quotes and rounds of changes per quote: the stand-alone split's cents are where a subtle dependence would
// show (under largest-remainder rounding a member's extra cent follows how the others' quotes are spread, for some
// combinations of quote and own price only — hence several quotes).
const QUOTES = { load: ["3150,00"], standalone: ["3150,00", "2417,33", "4999,99"] };
const ROUNDS = { load: 6, standalone: 15 };

describe("no viewer can compute another member's stand-alone quote (property, every method)", () => {
  for (const [n, day] of [
    [2, 70],
    [3, 75],
    [5, 80],
  ] as const) {
    it(`${n}-member pool: what each viewer receives does not change with another member's quote`, async () => {
      const next = rng(SEED + n);
      const pool = await makePool(n, day, next);
      await listen(pool.members);
      for (const method of SPLIT_METHODS) {
        if (method === "standalone" && n < 3) {
          // Below three organisations the stand-alone split is refused, with the same answer whatever the quotes are.
          const refusal = async () => {
            const res = await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, method));
            expect(res.status).toBe(409);
            return mainText(await res.text());
          };
          const first = await refusal();
          expect(first).toContain("needs loads of at least 3 different organisations");
          const pooled = await db().selectFrom("logistics_pool").select(["split_method", "status"]).where("id", "=", pool.id).executeTakeFirstOrThrow();
          expect(pooled.split_method).not.toBe("standalone");
          const other = pool.members[1];
          const before = await pageData(pool.coordinator, pool.id);
          await setPrice(other.requestId, String((await priceOf(other.requestId)) + 1 + Math.floor(next() * 5000)));
          expect(await refusal()).toBe(first);
          expect(await pageData(pool.coordinator, pool.id)).toEqual(before);
          continue;
        }
        const kind = method === "standalone" ? "standalone" : "load";
        for (const amount of QUOTES[kind]) {
          const mail1 = await quoteRound(pool, method, amount);
          const viewer = pick(next, pool.members);
          const page1 = new Map(await Promise.all(pool.members.map(async (m) => [m, await pageData(m, pool.id)] as const)));
          const prices1 = new Map(await Promise.all(pool.members.map(async (m) => [m, await priceOf(m.requestId)] as const)));
          const changed = new Set<Viewer>();
          for (let round = 0; round < ROUNDS[kind]; round++) {
            for (const c of await perturb(pool, viewer, method, next)) changed.add(c);
            for (const v of pool.members.filter((m) => !changed.has(m))) {
              const who = `${n} members, ${method}, quote ${amount}, round ${round}, viewer ${v.label}${v === pool.coordinator ? " (coordinator)" : ""}`;
              const page2 = await pageData(v, pool.id);
              expect(page2.data, `${who}: page data`).toBe(page1.get(v)!.data);
              expect(page2.text, `${who}: page text`).toBe(page1.get(v)!.text);
            }
          }
          const mail2 = await quoteRound(pool, method, amount);
          for (const v of pool.members.filter((m) => !changed.has(m))) {
            const who = `${n} members, ${method}, quote ${amount}, viewer ${v.label}`;
            expect(mail2.get(v)!.mail, `${who}: mail`).toBe(mail1.get(v)!.mail);
            expect(mail2.get(v)!.notification, `${who}: notification`).toBe(mail1.get(v)!.notification);
            expect(mail2.get(v)!.pushed, `${who}: push`).toBe(mail1.get(v)!.pushed);
          }
          // The test can see a change: a member whose quote changed sees its own new quote.
          const now = new Map(await Promise.all([...changed].map(async (m) => [m, await priceOf(m.requestId)] as const)));
          const seen = [...changed].find((m) => now.get(m) !== prices1.get(m));
          if (seen) expect((await pageData(seen, pool.id)).data).not.toBe(page1.get(seen)!.data);
        }
      }
    }, 240_000);
  }
});

async function loaderData(v: Viewer, poolId: string) {
  const res = await v.client.get(`/logistics/pools/${poolId}.data?_routes=${encodeURIComponent("routes/logistics.pools.$id")}`);
  const { value } = await decode(res.body!);
  return (value as Record<string, { data: { pool: { members: { label: string; share: { total: string; weightTotal: number | null } | null }[] } } }>)["routes/logistics.pools.$id"].data;
}

describe("the stand-alone split in small pools and over time", () => {
  it("is refused for loads of fewer than three organisations (two loads of one organisation count once), in the coordinator's language", async () => {
    const next = rng(SEED + 11);
    const pool = await makePool(3, 85, next, { orgsOf: (i) => (i < 2 ? 0 : 1), locale: "lv" });
    const res = await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, "standalone"));
    expect(res.status).toBe(409);
    const lv = "Sadalījumam proporcionāli atsevišķo pārvadājumu cenām vajadzīgas vismaz 3 dažādu organizāciju kravas";
    const refusedHtml = await res.text();
    expect(mainText(refusedHtml)).toContain(lv);
    // The form comes back on a method that can be chosen, the reason next to the field.
    expect(refusedHtml).toMatch(/<option value="per_place" selected="">/);
    expect(refusedHtml).toMatch(/<p class="field-error" id="f-method-error">Sadalījumam proporcionāli/);
    expect(await db().selectFrom("logistics_pool").select("quote_amount_eur").where("id", "=", pool.id).executeTakeFirstOrThrow()).toEqual({ quote_amount_eur: null });
    // The form offers the method disabled and says why.
    const html = await (await pool.coordinator.client.get(`/logistics/pools/${pool.id}`)).text();
    expect(html).toMatch(/<option value="standalone" disabled="">/);
    expect(mainText(html)).toContain(lv);
    // Load-based methods work as before.
    expect((await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, "per_place"))).status).toBe(302);
  });

  it("members and the coordinator get their own share only; the cluster office sees every figure", async () => {
    const next = rng(SEED + 12);
    const pool = await makePool(3, 90, next);
    const admin = await shipper(server, { clusterRole: "admin" });
    expect((await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, "standalone"))).status).toBe(302);
    const office = await loaderData({ client: admin.client } as Viewer, pool.id);
    const shares = new Map(office.pool.members.map((m) => [m.label, m.share!.total]));
    expect(shares.size).toBe(3);
    expect(office.pool.members.every((m) => m.share!.weightTotal !== null)).toBe(true);
    for (const v of pool.members) {
      const mine = await loaderData(v, pool.id);
      const raw = await (await v.client.get(`/logistics/pools/${pool.id}.data?_routes=${encodeURIComponent("routes/logistics.pools.$id")}`)).text();
      for (const m of mine.pool.members) {
        if (m.label === v.label) expect(m.share).toMatchObject({ total: shares.get(m.label), weightTotal: null });
        else {
          expect(m.share).toBeNull();
          expect(raw).not.toContain(`"${shares.get(m.label)}"`);
        }
      }
      const html = await (await v.client.get(`/logistics/pools/${pool.id}`)).text();
      const text = mainText(html);
      expect(text).toMatch(/your stand-alone quote €[\d,.]+ (?!of)/);
      if (v === pool.coordinator) {
        expect(text).toContain("each member sees only its own share; you see the total and your own organisation's share");
        expect(html.match(/<td>confidential<\/td>/g)?.length).toBe(2);
        expect(text).toContain("The split in proportion to stand-alone quotes is not compared here");
      }
    }
  });

  it("a member leaves after the split: a second stand-alone split over the others is refused, here and in a later pool", async () => {
    const next = rng(SEED + 13);
    const pool = await makePool(4, 95, next);
    expect((await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(pool, "standalone"))).status).toBe(302);
    const leaver = pool.members[3];
    expect((await leaver.client.post(`/logistics/pools/${pool.id}`, { intent: "decline", requestId: leaver.requestId })).status).toBe(302);
    const rest: Pool = { ...pool, members: pool.members.slice(0, 3) };
    expect(await db().selectFrom("logistics_pool").select(["status", "quote_amount_eur"]).where("id", "=", pool.id).executeTakeFirstOrThrow()).toEqual({ status: "confirmed", quote_amount_eur: null });
    // Σ over A, B, C after Σ over A, B, C, D would give D's quote away.
    const again = await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(rest, "standalone"));
    expect(again.status).toBe(409);
    const reused = "a load's stand-alone quote has already been part of such a split with other loads";
    expect(mainText(await again.text())).toContain(reused);
    expect((await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, await quoteForm(rest, "per_kg"))).status).toBe(302);

    // The same loads in a new pool (the old one cancelled), with a fresh fourth organisation: refused as well.
    const { version } = await db().selectFrom("logistics_pool").select("version").where("id", "=", pool.id).executeTakeFirstOrThrow();
    expect((await pool.coordinator.client.post(`/logistics/pools/${pool.id}`, { intent: "cancelPool", version: String(version) })).status).toBe(302);
    const fresh = await shipper(server, { name: "Fresh Fourth Org" });
    const freshId = await postRequest(fresh.client, requestForm(95, { ...LOADS[3], ref: "PRIV-95-fresh" }));
    const res = await pool.coordinator.client.post(`/logistics/requests/${pool.coordinator.requestId}`, {
      intent: "propose",
      with: [pool.members[1].requestId, pool.members[2].requestId, freshId],
    });
    const second = poolIdFrom(res);
    for (const [c, id] of [
      [pool.members[1].client, pool.members[1].requestId],
      [pool.members[2].client, pool.members[2].requestId],
      [fresh.client, freshId],
    ] as const)
      expect((await c.post(`/logistics/pools/${second}`, { intent: "accept", requestId: id })).status).toBe(302);
    const labels = await db().selectFrom("logistics_pool_member").select(["request_id", "label"]).where("pool_id", "=", second).execute();
    const members = [...rest.members.map((m) => ({ ...m })), { ...pool.members[3], client: fresh.client, requestId: freshId }];
    for (const m of members) m.label = labels.find((l) => l.request_id === m.requestId)!.label;
    const p2: Pool = { id: second, members, coordinator: members[0] };
    const refused = await p2.coordinator.client.post(`/logistics/pools/${second}`, await quoteForm(p2, "standalone"));
    expect(refused.status).toBe(409);
    expect(mainText(await refused.text())).toContain(reused);
  });
});
