import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createPerson } from "./helpers/factories";
import { startTestServer } from "./helpers/server";
import { clearAll, DEMO_LOGINS, resetDemo, seedDemo } from "../app/seed";
import { isDatabaseEmpty } from "../db/migrate";
import { seedDates, seedInstant } from "../app/seed/dates";
import { GROUPS } from "../app/seed/groups";
import { offsetMs } from "../app/lib/zoned-time";
import { verifyPassword } from "../app/modules/auth/password.server";

const root = path.resolve(__dirname, "..");

// docs/domain.md "Demo people", as written there (names with their Latvian letters, e-mails transliterated).
const PEOPLE: [string, string][] = [
  ["Inese Kalniņa", "inese.kalnina@dzk.example"],
  ["Mārtiņš Ozols", "martins.ozols@dzk.example"],
  ["Elīna Bērziņa", "elina.berzina@dzk.example"],
  ["Andris Liepiņš", "andris.liepins@daugavas-farmacija.example"],
  ["Dace Zariņa", "dace.zarina@daugavas-farmacija.example"],
  ["Jānis Kļaviņš", "janis.klavins@daugavas-farmacija.example"],
  ["Olga Petrova", "olga.petrova@daugavas-farmacija.example"],
  ["Sergejs Ivanovs", "sergejs.ivanovs@baltfarm.example"],
  ["Laura Vītola", "laura.vitola@baltfarm.example"],
  ["Edgars Siliņš", "edgars.silins@baltfarm.example"],
  ["Kristīne Rudzīte", "kristine.rudzite@baltfarm.example"],
  ["Raimonds Krūmiņš", "raimonds.krumins@kursi-injectables.example"],
  ["Ilze Jansone", "ilze.jansone@kursi-injectables.example"],
  ["Thomas Becker", "thomas.becker@kursi-injectables.example"],
  ["Gints Lācis", "gints.lacis@latchem.example"],
  ["Jeļena Kuzņecova", "jelena.kuznecova@latchem.example"],
  ["Agnese Balode", "agnese.balode@bioferm.example"],
  ["Rihards Puriņš", "rihards.purins@bioferm.example"],
  ["Zane Grīnberga", "zane.grinberga@dzintara-krasts.example"],
  ["Kārlis Eglītis", "karlis.eglitis@dzintara-krasts.example"],
  ["Sanita Lapiņa", "sanita.lapina@gauja-nutrition.example"],
  ["Artūrs Vanags", "arturs.vanags@gauja-nutrition.example"],
  ["Vitālijs Popovs", "vitalijs.popovs@bpl.example"],
  ["Līga Ābele", "liga.abele@bpl.example"],
  ["Valdis Straume", "valdis.straume@bbc-institute.example"],
  ["Anna Saulīte", "anna.saulite@bbc-institute.example"],
  ["Ieva Dreimane", "ieva.dreimane@rmu.example"],
  ["Matīss Skuja", "matiss.skuja@rmu.example"],
  ["Aivars Kalējs", "aivars.kalejs@btu.example"],
  ["Evija Meiere", "evija.meiere@btu.example"],
];

let t: TestDatabase;
const NOW = new Date("2026-11-26T10:00:00Z"); // Thu 26.11.2026 → D0 = Mon 23.11.2026 (docs/domain.md "Seed offsets")

async function counts() {
  const db = t.db;
  const n = (table: "working_group" | "working_group_member" | "working_group_request" | "working_group_invite" | "post" | "thread_read" | "notification") =>
    db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const [orgs, people, audit, threads, groups, members, requests, invites, posts, reads, notifications] = await Promise.all([
    db
      .selectFrom("organisation")
      .select(["status", sql<number>`count(*)::int`.as("n")])
      .groupBy("status")
      .orderBy("status")
      .execute(),
    db
      .selectFrom("person")
      .select(["membership_status", sql<number>`count(*)::int`.as("n")])
      .groupBy("membership_status")
      .orderBy("membership_status")
      .execute(),
    db
      .selectFrom("audit_log")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("thread")
      .select(["subject_type", sql<number>`count(*)::int`.as("n")])
      .groupBy("subject_type")
      .orderBy("subject_type")
      .execute(),
    n("working_group"),
    n("working_group_member"),
    n("working_group_request"),
    n("working_group_invite"),
    n("post"),
    n("thread_read"),
    n("notification"),
  ]);
  return { orgs, people, audit: audit.n, threads, groups, members, requests, invites, posts, reads, notifications };
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("demo seed", () => {
  it("seeds an empty database with the cluster of docs/domain.md “Demo seed”", async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    const seeded = await seedDemo(t.db, { now: NOW });
    expect(await isDatabaseEmpty(t.db)).toBe(false);

    const orgs = await t.db.selectFrom("organisation").selectAll().execute();
    const approved = orgs.filter((o) => o.status === "approved");
    expect(approved).toHaveLength(12);
    expect(Object.keys(seeded.orgs)).toHaveLength(12);
    const legal = new Set(["manufacturer", "research_institute", "university", "sme_supplier", "service_provider", "association", "public_body"]);
    for (const o of approved) {
      expect(legal.has(o.legal_type)).toBe(true);
      expect(o.website).toMatch(/^https:\/\/[a-z0-9-]+\.example$/);
      expect(o.country).toBe("LV");
      expect(o.city).not.toBe("");
      expect(o.description_lv.length).toBeGreaterThan(80);
      expect(o.description_en.length).toBeGreaterThan(80);
      expect(o.competency_tags.length).toBeGreaterThan(0);
      expect(o.approved_by).toBe(seeded.people.P01);
      expect(o.approved_at).not.toBeNull();
    }
    const byName = new Map(orgs.map((o) => [o.name, o]));
    expect(byName.get('Biedrība "Dzīvības zinātņu klasteris"')?.legal_type).toBe("association");
    expect(byName.get('AS "Daugavas Farmācija"')?.size).toBe("large");
    expect(byName.get('SIA "Kurši Injectables"')?.competency_tags).toContain("sterile-injectables");
    // every tag of the demo is a term of its vocabulary, with a label in each language
    const terms = await t.db.selectFrom("vocabulary_term").selectAll().execute();
    const termKeys = (kind: string) => new Set(terms.filter((x) => x.kind === kind).map((x) => x.key));
    for (const o of orgs) for (const k of o.competency_tags) expect(termKeys("competence").has(k), k).toBe(true);
    for (const x of terms) expect(x.label_lv && x.label_en, x.key).toBeTruthy();
    expect(byName.get('SIA "Baltic Pharma Logistics"')?.legal_type).toBe("service_provider");
    expect(byName.get('Valsts zinātniskais institūts "Baltijas Biomedicīnas centrs"')?.legal_type).toBe("research_institute");
    expect(byName.get("Baltijas Tehnoloģiju universitāte — Ķīmijas tehnoloģiju institūts")?.city).toBe("Rīga");
    // diacritic-insensitive search key
    expect(byName.get('SIA "Kurši Injectables"')?.search_key).toContain("kursi");

    // the proposed organisation and its proposer, both waiting
    const pendingOrgs = orgs.filter((o) => o.status === "pending");
    expect(pendingOrgs).toHaveLength(1);
    const proposer = await t.db.selectFrom("person").selectAll().where("id", "=", pendingOrgs[0].proposed_by!).executeTakeFirstOrThrow();
    expect(proposer.organisation_id).toBe(pendingOrgs[0].id);
    expect(proposer.membership_status).toBe("pending");
    expect(proposer.org_role).toBe("admin");
    expect(pendingOrgs[0].approved_by).toBeNull();

    // the 30 people, spelled exactly (NFC) and approved
    const people = await t.db.selectFrom("person").selectAll().execute();
    const byEmail = new Map(people.map((p) => [p.email, p]));
    for (const [name, email] of PEOPLE) {
      const p = byEmail.get(email);
      expect(p?.name, email).toBe(name);
      expect(p!.name).toBe(p!.name.normalize("NFC"));
      expect(p!.membership_status).toBe("approved");
      expect(p!.email_verified_at).not.toBeNull();
      expect(p!.job_title).not.toBe("");
      expect(p!.job_title_en, email).not.toBe("");
      for (const k of p!.expertise_tags) expect(termKeys("expertise").has(k), k).toBe(true);
      expect(p!.languages.length).toBeGreaterThan(0);
    }
    const jelena = byEmail.get("jelena.kuznecova@latchem.example")!;
    expect(jelena.name).toBe("Jeļena Kuzņecova");
    expect(jelena.search_key).toContain("jelena kuznecova");
    expect(jelena.languages).toContain("ru");
    expect(byEmail.get("thomas.becker@kursi-injectables.example")!.locale).toBe("en");
    expect(byEmail.get("ilze.jansone@kursi-injectables.example")!.job_title).toBe("Kvalitātes nodrošināšanas vadītāja");
    expect(byEmail.get("ilze.jansone@kursi-injectables.example")!.job_title_en).toBe("Head of Quality Assurance");

    const role = (key: string) => people.find((p) => p.id === seeded.people[key])!;
    expect(["P01", "P02", "P03"].map((k) => role(k).cluster_role)).toEqual(["admin", "admin", "admin"]);
    expect(["P04", "P05", "P10", "P13", "P25", "P27"].map((k) => role(k).cluster_role)).toEqual(Array(6).fill("organiser"));
    expect(
      people
        .filter((p) => p.cluster_role === "admin")
        .map((p) => p.email)
        .sort(),
    ).toEqual(["admin@demo.example", "elina.berzina@dzk.example", "inese.kalnina@dzk.example", "martins.ozols@dzk.example"]);
    // the first person listed for each organisation administers it
    expect(role("P01").org_role).toBe("admin");
    expect(role("P04").org_role).toBe("admin");
    expect(role("P05").org_role).toBe("member");
    for (const orgId of Object.values(seeded.orgs)) {
      expect(people.some((p) => p.organisation_id === orgId && p.org_role === "admin" && p.membership_status === "approved")).toBe(true);
    }

    // a join request to an existing, approved organisation
    const joiners = people.filter((p) => p.membership_status === "pending" && p.organisation_id !== pendingOrgs[0].id);
    expect(joiners).toHaveLength(1);
    expect(orgs.find((o) => o.id === joiners[0].organisation_id)!.status).toBe("approved");

    // 30 + 3 demo logins + 2 pending; every address on the reserved .example TLD, unique
    expect(people).toHaveLength(35);
    expect(new Set(people.map((p) => p.email.toLowerCase())).size).toBe(35);
    for (const p of people) expect(p.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
  });

  it("creates the three demo logins with their roles and the demo password", async () => {
    const rows = await t.db
      .selectFrom("person as p")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["p.email", "p.name", "p.cluster_role", "p.membership_status", "p.email_verified_at", "p.password_hash", "p.deactivated_at", "o.status as org_status", "o.name as org_name"])
      .where("p.email", "in", DEMO_LOGINS.emails)
      .execute();
    const by = new Map(rows.map((r) => [r.email, r]));
    expect(DEMO_LOGINS.emails).toEqual(["admin@demo.example", "organiser@demo.example", "member@demo.example"]);
    expect(DEMO_LOGINS.password).toBe("demo-password");
    expect(by.get("admin@demo.example")!.cluster_role).toBe("admin");
    expect(by.get("organiser@demo.example")!.cluster_role).toBe("organiser");
    expect(by.get("member@demo.example")!.cluster_role).toBe("member");
    expect(by.get("admin@demo.example")!.org_name).toBe('Biedrība "Dzīvības zinātņu klasteris"');
    for (const r of rows) {
      expect(r.membership_status).toBe("approved");
      expect(r.email_verified_at).not.toBeNull();
      expect(r.deactivated_at).toBeNull();
      expect(r.org_status).toBe("approved");
      expect(await verifyPassword(r.password_hash, "demo-password")).toBe(true);
      expect(await verifyPassword(r.password_hash, "demo-password-wrong")).toBe(false);
    }
    // hashed once and reused
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(1);
  });

  it("seeds the demo events E1–E8 (docs/domain.md “Demo events (E1 to E8)”) on their seed offsets, plus one across the next clock change", async () => {
    // NOW = Thu 26.11.2026 → D0 = Mon 23.11.2026 (seeded by the first test of this file).
    const events = await t.db.selectFrom("event").selectAll().orderBy("starts_at").execute();
    const by = new Map(events.map((e) => [e.slug, e]));
    expect(events).toHaveLength(9);
    expect(events.every((e) => e.status === "published" && e.sequence === 0)).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(9);
    for (const e of events) expect(e.uid).toBe(`event-${e.id}@localhost`);
    const e1 = by.get("es-gmp-1-pielikums-prakse")!;
    expect(e1.starts_at.toISOString()).toBe("2026-12-10T08:00:00.000Z"); // D0+17, 10.00 EET
    expect(e1.language).toBe("en");
    const going = async (id: string, status = "going") =>
      (
        await t.db
          .selectFrom("event_attendance")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("event_id", "=", id)
          .where("status", "=", status as "going")
          .executeTakeFirstOrThrow()
      ).n;
    expect(await going(e1.id)).toBe(42); // "42/60"
    const e2 = by.get("registracijas-darba-grupas-sanaksme")!;
    expect(e2.starts_at.toISOString()).toBe("2027-01-05T08:00:00.000Z"); // first Tuesday of a month on or after D0+22
    expect(e2.visibility).toBe("group_members"); // WG1's own meeting (tests/seed-groups.test.ts)
    const e4 = by.get("kooperativa-logistika-darbnica")!;
    expect(e4.capacity).toBe(25);
    expect(await going(e4.id)).toBe(25);
    const waitlist = await t.db.selectFrom("event_attendance").select("waitlist_pos").where("event_id", "=", e4.id).where("status", "=", "waitlisted").orderBy("waitlist_pos").execute();
    expect(waitlist.map((w) => w.waitlist_pos)).toEqual([1, 2, 3]);
    const e6 = by.get("tirdzniecibas-misija-kazahstana-uzbekistana")!;
    expect(e6).toMatchObject({ all_day: true, time_zone: "Asia/Almaty", language: "ru" });
    expect(e6.starts_at.toISOString()).toBe("2027-01-24T19:00:00.000Z"); // 25.01.2027 00:00 in Almaty (UTC+5)
    const e8 = by.get("biedru-kopsapulce-un-strategijas-sesija")!;
    expect(e8.starts_at.toISOString()).toBe("2027-02-18T12:00:00.000Z"); // D0+87, 14.00 EET
    const agenda = await t.db.selectFrom("event_agenda_item").select(["starts_at", "title_lv", "title_en"]).where("event_id", "=", e8.id).orderBy("position").execute();
    expect(agenda).toHaveLength(8);
    expect(agenda[0]).toEqual({ starts_at: "14:00", title_lv: "Atklāšana", title_en: "Opening" });
    const dst = by.get("pilotiekartu-nakts-mainas-demonstracija")!;
    expect(dst.starts_at.toISOString()).toBe("2027-03-27T20:00:00.000Z"); // Sat 22.00 EET
    expect(dst.ends_at.toISOString()).toBe("2027-03-28T03:00:00.000Z"); // Sun 06.00 EEST: the clocks went forward
    const threads = await t.db.selectFrom("thread").select("subject_id").where("subject_type", "=", "event").execute();
    expect(new Set(threads.map((x) => x.subject_id))).toEqual(new Set(events.map((e) => e.id)));
  });

  it("resets idempotently: same counts twice, outside rows gone, settings and migrations kept", async () => {
    await resetDemo(t.db, { now: NOW });
    const first = await counts();
    // data that is not part of the demo, and the settings that must survive
    const stranger = await createPerson(t.db, { email: "stranger@test.example" });
    await t.db.insertInto("app_setting").values({ key: "session_secret", value: "keep-me" }).execute();
    await t.db
      .insertInto("session")
      .values({ id_hash: "h", person_id: stranger.id, expires_at: new Date(Date.now() + 3600_000) })
      .execute();

    await resetDemo(t.db, { now: new Date(NOW.getTime() + 3 * 86400_000) });
    expect(await counts()).toEqual(first);
    expect(first.orgs).toEqual([
      { status: "approved", n: 12 },
      { status: "pending", n: 1 },
    ]);
    expect(first.people).toEqual([
      { membership_status: "approved", n: 33 },
      { membership_status: "pending", n: 2 },
    ]);
    // docs/domain.md "Demo working groups (WG1 to WG6)": six groups, 21 topics; one campaign thread per campaign, one per event and the pool's
    expect(first.groups).toBe(6);
    expect(first.threads).toEqual([
      { subject_type: "campaign", n: 4 },
      { subject_type: "event", n: 9 },
      { subject_type: "group", n: 21 },
      { subject_type: "pool", n: 1 },
    ]);
    expect(first.members).toBe(GROUPS.reduce((n, g) => n + g.leads.length + g.members.length, 0));
    expect([first.requests, first.invites]).toEqual([1, 1]);
    // the group posts plus C1's first post
    expect(first.posts).toBe(GROUPS.reduce((n, g) => n + g.threads.reduce((k, t) => k + t.posts.length, 0), 0) + 1);
    expect(first.reads).toBeGreaterThan(first.groups * 10);
    expect(first.notifications).toBeGreaterThan(10);
    expect(await t.db.selectFrom("person").select("id").where("email", "=", "stranger@test.example").executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("session").selectAll().execute()).toEqual([]);
    expect((await t.db.selectFrom("app_setting").select("value").where("key", "=", "session_secret").executeTakeFirst())?.value).toBe("keep-me");
    const migrations = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(t.db);
    expect(migrations.rows[0].n).toBeGreaterThan(0);
  });

  it("clearAll also empties tables that later migrations add", async () => {
    await sql`create table future_feature (id int primary key, person_id uuid references person(id))`.execute(t.db);
    const someone = await t.db.selectFrom("person").select("id").executeTakeFirstOrThrow();
    await sql`insert into future_feature values (1, ${someone.id})`.execute(t.db);
    await clearAll(t.db);
    expect((await sql<{ n: number }>`select count(*)::int as n from future_feature`.execute(t.db)).rows[0].n).toBe(0);
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    expect(await t.db.selectFrom("organisation").select("id").execute()).toEqual([]);
    await sql`drop table future_feature`.execute(t.db);
  });

  it("rolls back completely when the seed fails half-way", async () => {
    await resetDemo(t.db, { now: NOW });
    const before = await counts();
    // A trigger that rejects the people insert: the truncation and the organisations must roll back with it.
    await sql`create function seed_test_fail() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(t.db);
    await sql`create trigger seed_test_fail before insert on person for each statement execute function seed_test_fail()`.execute(t.db);
    try {
      await expect(resetDemo(t.db, { now: NOW })).rejects.toThrow(/boom/);
      expect(await counts()).toEqual(before);
    } finally {
      await sql`drop trigger seed_test_fail on person`.execute(t.db);
      await sql`drop function seed_test_fail()`.execute(t.db);
    }
  });
});

describe("seed dates (docs/domain.md “Seed offsets”)", () => {
  it("takes D0 as the Monday of the current week in Europe/Riga", () => {
    expect(seedDates(new Date("2026-11-26T10:00:00Z")).d0).toBe("2026-11-23"); // the docs/domain.md "Seed offsets" example
    expect(seedDates(new Date("2025-09-15T00:00:00Z")).d0).toBe("2025-09-15"); // Monday 03:00 in Riga
    // Sunday 22:30 UTC is already Monday 01:30 in Riga: a new week there
    expect(seedDates(new Date("2025-09-21T22:30:00Z")).d0).toBe("2025-09-22");
    // Sunday 23:00 in Riga is still the old week
    expect(seedDates(new Date("2025-09-21T20:00:00Z")).d0).toBe("2025-09-15");
    for (let i = 0; i < 60; i++) {
      const d0 = seedDates(new Date(Date.UTC(2026, 0, 1) + i * 37 * 3600_000)).d0;
      expect(new Date(`${d0}T12:00:00Z`).getUTCDay()).toBe(1);
    }
  });

  it("turns D0 + n days and a Riga wall-clock time into the right instant across DST", () => {
    const s = seedDates(new Date("2025-09-18T12:00:00Z")); // reference week, D0 = Mon 15.09.2025
    expect(s.d0).toBe("2025-09-15");
    expect(s.date(41)).toBe("2025-10-26"); // last Sunday of October
    expect(s.date(-10)).toBe("2025-09-05");
    expect(s.at(0, "09:00").toISOString()).toBe("2025-09-15T06:00:00.000Z"); // summer, EEST +3
    expect(s.at(113, "09:00").toISOString()).toBe("2026-01-06T07:00:00.000Z"); // winter, EET +2
    // autumn change, Sun 26.10.2025: 04:00 EEST → 03:00 EET at 01:00 UTC
    expect(s.at(41, "02:30").toISOString()).toBe("2025-10-25T23:30:00.000Z");
    expect(s.at(41, "03:30").toISOString()).toBe("2025-10-26T00:30:00.000Z"); // repeated hour: the first one
    expect(s.at(41, "04:30").toISOString()).toBe("2025-10-26T02:30:00.000Z");
    expect(s.at(41, "09:00").toISOString()).toBe("2025-10-26T07:00:00.000Z");
    expect(s.at(40, "09:00").toISOString()).toBe("2025-10-25T06:00:00.000Z");
    // spring change, Sun 29.03.2026: 03:00 EET → 04:00 EEST at 01:00 UTC
    expect(s.date(195)).toBe("2026-03-29");
    expect(s.at(195, "02:30").toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(s.at(195, "03:30").toISOString()).toBe("2026-03-29T01:30:00.000Z"); // skipped hour: moved to 04:30 EEST
    expect(s.at(195, "09:00").toISOString()).toBe("2026-03-29T06:00:00.000Z");
    expect(s.at(194, "09:00").toISOString()).toBe("2026-03-28T07:00:00.000Z");
    // another zone on the same calendar day (a fair in Frankfurt, CET after its own change)
    expect(s.at(43, "09:00", "Europe/Berlin").toISOString()).toBe("2025-10-28T08:00:00.000Z");
    expect(offsetMs(new Date("2025-10-26T00:59:59Z"), "Europe/Riga")).toBe(3 * 3600_000);
    expect(offsetMs(new Date("2025-10-26T01:00:00Z"), "Europe/Riga")).toBe(2 * 3600_000);
    expect(seedInstant("2026-10-25", "09:00").toISOString()).toBe("2026-10-25T07:00:00.000Z");
    expect(() => s.at(1, "24:00")).toThrow(/HH:MM/);
    expect(() => s.at(1, "9:00")).toThrow(/HH:MM/);
    expect(() => s.date(1.5)).toThrow();
  });

  it("stores seeded dates relative to the day the seed runs", async () => {
    const now = new Date();
    await resetDemo(t.db, { now });
    const d0 = new Date(`${seedDates(now).d0}T00:00:00Z`).getTime();
    const orgs = await t.db.selectFrom("organisation").select(["status", "created_at", "approved_at"]).execute();
    for (const o of orgs) {
      expect(o.created_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(o.created_at.getTime()).toBeGreaterThan(d0 - 3 * 365 * 86400_000);
      if (o.status === "approved") expect(o.approved_at!.getTime()).toBeGreaterThan(o.created_at.getTime());
    }
    const pending = await t.db.selectFrom("person").select("created_at").where("membership_status", "=", "pending").execute();
    for (const p of pending) expect(now.getTime() - p.created_at.getTime()).toBeLessThan(2 * 86400_000);
  });
});

describe("npm run db:seed", () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(root, "scripts/ensure-build.mjs")], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stdout}\n${r.stderr}`);
  }, 300_000);

  // Never the test run's PostgreSQL: the CLI gets a throw-away PGlite folder only.
  function cli(args: string[], env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    delete childEnv.TEST_DATABASE_URL;
    return spawnSync(process.execPath, [path.join(root, "dist/server/cli.js"), ...args], { cwd: root, env: childEnv, encoding: "utf8", timeout: 120_000 });
  }

  it("refuses with NODE_ENV=production and touches nothing", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "seed-cli-")), "db");
    try {
      const r = cli(["seed"], { NODE_ENV: "production", PGLITE_DIR: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("Refusing to reset demo data with NODE_ENV=production. Pass --force");
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("resets with --force and prints the demo logins", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "seed-cli-")), "db");
    try {
      const r = cli(["seed", "--force"], { NODE_ENV: "production", PGLITE_DIR: dir });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('demo data reset. Logins (password "demo-password"): admin@demo.example, organiser@demo.example, member@demo.example');
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});

describe("demo logins through the app", () => {
  it("a fresh server seeds itself and each demo login signs in as an active member", async () => {
    const server = await startTestServer({ seed: true });
    try {
      for (const email of DEMO_LOGINS.emails) {
        const res = await server.client().post("/login", { email, password: DEMO_LOGINS.password });
        expect(res.status, email).toBe(302);
        expect(res.headers.get("location"), email).toBe("/");
      }
      // the seeded join request is a real account waiting for approval
      const waiting = await server.client().post("/login", { email: "roberts.zvirbulis@bioferm.example", password: DEMO_LOGINS.password });
      expect(waiting.headers.get("location")).toBe("/pending");
      const bad = await server.client().post("/login", { email: "admin@demo.example", password: "not-the-demo-password" });
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
