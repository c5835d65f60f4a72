import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { clientFor } from "./helpers/groups";
import { resetDemo, type DirectorySeed } from "../app/seed";
import { GROUPS } from "../app/seed/groups";
import { renderMarkdown } from "../app/modules/threads/markdown.server";

// docs/domain.md "Demo working groups (WG1 to WG6)" (issue 13 item 6): a first start shows the six working groups with
// discussions, and the demo logins find something new: unread posts, mentions, a join request to decide, an invitation.

let server: TestServer;
let seed: DirectorySeed;
const db = () => server.open.db;
const NOW = new Date("2026-11-26T10:00:00Z"); // Thu → D0 = Mon 23.11.2026

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  // The server seeded itself with today's date; seed again at a fixed moment for the date checks.
  seed = await resetDemo(db(), { now: NOW });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function groupBySlug(slug: string) {
  return db().selectFrom("working_group").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
}

describe("demo working groups", () => {
  it("are the six groups of docs/domain.md with their chairs, members from several organisations and the competition-law acknowledgement", async () => {
    const groups = await db().selectFrom("working_group").selectAll().orderBy("created_at").execute();
    expect(groups).toHaveLength(6);
    const names = new Map(groups.map((g) => [g.name_en, g]));
    expect([...names.keys()].sort()).toEqual(["Digitalisation", "Education & Talent", "Export Markets", "Quality, GMP & GDP", "R&D&I Collaboration", "Regulatory Affairs"]);
    expect(names.get("Regulatory Affairs")!.name_lv).toBe("Normatīvās vides un zāļu reģistrācijas darba grupa");
    for (const g of groups) {
      expect(g.description_lv.length, g.name_en).toBeGreaterThan(80);
      expect(g.description_en.length, g.name_en).toBeGreaterThan(80);
      expect(g.archived_at).toBeNull();
      expect(g.search_key).toBe(g.search_key.toLowerCase());
    }
    // one private group, invitation only (docs/threads.md)
    const priv = groups.filter((g) => g.visibility === "private");
    expect(priv.map((g) => [g.name_en, g.join_policy])).toEqual([["Quality, GMP & GDP", "invite"]]);

    const members = await db()
      .selectFrom("working_group_member as m")
      .innerJoin("person as p", "p.id", "m.person_id")
      .innerJoin("working_group as g", "g.id", "m.group_id")
      .select(["g.name_en", "m.person_id", "m.role", "m.competition_ack_at", "m.joined_at", "p.organisation_id"])
      .execute();
    const leads = (name: string) =>
      members
        .filter((m) => m.name_en === name && m.role === "lead")
        .map((m) => m.person_id)
        .sort();
    const P = seed.people;
    expect(leads("Regulatory Affairs")).toEqual([P.P05]);
    expect(leads("Export Markets")).toEqual([P.P04, P.P20, P.DEMO_ORGANISER].sort());
    expect(leads("R&D&I Collaboration")).toEqual([P.P25]);
    expect(leads("Education & Talent")).toEqual([P.P27]);
    expect(leads("Quality, GMP & GDP")).toEqual([P.P13]);
    expect(leads("Digitalisation")).toEqual([P.P10, P.P30].sort());
    for (const g of groups) {
      const own = members.filter((m) => m.name_en === g.name_en);
      expect(new Set(own.map((m) => m.organisation_id)).size, g.name_en).toBeGreaterThanOrEqual(5);
      for (const m of own) expect(m.competition_ack_at.getTime()).toBe(m.joined_at.getTime());
    }
    const demoMemberGroups = members.filter((m) => m.person_id === P.DEMO_MEMBER);
    expect(demoMemberGroups.length).toBeGreaterThanOrEqual(2);
    expect(demoMemberGroups.length).toBeLessThanOrEqual(3);
    expect(members.some((m) => m.person_id === P.DEMO_ORGANISER && m.role === "lead")).toBe(true);
  });

  it("have 3–4 discussions each with 5–30 posts, stored as the app stores them", async () => {
    const threads = await db()
      .selectFrom("thread as t")
      .innerJoin("working_group as g", "g.id", "t.subject_id")
      .select(["t.id", "t.title", "t.subject_id", "t.last_seq", "t.post_count", "t.last_post_at", "t.created_at", "t.created_by", "t.pinned", "t.locked", "g.name_en"])
      .where("t.subject_type", "=", "group")
      .execute();
    const perGroup = new Map<string, number>();
    for (const t of threads) perGroup.set(t.name_en, (perGroup.get(t.name_en) ?? 0) + 1);
    expect(perGroup.size).toBe(6);
    for (const [name, n] of perGroup) expect([3, 4], name).toContain(n);
    expect(threads.filter((t) => t.pinned).map((t) => t.title)).toEqual(["ES farmācijas tiesību aktu pakete: klastera kopīgā pozīcija"]);
    expect(threads.filter((t) => t.locked).map((t) => t.title)).toEqual(["WHX Dubai 2025: pieredze un secinājumi"]);

    const posts = await db()
      .selectFrom("post as p")
      .innerJoin("thread as t", "t.id", "p.thread_id")
      .select(["p.id", "p.thread_id", "p.seq", "p.author_id", "p.body_md", "p.body_html", "p.created_at", "p.hidden_at", "p.hidden_by", "p.deleted_at", "t.subject_id"])
      .where("t.subject_type", "=", "group")
      .orderBy("p.seq")
      .execute();
    const members = await db().selectFrom("working_group_member").select(["group_id", "person_id", "role"]).execute();
    const isMember = new Set(members.map((m) => `${m.group_id}|${m.person_id}`));
    const handles = new Map((await db().selectFrom("person").select(["handle"]).execute()).map((p) => [p.handle, true]));
    for (const t of threads) {
      const own = posts.filter((p) => p.thread_id === t.id);
      expect(own.length, t.title).toBeGreaterThanOrEqual(5);
      expect(own.length, t.title).toBeLessThanOrEqual(30);
      // gap-free seq, counters as insertPost and setPostHidden leave them
      expect(own.map((p) => p.seq)).toEqual(own.map((_, i) => i + 1));
      expect(t.last_seq).toBe(own.length);
      expect(t.post_count).toBe(own.filter((p) => !p.hidden_at && !p.deleted_at).length);
      expect(t.last_post_at.getTime()).toBe(own.at(-1)!.created_at.getTime());
      expect(t.created_at.getTime()).toBe(own[0].created_at.getTime());
      expect(t.created_by).toBe(own[0].author_id);
      for (let i = 1; i < own.length; i++) expect(own[i].created_at.getTime(), `${t.title} #${i + 1}`).toBeGreaterThan(own[i - 1].created_at.getTime());
      expect(own.at(-1)!.created_at.getTime()).toBeLessThan(NOW.getTime());
      for (const p of own) {
        expect(isMember.has(`${t.subject_id}|${p.author_id}`), `${t.title} #${p.seq}`).toBe(true);
        // the HTML is what renderMarkdown makes of the source with its resolved mentions
        const mentioned = [...p.body_md.matchAll(/@([a-z0-9]+(?:[._-][a-z0-9]+)*)/g)].map((m) => m[1]).filter((h) => handles.has(h));
        expect(p.body_html).toBe(renderMarkdown(p.body_md, new Set(mentioned)));
        expect(p.body_md).not.toMatch(/@\{/);
      }
    }
    expect(posts.filter((p) => p.body_html.includes('<span class="mention">')).length).toBeGreaterThanOrEqual(10);
    // Latvian and English posts
    expect(posts.filter((p) => /[āēīūčšžģķļņ]/i.test(p.body_md)).length).toBeGreaterThan(posts.length / 2);
    expect(posts.filter((p) => /\b(the|and|we)\b/.test(p.body_md) && !/[āēīūčšž]/i.test(p.body_md)).length).toBeGreaterThanOrEqual(15);

    // one hidden post, hidden by a lead of its group
    const hidden = posts.filter((p) => p.hidden_at);
    expect(hidden).toHaveLength(1);
    expect(members.find((m) => m.group_id === hidden[0].subject_id && m.person_id === hidden[0].hidden_by)?.role).toBe("lead");
    expect(await db().selectFrom("post").select("id").where("deleted_at", "is not", null).execute()).toEqual([]);
    expect(posts.length).toBe(GROUPS.reduce((n, g) => n + g.threads.reduce((k, t) => k + t.posts.length, 0), 0));
  });

  it("leave the demo logins something to do: unread posts, mentions, a join request and an invitation", async () => {
    const P = seed.people;
    const unread = await sql<{ person_id: string; threads: number; posts: number }>`
      select m.person_id, count(*)::int as threads, sum(t.last_seq - coalesce(r.last_read_seq, 0))::int as posts
      from working_group_member m
      join thread t on t.subject_type = 'group' and t.subject_id = m.group_id
      left join thread_read r on r.thread_id = t.id and r.person_id = m.person_id
      where t.last_seq > coalesce(r.last_read_seq, 0)
      group by m.person_id`.execute(db());
    const of = (id: string) => unread.rows.find((r) => r.person_id === id);
    for (const k of ["DEMO_ADMIN", "DEMO_ORGANISER", "DEMO_MEMBER"]) expect(of(P[k])?.threads, k).toBeGreaterThanOrEqual(1);
    expect(of(P.DEMO_MEMBER)!.threads).toBeGreaterThanOrEqual(3);
    // read positions never run ahead of the thread
    const ahead = await sql<{ n: number }>`select count(*)::int as n from thread_read r join thread t on t.id = r.thread_id where r.last_read_seq > t.last_seq`.execute(db());
    expect(ahead.rows[0].n).toBe(0);

    const notes = await db().selectFrom("notification").select(["person_id", "kind", "dedupe_key", "read_at", "payload"]).execute();
    for (const k of ["DEMO_ADMIN", "DEMO_ORGANISER", "DEMO_MEMBER"]) {
      expect(notes.filter((n) => n.person_id === P[k] && n.kind === "mention" && n.read_at === null).length, k).toBeGreaterThanOrEqual(1);
    }
    // every mention notification points at a post that mentions that person
    const mentionIds = notes.filter((n) => n.kind === "mention").map((n) => n.dedupe_key!.slice("mention:".length));
    const mentionPosts = await db().selectFrom("post").select(["id", "body_md"]).where("id", "in", mentionIds).execute();
    const handle = new Map((await db().selectFrom("person").select(["id", "handle"]).execute()).map((p) => [p.id, p.handle]));
    for (const n of notes.filter((x) => x.kind === "mention")) {
      const post = mentionPosts.find((p) => `mention:${p.id}` === n.dedupe_key)!;
      expect(post.body_md).toContain(`@${handle.get(n.person_id)}`);
      const payload = (typeof n.payload === "string" ? JSON.parse(n.payload) : n.payload) as { href: string };
      expect(payload.href).toBe(`/posts/${post.id}`);
    }

    // the pending request waits for WG2's leads, the demo organiser among them
    const wg2 = await groupBySlug("eksporta-tirgi");
    const requests = await db().selectFrom("working_group_request").selectAll().where("status", "=", "pending").execute();
    expect(requests.map((r) => [r.group_id, r.person_id])).toEqual([[wg2.id, P.P17]]);
    expect(
      notes
        .filter((n) => n.kind === "group_request" && n.read_at === null)
        .map((n) => n.person_id)
        .sort(),
    ).toEqual([P.P04, P.P20, P.DEMO_ORGANISER].sort());
    // and the demo member has an invitation to Digitalisation
    const invites = await db().selectFrom("working_group_invite").selectAll().where("accepted_at", "is", null).execute();
    expect(invites.map((i) => i.person_id)).toEqual([P.DEMO_MEMBER]);
    expect(notes.some((n) => n.person_id === P.DEMO_MEMBER && n.kind === "group_invite" && n.read_at === null)).toBe(true);
  });

  it("host events: E2 is WG1's meeting for its members", async () => {
    const wg1 = await groupBySlug("zalu-registracija");
    const e2 = await db().selectFrom("event").selectAll().where("slug", "=", "registracijas-darba-grupas-sanaksme").executeTakeFirstOrThrow();
    expect(e2).toMatchObject({ host_group_id: wg1.id, visibility: "group_members" });
    const hosted = await db().selectFrom("event").select(["slug", "host_group_id"]).where("host_group_id", "is not", null).execute();
    expect(hosted.length).toBeGreaterThanOrEqual(4);
    // everyone who answered or was invited is a member of WG1
    const attendance = await db().selectFrom("event_attendance").select("person_id").where("event_id", "=", e2.id).execute();
    const wg1Members = new Set((await db().selectFrom("working_group_member").select("person_id").where("group_id", "=", wg1.id).execute()).map((m) => m.person_id));
    for (const a of attendance) expect(wg1Members.has(a.person_id!)).toBe(true);
  });
});

describe("first start through the app", () => {
  it("the demo member sees six groups with discussions, unread topics and the mention", async () => {
    const member = await clientFor(server, seed.people.DEMO_MEMBER);
    const list = await member.get("/groups?lang=en");
    expect(list.status).toBe(200);
    const html = await list.text();
    for (const g of GROUPS) expect(html).toContain(g.slug);

    const wg1 = await member.get("/groups/zalu-registracija");
    expect(wg1.status).toBe(200);
    const page = await wg1.text();
    expect(page).toContain("ES farmācijas tiesību aktu pakete: klastera kopīgā pozīcija");
    const badges = [...page.matchAll(/data-unread="(\d+)"/g)].map((m) => Number(m[1]));
    expect(badges.length).toBeGreaterThanOrEqual(1);
    expect(badges.every((n) => n > 0)).toBe(true);
    // the group's own meeting is on its page and visible to its member
    expect(page).toContain("registracijas-darba-grupas-sanaksme");
    expect((await member.get("/events/registracijas-darba-grupas-sanaksme")).status).toBe(200);

    // the private quality group is hers to see; the mention there is in her notifications
    expect((await member.get("/groups/kvalitate-gmp-gdp")).status).toBe(200);
    const notes = await (await member.get("/notifications")).text();
    expect(notes).toContain("Kopīgā piegādātāju audita shēma 2026");
  });

  it("the private group and the members-only meeting stay hidden from others; the demo organiser sees the join request", async () => {
    const outsider = await clientFor(server, seed.people.P28); // RMU career centre: in WG4 only
    expect((await outsider.get("/groups/kvalitate-gmp-gdp")).status).toBe(404);
    expect((await outsider.get("/events/registracijas-darba-grupas-sanaksme")).status).toBe(404);
    expect((await outsider.get("/groups/zalu-registracija")).status).toBe(200); // public

    const organiser = await clientFor(server, seed.people.DEMO_ORGANISER);
    const wg2 = await (await organiser.get("/groups/eksporta-tirgi")).text();
    expect(wg2).toContain("Agnese Balode");
    expect(wg2).toContain('id="requests"');
  });
});
