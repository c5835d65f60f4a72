import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type HttpClient, type TestServer } from "./helpers/server";
import { addMember, createGroupRow, personWithClient, postsOf, startTopic } from "./helpers/groups";
import { insertEvent } from "./helpers/events";
import { apply, createCampaign, decide, expectOk, orgWithPeople, participantId, setStatus } from "./helpers/campaigns";
import { poolIdFrom, postRequest, requestForm, shipper } from "./helpers/logistics";
import { SUBJECTS } from "../app/modules/threads/subjects.server";

// The one thread section (app/modules/threads/section.server.ts) through the real HTTP routes of the four pages that
// host a discussion: a group topic, an event's discussion, a campaign page and a pool page. Each subject has someone
// who may post (not moderate), a moderator, and an outsider who may not know the subject exists.

let server: TestServer;
const db = () => server.open.db;

interface Subject {
  name: string;
  /** The page that hosts the thread (forms post here, redirects come back here). */
  path: string;
  threadId: string;
  poster: HttpClient;
  moderator: HttpClient;
  outsider: HttpClient;
}
const subjects: Subject[] = [];
/** A cluster admin (moderates everywhere) and a post in a thread that is none of the four. */
let admin: HttpClient;
let foreignPostId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = (await personWithClient(server, { cluster_role: "admin" })).client;

  // A private group: a lead (moderates) and a member; outsiders get 404.
  const lead = await personWithClient(server);
  const member = await personWithClient(server);
  const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: "private" });
  await addMember(db(), g.id, member.person.id);
  const topic = await startTopic(lead.client, g.slug, "Tēma", "Pirmais ieraksts");
  const other = await startTopic(lead.client, g.slug, "Cita tēma", "Ieraksts citā tēmā");
  foreignPostId = (await postsOf(db(), other))[0].id;
  subjects.push({ name: "group", path: `/groups/${g.slug}/threads/${topic}`, threadId: topic, poster: member.client, moderator: lead.client, outsider: (await personWithClient(server)).client });

  // An event for a group's members: its creator moderates, the host group's member posts.
  const organiser = await personWithClient(server, { cluster_role: "organiser" });
  const host = await createGroupRow(db(), { leadId: organiser.person.id, visibility: "private" });
  const attendee = await personWithClient(server);
  await addMember(db(), host.id, attendee.person.id);
  const ev = await insertEvent(db(), { createdBy: organiser.person.id, visibility: "group_members", hostGroupId: host.id });
  const evThread = await db().selectFrom("thread").select("id").where("subject_type", "=", "event").where("subject_id", "=", ev.id).executeTakeFirstOrThrow();
  subjects.push({
    name: "event",
    path: `/events/${ev.slug}/discussion`,
    threadId: evThread.id,
    poster: attendee.client,
    moderator: organiser.client,
    outsider: (await personWithClient(server)).client,
  });

  // A campaign: the coordinator moderates, an accepted organisation's member posts, another organisation is outside.
  const coordinator = await personWithClient(server, { cluster_role: "organiser" });
  const c = await createCampaign(server, coordinator.client);
  await expectOk(await setStatus(coordinator.client, c.slug, "recruiting"));
  const A = await orgWithPeople(server, { name: "Alfa Thread" });
  await expectOk(await apply(A.admin.client, c.slug));
  await expectOk(await decide(coordinator.client, c.slug, await participantId(db(), c.id, A.org.id), "accept"));
  const C = await orgWithPeople(server, { name: "Charlie Thread" });
  subjects.push({ name: "campaign", path: `/campaigns/${c.slug}`, threadId: c.threadId, poster: A.member.client, moderator: coordinator.client, outsider: C.member.client });

  // A pool of two organisations' requests: the proposer's organisation coordinates (moderates), the other posts.
  const a = await shipper(server);
  const b = await shipper(server);
  const aId = await postRequest(a.client, requestForm(52));
  const bId = await postRequest(b.client, requestForm(52, { units: "4" }));
  const poolId = poolIdFrom(await a.client.post(`/logistics/requests/${aId}`, { intent: "propose", with: bId }));
  await expectOk(await b.client.post(`/logistics/pools/${poolId}`, { intent: "accept", requestId: bId }));
  const poolThread = await db().selectFrom("thread").select("id").where("subject_type", "=", "pool").where("subject_id", "=", poolId).executeTakeFirstOrThrow();
  subjects.push({ name: "pool", path: `/logistics/pools/${poolId}`, threadId: poolThread.id, poster: b.client, moderator: a.client, outsider: (await shipper(server)).client });
});

afterAll(async () => {
  await server?.close();
});

const lastSeq = async (threadId: string) => (await db().selectFrom("thread").select("last_seq").where("id", "=", threadId).executeTakeFirstOrThrow()).last_seq;
const subject = (name: string) => subjects.find((s) => s.name === name)!;
const NAMES = ["group", "event", "campaign", "pool"];

describe.each(NAMES)("the thread section on the %s page", (name) => {
  it("renders the section with its live layer, and a reply without JavaScript redirects to the post", async () => {
    const s = subject(name);
    const page = await s.poster.get(s.path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`data-thread-id="${s.threadId}"`);
    expect(html).toContain('class="live-activity"');
    expect(html).toContain('name="section" value="thread"');

    const res = await s.poster.post(s.path, { section: "thread", intent: "reply", body: `Atbilde no ${name}`, clientId: `section-${name}-1` });
    expect(res.status).toBe(302);
    const seq = await lastSeq(s.threadId);
    expect(res.headers.get("location")).toBe(`${s.path}#p${seq}`);
    expect((await postsOf(db(), s.threadId)).at(-1)!.body_md).toBe(`Atbilde no ${name}`);
  });

  it("answers an unknown intent with 400 and its message, and stores nothing", async () => {
    const s = subject(name);
    const before = await lastSeq(s.threadId);
    const res = await s.poster.post(s.path, { section: "thread", intent: "frobnicate", body: "x" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This action is not known here. Reload the page and try again.");
    expect(await lastSeq(s.threadId)).toBe(before);
  });

  it("keeps the text and shows the reason next to the field when a reply is refused", async () => {
    const s = subject(name);
    const res = await s.poster.post(s.path, { section: "thread", intent: "reply", body: "ā".repeat(20_001) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("A post can be at most 20,000 characters (this one has 20,001).");
  });

  it("lets only the moderator lock the thread; a locked thread refuses replies with 403 and its reason", async () => {
    const s = subject(name);
    const notMod = await s.poster.post(s.path, { section: "thread", intent: "lock" });
    expect(notMod.status).toBe(403);
    expect(await notMod.text()).toContain("Only the moderators of this conversation can do this.");
    expect((await s.moderator.post(s.path, { section: "thread", intent: "lock" })).status).toBe(302);
    const before = await lastSeq(s.threadId);
    const refused = await s.poster.post(s.path, { section: "thread", intent: "reply", body: "Vai vēl var?" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This topic is locked.");
    expect(await lastSeq(s.threadId)).toBe(before);
    expect((await s.moderator.post(s.path, { section: "thread", intent: "unlock" })).status).toBe(302);
    expect((await s.poster.post(s.path, { section: "thread", intent: "reply", body: "Atkal atvērts." })).status).toBe(302);
  });

  it("edits one's own post and lets the moderator hide it; a post of another thread is 404 here, even for an admin", async () => {
    const s = subject(name);
    await expectOk(await s.poster.post(s.path, { section: "thread", intent: "reply", body: "Labošanai" }));
    const mine = (await postsOf(db(), s.threadId)).at(-1)!;
    const edit = await s.poster.post(s.path, { section: "thread", intent: "edit", postId: mine.id, body: "Labots" });
    expect(edit.status).toBe(302);
    expect(edit.headers.get("location")).toBe(`${s.path}#p${mine.seq}`);
    expect((await db().selectFrom("post").select("body_md").where("id", "=", mine.id).executeTakeFirstOrThrow()).body_md).toBe("Labots");
    expect((await s.moderator.post(s.path, { section: "thread", intent: "hide", postId: mine.id })).status).toBe(302);
    expect((await db().selectFrom("post").select("hidden_at").where("id", "=", mine.id).executeTakeFirstOrThrow()).hidden_at).not.toBeNull();

    expect((await admin.post(s.path, { section: "thread", intent: "hide", postId: foreignPostId })).status).toBe(404);
    expect((await admin.post(s.path, { section: "thread", intent: "edit", postId: foreignPostId, body: "x" })).status).toBe(404);
    expect((await db().selectFrom("post").select("hidden_at").where("id", "=", foreignPostId).executeTakeFirstOrThrow()).hidden_at).toBeNull();
  });

  it("is 404 for an outsider: the page (a campaign's public page without its discussion), a reply and moderation", async () => {
    const s = subject(name);
    const page = await s.outsider.get(s.path);
    if (name === "campaign") {
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain(`data-thread-id="${s.threadId}"`);
    } else expect(page.status).toBe(404);
    expect((await s.outsider.post(s.path, { section: "thread", intent: "reply", body: "Vai drīkst?" })).status).toBe(404);
    expect((await s.outsider.post(s.path, { section: "thread", intent: "lock" })).status).toBe(404);
    expect((await s.outsider.get(`/threads/${s.threadId}/posts?after=0`)).status).toBe(404);
  });
});

describe("who may post is the policy's rule for each subject", () => {
  it("an event's discussion is read-only once the event is cancelled (event.discuss)", async () => {
    const s = subject("event");
    const { subject_id } = await db().selectFrom("thread").select("subject_id").where("id", "=", s.threadId).executeTakeFirstOrThrow();
    await db().updateTable("event").set({ status: "cancelled" }).where("id", "=", subject_id).execute();
    const res = await s.poster.post(s.path, { section: "thread", intent: "reply", body: "Vai notiks?" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You cannot post in this discussion.");
    await db().updateTable("event").set({ status: "published" }).where("id", "=", subject_id).execute();
  });

  it("a campaign's discussion is read-only once the campaign is closed (campaign.discuss)", async () => {
    const s = subject("campaign");
    const { subject_id } = await db().selectFrom("thread").select("subject_id").where("id", "=", s.threadId).executeTakeFirstOrThrow();
    await db().updateTable("campaign").set({ status: "closed" }).where("id", "=", subject_id).execute();
    expect((await s.poster.post(s.path, { section: "thread", intent: "reply", body: "Paldies visiem!" })).status).toBe(403);
    expect(await (await s.poster.get(s.path)).text()).toContain("the discussion can be read but not continued");
    await db().updateTable("campaign").set({ status: "recruiting" }).where("id", "=", subject_id).execute();
  });
});

describe("subjects are a static table", () => {
  it("the database accepts exactly the subject types of SUBJECTS", async () => {
    const r = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'thread_subject_type_check'`.execute(db());
    expect(r.rows).toHaveLength(1);
    const allowed = [...r.rows[0].def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(allowed).toEqual(Object.keys(SUBJECTS).sort());
    const someone = await personWithClient(server);
    await expect(sql`insert into thread (subject_type, subject_id, title, created_by) values ('bogus', gen_random_uuid(), 'x', ${someone.person.id})`.execute(db())).rejects.toThrow(
      /thread_subject_type_check/,
    );
  });
});
