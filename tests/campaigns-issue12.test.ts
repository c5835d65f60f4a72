import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { personWithClient } from "./helpers/groups";
import { addLine, apply, createCampaign, decide, expectOk, figures, latestSnapshot, orgWithPeople, participantId, setStatus, text, versionCount } from "./helpers/campaigns";

// Issue 12 (campaigns): a newly accepted participant is not left paying €0 without a word; the stand area cannot be
// over-allocated unnoticed; who sees which figures is said accurately, and an organisation may share its own share
// with its members.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
const db = () => server.open.db;
const rnd = () => Math.random().toString(36).slice(2, 6);

/** A recruiting campaign (stand 24 m²) with A (12 m²) and B (8 m²) accepted. */
async function campaignWithTwo(o: { standArea?: string } = {}) {
  const coord = await personWithClient(server, { cluster_role: "organiser", name: "Koordinatore Zane" });
  const A = await orgWithPeople(server, { name: `Alfa Pharma ${rnd()}`, size: "sme" });
  const B = await orgWithPeople(server, { name: `Beta Chem ${rnd()}`, size: "large", locale: "lv" });
  const c = await createCampaign(server, coord.client, { maxOrgs: "5", standArea: o.standArea ?? "24" });
  await expectOk(await setStatus(coord.client, c.slug, "recruiting"));
  await expectOk(await apply(A.admin.client, c.slug, { area: "12", delegates: "2" }));
  await expectOk(await apply(B.admin.client, c.slug, { area: "8", delegates: "3" }));
  const pa = await participantId(db(), c.id, A.org.id);
  const pb = await participantId(db(), c.id, B.org.id);
  await expectOk(await decide(coord.client, c.slug, pa, "accept"));
  await expectOk(await decide(coord.client, c.slug, pb, "accept"));
  return { coord, A, B, c, pa, pb };
}

describe("lines for chosen participants (issue 12.1)", () => {
  it("on accepting, shows the restricted lines and includes the newcomer in one step; the ledger explains a €0 share", async () => {
    const { coord, c, pa, pb } = await campaignWithTwo();
    await expectOk(await addLine(coord.client, c.slug, { description: "Electricity", planned: "300", splitKey: "equal", appliesTo: "chosen", chosen: [pa, pb] }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Registration", planned: "600", splitKey: "equal" }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Catering", planned: "100", splitKey: "delegates", appliesTo: "chosen", chosen: [pa] }));
    const C = await orgWithPeople(server, { name: `Gamma Bio ${rnd()}`, size: "sme", locale: "lv" });
    await expectOk(await apply(C.admin.client, c.slug, { area: "0", delegates: "0" }));
    const pc = await participantId(db(), c.id, C.org.id);
    const accepted = await decide(coord.client, c.slug, pc, "accept");
    expect(accepted.status).toBe(302);
    const where = accepted.headers.get("location")!;
    expect(where).toContain(`joined=${pc}`);
    const page = text(await (await coord.client.get(where)).text());
    expect(page).toContain("Lines for chosen participants only");
    expect(page).toContain(`These budget lines are split only among chosen participants, so ${C.org.name} pays nothing for them unless you include it`);
    expect(page).toContain("Electricity");
    expect(page).toContain("Catering");

    // The ledger marks the €0 share of C on Electricity and Catering (Registration applies to all: C pays a third).
    // Make Registration chosen-only too, so C's share is €0 and the ledger must say why.
    const lines = await db().selectFrom("campaign_budget_line").select(["id", "description"]).where("campaign_id", "=", c.id).execute();
    const reg = lines.find((l) => l.description === "Registration")!;
    await expectOk(
      await coord.client.post(`/campaigns/${c.slug}/ledger`, {
        intent: "saveLine",
        lineId: reg.id,
        category: "other",
        description: "Registration",
        planned: "600",
        splitKey: "equal",
        appliesTo: "chosen",
        chosen: [pa, pb],
        eligible: "yes",
      }),
    );
    const ledger = text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(ledger).toContain("€0 share");
    expect(ledger).toContain("Not among the chosen participants of: Electricity, Registration, Catering.");
    // In Latvian, for C's own org admin.
    const own = text(await (await C.admin.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(own).toContain("Daļa 0 €");
    expect(own).toContain("Nav starp izvēlētajiem dalībniekiem pozīcijās: Electricity, Registration, Catering.");

    // One step: include C in Electricity and Registration → a new ledger version records it.
    const before = await versionCount(db(), c.id);
    const elec = lines.find((l) => l.description === "Electricity")!;
    await expectOk(await coord.client.post(`/campaigns/${c.slug}`, { intent: "includeInLines", participantId: pc, lineId: [elec.id, reg.id] }));
    expect(await versionCount(db(), c.id)).toBe(before + 1);
    const s = (await latestSnapshot(db(), c.id))!;
    expect(s.reason).toBe("campaigns.reason.included");
    expect(figures(s.snapshot)[C.org.id][0]).toBe("300.00");
    const after = text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(after).not.toContain("€0 share");
    expect(after).toContain(`${C.org.name} included in: Electricity, Registration`);
  });

  it("on a withdrawal, shows the coordinator the restricted lines the leaver was on (both languages)", async () => {
    const { coord, B, c, pa, pb } = await campaignWithTwo();
    await expectOk(await addLine(coord.client, c.slug, { description: "Electricity", planned: "300", splitKey: "equal", appliesTo: "chosen", chosen: [pa, pb] }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Only B", planned: "50", splitKey: "equal", appliesTo: "chosen", chosen: [pb] }));
    const res = await coord.client.post(`/campaigns/${c.slug}`, { intent: "recordWithdrawal", participantId: pb, reason: "" });
    expect(res.status).toBe(302);
    const where = res.headers.get("location")!;
    expect(where).toContain(`left=${pb}`);
    const page = text(await (await coord.client.get(where)).text());
    expect(page).toContain(`${B.org.name} withdrew. It was on these lines for chosen participants`);
    expect(page).toContain("Electricity — 1 active participant");
    expect(page).toContain("Only B — no active participant: not allocated");
    await db().updateTable("person").set({ locale: "lv" }).where("id", "=", coord.person.id).execute();
    const lv = text(await (await coord.client.get(where)).text());
    expect(lv).toContain(`${B.org.name} atsauca dalību. Tā bija šajās pozīcijās izvēlētajiem dalībniekiem`);
    expect(lv).toContain("Electricity — 1 aktīvs dalībnieks");
  });
});

describe("stand area over-allocation (issue 12.2)", () => {
  it("warns when accepting and editing beyond the stand area, and blocks publishing and finalising until fixed", async () => {
    const { coord, c, pa, pb } = await campaignWithTwo({ standArea: "24" });
    const C = await orgWithPeople(server, { name: `Gamma Bio ${rnd()}`, size: "sme" });
    await expectOk(await apply(C.admin.client, c.slug, { area: "10", delegates: "1" }));
    const pc = await participantId(db(), c.id, C.org.id);
    const before = text(await (await coord.client.get(`/campaigns/${c.slug}`)).text());
    expect(before).toContain("Accepting would allocate 30 m² of the 24 m² stand.");
    await expectOk(await decide(coord.client, c.slug, pc, "accept"));
    const page = text(await (await coord.client.get(`/campaigns/${c.slug}`)).text());
    expect(page).toContain("The stand is over-allocated: 30 m² are allocated to participants, but the stand has 24 m².");
    const ledger = text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(ledger).toContain("The stand is over-allocated");
    await db().updateTable("person").set({ locale: "lv" }).where("id", "=", coord.person.id).execute();
    const lv = text(await (await coord.client.get(`/campaigns/${c.slug}`)).text());
    expect(lv).toContain("Stends ir pārdalīts: dalībniekiem piešķirti 30 m², bet stendā ir 24 m².");

    // Publishing the full table and confirming are refused with the reason.
    const rates = { intent: "saveRates", rate_sme: "50", rate_large: "0", rate_research: "85", vatRate: "21", vatRecoverable: "yes" };
    const pub = await coord.client.post(`/campaigns/${c.slug}/ledger`, { ...rates, publishFullTable: "yes" });
    expect(pub.status).toBe(409);
    expect(await pub.text()).toContain("policy.campaign.overAllocated");
    expect((await db().selectFrom("campaign").select("publish_full_table").where("id", "=", c.id).executeTakeFirstOrThrow()).publish_full_table).toBe(false);
    const confirm = await setStatus(coord.client, c.slug, "confirmed");
    expect(confirm.status).toBe(409);
    expect(text(await confirm.text())).toContain("Dalībniekiem piešķirts vairāk stenda platības, nekā stendā ir");

    // Editing the allocations back within the stand lifts both.
    await expectOk(
      await coord.client.post(`/campaigns/${c.slug}/ledger`, {
        intent: "saveTerms",
        [`area_${pa}`]: "12",
        [`delegates_${pa}`]: "2",
        [`area_${pb}`]: "8",
        [`delegates_${pb}`]: "3",
        [`area_${pc}`]: "4",
        [`delegates_${pc}`]: "1",
      }),
    );
    expect(text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text())).not.toContain("Stends ir pārdalīts");
    await expectOk(await coord.client.post(`/campaigns/${c.slug}/ledger`, { ...rates, publishFullTable: "yes" }));
    await expectOk(await setStatus(coord.client, c.slug, "confirmed"));
    // Editing beyond it again warns on the ledger.
    await expectOk(await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveTerms", [`area_${pc}`]: "9", [`delegates_${pc}`]: "1", [`area_${pa}`]: "12", [`area_${pb}`]: "8" }));
    expect(text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text())).toContain("Stends ir pārdalīts: dalībniekiem piešķirti 29 m²");
    expect((await setStatus(coord.client, c.slug, "running")).status).toBe(409);
  });
});

describe("who sees what, and sharing the cost share with members (issue 12.3)", () => {
  it("the introduction says accurately who sees what, in both languages", async () => {
    const en = await personWithClient(server, { locale: "en" });
    const page = text(await (await en.client.get("/campaigns")).text());
    expect(page).not.toContain("see what your share of the costs is");
    expect(page).toContain("your organisation's administrator applies for it and sees its share of the costs");
    expect(page).toContain("their organisation's own cost share (read-only) only if its administrator allows it");
    const lv = await personWithClient(server, { locale: "lv" });
    const lvPage = text(await (await lv.client.get("/campaigns")).text());
    expect(lvPage).not.toContain("redziet savu izmaksu daļu");
    expect(lvPage).toContain("jūsu organizācijas administrators to piesaka un redz tās izmaksu daļu");
    expect(lvPage).toContain("savas organizācijas izmaksu daļu (tikai lasīšanai) tikai tad, ja tās administrators to atļauj");
    // Only org admins are offered the setting.
    expect(page).not.toContain("may see our cost share");
  });

  it("an org admin lets the organisation's members see its own share, read-only; other organisations' shares stay hidden", async () => {
    const { coord, A, B, c } = await campaignWithTwo();
    await expectOk(await addLine(coord.client, c.slug, { description: "Space", planned: "2000", splitKey: "area" }));
    // Off by default: an ordinary member of a participant gets 404, and no link.
    expect((await B.member.client.get(`/campaigns/${c.slug}/ledger`)).status).toBe(404);
    expect(text(await (await B.member.client.get(`/campaigns/${c.slug}`)).text())).not.toContain("Jūsu organizācijas izmaksu daļa");
    // A member may not change the setting; the org admin may (in Latvian).
    const refused = await B.member.client.post("/campaigns", { intent: "costSharing", share: "yes" });
    expect(refused.status).toBe(403);
    const settings = text(await (await B.admin.client.get("/campaigns")).text());
    expect(settings).toContain(`${B.org.name} darbinieki drīkst redzēt mūsu izmaksu daļu kampaņās, kurās piedalāmies (tikai lasīšanai)`);
    await expectOk(await B.admin.client.post("/campaigns", { intent: "costSharing", share: "yes" }));
    expect((await db().selectFrom("organisation").select("campaign_costs_to_members").where("id", "=", B.org.id).executeTakeFirstOrThrow()).campaign_costs_to_members).toBe(true);

    // Now B's member sees B's share (read-only) and nothing of A's.
    const res = await B.member.client.get(`/campaigns/${c.slug}/ledger`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain("Jūsu organizācijas administrators ļauj tās darbiniekiem redzēt tās izmaksu daļu");
    expect(html).toContain(`data-org="${B.org.name}"`);
    expect(html).not.toContain(`data-org="${A.org.name}"`);
    expect(html).not.toContain('class="others"');
    expect(page).toContain("800,00");
    expect(page).not.toContain("1200,00");
    expect(html).not.toContain('name="intent"');
    // Read-only: a change is refused; the CSV stays with the org admins; A's member still sees nothing.
    const post = await B.member.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveRates", rate_sme: "1", rate_large: "1", rate_research: "1", vatRate: "21" });
    expect(post.status).toBe(403);
    expect((await B.member.client.get(`/campaigns/${c.slug}/ledger.csv`)).status).toBe(404);
    expect((await A.member.client.get(`/campaigns/${c.slug}/ledger`)).status).toBe(404);
    // Turned off again: 404.
    await expectOk(await B.admin.client.post("/campaigns", { intent: "costSharing" }));
    expect((await B.member.client.get(`/campaigns/${c.slug}/ledger`)).status).toBe(404);
  });
});
