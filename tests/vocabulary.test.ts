import crypto from "node:crypto";
import pg from "pg";
import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../db/schema";
import { openPglite, openPostgres, type OpenDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { migrationProvider } from "../db/migrations/index";
import { adminUrl, templateDb } from "./setup/global";
import { startTestServer, type TestServer } from "./helpers/server";
import { createOrg, createPerson } from "./helpers/factories";
import { createGroupRow, personWithClient } from "./helpers/groups";
import { addLine, createCampaign, expectOk, setStatus, text } from "./helpers/campaigns";

// Issue 12, item 10: competences, expertise and group topics are controlled vocabularies (a stable key, a Latvian and
// an English label) shown in the reader's language; job titles and budget lines have an optional English version.
// Runs on PostgreSQL (DATABASE_URL) and PGlite.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
const db = () => server.open.db;

/** The page language follows the signed-in person's choice. */
async function setLocale(personId: string, locale: Locale) {
  await db().updateTable("person").set({ locale }).where("id", "=", personId).execute();
}

/**
 * A page's HTML as the browser reads it. React 18.3's streaming renderer can put a NUL byte at a 2 KB buffer boundary
 * next to a multi-byte character (react/react#31134); the HTML parser drops it, so do we.
 */
async function page(res: Response): Promise<string> {
  return (await res.text()).replaceAll("\0", "");
}

/** The text of the budget lines' section of a ledger page (the version history keeps what each change said then). */
async function linesText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const html = await page(res);
  const start = html.indexOf('<section class="page" id="lines"');
  expect(start).toBeGreaterThan(0);
  return text(html.slice(start, html.indexOf("</section>", start)));
}

/** The text of a page's <main>. */
async function mainText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const html = await page(res);
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return text(main);
}

describe("migration 0018: free tags become vocabulary terms", () => {
  let open: OpenDatabase | null = null;
  let dropDb: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await open?.close();
    await dropDb?.();
  });

  it("maps known tags to the starting terms and keeps unknown ones as terms with their text, in its original case, as both labels", async () => {
    // a database as it was before 0018 (an empty PostgreSQL database of this run, or a fresh PGlite)
    const base = adminUrl();
    if (base) {
      const name = `${templateDb()}_c_${crypto.randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const u = new URL(base);
      u.pathname = `/${name}`;
      open = await openPostgres(u.toString(), 2);
      dropDb = async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      };
    } else {
      open = await openPglite(null);
    }
    const old = open.db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema before 0018
    const migrator = new Migrator({ db: old, provider: migrationProvider, allowUnorderedMigrations: true });
    const before = await migrator.migrateTo("0017_start_page");
    expect(before.error).toBeUndefined();

    const org = await createOrg(open.db, { name: "Vecā SIA", competency_tags: ["GMP manufacturing", "Ārstniecības augi", "gmp manufacturing", "REACH/CLP"] });
    const person = await createPerson(open.db, { organisation_id: org.id });
    await sql`update person set expertise_tags = ${["EU pharma legislation", "regulatory affairs", "Ārstniecības augi", "HPLC"]}::text[] where id = ${person.id}`.execute(old);
    const group = await createGroupRow(open.db, { leadId: person.id, tags: ["gmp", "eu pharma package", "dzīvnieku veselība"] });

    await migrateToLatest(open.db);

    const o = await open.db.selectFrom("organisation").select("competency_tags").where("id", "=", org.id).executeTakeFirstOrThrow();
    // the duplicate (another spelling of the same term) is dropped
    expect(o.competency_tags).toEqual(["gmp-manufacturing", "arstniecibas-augi", "reach-clp"]);
    const p = await open.db.selectFrom("person").select(["expertise_tags", "job_title_en"]).where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(p).toEqual({ expertise_tags: ["eu-pharma-legislation", "regulatory-affairs", "arstniecibas-augi", "hplc"], job_title_en: "" });
    const g = await open.db.selectFrom("working_group").select("tags").where("id", "=", group.id).executeTakeFirstOrThrow();
    expect(g.tags).toEqual(["gmp", "eu-pharma-package", "dzivnieku-veseliba"]);

    const terms = await open.db.selectFrom("vocabulary_term").select(["kind", "key", "label_lv", "label_en"]).execute();
    const term = (kind: string, key: string) => terms.find((t) => t.kind === kind && t.key === key);
    expect(term("expertise", "eu-pharma-legislation")).toMatchObject({ label_en: "EU pharma legislation", label_lv: "ES farmācijas tiesību akti" });
    expect(term("competence", "gmp-manufacturing")).toMatchObject({ label_en: "GMP manufacturing", label_lv: "GMP ražošana" });
    // unknown tags: their own text, in its case, in both languages
    expect(term("competence", "arstniecibas-augi")).toMatchObject({ label_en: "Ārstniecības augi", label_lv: "Ārstniecības augi" });
    expect(term("expertise", "hplc")).toMatchObject({ label_en: "HPLC", label_lv: "HPLC" });
    expect(term("group_topic", "dzivnieku-veseliba")).toMatchObject({ label_en: "dzīvnieku veselība", label_lv: "dzīvnieku veselība" });
    // the budget line got its English column
    const cols = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'campaign_budget_line' and column_name = 'description_en'`.execute(old);
    expect(cols.rows).toHaveLength(1);

    // down: keys back to English labels; up again: the same keys
    const down = await migrator.migrateTo("0017_start_page");
    expect(down.error).toBeUndefined();
    const back = await sql<{ tags: string[] }>`select expertise_tags as tags from person where id = ${person.id}`.execute(old);
    expect(back.rows[0].tags).toEqual(["EU pharma legislation", "Regulatory affairs", "Ārstniecības augi", "HPLC"]);
    await migrateToLatest(open.db);
    const again = await open.db.selectFrom("person").select("expertise_tags").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(again.expertise_tags).toEqual(["eu-pharma-legislation", "regulatory-affairs", "arstniecibas-augi", "hplc"]);
  });
});

describe("the directory in the reader's language", () => {
  it("shows competences, expertise and job titles in Latvian to Latvian readers and in English to English readers; filters by key", async () => {
    const org = await createOrg(db(), { name: `Valodu Farma ${crypto.randomBytes(2).toString("hex")}`, competency_tags: ["gmp-manufacturing", "api-synthesis"] });
    const expert = await createPerson(db(), { name: "Līga Valodniece", organisation_id: org.id });
    await db()
      .updateTable("person")
      .set({ job_title: "Reģistrācijas vadītāja", job_title_en: "Head of Regulatory Affairs", expertise_tags: ["eu-pharma-legislation", "regulatory-affairs"] })
      .where("id", "=", expert.id)
      .execute();
    const { person: reader, client } = await personWithClient(server, { locale: "lv" });

    const lvPerson = await mainText(await client.get(`/directory/people/${expert.id}`));
    expect(lvPerson).toContain("ES farmācijas tiesību akti");
    expect(lvPerson).toContain("Regulatīvās lietas");
    expect(lvPerson).toContain("Reģistrācijas vadītāja");
    expect(lvPerson).not.toContain("EU pharma legislation");
    expect(lvPerson).not.toContain("Head of Regulatory Affairs");
    const lvOrg = await mainText(await client.get(`/directory/orgs/${org.slug}`));
    expect(lvOrg).toContain("GMP ražošana");
    expect(lvOrg).toContain("Aktīvo farmaceitisko vielu sintēze");
    expect(lvOrg).toContain("Reģistrācijas vadītāja");

    await setLocale(reader.id, "en");
    const enPerson = await mainText(await client.get(`/directory/people/${expert.id}`));
    // the original case of the label is kept
    expect(enPerson).toContain("EU pharma legislation");
    expect(enPerson).toContain("Regulatory affairs");
    expect(enPerson).toContain("Head of Regulatory Affairs");
    expect(enPerson).not.toContain("ES farmācijas tiesību akti");
    expect(enPerson).not.toContain("Reģistrācijas vadītāja");
    const enOrg = await mainText(await client.get(`/directory/orgs/${org.slug}`));
    expect(enOrg).toContain("GMP manufacturing");
    expect(enOrg).toContain("API synthesis");
    expect(enOrg).toContain("Head of Regulatory Affairs");

    // the tag links and the filter's choices carry the key; the list filters by it
    const list = await page(await client.get("/directory/people?tag=eu-pharma-legislation"));
    expect(list).toContain(`href="/directory/people/${expert.id}"`);
    expect(list).toMatch(/<option value="eu-pharma-legislation" selected="">EU pharma legislation<\/option>/);
    expect(list).toContain('href="/directory/people?tag=regulatory-affairs">Regulatory affairs</a>');
    await setLocale(reader.id, "lv");
    const orgs = await page(await client.get("/directory?tag=api-synthesis"));
    expect(orgs).toContain(`href="/directory/orgs/${org.slug}"`);
    expect(orgs).toMatch(/<option value="api-synthesis" selected="">Aktīvo farmaceitisko vielu sintēze<\/option>/);
    // a person without an English title shows the original to everyone
    await db().updateTable("person").set({ job_title_en: "" }).where("id", "=", expert.id).execute();
    await setLocale(reader.id, "en");
    expect(await mainText(await client.get(`/directory/people/${expert.id}`))).toContain("Reģistrācijas vadītāja");
  });
});

describe("editing with the vocabulary (plain form posts, no JavaScript)", () => {
  it("saves an organisation's competences from the checkbox list and a new term in both languages; the same label again reuses it", async () => {
    const org = await createOrg(db(), { name: `Jauno Terminu SIA ${crypto.randomBytes(2).toString("hex")}` });
    const { client } = await personWithClient(server, { organisation_id: org.id, org_role: "admin", locale: "lv" });
    const form = await page(await client.get(`/directory/orgs/${org.slug}/edit`));
    // a checkbox per term, labelled in Latvian
    expect(form).toMatch(/<input type="checkbox" name="competency_tags" value="gmp-manufacturing"\/>GMP ražošana<\/label>/);
    expect(form).toContain('<label for="f-competency_tagsNewLv">Jauns, latviski</label>');
    const fields = { description_lv: "", description_en: "", website: "", city: "Rīga", country: "LV" };
    await expectOk(
      await client.post(`/directory/orgs/${org.slug}/edit`, {
        ...fields,
        competency_tags: ["gmp-manufacturing", "clinical-trials"],
        competency_tagsNewLv: "Radiofarmaceitiķi",
        competency_tagsNewEn: "Radiopharmaceuticals",
      }),
    );
    const row = await db().selectFrom("organisation").select("competency_tags").where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row.competency_tags).toEqual(["gmp-manufacturing", "clinical-trials", "radiopharmaceuticals"]);
    const added = await db().selectFrom("vocabulary_term").selectAll().where("kind", "=", "competence").where("key", "=", "radiopharmaceuticals").executeTakeFirstOrThrow();
    expect(added).toMatchObject({ label_lv: "Radiofarmaceitiķi", label_en: "Radiopharmaceuticals" });
    const profile = await mainText(await client.get(`/directory/orgs/${org.slug}`));
    expect(profile).toContain("Radiofarmaceitiķi");
    expect(profile).toContain("Klīniskie pētījumi");

    // another organisation types the same term (other case, one language only): it gets the existing term
    const other = await createOrg(db(), { name: `Otrā SIA ${crypto.randomBytes(2).toString("hex")}` });
    const { client: c2 } = await personWithClient(server, { organisation_id: other.id, org_role: "admin" });
    await expectOk(await c2.post(`/directory/orgs/${other.slug}/edit`, { ...fields, competency_tagsNewEn: "radiopharmaceuticals" }));
    const r2 = await db().selectFrom("organisation").select("competency_tags").where("id", "=", other.id).executeTakeFirstOrThrow();
    expect(r2.competency_tags).toEqual(["radiopharmaceuticals"]);
    const n = await db()
      .selectFrom("vocabulary_term")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("kind", "=", "competence")
      .where("label_en", "ilike", "radiopharmaceuticals")
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);

    // a new term given in one language only shows that text in both
    await expectOk(await c2.post(`/directory/orgs/${other.slug}/edit`, { ...fields, competency_tags: "radiopharmaceuticals", competency_tagsNewLv: "Kriogēnā uzglabāšana" }));
    const cryo = await db().selectFrom("vocabulary_term").selectAll().where("kind", "=", "competence").where("key", "=", "kriogena-uzglabasana").executeTakeFirstOrThrow();
    expect(cryo).toMatchObject({ label_lv: "Kriogēnā uzglabāšana", label_en: "Kriogēnā uzglabāšana" });
  });

  it("refuses more than 20 competences, an unknown key and a bad new label with 400 and a translated message, storing nothing", async () => {
    const org = await createOrg(db(), { name: `Atteikumu SIA ${crypto.randomBytes(2).toString("hex")}`, competency_tags: ["analytics"] });
    const { client } = await personWithClient(server, { organisation_id: org.id, org_role: "admin", locale: "lv" });
    const fields = { description_lv: "", description_en: "", website: "", city: "Rīga", country: "LV" };
    const cases: [Record<string, string | string[]>, string][] = [
      [{ competency_tags: Array.from({ length: 21 }, (_, i) => `term-${i}`) }, "Izvēlieties ne vairāk kā 20."],
      [{ competency_tags: ["analytics", "nav-tada"] }, "Kāds no izvēlētajiem vairs nav sarakstā."],
      [{ competency_tags: ["analytics"], competency_tagsNewEn: "a\u0000b<script>" }, "Jaunā nosaukumā var būt līdz 40 rakstzīmēm"],
      [{ competency_tags: ["analytics"], competency_tagsNewLv: "x".repeat(41) }, "Jaunā nosaukumā var būt līdz 40 rakstzīmēm"],
    ];
    for (const [patch, message] of cases) {
      const res = await client.post(`/directory/orgs/${org.slug}/edit`, { ...fields, ...patch });
      expect(res.status, message).toBe(400);
      expect(text(await page(res)), message).toContain(message);
    }
    // 20 real terms and a new one: 21 in all, refused after the new term was tried, which is rolled back
    const twenty = (await db().selectFrom("vocabulary_term").select("key").where("kind", "=", "competence").orderBy("key").limit(20).execute()).map((r) => r.key);
    const res = await client.post(`/directory/orgs/${org.slug}/edit`, { ...fields, competency_tags: twenty, competency_tagsNewEn: "Twenty-first term" });
    expect(res.status).toBe(400);
    expect(await db().selectFrom("vocabulary_term").select("key").where("key", "=", "twenty-first-term").executeTakeFirst()).toBeUndefined();
    const row = await db().selectFrom("organisation").select(["competency_tags", "city"]).where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ competency_tags: ["analytics"], city: "Rīga" });
  });

  it("saves a person's expertise and English job title from the settings form", async () => {
    const { person, client } = await personWithClient(server, { locale: "lv" });
    const form = await page(await client.get("/settings"));
    expect(form).toContain('<label for="f-jobTitleEn">Amats angliski (nav obligāti)</label>');
    expect(form).toMatch(/value="pharmacovigilance"\/>Farmakovigilance<\/label>/);
    await expectOk(
      await client.post("/settings", {
        intent: "profile",
        name: person.name,
        jobTitle: "Farmakovigilances speciāliste",
        jobTitleEn: "Pharmacovigilance Specialist",
        expertise: ["pharmacovigilance", "clinical-trials"],
        locale: "lv",
      }),
    );
    const row = await db().selectFrom("person").select(["job_title", "job_title_en", "expertise_tags"]).where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ job_title: "Farmakovigilances speciāliste", job_title_en: "Pharmacovigilance Specialist", expertise_tags: ["pharmacovigilance", "clinical-trials"] });
  });
});

describe("working-group topics", () => {
  it("shows topics in the reader's language on the list and the group page, filters by key, and edits them by checkbox", async () => {
    const { person: lead, client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const g = await createGroupRow(db(), { leadId: lead.id, name: `Regulatīvā grupa ${crypto.randomBytes(2).toString("hex")}`, tags: ["regulatory-affairs", "zva"] });
    const lv = await mainText(await client.get(`/groups/${g.slug}`));
    expect(lv).toContain("Regulatīvās lietas");
    expect(lv).toContain("ZVA (Zāļu valsts aģentūra)");
    const list = await page(await client.get("/groups?tag=zva"));
    expect(list).toContain(`href="/groups/${g.slug}"`);
    expect(list).toMatch(/<option value="zva" selected="">ZVA \(Zāļu valsts aģentūra\)<\/option>/);
    await setLocale(lead.id, "en");
    const en = await mainText(await client.get(`/groups/${g.slug}`));
    expect(en).toContain("Regulatory affairs");
    expect(en).toContain("ZVA (State Agency of Medicines)");
    expect(en).not.toContain("Regulatīvās lietas");

    const edit = await page(await client.get(`/groups/${g.slug}/edit`));
    expect(edit).toMatch(/checked="" value="zva"\/>ZVA \(State Agency of Medicines\)<\/label>/);
    await expectOk(
      await client.post(`/groups/${g.slug}/edit`, {
        intent: "save",
        nameLv: g.name_lv,
        nameEn: g.name_en,
        visibility: "public",
        joinPolicy: "open",
        tags: ["clinical-trials"],
        tagsNewLv: "Medicīniskās ierīces",
        tagsNewEn: "Medical devices",
      }),
    );
    const row = await db().selectFrom("working_group").select("tags").where("id", "=", g.id).executeTakeFirstOrThrow();
    expect(row.tags).toEqual(["clinical-trials", "medical-devices"]);
    expect(await mainText(await client.get(`/groups/${g.slug}`))).toContain("Medical devices");
  });
});

describe("budget lines", () => {
  it("stores an optional English description and shows it to English readers; Latvian readers see the original", async () => {
    const { person: coord, client } = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const c = await createCampaign(server, client);
    await expectOk(await setStatus(client, c.slug, "recruiting"));
    await expectOk(await addLine(client, c.slug, { description: "Stenda būvniecība", descriptionEn: "Building the stand", planned: "1000", splitKey: "equal" }));
    await expectOk(await addLine(client, c.slug, { description: "Kafijas pauzes", planned: "100", splitKey: "equal" }));
    const lines = await db().selectFrom("campaign_budget_line").select(["description", "description_en"]).where("campaign_id", "=", c.id).orderBy("created_at").execute();
    expect(lines).toEqual([
      { description: "Stenda būvniecība", description_en: "Building the stand" },
      { description: "Kafijas pauzes", description_en: "" },
    ]);
    const en = await linesText(await client.get(`/campaigns/${c.slug}/ledger`));
    expect(en).toContain("Building the stand");
    expect(en).not.toContain("Stenda būvniecība");
    expect(en).toContain("Kafijas pauzes");
    await setLocale(coord.id, "lv");
    const lv = await linesText(await client.get(`/campaigns/${c.slug}/ledger`));
    expect(lv).toContain("Stenda būvniecība");
    expect(lv).not.toContain("Building the stand");

    const bad = await addLine(client, c.slug, { description: "Cits", descriptionEn: "x".repeat(201), planned: "1", splitKey: "equal" });
    expect(bad.status).toBe(400);
    expect(await db().selectFrom("campaign_budget_line").select("id").where("description", "=", "Cits").executeTakeFirst()).toBeUndefined();
  });
});
