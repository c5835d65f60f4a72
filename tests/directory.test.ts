import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type HttpClient } from "./helpers/server";
import { createOrg, createPerson, PASSWORD } from "./helpers/factories";

let server: TestServer;
let member: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const me = await createPerson(server.open.db, { name: "Viewer Person" });
  member = server.client();
  await member.login(me.email, PASSWORD);
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;

/** Ids of the people listed on a directory page (profile links). */
function personIds(html: string): string[] {
  return [...html.matchAll(/href="\/directory\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
}
function orgSlugs(html: string): string[] {
  return [...new Set([...html.matchAll(/href="\/directory\/orgs\/([a-z0-9-]+)"/g)].map((m) => m[1]))];
}
function nextLink(html: string): string | null {
  const m = html.match(/<a [^>]*rel="next"[^>]*href="([^"]+)"/) ?? html.match(/<a [^>]*href="([^"]+)"[^>]*rel="next"/);
  return m ? m[1].replace(/&amp;/g, "&") : null;
}

describe("access", () => {
  it("sends anonymous visitors to the login page from every directory page", async () => {
    const org = await createOrg(db());
    const p = await createPerson(db(), { organisation_id: org.id });
    for (const path of ["/directory", "/directory/people", `/directory/orgs/${org.slug}`, `/directory/people/${p.id}`, `/directory/orgs/${org.slug}/edit`]) {
      const res = await server.client().get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("sends a member who is still waiting for approval to /pending", async () => {
    const p = await createPerson(db(), { membership_status: "pending" });
    const c = server.client();
    await c.login(p.email, PASSWORD);
    for (const path of ["/directory", "/directory/people"]) {
      const res = await c.get(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/pending");
    }
  });

  it("shows the directory with tabs to an approved member", async () => {
    const res = await member.get("/directory");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-current="page"');
    expect(html).toMatch(/<form[^>]*method="get"[^>]*role="search"/);
  });
});

describe("organisation list", () => {
  let riga: { slug: string }, olaine: { slug: string }, jelgava: { slug: string }, pending: { slug: string };
  beforeAll(async () => {
    riga = await createOrg(db(), { name: "Rīgas Farmācijas Fabrika", city: "Rīga", legal_type: "manufacturer", size: "large", competency_tags: ["gmp-manufacturing", "sterile-injectables"] });
    olaine = await createOrg(db(), { name: "Olaines Ķīmija", city: "Olaine", legal_type: "sme_supplier", size: "sme", competency_tags: ["fine-chemicals"] });
    jelgava = await createOrg(db(), { name: "Jelgavas Tehnoloģiju Universitāte", city: "Jelgava", legal_type: "university", size: "large", competency_tags: ["education", "analytics"] });
    pending = await createOrg(db(), { name: "Rīgas Gaidošā Laboratorija", city: "Rīga", status: "pending" });
  });

  it("finds organisations diacritic-insensitively and never lists pending ones", async () => {
    const html = await (await member.get("/directory?q=rigas")).text();
    const slugs = orgSlugs(html);
    expect(slugs).toContain(riga.slug);
    expect(slugs).not.toContain(pending.slug);
    expect(slugs).not.toContain(olaine.slug);
    // the same with the diacritics typed in, and in upper case
    expect(orgSlugs(await (await member.get(`/directory?q=${encodeURIComponent("ĶĪMIJA")}`)).text())).toEqual([olaine.slug]);
  });

  it("filters by legal type, size and competency tag", async () => {
    const byType = orgSlugs(await (await member.get("/directory?type=university")).text());
    expect(byType).toContain(jelgava.slug);
    expect(byType).not.toContain(riga.slug);
    expect(byType).not.toContain(olaine.slug);

    const bySize = orgSlugs(await (await member.get("/directory?size=sme")).text());
    expect(bySize).toContain(olaine.slug);
    expect(bySize).not.toContain(riga.slug);
    expect(bySize).not.toContain(jelgava.slug);

    const byTag = orgSlugs(await (await member.get("/directory?tag=fine-chemicals")).text());
    expect(byTag).toEqual([olaine.slug]);

    const combined = orgSlugs(await (await member.get("/directory?size=large&tag=analytics&q=jelgavas")).text());
    expect(combined).toEqual([jelgava.slug]);
  });

  it("treats LIKE wildcards in the search as plain text", async () => {
    const html = await (await member.get("/directory?q=%25")).text();
    expect(orgSlugs(html)).toEqual([]);
    expect(html).toContain("No entries match these filters.");
  });

  it("answers 400 with a translated message for a filter value the form cannot send or a forged cursor", async () => {
    for (const path of ["/directory?type=spaceship", "/directory?size=huge", "/directory?after=not-a-cursor", "/directory/people?after=" + Buffer.from('["x","1"]').toString("base64url")]) {
      const res = await member.get(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain("This filter or page link is not valid");
    }
  });
});

describe("people list", () => {
  it("finds people diacritic-insensitively; pending and deactivated people stay out", async () => {
    const org = await createOrg(db(), { name: "Kalniņu Biotehnoloģijas" });
    const inese = await createPerson(db(), { name: "Inese Kalniņa", organisation_id: org.id });
    const anna = await createPerson(db(), { name: "Anna Kalniņa", organisation_id: org.id, membership_status: "pending" });
    const zane = await createPerson(db(), { name: "Zane Kalniņa", organisation_id: org.id });
    await db().updateTable("person").set({ deactivated_at: new Date() }).where("id", "=", zane.id).execute();
    const html = await (await member.get("/directory/people?q=kalnina")).text();
    const ids = personIds(html);
    expect(ids).toContain(inese.id);
    expect(ids).not.toContain(anna.id);
    expect(ids).not.toContain(zane.id);
    // the organisation is joined in the same row
    expect(html).toContain(`href="/directory/orgs/${org.slug}"`);
    expect(html).toContain("Kalniņu Biotehnoloģijas");
  });

  it("filters people by their organisation's type and size and by expertise tag", async () => {
    const uni = await createOrg(db(), { name: "Filtru Universitāte", legal_type: "university", size: "large" });
    const sme = await createOrg(db(), { name: "Filtru MVU", legal_type: "manufacturer", size: "sme" });
    const a = await createPerson(db(), { name: "Filtrs Alfa", organisation_id: uni.id });
    const b = await createPerson(db(), { name: "Filtrs Beta", organisation_id: sme.id });
    await db()
      .updateTable("person")
      .set({ expertise_tags: ["regulatory-affairs"] })
      .where("id", "=", b.id)
      .execute();
    const byType = personIds(await (await member.get("/directory/people?q=filtrs&type=university")).text());
    expect(byType).toEqual([a.id]);
    const bySize = personIds(await (await member.get("/directory/people?q=filtrs&size=sme")).text());
    expect(bySize).toEqual([b.id]);
    const byTag = personIds(await (await member.get("/directory/people?tag=regulatory-affairs")).text());
    expect(byTag).toEqual([b.id]);
  });

  it("pages with a keyset cursor: 60 people, 25 per page, each exactly once", async () => {
    const org = await createOrg(db(), { name: "Lappušu Laboratorija" });
    const created = new Set<string>();
    for (let i = 0; i < 60; i++) {
      // a few identical names: the cursor must break ties by id
      const p = await createPerson(db(), { name: `Lapa ${String(i % 50).padStart(2, "0")}`, organisation_id: org.id });
      created.add(p.id);
    }
    const seen: string[] = [];
    let path: string | null = `/directory/people?org=${org.slug}`;
    let pages = 0;
    while (path) {
      const res = await member.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      const ids = personIds(html);
      expect(ids.length).toBeLessThanOrEqual(25);
      seen.push(...ids);
      path = nextLink(html);
      if (path) expect(path).toMatch(/[?&]after=/);
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen.length).toBe(60);
    expect(new Set(seen)).toEqual(created);
  });

  it("keeps email addresses out of search and out of page links", async () => {
    const org = await createOrg(db(), { name: "Slepenu Adrešu SIA" });
    const p = await createPerson(db(), { name: "Klusā Persona", email: "zzsecret.mailbox@hidden-domain.example", organisation_id: org.id });
    await db().updateTable("person").set({ show_email: false }).where("id", "=", p.id).execute();
    for (let i = 0; i < 26; i++) await createPerson(db(), { name: `Slepenā ${i}`, organisation_id: org.id });
    expect(personIds(await (await member.get("/directory/people?q=hidden-domain")).text())).toEqual([]);
    expect(personIds(await (await member.get("/directory/people?q=klusa")).text())).toEqual([p.id]);
    const html = await (await member.get(`/directory/people?org=${org.slug}`)).text();
    const next = nextLink(html)!;
    const cursor = new URL(next, server.url).searchParams.get("after")!;
    // The cursor is exactly one row id (the shared codec's JSON array), which cannot carry an address
    expect(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(next).not.toMatch(/zzsecret|hidden-domain/);
    expect(Buffer.from(cursor, "base64url").toString("utf8")).not.toMatch(/zzsecret|hidden|example/);
  });
});

describe("profiles", () => {
  it("shows an approved person's profile; the email only when they chose to show it", async () => {
    const org = await createOrg(db(), { name: "Profilu Organizācija" });
    const shown = await createPerson(db(), { name: "Rūta Liepiņa", organisation_id: org.id });
    const hidden = await createPerson(db(), { name: "Jānis Priede", organisation_id: org.id });
    await db()
      .updateTable("person")
      .set({ job_title: "Kvalitātes vadītāja", languages: ["lv", "en"], expertise_tags: ["gmp-manufacturing"], phone: "+371 2000 0000" })
      .where("id", "=", shown.id)
      .execute();
    await db().updateTable("person").set({ show_email: false }).where("id", "=", hidden.id).execute();

    const a = await member.get(`/directory/people/${shown.id}`);
    expect(a.status).toBe(200);
    const ah = await a.text();
    expect(ah).toContain("Rūta Liepiņa");
    expect(ah).toContain("Kvalitātes vadītāja");
    expect(ah).toContain(`href="mailto:${shown.email}"`);
    expect(ah).toContain('href="tel:+37120000000"');
    expect(ah).toContain("Latvian");
    expect(ah).toContain(`href="/directory/orgs/${org.slug}"`);

    const b = await member.get(`/directory/people/${hidden.id}`);
    expect(b.status).toBe(200);
    expect(await b.text()).not.toContain(hidden.email);
  });

  it("answers 404 for a pending, deactivated or unknown person", async () => {
    const pending = await createPerson(db(), { membership_status: "pending" });
    const gone = await createPerson(db());
    await db().updateTable("person").set({ deactivated_at: new Date() }).where("id", "=", gone.id).execute();
    const inPendingOrg = await createPerson(db(), { organisation_id: (await createOrg(db(), { status: "pending" })).id });
    for (const id of [pending.id, gone.id, inPendingOrg.id, "00000000-0000-0000-0000-000000000000", "not-a-uuid"]) {
      expect((await member.get(`/directory/people/${id}`)).status, id).toBe(404);
    }
  });

  it("shows an organisation profile with facts, a safe website link, description fallback and its people", async () => {
    const org = await createOrg(db(), { name: "Vietnes Testa SIA", city: "Valmiera", competency_tags: ["pilot-plant"] });
    await db().updateTable("organisation").set({ website: "https://www.example.lv/", description_lv: "Mēs ražojam aktīvās vielas.", description_en: "" }).where("id", "=", org.id).execute();
    const person = await createPerson(db(), { name: "Organizācijas Darbiniece", organisation_id: org.id });
    const waiting = await createPerson(db(), { name: "Gaidošais Darbinieks", organisation_id: org.id, membership_status: "pending" });
    const res = await member.get(`/directory/orgs/${org.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Vietnes Testa SIA");
    expect(html).toContain("Valmiera");
    expect(html).toMatch(/<a href="https:\/\/www\.example\.lv\/" rel="noopener noreferrer"/);
    // the viewer reads English; only Latvian exists, so it is shown with a note
    expect(html).toContain("Mēs ražojam aktīvās vielas.");
    expect(html).toContain("The description is available in Latvian only.");
    // the competence by its label in the reader's language (English here), linked by its key
    expect(html).toContain('href="/directory?tag=pilot-plant">Pilot plant</a>');
    expect(personIds(html)).toEqual([person.id]);
    expect(personIds(html)).not.toContain(waiting.id);
    // no edit link for an ordinary member of another organisation
    expect(html).not.toContain(`/directory/orgs/${org.slug}/edit`);
  });

  it("answers 404 for an unknown or pending organisation", async () => {
    const pending = await createOrg(db(), { status: "pending" });
    expect((await member.get(`/directory/orgs/${pending.slug}`)).status).toBe(404);
    expect((await member.get("/directory/orgs/no-such-org")).status).toBe(404);
  });
});

describe("editing an organisation profile", () => {
  const valid = {
    description_lv: "Apraksts latviski.",
    description_en: "An English description.",
    website: "www.labs.example.lv",
    city: "Jūrmala",
    country: "lv",
    competency_tags: ["analytics", "fermentation", "analytics"],
  };

  it("lets the organisation's admin save it; search_key follows the city; type and size stay", async () => {
    const org = await createOrg(db(), { name: "Rediģējamā SIA", city: "Rīga", size: "sme", legal_type: "manufacturer" });
    const admin = await createPerson(db(), { organisation_id: org.id, org_role: "admin" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const form = await c.get(`/directory/orgs/${org.slug}/edit`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Edit organisation profile");
    const res = await c.post(`/directory/orgs/${org.slug}/edit`, { ...valid, size: "large", legal_type: "university", name: "Hijacked name" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/directory/orgs/${org.slug}?saved=1`);
    const row = await db().selectFrom("organisation").selectAll().where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row.website).toBe("https://www.labs.example.lv/");
    expect(row.city).toBe("Jūrmala");
    expect(row.country).toBe("LV");
    expect(row.competency_tags).toEqual(["analytics", "fermentation"]);
    expect(row.description_en).toBe("An English description.");
    expect(row.size).toBe("sme");
    expect(row.legal_type).toBe("manufacturer");
    expect(row.name).toBe("Rediģējamā SIA");
    expect(row.search_key).toBe("redigejama sia jurmala");
    // the new city is searchable at once
    expect(orgSlugs(await (await member.get("/directory?q=jurmala")).text())).toContain(org.slug);
    const audit = await db().selectFrom("audit_log").selectAll().where("target_id", "=", org.id).where("action", "=", "org.profile_updated").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.id);
    // the edit link shows for this admin
    expect(await (await c.get(`/directory/orgs/${org.slug}`)).text()).toContain(`href="/directory/orgs/${org.slug}/edit"`);
  });

  it("lets a cluster admin change name, type and size", async () => {
    const org = await createOrg(db(), { name: "Klastera Labojamā", size: "sme", legal_type: "manufacturer" });
    // a short name kept in the search key (as the demo seed does) survives renaming and moving
    await db().updateTable("organisation").set({ search_key: "klastera labojama kl riga" }).where("id", "=", org.id).execute();
    const clusterAdmin = await createPerson(db(), { cluster_role: "admin" });
    const c = server.client();
    await c.login(clusterAdmin.email, PASSWORD);
    const res = await c.post(`/directory/orgs/${org.slug}/edit`, { ...valid, name: "Klastera Labotā", size: "large", legal_type: "research_institute" });
    expect(res.status).toBe(302);
    const row = await db().selectFrom("organisation").selectAll().where("id", "=", org.id).executeTakeFirstOrThrow();
    expect([row.name, row.size, row.legal_type]).toEqual(["Klastera Labotā", "large", "research_institute"]);
    expect(row.search_key).toBe("klastera labota kl jurmala");
    // a name that another organisation has is refused
    const taken = await createOrg(db(), { name: "Aizņemtais Nosaukums" });
    const dup = await c.post(`/directory/orgs/${org.slug}/edit`, { ...valid, name: taken.name.toUpperCase(), size: "large", legal_type: "research_institute" });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("directory.error.nameTaken");
  });

  it("refuses members who may not edit: 403 for a plain member of the org and for another org's admin", async () => {
    const org = await createOrg(db(), { name: "Aizsargātā SIA" });
    const plain = await createPerson(db(), { organisation_id: org.id });
    const otherAdmin = await createPerson(db(), { org_role: "admin" });
    for (const who of [plain, otherAdmin]) {
      const c = server.client();
      await c.login(who.email, PASSWORD);
      expect((await c.get(`/directory/orgs/${org.slug}/edit`)).status).toBe(403);
      expect((await c.post(`/directory/orgs/${org.slug}/edit`, valid)).status).toBe(403);
      expect(await (await c.get(`/directory/orgs/${org.slug}`)).text()).not.toContain(`/directory/orgs/${org.slug}/edit`);
    }
    const row = await db().selectFrom("organisation").select(["city", "website"]).where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ city: "Rīga", website: null });
  });

  it("answers 404 for an unknown organisation, even to a cluster admin", async () => {
    const clusterAdmin = await createPerson(db(), { cluster_role: "admin" });
    const c = server.client();
    await c.login(clusterAdmin.email, PASSWORD);
    expect((await c.get("/directory/orgs/no-such-org/edit")).status).toBe(404);
    expect((await c.post("/directory/orgs/no-such-org/edit", valid)).status).toBe(404);
  });

  it("refuses bad input with 400, a message key and translated text, and stores nothing", async () => {
    const org = await createOrg(db(), { name: "Nederīgās Ievades SIA" });
    const admin = await createPerson(db(), { organisation_id: org.id, org_role: "admin", locale: "lv" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const cases: [Record<string, string>, string, string][] = [
      [{ website: "javascript:alert(1)" }, "directory.error.websiteInvalid", "Ievadiet pilnu tīmekļa adresi"],
      [{ website: "not a url" }, "directory.error.websiteInvalid", "Ievadiet pilnu tīmekļa adresi"],
      [{ country: "XX" }, "directory.error.countryInvalid", "Ievadiet divburtu valsts kodu"],
      [{ city: "<b>Rīga</b>" }, "directory.error.cityInvalid", "Pilsētas nosaukumā"],
      [{ description_en: "x".repeat(4001) }, "directory.error.descriptionTooLong", "Aprakstā var būt"],
      [{ competency_tags: "no such term" }, "vocabulary.error.invalid", "Izvēle netika saprasta"],
      [{ competency_tags: "no-such-term" }, "vocabulary.error.unknown", "vairs nav sarakstā"],
      [{ competency_tagsNewLv: "<b>x</b>" }, "vocabulary.error.labelInvalid", "Jaunā nosaukumā var būt līdz 40"],
    ];
    for (const [patch, key, text] of cases) {
      const res = await c.post(`/directory/orgs/${org.slug}/edit`, { ...valid, ...patch });
      expect(res.status, key).toBe(400);
      const html = await res.text();
      expect(html).toContain(key);
      expect(html).toContain(text);
    }
    const row = await db().selectFrom("organisation").select(["city", "website", "description_en"]).where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ city: "Rīga", website: null, description_en: "" });
  });

  it("renders the description as text: no HTML from a member reaches the page", async () => {
    const org = await createOrg(db(), { name: "Skriptu SIA" });
    const admin = await createPerson(db(), { organisation_id: org.id, org_role: "admin" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const payload = `<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>`;
    const res = await c.post(`/directory/orgs/${org.slug}/edit`, { ...valid, description_en: payload });
    expect(res.status).toBe(302);
    for (const path of [`/directory/orgs/${org.slug}`, "/directory?q=skriptu"]) {
      const html = await (await member.get(path)).text();
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toMatch(/<img src=x/i);
      expect(html).not.toContain('href="javascript:');
    }
  });
});
