import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { clientFor } from "./helpers/groups";
import { figures, latestSnapshot, text } from "./helpers/campaigns";
import { seedDates } from "../app/seed/dates";

// docs/domain.md "Demo campaigns (C1 to C4)": the seeded demo campaigns C1–C4 carry exactly the stated figures (read back from the stored ledger
// version, i.e. through the whole pipeline: organisation categories from the directory, rates, lines, the split),
// and their dates follow the docs/domain.md "Seed offsets" offsets.

let server: TestServer;
const db = () => server.open.db;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(async () => {
  await server?.close();
});

async function campaign(slug: string) {
  return db()
    .selectFrom("campaign")
    .selectAll()
    .select((eb) => [eb.cast<string>("starts_on", "text").as("starts"), eb.cast<string>("application_deadline", "text").as("deadline")])
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
}

async function orgIds() {
  const rows = await db().selectFrom("organisation").select(["id", "slug"]).execute();
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
}

describe("demo campaigns C1–C4", () => {
  it("reproduce the figures of docs/domain.md “Demo campaigns (C1 to C4)” to the cent", async () => {
    const o = await orgIds();
    const byOrg = async (slug: string) => {
      const c = await campaign(slug);
      const s = (await latestSnapshot(db(), c.id))!;
      return { s: s.snapshot, f: figures(s.snapshot) };
    };
    const org = (slug: string) => {
      const id = Object.entries(o).find(([k]) => k.includes(slug))?.[1];
      if (!id) throw new Error(`no org ${slug}`);
      return id;
    };
    const O2 = org("daugavas"),
      O3 = org("baltfarm"),
      O4 = org("kursi"),
      O5 = org("latchem"),
      O6 = org("bioferm"),
      O7 = org("dzintara"),
      O8 = org("gauja"),
      O10 = org("biomedicinas");

    const c1 = await byOrg("cphi-frankfurt-nacionalais-stends");
    expect(c1.f).toEqual({
      [O2]: ["22800.00", "0.00", "22800.00"],
      [O3]: ["22800.00", "0.00", "22800.00"],
      [O4]: ["15600.00", "7800.00", "7800.00"],
      [O5]: ["10800.00", "5400.00", "5400.00"],
      [O6]: ["10800.00", "5400.00", "5400.00"],
      [O10]: ["10800.00", "9180.00", "1620.00"],
    });
    expect([c1.s.totals.grossCents, c1.s.totals.supportCents, c1.s.totals.netCents]).toEqual(["93600.00", "27780.00", "65820.00"]);

    const c2 = await byOrg("whx-dubai-kopstends");
    expect(c2.f).toEqual({
      [O4]: ["9500.00", "4750.00", "4750.00"],
      [O8]: ["9500.00", "4750.00", "4750.00"],
      [O7]: ["9500.00", "4750.00", "4750.00"],
      [O3]: ["9500.00", "0.00", "9500.00"],
    });
    expect([c2.s.totals.grossCents, c2.s.totals.supportCents, c2.s.totals.netCents]).toEqual(["38000.00", "14250.00", "23750.00"]);

    const c3 = await byOrg("in-cosmetics-parize-kopstends");
    expect(c3.f).toEqual({
      [O6]: ["9000.00", "4500.00", "4500.00"],
      [O5]: ["9000.00", "4500.00", "4500.00"],
      [O10]: ["9000.00", "7650.00", "1350.00"],
      [O7]: ["0.00", "0.00", "0.00"],
    });
    expect(c3.s.totals.grossCents).toBe("27000.00");

    const c4 = await byOrg("centralazija-eksporta-misija");
    expect(c4.f).toEqual({
      [O2]: ["5250.00", "0.00", "5250.00"],
      [O3]: ["5250.00", "0.00", "5250.00"],
      [O4]: ["5250.00", "4462.50", "787.50"],
      [O8]: ["5250.00", "4462.50", "787.50"],
    });
    expect([c4.s.totals.grossCents, c4.s.totals.supportCents, c4.s.totals.netCents]).toEqual(["21000.00", "8925.00", "12075.00"]);
  });

  it("dates follow the docs/domain.md “Seed offsets” from D0 and the statuses match docs/domain.md “Demo campaigns (C1 to C4)”", async () => {
    const dates = seedDates(new Date());
    const c1 = await campaign("cphi-frankfurt-nacionalais-stends");
    const c2 = await campaign("whx-dubai-kopstends");
    const c3 = await campaign("in-cosmetics-parize-kopstends");
    const c4 = await campaign("centralazija-eksporta-misija");
    expect([c1.starts, c2.starts, c3.starts, c4.starts]).toEqual([dates.date(43), dates.date(147), dates.date(211), dates.date(63)]);
    expect([c2.deadline, c3.deadline, c4.deadline]).toEqual([dates.date(-10), dates.date(46), dates.date(25)]);
    expect([c1.status, c2.status, c3.status, c4.status]).toEqual(["confirmed", "confirmed", "recruiting", "recruiting"]);
    expect(c1.title_en).toBe(`Latvian national pavilion at CPHI Frankfurt ${dates.date(43).slice(0, 4)}`);
    const claim = await db()
      .selectFrom("campaign_deliverable")
      .select((eb) => eb.cast<string>("due_on", "text").as("due"))
      .where("campaign_id", "=", c1.id)
      .where("title_en", "like", "Final report%")
      .executeTakeFirstOrThrow();
    expect(claim.due).toBe(dates.date(137));
  });

  it("an org admin (Sanita Lapiņa, Gauja Nutrition) sees her organisation's net share in Latvian and the others only together", async () => {
    const sanita = await db().selectFrom("person").select("id").where("email", "=", "sanita.lapina@gauja-nutrition.example").executeTakeFirstOrThrow();
    const client = await clientFor(server, sanita.id);
    const html = await (await client.get("/campaigns/centralazija-eksporta-misija/ledger")).text();
    const t = text(html);
    expect(t).toContain("787,50 €");
    expect(t).toContain("Pārējie dalībnieki (3)");
    expect(html).not.toContain('data-org="AS &quot;Daugavas Farmācija&quot;"');
    expect(html).toContain('data-org="SIA &quot;Gauja Nutrition&quot;"');
    // Her colleague (an ordinary member) sees the campaign and its discussion, not the money.
    const arturs = await db().selectFrom("person").select("id").where("email", "=", "arturs.vanags@gauja-nutrition.example").executeTakeFirstOrThrow();
    const member = await clientFor(server, arturs.id);
    expect((await member.get("/campaigns/centralazija-eksporta-misija")).status).toBe(200);
    expect((await member.get("/campaigns/centralazija-eksporta-misija/ledger")).status).toBe(404);
  });
});
