import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode } from "kysely";
import type { Database, ThreadSubjectType } from "../db/schema";
import { startTestServer, type TestServer } from "./helpers/server";
import { createOrg, createPerson } from "./helpers/factories";
import { addMember, clientFor, createGroupRow } from "./helpers/groups";
import { insertEvent } from "./helpers/events";
import { adminUrl } from "./setup/global";
import { createTestDatabase } from "./helpers/db";
import { peopleAsViewers } from "../app/modules/auth/viewers.server";
import { startPage, firstUnreadHref } from "../app/modules/home/start.server";
import { searchKey } from "../app/modules/text";

let server: TestServer;
const db = () => server.open.db;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function viewerOf(id: string) {
  const [v] = await peopleAsViewers(db(), [id]);
  return v;
}

/** A thread of `posts` posts (by `authorId`) in a subject, inserted directly. */
async function topic(subjectType: ThreadSubjectType, subjectId: string, authorId: string, posts: number, title = `Tēma ${crypto.randomBytes(3).toString("hex")}`) {
  const t = await db()
    .insertInto("thread")
    .values({ subject_type: subjectType, subject_id: subjectId, title, created_by: authorId, last_seq: posts, post_count: posts, last_post_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let seq = 1; seq <= posts; seq++)
    await db()
      .insertInto("post")
      .values({ thread_id: t.id, seq, author_id: authorId, body_md: `post ${seq}`, body_html: `<p>post ${seq}</p>` })
      .execute();
  return t.id;
}

async function readUpTo(personId: string, threadId: string, seq: number) {
  await db().insertInto("thread_read").values({ person_id: personId, thread_id: threadId, last_read_seq: seq }).execute();
}

async function campaign(coordinatorId: string, status: "recruiting" | "running" | "draft" = "running") {
  const slug = `c-${crypto.randomBytes(4).toString("hex")}`;
  return db()
    .insertInto("campaign")
    .values({
      slug,
      title_lv: `Kampaņa ${slug}`,
      title_en: `Campaign ${slug}`,
      type: "national_stand",
      starts_on: "2030-03-01",
      ends_on: "2030-03-03",
      application_deadline: "2030-01-01",
      coordinator_id: coordinatorId,
      max_orgs: 10,
      status,
      search_key: searchKey(slug),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe("the member's start page blocks", () => {
  let org: Awaited<ReturnType<typeof createOrg>>;
  let other: Awaited<ReturnType<typeof createOrg>>;
  let me: Awaited<ReturnType<typeof createPerson>>;
  let colleague: Awaited<ReturnType<typeof createPerson>>;
  let outsider: Awaited<ReturnType<typeof createPerson>>;

  beforeAll(async () => {
    org = await createOrg(db(), { name: "Mana Farmācija" });
    other = await createOrg(db(), { name: "Cita Ķīmija" });
    me = await createPerson(db(), { name: "Ilze Sākuma", organisation_id: org.id, locale: "en" });
    colleague = await createPerson(db(), { name: "Pēteris Kolēģis", organisation_id: org.id });
    outsider = await createPerson(db(), { name: "Oskars Ārējais", organisation_id: other.id });
  });

  it("is a new member's empty start: next steps, no blocks with content, no cluster block", async () => {
    const page = await startPage(db(), await viewerOf(me.id));
    expect(page.hints).toEqual({ groups: 0, profileIncomplete: true });
    expect(page.needs.items).toEqual([]);
    expect(page.events.items).toEqual([]);
    expect(page.unread.items).toEqual([]);
    expect(page.activity.items).toEqual([]);
    expect(page.cluster).toBeNull();
  });

  it("shows unread discussions of my groups with count, last author and a jump to the first unread — never an outsider's private group", async () => {
    const mine = await createGroupRow(db(), { leadId: colleague.id, name: "Regulatīvā grupa" });
    await addMember(db(), mine.id, me.id);
    const secret = await createGroupRow(db(), { leadId: outsider.id, visibility: "private", name: "Slepenā grupa" });
    const publicNotMine = await createGroupRow(db(), { leadId: outsider.id, name: "Publiskā svešā grupa" });
    const t1 = await topic("group", mine.id, colleague.id, 60, "GMP audits");
    await readUpTo(me.id, t1, 4);
    const t2 = await topic("group", mine.id, colleague.id, 3, "Read already");
    await readUpTo(me.id, t2, 3);
    await topic("group", secret.id, outsider.id, 5, "Secret plans");
    await topic("group", publicNotMine.id, outsider.id, 5, "Not my group");

    const page = await startPage(db(), await viewerOf(me.id));
    expect(page.unread.items.map((u) => u.title)).toEqual(["GMP audits"]);
    const u = page.unread.items[0];
    expect(u).toMatchObject({ unread: 56, lastAuthor: "Pēteris Kolēģis", subjectType: "group", subject: { lv: "Regulatīvā grupa" } });
    expect(u.href).toBe(`/groups/${mine.slug}/threads/${t1}?before=30#p5`);
    expect(page.unread.threads).toBe(1);
    expect(page.unread.posts).toBe(56);
    // activity: the posts and the colleague's membership; nothing from the private group
    const text = JSON.stringify(page);
    expect(text).not.toContain("Secret plans");
    expect(text).not.toContain("Slepenā grupa");
    expect(text).not.toContain("Not my group");
    expect(page.activity.items.some((a) => a.kind === "post" && a.title === "GMP audits")).toBe(true);
    expect(page.hints.groups).toBe(1);

    // the jump: the page opened at that address shows the first unread post
    const client = await clientFor(server, me.id);
    const res = await client.get(u.href.split("#")[0]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="p5"');
  });

  it("first unread: the latest page when it is on it, else a page positioned on it", () => {
    expect(firstUnreadHref("/x", 0, 10)).toBe("/x#p1");
    expect(firstUnreadHref("/x", 10, 200)).toBe("/x?before=36#p11");
  });

  it("lists my next events with my answer and an .ics link; invitations I must answer; not events I may not see", async () => {
    const grp = await createGroupRow(db(), { leadId: colleague.id, name: "Eksporta grupa" });
    await addMember(db(), grp.id, me.id);
    const hidden = await createGroupRow(db(), { leadId: outsider.id, visibility: "private", name: "Cita slēgtā" });
    const going = await insertEvent(db(), { createdBy: colleague.id, title: "Seminārs par GDP", daysAhead: 3 });
    const invited = await insertEvent(db(), { createdBy: colleague.id, title: "Slēgta sanāksme", daysAhead: 5, visibility: "invitees_only" });
    const ofGroup = await insertEvent(db(), { createdBy: colleague.id, title: "Grupas tikšanās", daysAhead: 7, visibility: "group_members", hostGroupId: grp.id });
    await insertEvent(db(), { createdBy: outsider.id, title: "Svešas grupas tikšanās", daysAhead: 4, visibility: "group_members", hostGroupId: hidden.id });
    await insertEvent(db(), { createdBy: outsider.id, title: "Nav uzaicināts", daysAhead: 4, visibility: "invitees_only" });
    const draft = await insertEvent(db(), { createdBy: outsider.id, title: "Melnraksts", daysAhead: 2, status: "draft" });
    const declined = await insertEvent(db(), { createdBy: colleague.id, title: "Atteikts", daysAhead: 2 });
    await db()
      .insertInto("event_attendance")
      .values([
        { event_id: going.id, person_id: me.id, status: "going", responded_at: new Date() },
        { event_id: invited.id, person_id: me.id, status: "invited", invited_at: new Date(), invited_by: colleague.id },
        // an attendance row for a draft (not visible to me): the rules leave it out
        { event_id: draft.id, person_id: me.id, status: "going" },
        { event_id: declined.id, person_id: me.id, status: "declined" },
      ])
      .execute();
    const page = await startPage(db(), await viewerOf(me.id));
    expect(page.events.items.map((e) => [e.title.lv, e.rsvp])).toEqual([
      ["Seminārs par GDP", "going"],
      ["Slēgta sanāksme", "invited"],
      ["Grupas tikšanās", null],
    ]);
    expect(page.events.items[0].icsHref).toBe(`/events/${going.slug}/calendar.ics`);
    expect(page.needs.items).toContainEqual(expect.objectContaining({ kind: "eventInvite", href: `/events/${invited.slug}` }));
    expect(JSON.stringify(page)).not.toMatch(/Svešas grupas|Nav uzaicināts|Melnraksts|Atteikts/);
    void ofGroup;

    const client = await clientFor(server, me.id);
    const ics = await client.get(page.events.items[0].icsHref);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
  });

  it("what needs me: group invitations, join requests for leads, deliverables of my organisation, applications for the coordinator, pools", async () => {
    const invitedTo = await createGroupRow(db(), { leadId: outsider.id, visibility: "private", name: "Uzaicinājuma grupa" });
    await db().insertInto("working_group_invite").values({ group_id: invitedTo.id, person_id: me.id, invited_by: outsider.id }).execute();
    const excludedFrom = await createGroupRow(db(), { leadId: outsider.id, visibility: "private", name: "Izslēgtā grupa" });
    await db().insertInto("working_group_invite").values({ group_id: excludedFrom.id, organisation_id: org.id, invited_by: outsider.id }).execute();
    await db().insertInto("working_group_exclusion").values({ group_id: excludedFrom.id, person_id: me.id }).execute();

    const led = await createGroupRow(db(), { leadId: me.id, joinPolicy: "request", name: "Manis vadītā" });
    await db().insertInto("working_group_request").values({ group_id: led.id, person_id: outsider.id, competition_ack_at: new Date() }).execute();
    const notLed = await createGroupRow(db(), { leadId: outsider.id, joinPolicy: "request", name: "Citu vadītā" });
    await addMember(db(), notLed.id, me.id);
    await db().insertInto("working_group_request").values({ group_id: notLed.id, person_id: colleague.id, competition_ack_at: new Date() }).execute();

    const c = await campaign(outsider.id);
    await db().insertInto("campaign_participant").values({ campaign_id: c.id, organisation_id: org.id, status: "accepted" }).execute();
    await db()
      .insertInto("campaign_deliverable")
      .values([
        { campaign_id: c.id, title_lv: "Logo un apraksts", title_en: "Logo and blurb", owner_org_id: org.id, due_on: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
        { campaign_id: c.id, title_lv: "Citu nodevums", title_en: "Others' deliverable", owner_org_id: other.id, due_on: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
        { campaign_id: c.id, title_lv: "Tālais nodevums", title_en: "Far deliverable", owner_org_id: org.id, due_on: "2031-01-01" },
      ])
      .execute();
    const coordinated = await campaign(me.id, "recruiting");
    await db().insertInto("campaign_participant").values({ campaign_id: coordinated.id, organisation_id: other.id, status: "applied" }).execute();
    // someone else's campaign with applications: not mine to decide
    const othersCampaign = await campaign(outsider.id, "recruiting");
    await db().insertInto("campaign_participant").values({ campaign_id: othersCampaign.id, organisation_id: other.id, status: "applied" }).execute();

    const page = await startPage(db(), await viewerOf(me.id));
    const kinds = page.needs.items.map((n) => [n.kind, "name" in n ? n.name.lv : "code" in n ? n.code : null, "count" in n ? n.count : null]);
    expect(kinds).toContainEqual(["groupInvite", "Uzaicinājuma grupa", null]);
    expect(kinds).toContainEqual(["joinRequests", "Manis vadītā", 1]);
    expect(kinds).toContainEqual(["deliverable", "Logo un apraksts", null]);
    expect(kinds).toContainEqual(["applications", coordinated.title_lv, 1]);
    const text = JSON.stringify(page.needs);
    expect(text).not.toMatch(/Izslēgtā grupa|Citu vadītā|Citu nodevums|Tālais nodevums/);
    expect(text).not.toContain(othersCampaign.title_lv);
  });

  it("cluster admins see the cluster's pending work; members do not", async () => {
    const admin = await createPerson(db(), { cluster_role: "admin", organisation_id: org.id });
    await createOrg(db(), { status: "pending", name: "Gaidošā SIA" });
    const leaving = await createPerson(db(), { organisation_id: other.id });
    await db().insertInto("erasure_request").values({ person_id: leaving.id }).execute();
    const page = await startPage(db(), await viewerOf(admin.id));
    expect(page.cluster).not.toBeNull();
    expect(page.cluster!.pendingOrgs).toBeGreaterThanOrEqual(1);
    expect(page.cluster!.erasures).toBe(1);
    expect((await startPage(db(), await viewerOf(colleague.id))).cluster).toBeNull();
  });

  it("renders in English and in Latvian, with next steps for a new member", async () => {
    const en = await createPerson(db(), { name: "New Member", locale: "en" });
    const lv = await createPerson(db(), { name: "Jauns Biedrs", locale: "lv" });
    const enHtml = await (await (await clientFor(server, en.id)).get("/")).text();
    expect(enHtml).toContain("Welcome, New Member");
    expect(enHtml).toContain("What needs you");
    expect(enHtml).toContain("Your next events");
    expect(enHtml).toContain("Unread discussions");
    expect(enHtml).toContain("Join a working group");
    expect(enHtml).toContain("Complete your profile");
    expect(enHtml).not.toContain("The cluster&#x27;s pending work");
    const lvHtml = await (await (await clientFor(server, lv.id)).get("/")).text();
    expect(lvHtml).toContain("Sveicināti, Jauns Biedrs");
    expect(lvHtml).toContain("Jūsu uzdevumi");
    expect(lvHtml).toContain("Jūsu nākamie pasākumi");
    expect(lvHtml).toContain("Nelasītas diskusijas");
    expect(lvHtml).toContain("Pievienojieties darba grupai");
    // me (English): the blocks carry my items
    const mine = await (await (await clientFor(server, me.id)).get("/")).text();
    expect(mine).toContain("Seminārs par GDP (EN)");
    expect(mine).toContain("GMP audits");
    expect(mine).not.toContain("Secret plans");
  });

  it("the logged-out home page stays the landing page", async () => {
    const html = await (await server.client().get("/")).text();
    expect(html).toContain('class="landing"');
    expect(html).not.toContain("Unread discussions");
  });
});

/** Collects every query a function runs (query builder and raw sql alike). */
function capture(base: Kysely<Database>) {
  const nodes: { node: RootOperationNode; queryId: { queryId: string } }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      nodes.push({ node: args.node, queryId: args.queryId as { queryId: string } });
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: base.withPlugin(plugin), nodes };
}

function seqScans(plan: unknown, out: string[] = []): string[] {
  if (Array.isArray(plan)) plan.forEach((p) => seqScans(p, out));
  else if (plan && typeof plan === "object") {
    const o = plan as Record<string, unknown>;
    if (o["Node Type"] === "Seq Scan" && typeof o["Relation Name"] === "string") out.push(o["Relation Name"]);
    for (const v of Object.values(o)) if (v && typeof v === "object") seqScans(v, out);
  }
  return out;
}

/** The tables that grow with the cluster's activity (filled below with volumes beyond today's cluster). */
const BIG = ["post", "thread", "thread_read", "event", "event_attendance", "working_group_member", "working_group", "notification"];

describe.skipIf(!adminUrl())("start page query plans (PostgreSQL, realistic volumes)", () => {
  it("uses no sequential scan on the big tables", { timeout: 180_000 }, async () => {
    // its own database, without the server's request time limits (loading the volumes takes longer than a request may)
    const tdb = await createTestDatabase();
    const d = tdb.db;
    try {
      const org = await createOrg(d, { name: "Plan Org" });
      const member = await createPerson(d, { name: "Plan Member", organisation_id: org.id });
      const author = await createPerson(d, { name: "Plan Author", organisation_id: org.id });
      const { sql } = await import("kysely");
      // 3,000 people, 2,000 groups (the member in 50), 40,000 threads, 200,000 posts, 8,000 events (the member at 200),
      // 60,000 attendances, deliverables, invitations and requests of other people.
      await d.connection().execute(async (c) => {
        await sql`set statement_timeout = 0`.execute(c);
        await sql`insert into person (email, name, password_hash, organisation_id, email_verified_at)
        select 'p' || i || '@plan.example', 'Person ' || i, 'x', ${org.id}, now() from generate_series(1, 3000) i`.execute(c);
        await sql`insert into working_group (slug, name_lv, name_en, search_key) select 'pg-' || i, 'Grupa ' || i, 'Group ' || i, 'grupa ' || i from generate_series(1, 2000) i`.execute(c);
        await sql`insert into working_group_member (group_id, person_id, competition_ack_at)
        select g.id, p.id, now() from (select id, row_number() over (order by id) n from working_group where slug like 'pg-%') g
        join (select id, row_number() over (order by id) n from person where email like '%@plan.example') p on p.n % 200 = g.n % 200`.execute(c);
        await sql`insert into working_group_member (group_id, person_id, competition_ack_at) select id, ${member.id}, now() from working_group where slug like 'pg-%' order by slug limit 50`.execute(
          c,
        );
        await sql`insert into thread (subject_type, subject_id, title, created_by, last_seq, post_count, last_post_at)
        select 'group', g.id, 'Thread ' || i, ${author.id}, 5, 5, now() - (i || ' minutes')::interval
        from (select id, row_number() over (order by id) n from working_group where slug like 'pg-%') g join generate_series(1, 20) i on true`.execute(c);
        await sql`insert into post (thread_id, seq, author_id, body_md, body_html) select t.id, s, ${author.id}, 'x', '<p>x</p>' from thread t join generate_series(1, 5) s on true where t.title like 'Thread %'`.execute(
          c,
        );
        await sql`insert into thread_read (person_id, thread_id, last_read_seq)
        select p.id, t.id, 2 from (select id from person where email like '%@plan.example' limit 300) p join (select id from thread limit 100) t on true`.execute(c);
        await sql`insert into event (id, slug, uid, title_lv, title_en, type, starts_at, ends_at, created_by, status)
        select gen_random_uuid(), 'pe-' || i, 'pe-' || i || '@x', 'E ' || i, 'E ' || i, 'seminar', now() + (i || ' hours')::interval, now() + (i || ' hours')::interval + interval '2 hours', ${author.id}, 'published'
        from generate_series(1, 8000) i`.execute(c);
        await sql`insert into event_attendance (event_id, person_id, status)
        select e.id, p.id, 'going' from (select id, row_number() over (order by id) n from event where slug like 'pe-%') e
        join (select id, row_number() over (order by id) n from person where email like '%@plan.example') p on p.n % 400 = e.n % 400`.execute(c);
        await sql`insert into event_attendance (event_id, person_id, status) select id, ${member.id}, 'going' from event where slug like 'pe-%' order by slug limit 200`.execute(c);
        await sql`insert into thread (subject_type, subject_id, title, created_by, last_seq, post_count) select 'event', id, 'Discussion', ${author.id}, 3, 3 from event where slug like 'pe-%'`.execute(
          c,
        );
        await sql`insert into notification (person_id, kind, payload) select p.id, 'mention', '{}' from person p join generate_series(1, 10) i on true`.execute(c);
        await sql`analyze`.execute(c);
      });

      const { db: traced, nodes } = capture(d);
      const viewer = (await peopleAsViewers(d, [member.id]))[0];
      const page = await startPage(traced, viewer);
      expect(page.hints.groups).toBe(50);
      expect(page.unread.threads).toBeGreaterThan(1000);
      expect(nodes.length).toBeGreaterThan(8);
      const found: string[] = [];
      for (const { node, queryId } of nodes) {
        const c = d.getExecutor().compileQuery(node, queryId as never);
        const res = await d.executeQuery<{ "QUERY PLAN": unknown }>(CompiledQuery.raw(`explain (format json) ${c.sql}`, [...c.parameters]));
        for (const rel of seqScans(res.rows[0]["QUERY PLAN"])) if (BIG.includes(rel)) found.push(`${rel}: ${c.sql.slice(0, 160)}`);
      }
      expect(found).toEqual([]);
    } finally {
      await tdb.drop();
    }
  });
});
