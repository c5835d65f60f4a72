import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { personWithClient } from "./helpers/groups";
import { addLine, apply, campaignForm, createCampaign, day, decide, expectOk, figures, latestSnapshot, orgWithPeople, participantId, setStatus, text, versionCount } from "./helpers/campaigns";
import { sendDeliverableReminders } from "../app/modules/campaigns/campaigns.server";
import { centsToDecimal } from "../app/lib/money";

// Campaigns end to end over real HTTP: the workflow, applications and the waiting list, the ledger with its versions,
// withdrawals, deliverables and reminders, the CSV, and bad input (4xx + translated message + nothing saved).

let server: TestServer;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await new SmtpSink().start();
  server = await startTestServer({ smtpUrl: sink.url });
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});

const db = () => server.open.db;

async function notificationKinds(personId: string) {
  const rows = await db().selectFrom("notification").select(["kind", "payload"]).where("person_id", "=", personId).orderBy("created_at").execute();
  return rows.map((r) => r.kind);
}

async function counts(campaignId: string) {
  const [lines, participants, versions, deliverables] = await Promise.all([
    db()
      .selectFrom("campaign_budget_line")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("campaign_participant")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("campaign_ledger_version")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("campaign_deliverable")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
  ]);
  return { lines: lines.n, participants: participants.n, versions: versions.n, deliverables: deliverables.n };
}

/** A campaign open for applications with two accepted organisations (A: SME, 12 m²; B: large, 8 m²). */
async function recruitingWithTwo(maxOrgs = "4") {
  const coord = await personWithClient(server, { cluster_role: "organiser", name: "Koordinatore Zane" });
  const A = await orgWithPeople(server, { name: `Alfa Pharma ${Math.random().toString(36).slice(2, 6)}`, size: "sme" });
  const B = await orgWithPeople(server, { name: `Beta Chem ${Math.random().toString(36).slice(2, 6)}`, size: "large" });
  const c = await createCampaign(server, coord.client, { maxOrgs });
  await expectOk(await setStatus(coord.client, c.slug, "recruiting"));
  await expectOk(await apply(A.admin.client, c.slug, { area: "12", delegates: "2" }));
  await expectOk(await apply(B.admin.client, c.slug, { area: "8", delegates: "3" }));
  const pa = await participantId(db(), c.id, A.org.id);
  const pb = await participantId(db(), c.id, B.org.id);
  await expectOk(await decide(coord.client, c.slug, pa, "accept"));
  await expectOk(await decide(coord.client, c.slug, pb, "accept"));
  return { coord, A, B, c, pa, pb };
}

describe("creating and the status workflow", () => {
  it("organisers create a draft (with its thread and default rates); plain members may not", async () => {
    const coord = await personWithClient(server, { cluster_role: "organiser" });
    const c = await createCampaign(server, coord.client, { markets: "de, FR, de", standArea: "36,5" });
    const row = await db().selectFrom("campaign").selectAll().where("id", "=", c.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
    expect(row.target_markets).toEqual(["DE", "FR"]);
    expect(row.stand_area_m2).toBe("36.50");
    expect(row.coordinator_id).toBe(coord.person.id);
    const thread = await db().selectFrom("thread").selectAll().where("id", "=", c.threadId).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ subject_type: "campaign", subject_id: c.id });
    const rates = await db().selectFrom("campaign_rate").select(["category", "rate_pct"]).where("campaign_id", "=", c.id).orderBy("category").execute();
    expect(rates).toEqual([
      { category: "large", rate_pct: "0.00" },
      { category: "research", rate_pct: "85.00" },
      { category: "sme", rate_pct: "50.00" },
    ]);
    const history = await db().selectFrom("campaign_status_change").selectAll().where("campaign_id", "=", c.id).execute();
    expect(history).toMatchObject([{ from_status: null, to_status: "draft", changed_by: coord.person.id }]);

    const plain = await personWithClient(server);
    expect((await plain.client.get("/campaigns/new")).status).toBe(403);
    expect((await plain.client.post("/campaigns/new", { titleLv: "X kampaņa", titleEn: "X campaign" })).status).toBe(403);
  });

  it("refuses dates out of order, bad markets and limits with translated messages, and saves nothing", async () => {
    const coord = await personWithClient(server, { cluster_role: "admin", locale: "lv" });
    const before = await db()
      .selectFrom("campaign")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const bad = async (o: Record<string, string>, key: string, message: string) => {
      const res = await coord.client.post("/campaigns/new", campaignForm(o));
      expect(res.status, key).toBe(400);
      const html = await res.text();
      expect(html).toContain(key);
      expect(text(html)).toContain(message);
    };
    await bad({ startsOn: day(60), endsOn: day(59) }, "campaigns.error.datesOrder", "Beigu datums nevar būt agrāks par sākuma datumu.");
    await bad({ applicationDeadline: day(61), startsOn: day(60) }, "campaigns.error.deadlineAfterStart", "Pieteikšanās termiņam jābūt ne vēlākam par sākuma datumu.");
    await bad({ startsOn: "2026-02-30" }, "campaigns.error.dateInvalid", "Ievadiet derīgu datumu, piem., 14.10.2026.");
    await bad({ markets: "DE, Germany" }, "campaigns.error.marketsInvalid", "Norādiet divburtu ISO valstu kodus");
    await bad({ maxOrgs: "0" }, "campaigns.error.maxOrgsInvalid", "Ievadiet veselu skaitli no 1 līdz 200.");
    await bad({ standArea: "-4" }, "campaigns.error.areaNegative", "Platība nevar būt negatīva.");
    await bad({ country: "XX" }, "campaigns.error.countryInvalid", "Norādiet divburtu ISO valsts kodu");
    const plain = await personWithClient(server);
    await bad({ coordinatorId: plain.person.id }, "campaigns.error.coordinatorInvalid", "Koordinatoram jābūt organizatoram vai klastera administratoram.");
    const after = await db()
      .selectFrom("campaign")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("moves one step at a time, records who and when, refuses skipped steps, and tells the participants", async () => {
    const { coord, A, B, c } = await recruitingWithTwo();
    // A jump back or over a stage is refused and changes nothing.
    for (const to of ["closed", "draft", "running", "nonsense"]) {
      const res = await setStatus(coord.client, c.slug, to);
      // An unknown status is a bad form (400); a real one out of turn is refused by campaign.status.change (409).
      expect(res.status, to).toBe(to === "nonsense" ? 400 : 409);
    }
    const jump = await setStatus(coord.client, c.slug, "running");
    expect(text(await jump.text())).toContain("This status change would skip a step");
    expect((await db().selectFrom("campaign").select("status").where("id", "=", c.id).executeTakeFirstOrThrow()).status).toBe("recruiting");
    // Participants may not drive the workflow.
    expect((await setStatus(A.admin.client, c.slug, "confirmed")).status).toBe(403);

    await expectOk(await setStatus(coord.client, c.slug, "confirmed", "Dalībnieku sastāvs galīgs."));
    const history = await db().selectFrom("campaign_status_change").select(["from_status", "to_status", "changed_by", "note"]).where("campaign_id", "=", c.id).orderBy("created_at").execute();
    expect(history.map((h) => [h.from_status, h.to_status])).toEqual([
      [null, "draft"],
      ["draft", "recruiting"],
      ["recruiting", "confirmed"],
    ]);
    expect(history[2]).toMatchObject({ changed_by: coord.person.id, note: "Dalībnieku sastāvs galīgs." });
    // Applications are closed now.
    const late = await orgWithPeople(server, { name: "Iota Late" });
    const closed = await apply(late.admin.client, c.slug);
    // The campaign.apply rule's reason: a state refusal (409).
    expect(closed.status).toBe(409);
    expect(text(await closed.text())).toContain("Applications are closed: the campaign is not recruiting.");
    // In-app and email to both participants' org admins.
    expect(await notificationKinds(A.admin.person.id)).toContain("campaign_status");
    expect(await notificationKinds(B.admin.person.id)).toContain("campaign_status");
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(A.admin.person.email) && /Confirmed/.test(m.parsed.subject ?? ""));
    expect(mail.parsed.text).toContain("Dalībnieku sastāvs galīgs.");
    expect(mail.parsed.text).toContain(`/campaigns/${c.slug}`);
    // The edit page shows the history.
    expect(text(await (await coord.client.get(`/campaigns/${c.slug}/edit`)).text())).toContain("Koordinatore Zane");

    await expectOk(await setStatus(coord.client, c.slug, "running"));
    expect((await setStatus(coord.client, c.slug, "cancelled")).status).toBe(409);
    await expectOk(await setStatus(coord.client, c.slug, "closed"));
    expect((await setStatus(coord.client, c.slug, "recruiting")).status).toBe(409);
  });

  it("cannot confirm without participants nor open applications after the deadline", async () => {
    const coord = await personWithClient(server, { cluster_role: "organiser" });
    const c = await createCampaign(server, coord.client);
    await db()
      .updateTable("campaign")
      .set({ application_deadline: day(-1) })
      .where("id", "=", c.id)
      .execute();
    const late = await setStatus(coord.client, c.slug, "recruiting");
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("policy.campaign.deadlinePassedOpen");
    await db()
      .updateTable("campaign")
      .set({ application_deadline: day(5) })
      .where("id", "=", c.id)
      .execute();
    await expectOk(await setStatus(coord.client, c.slug, "recruiting"));
    const empty = await setStatus(coord.client, c.slug, "confirmed");
    expect(empty.status).toBe(409);
    expect(await empty.text()).toContain("policy.campaign.noParticipants");
  });
});

describe("applications", () => {
  it("org admins apply with their needs; the coordinator is told; ordinary members cannot apply", async () => {
    const coord = await personWithClient(server, { cluster_role: "organiser" });
    const A = await orgWithPeople(server, { name: "Gamma Bio" });
    const c = await createCampaign(server, coord.client);
    // A draft does not exist for anyone but its coordinator and the admins.
    expect((await apply(A.admin.client, c.slug)).status).toBe(404);
    await expectOk(await setStatus(coord.client, c.slug, "recruiting"));
    const member = await apply(A.member.client, c.slug);
    expect(member.status).toBe(403);
    // Refusals are the campaign.apply rule's own reasons and statuses (policy/authorize.server.ts), not restated ones.
    expect(await member.text()).toContain("policy.campaign.orgAdminOnly");
    // Bad needs: nothing saved.
    for (const [area, key] of [
      ["-3", "campaigns.error.areaNegative"],
      ["abc", "campaigns.error.areaInvalid"],
      ["1.234,5", "campaigns.error.areaInvalid"],
    ]) {
      const res = await apply(A.admin.client, c.slug, { area });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(key);
    }
    const negDelegates = await apply(A.admin.client, c.slug, { delegates: "-1" });
    expect(await negDelegates.text()).toContain("campaigns.error.delegatesNegative");
    expect((await counts(c.id)).participants).toBe(0);

    await expectOk(await apply(A.admin.client, c.slug, { area: "12,5", delegates: "3", products: "Probiotics", note: "Near the entrance" }));
    const p = await db().selectFrom("campaign_participant").selectAll().where("campaign_id", "=", c.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ status: "applied", stand_area_m2: "12.50", delegates: 3, products: "Probiotics", note: "Near the entrance", applied_by: A.admin.person.id });
    expect(await notificationKinds(coord.person.id)).toContain("campaign_application");
    await sink.waitFor((m) => m.envelopeTo.includes(coord.person.email) && /New application/.test(m.parsed.subject ?? ""));
    const again = await apply(A.admin.client, c.slug);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("policy.campaign.alreadyApplied");
  });

  it("after the deadline applications are refused; when full they go on the waiting list and cannot be accepted", async () => {
    const { coord, c } = await recruitingWithTwo("2");
    const C = await orgWithPeople(server, { name: "Delta Labs" });
    const res = await apply(C.admin.client, c.slug);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("done=waitlisted");
    const pc = await participantId(db(), c.id, C.org.id);
    expect((await db().selectFrom("campaign_participant").select("status").where("id", "=", pc).executeTakeFirstOrThrow()).status).toBe("waitlisted");
    const page = text(await (await C.admin.client.get(`/campaigns/${c.slug}?done=waitlisted`)).text());
    expect(page).toContain("The campaign is full — your organisation's application has been added to the waiting list.");
    const accept = await decide(coord.client, c.slug, pc, "accept");
    expect(accept.status).toBe(409);
    expect(await accept.text()).toContain("policy.campaign.full");
    expect((await db().selectFrom("campaign_participant").select("status").where("id", "=", pc).executeTakeFirstOrThrow()).status).toBe("waitlisted");

    const D = await orgWithPeople(server, { name: "Epsilon Foods" });
    await db()
      .updateTable("campaign")
      .set({ application_deadline: day(-1) })
      .where("id", "=", c.id)
      .execute();
    const late = await apply(D.admin.client, c.slug);
    expect(late.status).toBe(400);
    expect(text(await late.text())).toContain("The application deadline has passed.");
    expect(await db().selectFrom("campaign_participant").select("id").where("organisation_id", "=", D.org.id).executeTakeFirst()).toBeUndefined();
  });

  it("the coordinator declines (told by email) and a declined organisation cannot apply again", async () => {
    const coord = await personWithClient(server, { cluster_role: "organiser" });
    const A = await orgWithPeople(server, { name: "Zeta Cosmetics" });
    const c = await createCampaign(server, coord.client);
    await expectOk(await setStatus(coord.client, c.slug, "recruiting"));
    await expectOk(await apply(A.admin.client, c.slug));
    const pa = await participantId(db(), c.id, A.org.id);
    expect((await decide(A.admin.client, c.slug, pa, "accept")).status).toBe(403);
    await expectOk(await decide(coord.client, c.slug, pa, "decline"));
    expect(await notificationKinds(A.admin.person.id)).toContain("campaign_decision");
    await sink.waitFor((m) => m.envelopeTo.includes(A.admin.person.email) && /Application declined/.test(m.parsed.subject ?? ""));
    const again = await apply(A.admin.client, c.slug);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("policy.campaign.declinedBefore");
    // Deciding twice is refused (campaign.application.decide: not possible in its present state).
    const twice = await decide(coord.client, c.slug, pa, "accept");
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("policy.campaign.decisionNotPossible");
  });
});

describe("the ledger", () => {
  it("splits lines by key, applies rates and caps, stores a version per change, and shows the figures", async () => {
    const { coord, A, B, c, pa, pb } = await recruitingWithTwo();
    // Joining created versions (with nothing to split yet).
    const v0 = await versionCount(db(), c.id);
    expect(v0).toBeGreaterThanOrEqual(1);
    await expectOk(await addLine(coord.client, c.slug, { description: "Platība", planned: "10 000", splitKey: "area" }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Reģistrācija", planned: "1000,01", splitKey: "equal" }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Elektrība A", planned: "250", splitKey: "equal", appliesTo: "chosen", chosen: [pa] }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Kafija", planned: "99,99", splitKey: "delegates", eligible: "" }));
    let s = (await latestSnapshot(db(), c.id))!;
    expect(s.version).toBe(v0 + 4);
    expect(s.reason).toBe("campaigns.reason.lineAdded");
    // Area 12 : 8 of 10 000 → 6 000 / 4 000; 1 000.01 equal → 500.01 to the lower org id; chosen 250 to A;
    // 99.99 by delegates 2 : 3 → 39.996 / 59.994 → 40.00 / 59.99.
    const [lowA] = [A.org.id < B.org.id];
    const gA = 600000n + (lowA ? 50001n : 50000n) + 25000n + 4000n;
    const gB = 400000n + (lowA ? 50000n : 50001n) + 5999n;
    const f = figures(s.snapshot);
    const cents = (v: string) => BigInt(v.replace(".", ""));
    expect(cents(f[A.org.id][0])).toBe(gA);
    expect(cents(f[B.org.id][0])).toBe(gB);
    expect(s.snapshot.totals.grossCents).toBe("11350.00");
    // SME 50 % of eligible (all but coffee); large 0 %.
    expect(cents(f[A.org.id][1])).toBe((gA - 4000n) / 2n);
    expect(f[B.org.id][1]).toBe("0.00");

    // Rates and caps change the co-funding; each is a version.
    await expectOk(await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveRates", rate_sme: "60", rate_large: "10", rate_research: "85", vatRate: "21", vatRecoverable: "yes" }));
    await expectOk(
      await coord.client.post(`/campaigns/${c.slug}/ledger`, {
        intent: "saveTerms",
        [`area_${pa}`]: "12",
        [`delegates_${pa}`]: "2",
        [`cap_${pa}`]: "1000",
        [`rate_${pa}`]: "",
        [`area_${pb}`]: "8",
        [`delegates_${pb}`]: "3",
        [`cap_${pb}`]: "",
        [`rate_${pb}`]: "",
      }),
    );
    s = (await latestSnapshot(db(), c.id))!;
    expect(s.reason).toBe("campaigns.reason.termsChanged");
    const fa = s.snapshot.participants.find((p) => p.orgId === A.org.id)!;
    expect(fa.support).toBe("1000.00");
    expect(fa.capped).toBe(true);
    const fb = s.snapshot.participants.find((p) => p.orgId === B.org.id)!;
    expect(fb.support).toBe(centsToDecimal(((cents(fb.gross) - 5999n) * 1000n) / 10000n));

    // The coordinator's page shows every figure, formatted the Latvian or English way.
    const page = text(await (await coord.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(page).toContain(A.org.name);
    expect(page).toContain(B.org.name);
    expect(page).toContain("€11,350.00");
    // An unchanged save stores no new version.
    const n = await versionCount(db(), c.id);
    await expectOk(await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveRates", rate_sme: "60", rate_large: "10", rate_research: "85", vatRate: "21", vatRecoverable: "yes" }));
    expect(await versionCount(db(), c.id)).toBe(n);
  });

  it("refuses bad amounts, percentages and keys with a clear message, and saves nothing", async () => {
    const { coord, c, pa, pb } = await recruitingWithTwo();
    const C = await orgWithPeople(server, { name: "Eta Instruments" });
    await expectOk(await apply(C.admin.client, c.slug, { area: "5" }));
    const pc = await participantId(db(), c.id, C.org.id);
    await expectOk(await decide(coord.client, c.slug, pc, "accept"));
    // C withdraws: it may no longer be named in a split.
    await expectOk(await C.admin.client.post(`/campaigns/${c.slug}`, { intent: "withdraw", reason: "Budget cut" }));
    const before = await counts(c.id);
    const bad = async (form: Record<string, string | string[]>, key: string, message?: string) => {
      const res = await addLine(coord.client, c.slug, form);
      expect(res.status, key).toBe(400);
      const html = await res.text();
      expect(html).toContain(key);
      if (message) expect(text(html)).toContain(message);
    };
    await bad({ planned: "-100" }, "campaigns.error.amountNegative", "The amount cannot be negative.");
    await bad({ planned: "abc" }, "campaigns.error.amountInvalid");
    await bad({ planned: "12.345" }, "campaigns.error.amountInvalid");
    await bad({ planned: "100", actual: "-1" }, "campaigns.error.amountNegative");
    await bad({ planned: "1e5" }, "campaigns.error.amountInvalid");
    await bad({ planned: "100", splitKey: "custom", [`pct_${pa}`]: "60", [`pct_${pb}`]: "30" }, "campaigns.error.percentSum", "The percentages must add up to exactly 100 % (now 90 %).");
    await bad({ planned: "100", splitKey: "custom", [`pct_${pa}`]: "120", [`pct_${pb}`]: "-20" }, "campaigns.error.percentTooHigh", "A percentage cannot be more than 100 %.");
    await bad({ planned: "100", splitKey: "custom", [`pct_${pa}`]: "100", [`pct_${pb}`]: "0" }, "campaigns.error.percentPositive");
    await bad(
      { planned: "100", splitKey: "custom", [`pct_${pa}`]: "50", [`pct_${pc}`]: "50" },
      "campaigns.error.participantNotActive",
      "A split can only name participants who are accepted and have not withdrawn.",
    );
    await bad({ planned: "100", appliesTo: "chosen", chosen: [pa, pc] }, "campaigns.error.participantNotActive");
    await bad({ planned: "100", appliesTo: "chosen" }, "campaigns.error.chooseParticipants");
    await bad({ planned: "100", splitKey: "diagonal" }, "campaigns.error.splitKeyInvalid");
    await bad({ planned: "100", category: "bribes" }, "campaigns.error.categoryInvalid");
    await bad({ planned: "100", description: "" }, "campaigns.error.descriptionRequired");
    // Areas all zero → nothing to split by.
    await db().updateTable("campaign_participant").set({ stand_area_m2: "0" }).where("campaign_id", "=", c.id).execute();
    await bad({ planned: "100", splitKey: "area" }, "campaigns.error.noAreaBasis");
    const rateBad = await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveRates", rate_sme: "101", rate_large: "0", rate_research: "85", vatRate: "21" });
    expect(rateBad.status).toBe(400);
    expect(await rateBad.text()).toContain("campaigns.error.percentTooHigh");
    const capBad = await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveTerms", [`area_${pa}`]: "1", [`cap_${pa}`]: "-5" });
    expect(capBad.status).toBe(400);
    const ghost = await coord.client.post(`/campaigns/${c.slug}/ledger`, { intent: "saveTerms", [`area_${pc}`]: "1" });
    expect(await ghost.text()).toContain("campaigns.error.participantNotActive");
    const after = await counts(c.id);
    expect(after).toEqual(before);
    // A valid custom split is accepted.
    await expectOk(await addLine(coord.client, c.slug, { planned: "100", splitKey: "custom", [`pct_${pa}`]: "33,33", [`pct_${pb}`]: "66,67" }));
  });

  it("a withdrawal recomputes the split; the new version shows who pays how much more; the leaver loses the discussion", async () => {
    const { coord, A, B, c, pb } = await recruitingWithTwo();
    await expectOk(await addLine(coord.client, c.slug, { description: "Stends", planned: "9000", splitKey: "equal" }));
    const before = (await latestSnapshot(db(), c.id))!;
    expect(figures(before.snapshot)[A.org.id]).toEqual(["4500.00", "2250.00", "2250.00"]);
    // An ordinary member cannot withdraw the organisation.
    expect((await B.member.client.post(`/campaigns/${c.slug}`, { intent: "withdraw" })).status).toBe(403);
    // B's people see the discussion before…
    expect((await B.member.client.get(`/threads/${c.threadId}/posts?after=0`)).status).toBe(200);
    await expectOk(await B.admin.client.post(`/campaigns/${c.slug}`, { intent: "withdraw", reason: "Vairs nav budžeta" }));
    const row = await db().selectFrom("campaign_participant").selectAll().where("id", "=", pb).executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawal_reason).toBe("Vairs nav budžeta");
    expect(row.withdrawn_at).toBeInstanceOf(Date);
    const after = (await latestSnapshot(db(), c.id))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.reason).toBe("campaigns.reason.withdrew");
    expect(figures(after.snapshot)).toEqual({ [A.org.id]: ["9000.00", "4500.00", "4500.00"] });
    // The coordinator is told by email; A's admin in-app.
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(coord.person.email) && /Withdrawal/.test(m.parsed.subject ?? ""));
    expect(mail.parsed.text).toContain("Vairs nav budžeta");
    expect(await notificationKinds(A.admin.person.id)).toContain("campaign_withdrawal");
    // A's admin sees the change in the history: its net went up by 2 250.
    const page = text(await (await A.admin.client.get(`/campaigns/${c.slug}/ledger`)).text());
    expect(page).toContain(`${B.org.name} withdrew`);
    expect(page).toContain("+€2,250.00");
    // …and not after.
    expect((await B.member.client.get(`/threads/${c.threadId}/posts?after=0`)).status).toBe(404);
    expect((await B.admin.client.get(`/campaigns/${c.slug}/ledger`)).status).toBe(404);
    // Withdrawing twice is refused (the campaign.withdraw rule: no longer a participant, 409).
    const twice = await B.admin.client.post(`/campaigns/${c.slug}`, { intent: "withdraw" });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("policy.campaign.notParticipant");
  });

  it("exports CSV for accounting: BOM, semicolons, escaped text, formula-safe", async () => {
    const { coord, A, c } = await recruitingWithTwo();
    await expectOk(await addLine(coord.client, c.slug, { description: '=HYPERLINK("http://evil.test";"x")', planned: "1234,56", splitKey: "equal" }));
    await expectOk(await addLine(coord.client, c.slug, { description: "Stand; shell", planned: "100", splitKey: "equal" }));
    const res = await coord.client.get(`/campaigns/${c.slug}/ledger.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="[a-z0-9-]+-ledger-v\d+\.csv"/);
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = buf.toString("utf8").slice(1);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Organisation;Category;Support rate %;Budget line;Cost category;Eligible;Gross EUR;Co-funding EUR;Net EUR");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"";""x"")"`);
    expect(csv).toContain('"Stand; shell"');
    expect(csv).toContain(`${A.org.name};SME;50;Total;;;667.28;333.64;333.64`);
    expect(csv).toMatch(/;Campaign total;;;1334\.56;333\.64;1000\.92\r\n$/);
    // In Latvian the amounts carry a decimal comma and stay plain numbers: with ";" between cells a comma needs no
    // quotes (~/lib/csv, the one CSV convention), so Latvian Excel reads them as numbers, not text.
    await db().updateTable("person").set({ locale: "lv" }).where("id", "=", coord.person.id).execute();
    const lv = (await (await coord.client.get(`/campaigns/${c.slug}/ledger.csv`)).text()).slice(1);
    expect(lv).toContain(`${A.org.name};MVU;50;Kopā;;;667,28;333,64;333,64`);
    expect(lv).toMatch(/;Kampaņa kopā;;;1334,56;333,64;1000,92\r\n$/);
  });
});

describe("deliverables", () => {
  it("the coordinator adds tasks; the owner organisation updates the status; overdue ones are highlighted", async () => {
    const { coord, A, B, c } = await recruitingWithTwo();
    const bad = await coord.client.post(`/campaigns/${c.slug}`, { intent: "addDeliverable", titleLv: "Logotips", titleEn: "Logo", dueOn: "2026-13-01", ownerOrgId: A.org.id });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("campaigns.error.dateInvalid");
    const outsider = await orgWithPeople(server, { name: "Theta Outsiders" });
    const badOwner = await coord.client.post(`/campaigns/${c.slug}`, { intent: "addDeliverable", titleLv: "Logotips", titleEn: "Logo", dueOn: day(5), ownerOrgId: outsider.org.id });
    expect(await badOwner.text()).toContain("campaigns.error.ownerInvalid");
    expect((await counts(c.id)).deliverables).toBe(0);

    await expectOk(await coord.client.post(`/campaigns/${c.slug}`, { intent: "addDeliverable", titleLv: "Logotips", titleEn: "Vector logo", dueOn: day(-2), ownerOrgId: A.org.id }));
    await expectOk(await coord.client.post(`/campaigns/${c.slug}`, { intent: "addDeliverable", titleLv: "Kartes", titleEn: "Badges", dueOn: day(10), ownerOrgId: B.org.id }));
    const rows = await db().selectFrom("campaign_deliverable").select(["id", "title_en"]).where("campaign_id", "=", c.id).orderBy("due_on").execute();
    const page = await (await A.member.client.get(`/campaigns/${c.slug}`)).text();
    expect(page).toMatch(/<tr class="overdue"><th scope="row">Vector logo<\/th>/);
    expect(text(page)).toContain("Overdue");
    // A's ordinary member marks A's task done; not B's.
    await expectOk(await A.member.client.post(`/campaigns/${c.slug}`, { intent: "updateDeliverable", deliverableId: rows[0].id, statusOnly: "yes", status: "done" }));
    const other = await A.member.client.post(`/campaigns/${c.slug}`, { intent: "updateDeliverable", deliverableId: rows[1].id, statusOnly: "yes", status: "done" });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain("policy.campaign.deliverableOwnOnly");
    expect((await A.member.client.post(`/campaigns/${c.slug}`, { intent: "deleteDeliverable", deliverableId: rows[1].id })).status).toBe(403);
    const done = await db().selectFrom("campaign_deliverable").select(["status"]).where("id", "=", rows[0].id).executeTakeFirstOrThrow();
    expect(done.status).toBe("done");
    expect(await (await A.member.client.get(`/campaigns/${c.slug}`)).text()).not.toContain('class="overdue"');
  });

  it("emails a reminder N days before the due date, once per deliverable (idempotent periodic pass)", async () => {
    const { coord, B, c } = await recruitingWithTwo();
    await expectOk(await coord.client.post(`/campaigns/${c.slug}`, { intent: "addDeliverable", titleLv: "Vīzu vēstules", titleEn: "Visa letters", dueOn: day(12), ownerOrgId: B.org.id }));
    const d = await db().selectFrom("campaign_deliverable").select("id").where("campaign_id", "=", c.id).executeTakeFirstOrThrow();
    const ctx = { db: db(), config: server.config, mail: server.mail.queue, realtime: server.realtime.realtime };
    const key = `campaign-deliverable:${d.id}:${day(12)}:${B.admin.person.id}`;
    const outbox = () => db().selectFrom("mail_outbox").select("id").where("idempotency_key", "=", key).execute();
    // Too early (12 days before, reminder window 3 days).
    await sendDeliverableReminders(ctx, new Date());
    expect(await outbox()).toHaveLength(0);
    // Ten days later it is due in two days: one reminder, whatever the number of passes.
    const later = new Date(Date.now() + 10 * 86400_000);
    await sendDeliverableReminders(ctx, later);
    await sendDeliverableReminders(ctx, later);
    expect(await outbox()).toHaveLength(1);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(B.admin.person.email) && /Reminder/.test(m.parsed.subject ?? ""));
    expect(mail.parsed.subject).toContain("Visa letters");
    expect(await notificationKinds(B.admin.person.id)).toContain("campaign_deliverable_due");
    const row = await db().selectFrom("campaign_deliverable").select("reminder_sent_at").where("id", "=", d.id).executeTakeFirstOrThrow();
    expect(row.reminder_sent_at).toBeInstanceOf(Date);
    // Moving the due date re-arms it.
    await expectOk(
      await coord.client.post(`/campaigns/${c.slug}`, {
        intent: "updateDeliverable",
        deliverableId: d.id,
        titleLv: "Vīzu vēstules",
        titleEn: "Visa letters",
        dueOn: day(20),
        ownerOrgId: B.org.id,
        status: "todo",
      }),
    );
    expect((await db().selectFrom("campaign_deliverable").select("reminder_sent_at").where("id", "=", d.id).executeTakeFirstOrThrow()).reminder_sent_at).toBeNull();
  });
});

describe("notifications page", () => {
  it("describes campaign notifications in the person's language", async () => {
    const { A } = await recruitingWithTwo();
    const html = text(await (await A.admin.client.get("/notifications")).text());
    expect(html).toMatch(/Your organisation's participation in “Joint stand in Berlin [0-9a-f]+” is confirmed\./);
  });
});

describe("the campaign list", () => {
  it("puts recruiting campaigns first, filters by type, status and market, and pages with a keyset cursor", async () => {
    const coord = await personWithClient(server, { cluster_role: "admin" });
    const tag = Math.random().toString(36).slice(2, 7);
    const statuses = ["closed", "recruiting", "confirmed", "running", "cancelled"] as const;
    await db()
      .insertInto("campaign")
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          slug: `list-${tag}-${i}`,
          title_lv: `Saraksts ${tag} ${i}`,
          title_en: `List ${tag} ${i}`,
          type: i % 2 ? ("export_mission" as const) : ("joint_stand" as const),
          target_markets: i % 3 === 0 ? ["KZ", "UZ"] : ["DE"],
          starts_on: day(40 + (i % 7)),
          ends_on: day(50),
          application_deadline: day(30),
          coordinator_id: coord.person.id,
          max_orgs: 5,
          status: statuses[i % statuses.length],
        })),
      )
      .execute();
    // Walk every page of the unfiltered list: no duplicates, recruiting first, then running, confirmed, … .
    const seen: string[] = [];
    let url = "/campaigns";
    for (let pages = 0; pages < 20 && url; pages++) {
      const html = await (await coord.client.get(url)).text();
      seen.push(...[...html.matchAll(/href="\/campaigns\/(list-[a-z0-9]+-\d+)"/g)].map((m) => m[1]).filter((x) => x.includes(tag)));
      const next = /href="(\/campaigns\?[^"]*after=[^"]+)"/.exec(html);
      url = next ? next[1].replace(/&amp;/g, "&") : "";
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const rank = { recruiting: 0, running: 1, confirmed: 2, draft: 3, closed: 4, cancelled: 5 } as const;
    const ranks = seen.map((slug) => rank[statuses[Number(slug.split("-").pop()) % statuses.length]]);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    // Filters.
    const filtered = await (await coord.client.get(`/campaigns?type=export_mission&status=recruiting&market=kz`)).text();
    const got = [...filtered.matchAll(/href="\/campaigns\/(list-[a-z0-9]+-\d+)"/g)].map((m) => Number(m[1].split("-").pop())).filter((n) => filtered.includes(`list-${tag}-${n}`));
    const expected = Array.from({ length: 25 }, (_, i) => i).filter((i) => i % 2 === 1 && statuses[i % 5] === "recruiting" && i % 3 === 0);
    expect([...new Set(got)].sort((a, b) => a - b)).toEqual(expected);
    // A forged cursor is ignored (first page), never an error.
    expect((await coord.client.get("/campaigns?after=not-a-cursor")).status).toBe(200);
  });
});
