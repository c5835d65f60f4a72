import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { startTestServer, type TestServer, type HttpClient } from "./helpers/server";
import { connectSocket, joinRoom, personWithClient } from "./helpers/groups";
import { addLine, apply, createCampaign, decide, expectOk, orgWithPeople, participantId, setStatus, text } from "./helpers/campaigns";
import { listCampaigns } from "../app/modules/campaigns/campaigns.server";
import { campaignAccess } from "../app/modules/campaigns/access.server";
import { peopleAsViewers } from "../app/modules/auth/viewers.server";

// Who sees what (docs/requirements.md SEC-8): every page, the CSV export and the campaign's discussion (catch-up JSON and
// socket room), for the coordinator, a cluster admin, a participant's org admin and ordinary member, a
// non-participating organisation's admin and member, another organiser, and an anonymous visitor; drafts are 404.

let server: TestServer;
const sockets: Socket[] = [];

type Actor = { id: string | null; client: HttpClient };
let actors: Record<string, Actor>;
let live: Awaited<ReturnType<typeof createCampaign>>;
let draft: Awaited<ReturnType<typeof createCampaign>>;
let A: Awaited<ReturnType<typeof orgWithPeople>>;
let B: Awaited<ReturnType<typeof orgWithPeople>>;
let D: Awaited<ReturnType<typeof orgWithPeople>>;
let C: Awaited<ReturnType<typeof orgWithPeople>>;

const db = () => server.open.db;

beforeAll(async () => {
  server = await startTestServer();
  const coordinator = await personWithClient(server, { cluster_role: "organiser", name: "Koordinators Ansis" });
  const admin = await personWithClient(server, { cluster_role: "admin" });
  const organiser = await personWithClient(server, { cluster_role: "organiser" });
  A = await orgWithPeople(server, { name: "Alfa Participant", size: "sme" });
  B = await orgWithPeople(server, { name: "Bravo Participant", size: "large" });
  D = await orgWithPeople(server, { name: "Delta Participant", legal_type: "research_institute", size: "large" });
  C = await orgWithPeople(server, { name: "Charlie Outsider", size: "sme" });
  actors = {
    coordinator: { id: coordinator.person.id, client: coordinator.client },
    clusterAdmin: { id: admin.person.id, client: admin.client },
    participantAdmin: { id: A.admin.person.id, client: A.admin.client },
    participantMember: { id: A.member.person.id, client: A.member.client },
    outsiderAdmin: { id: C.admin.person.id, client: C.admin.client },
    outsiderMember: { id: C.member.person.id, client: C.member.client },
    otherOrganiser: { id: organiser.person.id, client: organiser.client },
    anonymous: { id: null, client: server.client() },
  };
  live = await createCampaign(server, coordinator.client, { titleEn: "Live campaign EN", titleLv: "Dzīvā kampaņa", maxOrgs: "5" });
  await expectOk(await setStatus(coordinator.client, live.slug, "recruiting"));
  for (const [o, area] of [
    [A, "12"],
    [B, "8"],
    [D, "4"],
  ] as const) {
    await expectOk(await apply(o.admin.client, live.slug, { area, products: `Secret products of ${o.org.name}` }));
    await expectOk(await decide(coordinator.client, live.slug, await participantId(db(), live.id, o.org.id), "accept"));
  }
  await expectOk(await addLine(coordinator.client, live.slug, { description: "Stenda platība", planned: "24000", splitKey: "area" }));
  await expectOk(await addLine(coordinator.client, live.slug, { description: "Reģistrācija", planned: "3000", splitKey: "equal" }));
  await expectOk(
    await coordinator.client.post(`/campaigns/${live.slug}`, { intent: "addDeliverable", titleLv: "Logotips", titleEn: "Logo for the catalogue", dueOn: "2030-01-15", ownerOrgId: A.org.id }),
  );
  await expectOk(await coordinator.client.post(`/campaigns/${live.slug}`, { intent: "reply", body: "Sveiki, dalībnieki! Stenda plāns pielikumā." }));
  draft = await createCampaign(server, coordinator.client, { titleEn: "Secret draft EN", titleLv: "Slepens melnraksts" });
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

type Row = [actor: string, list: number, page: number, edit: number, ledger: number, csv: number, thread: number];

describe("authorization matrix over every campaign page, the CSV and the discussion", () => {
  // Who gets what on a campaign open for applications with A, B and D accepted.
  const LIVE: Row[] = [
    ["coordinator", 200, 200, 200, 200, 200, 200],
    ["clusterAdmin", 200, 200, 200, 200, 200, 200],
    ["participantAdmin", 200, 200, 403, 200, 200, 200],
    ["participantMember", 200, 200, 403, 404, 404, 200],
    ["outsiderAdmin", 200, 200, 403, 404, 404, 404],
    ["outsiderMember", 200, 200, 403, 404, 404, 404],
    ["otherOrganiser", 200, 200, 403, 404, 404, 404],
    ["anonymous", 302, 302, 302, 302, 302, 401],
  ];
  // A draft exists only for its coordinator and the cluster admins.
  const DRAFT: Row[] = [
    ["coordinator", 200, 200, 200, 200, 200, 200],
    ["clusterAdmin", 200, 200, 200, 200, 200, 200],
    ["participantAdmin", 200, 404, 404, 404, 404, 404],
    ["participantMember", 200, 404, 404, 404, 404, 404],
    ["outsiderAdmin", 200, 404, 404, 404, 404, 404],
    ["otherOrganiser", 200, 404, 404, 404, 404, 404],
    ["anonymous", 302, 302, 302, 302, 302, 401],
  ];

  for (const [name, rows] of [
    ["open campaign", LIVE],
    ["draft", DRAFT],
  ] as const) {
    it(`${name}: GET status per actor`, async () => {
      const c = name === "draft" ? draft : live;
      const got: Row[] = [];
      for (const [actor] of rows) {
        const cl = actors[actor].client;
        const s = async (p: string) => (await cl.get(p)).status;
        got.push([
          actor,
          await s("/campaigns"),
          await s(`/campaigns/${c.slug}`),
          await s(`/campaigns/${c.slug}/edit`),
          await s(`/campaigns/${c.slug}/ledger`),
          await s(`/campaigns/${c.slug}/ledger.csv`),
          await s(`/threads/${c.threadId}/posts?after=0`),
        ]);
      }
      expect(got).toEqual(rows);
    });
  }

  it("the list shows a draft only to its coordinator and admins; the SQL filter agrees with the rule", async () => {
    for (const [actor, sees] of [
      ["coordinator", true],
      ["clusterAdmin", true],
      ["participantAdmin", false],
      ["otherOrganiser", false],
    ] as const) {
      const html = await (await actors[actor].client.get("/campaigns")).text();
      expect(html.includes("Secret draft EN"), actor).toBe(sees);
      expect(html).toContain("Live campaign EN");
    }
    // listVisible(actor) = { c | can view c } for every signed-in actor (Discourse-style consistency check).
    const all = await db().selectFrom("campaign").select("id").execute();
    const viewers = await peopleAsViewers(
      db(),
      Object.values(actors)
        .map((a) => a.id)
        .filter((x): x is string => !!x),
    );
    for (const v of viewers) {
      const listed = new Set((await listCampaigns(db(), v, { type: null, status: null, market: null }, null)).items.map((i) => i.id));
      const visible = new Set<string>();
      for (const { id } of all) if (await campaignAccess(db(), v, { id })) visible.add(id);
      expect([...listed].sort()).toEqual([...visible].sort());
    }
  });

  it("the campaign page: description for everyone; deliverables and discussion for participants; needs only for the coordinator", async () => {
    const page = async (actor: string) => (await actors[actor].client.get(`/campaigns/${live.slug}`)).text();
    const coordinator = await page("coordinator");
    expect(coordinator).toContain(`Secret products of ${B.org.name}`);
    expect(coordinator).toContain("Sveiki, dalībnieki!");
    const member = await page("participantMember");
    expect(member).toContain("Logo for the catalogue");
    expect(member).toContain("Sveiki, dalībnieki!");
    expect(member).not.toContain("Secret products");
    expect(member).not.toContain(`/campaigns/${live.slug}/ledger`);
    const participantAdmin = await page("participantAdmin");
    expect(participantAdmin).toContain(`/campaigns/${live.slug}/ledger`);
    expect(participantAdmin).not.toContain(`Secret products of ${B.org.name}`);
    for (const outsider of ["outsiderAdmin", "outsiderMember", "otherOrganiser"]) {
      const html = await page(outsider);
      expect(text(html)).toContain("A joint stand at the fair.");
      expect(html, outsider).not.toContain("Logo for the catalogue");
      expect(html, outsider).not.toContain("Sveiki, dalībnieki!");
      expect(html, outsider).not.toContain("Secret products");
      expect(html, outsider).not.toContain(`/campaigns/${live.slug}/ledger`);
      expect(html, outsider).not.toContain("€");
    }
    // The outsider's org admin can apply; its ordinary member is told who can.
    expect(text(await page("outsiderAdmin"))).toContain("Apply for your organisation");
    expect(text(await page("outsiderMember"))).toContain("Your organisation's administrator can apply for it.");
  });

  it("a participant's org admin sees its own share in detail and the others only together — also in the CSV and the page data", async () => {
    const html = await (await A.admin.client.get(`/campaigns/${live.slug}/ledger`)).text();
    // Area 12 : 8 : 4 of 24 000 and 3 000 equal: A 12 000 + 1 000 (SME 50 %) → net 6 500.
    expect(html).toContain(`data-org="${A.org.name}"`);
    expect(html).not.toContain(`data-org="${B.org.name}"`);
    expect(html).not.toContain(`data-org="${D.org.name}"`);
    const t = text(html);
    expect(t).toContain("€13,000.00");
    expect(t).toContain("€6,500.00");
    expect(t).toContain("Other participants (2)");
    // B's own figures (9 000 gross and net) and D's net (750) appear nowhere, not even in the loader data.
    for (const secret of [/(?<![\d,])9,?000\.00/, /(?<![\d,])750\.00/]) expect(html, String(secret)).not.toMatch(secret);
    for (const id of [B.org.id, D.org.id]) expect(html).not.toContain(id);
    const csv = await (await A.admin.client.get(`/campaigns/${live.slug}/ledger.csv`)).text();
    expect(csv).toContain(`${A.org.name};SME;50;Total;;;13000.00;6500.00;6500.00`);
    expect(csv).toContain("Other participants (2);;;Total;;;14000.00;4250.00;9750.00");
    expect(csv).not.toContain(B.org.name);
    // The coordinator sees everyone.
    const full = await (await actors.coordinator.client.get(`/campaigns/${live.slug}/ledger.csv`)).text();
    expect(full).toContain(`${B.org.name};Large company;0;Total;;;9000.00;0.00;9000.00`);
    expect(full).toContain(`${D.org.name};Research organisation;85;Total;;;5000.00;4250.00;750.00`);
  });

  it("once the coordinator publishes the full table, participants' org admins see every participant (ordinary members still do not)", async () => {
    await expectOk(
      await actors.coordinator.client.post(`/campaigns/${live.slug}/ledger`, {
        intent: "saveRates",
        rate_sme: "50",
        rate_large: "0",
        rate_research: "85",
        vatRate: "21",
        vatRecoverable: "yes",
        publishFullTable: "yes",
      }),
    );
    const html = await (await A.admin.client.get(`/campaigns/${live.slug}/ledger`)).text();
    expect(html).toContain(`data-org="${B.org.name}"`);
    expect(await (await A.admin.client.get(`/campaigns/${live.slug}/ledger.csv`)).text()).toContain(B.org.name);
    expect((await A.member.client.get(`/campaigns/${live.slug}/ledger`)).status).toBe(404);
    await expectOk(
      await actors.coordinator.client.post(`/campaigns/${live.slug}/ledger`, { intent: "saveRates", rate_sme: "50", rate_large: "0", rate_research: "85", vatRate: "21", vatRecoverable: "yes" }),
    );
    expect(await (await A.admin.client.get(`/campaigns/${live.slug}/ledger`)).text()).not.toContain(`data-org="${B.org.name}"`);
  });

  it("refuses changes from those who may not make them (404 when they may not even see, 403 when they may see)", async () => {
    const pb = await participantId(db(), live.id, B.org.id);
    const post = async (actor: string, path: string, form: Record<string, string>) => (await actors[actor].client.post(path, form)).status;
    const line = { intent: "saveLine", category: "other", description: "Sneaky", planned: "1", splitKey: "equal", appliesTo: "all" };
    expect(await post("participantAdmin", `/campaigns/${live.slug}/ledger`, line)).toBe(403);
    expect(await post("participantMember", `/campaigns/${live.slug}/ledger`, line)).toBe(404);
    expect(await post("outsiderAdmin", `/campaigns/${live.slug}/ledger`, line)).toBe(404);
    expect(await post("anonymous", `/campaigns/${live.slug}/ledger`, line)).toBe(302);
    expect(await post("participantAdmin", `/campaigns/${live.slug}/edit`, { intent: "status", status: "confirmed" })).toBe(403);
    expect(await post("outsiderMember", `/campaigns/${live.slug}/edit`, { intent: "status", status: "confirmed" })).toBe(403);
    expect(await post("otherOrganiser", `/campaigns/${live.slug}`, { intent: "decline", participantId: pb })).toBe(403);
    expect(await post("participantAdmin", `/campaigns/${live.slug}`, { intent: "recordWithdrawal", participantId: pb })).toBe(403);
    expect(await post("outsiderMember", `/campaigns/${live.slug}`, { intent: "reply", body: "Let me in" })).toBe(404);
    expect(await post("participantAdmin", `/campaigns/${draft.slug}`, { intent: "apply", area: "1" })).toBe(404);
    expect(await post("participantAdmin", `/campaigns/${draft.slug}/ledger`, line)).toBe(404);
    expect(await post("participantMember", `/campaigns/${live.slug}`, { intent: "reply", body: "Mēs esam gatavi." })).toBe(302);
    const lines = await db().selectFrom("campaign_budget_line").select("description").where("campaign_id", "=", live.id).execute();
    expect(lines.map((l) => l.description)).not.toContain("Sneaky");
    expect((await db().selectFrom("campaign").select("status").where("id", "=", live.id).executeTakeFirstOrThrow()).status).toBe("recruiting");
    expect((await db().selectFrom("campaign_participant").select("status").where("id", "=", pb).executeTakeFirstOrThrow()).status).toBe("accepted");
  });

  it("socket room:join for the campaign thread follows the same rule", async () => {
    const expectJoin = async (actor: string, threadId: string, ok: boolean) => {
      const s = await connectSocket(server, actors[actor].client);
      sockets.push(s);
      const r = await joinRoom(s, "thread", threadId);
      expect(r.ok, `${actor} ${threadId === draft.threadId ? "draft" : "live"}`).toBe(ok);
    };
    await expectJoin("participantMember", live.threadId, true);
    await expectJoin("coordinator", live.threadId, true);
    await expectJoin("outsiderMember", live.threadId, false);
    await expectJoin("otherOrganiser", live.threadId, false);
    await expectJoin("participantAdmin", draft.threadId, false);
    await expectJoin("coordinator", draft.threadId, true);
  });
});
