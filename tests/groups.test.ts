import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { createOrg, createPerson } from "./helpers/factories";
import { addMember, clientFor, connectSocket, createGroupRow, isMember, joinRoom, personWithClient, postsOf, reply, sleep, startTopic } from "./helpers/groups";
import { listGroups } from "../app/modules/groups/groups.server";
import { loadGroupFacts } from "../app/modules/groups/access.server";
import { can } from "../app/modules/policy/authorize.server";
import { peopleAsViewers } from "../app/modules/auth/viewers.server";

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

async function notifications(personId: string) {
  return db().selectFrom("notification").select(["kind", "payload"]).where("person_id", "=", personId).orderBy("created_at").execute();
}

describe("creating and editing groups", () => {
  it("lets organisers create a group (they become its lead, with the competition-law acknowledgement), not plain members", async () => {
    const { person: organiser, client } = await personWithClient(server, { cluster_role: "organiser" });
    const form = {
      nameLv: "Eksporta tirgu darba grupa",
      nameEn: "Export Markets WG",
      descriptionLv: "Izstāžu kalendārs un **GCC** reģistrācija.",
      descriptionEn: "Fair calendar.",
      // a topic from the vocabulary (twice: kept once) and a new one in both languages
      tags: ["export", "export"],
      tagsNewLv: "Persijas līča valstis (GCC)",
      tagsNewEn: "GCC",
      visibility: "public",
      joinPolicy: "open",
    };
    const noAck = await client.post("/groups/new", form);
    expect(noAck.status).toBe(400);
    expect(await noAck.text()).toContain("groups.error.ackRequired");

    const res = await client.post("/groups/new", { ...form, ack: "yes" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/groups/eksporta-tirgu-darba-grupa");
    const g = await db().selectFrom("working_group").selectAll().where("slug", "=", "eksporta-tirgu-darba-grupa").executeTakeFirstOrThrow();
    expect(g.tags).toEqual(["export", "gcc"]);
    const gcc = await db().selectFrom("vocabulary_term").selectAll().where("kind", "=", "group_topic").where("key", "=", "gcc").executeTakeFirstOrThrow();
    expect(gcc).toMatchObject({ label_lv: "Persijas līča valstis (GCC)", label_en: "GCC", created_by: organiser.id });
    const m = await db().selectFrom("working_group_member").selectAll().where("group_id", "=", g.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ person_id: organiser.id, role: "lead" });
    expect(m.competition_ack_at).toBeInstanceOf(Date);

    const { client: plain } = await personWithClient(server);
    expect((await plain.get("/groups/new")).status).toBe(403);
    expect((await plain.post("/groups/new", { ...form, nameLv: "Cita grupa", ack: "yes" })).status).toBe(403);
  });

  it("refuses a private group that anyone could join, and bad input, with clear messages", async () => {
    const { client } = await personWithClient(server, { cluster_role: "admin" });
    const base = { nameLv: "Slepena grupa", nameEn: "Secret group", ack: "yes" };
    const open = await client.post("/groups/new", { ...base, visibility: "private", joinPolicy: "open" });
    expect(open.status).toBe(400);
    expect(await open.text()).toContain("groups.error.privateInviteOnly");
    const short = await client.post("/groups/new", { ...base, nameLv: "X", visibility: "public", joinPolicy: "open" });
    expect(await short.text()).toContain("groups.error.nameRequired");
    const tags = await client.post("/groups/new", { ...base, tags: ["a", "b", "c", "d", "e", "f", "g", "h", "i"], visibility: "public", joinPolicy: "open" });
    expect(await tags.text()).toContain("groups.error.tagsTooMany");
    const n = await db()
      .selectFrom("working_group")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("name_en", "=", "Secret group")
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(0);
  });

  it("lets only leads and admins edit and archive; an archived group is read-only", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const { person: m, client: memberClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id });
    await addMember(db(), g.id, m.id);
    const tid = await startTopic(memberClient, g.slug, "Temats", "Pirmais ieraksts");
    expect((await memberClient.get(`/groups/${g.slug}/edit`)).status).toBe(403);
    expect((await memberClient.post(`/groups/${g.slug}/edit`, { intent: "archive" })).status).toBe(403);
    expect((await leadClient.post(`/groups/${g.slug}/edit`, { intent: "archive" })).status).toBe(302);
    const archived = await db().selectFrom("working_group").select("archived_at").where("id", "=", g.id).executeTakeFirstOrThrow();
    expect(archived.archived_at).not.toBeNull();
    // Read-only: still readable, no new posts or topics.
    expect((await memberClient.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(200);
    expect((await reply(memberClient, g.slug, tid, "vēl")).status).toBe(403);
    const newTopic = await memberClient.get(`/groups/${g.slug}/threads/new`);
    expect(newTopic.status).toBe(409);
    expect(await newTopic.text()).toContain("policy.group.archived");
    const { client: outsider } = await personWithClient(server);
    const join = await outsider.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" });
    expect(join.status).toBe(409);
    expect(await join.text()).toContain("policy.group.archived");
  });
});

describe("@handles", () => {
  it("gives every new person a unique handle from the name, transliterated from Latvian", async () => {
    const a = await createPerson(db(), { name: "Ēriks Ķēniņš-Ūdris" });
    const b = await createPerson(db(), { name: "ĒRIKS ĶĒNIŅŠ ŪDRIS" });
    const c = await createPerson(db(), { name: "Сергей" });
    const rows = await db().selectFrom("person").select(["id", "handle"]).where("id", "in", [a.id, b.id, c.id]).execute();
    const h = Object.fromEntries(rows.map((r) => [r.id, r.handle]));
    expect(h[a.id]).toBe("eriks.kenins.udris");
    expect(h[b.id]).toBe("eriks.kenins.udris2");
    expect(h[c.id]).toMatch(/^member\d*$/);
  });
});

describe("join policies", () => {
  it("open: one click with the acknowledgement; refused without it", async () => {
    const { person: lead } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, joinPolicy: "open" });
    const { person: p, client } = await personWithClient(server);
    const noAck = await client.post(`/groups/${g.slug}`, { intent: "join" });
    expect(noAck.status).toBe(400);
    expect(await noAck.text()).toContain("groups.error.ackRequired");
    expect(await isMember(db(), g.id, p.id)).toBe(false);
    const res = await client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" });
    expect(res.status).toBe(302);
    const m = await db().selectFrom("working_group_member").selectAll().where("group_id", "=", g.id).where("person_id", "=", p.id).executeTakeFirstOrThrow();
    expect(m.role).toBe("member");
    expect(m.competition_ack_at).toBeInstanceOf(Date);
  });

  it("request: a lead approves; the requester is told in-app and by email; a non-lead cannot decide", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const { person: other, client: otherClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, joinPolicy: "request" });
    await addMember(db(), g.id, other.id);
    const { person: p, client } = await personWithClient(server, { name: "Jānis Bērziņš" });
    // Direct join is refused for a request-only group.
    const direct = await client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" });
    expect(direct.status).toBe(403);
    expect(await client.post(`/groups/${g.slug}`, { intent: "request" }).then((r) => r.status)).toBe(400);
    expect((await client.post(`/groups/${g.slug}`, { intent: "request", ack: "yes" })).status).toBe(302);
    expect(await isMember(db(), g.id, p.id)).toBe(false);
    const req = await db().selectFrom("working_group_request").selectAll().where("group_id", "=", g.id).executeTakeFirstOrThrow();
    expect(req.status).toBe("pending");
    // The lead is told in-app, and sees the request on the group page.
    expect((await notifications(lead.id)).map((n) => n.kind)).toContain("group_request");
    expect(await (await leadClient.get(`/groups/${g.slug}`)).text()).toContain("Jānis Bērziņš");
    // A plain member may not decide.
    expect((await otherClient.post(`/groups/${g.slug}`, { intent: "approve", requestId: req.id })).status).toBe(403);
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "approve", requestId: req.id })).status).toBe(302);
    expect(await isMember(db(), g.id, p.id)).toBe(true);
    expect((await notifications(p.id)).map((n) => n.kind)).toContain("group_request_approved");
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email));
    expect(mail.parsed.subject).toContain(g.name_en);
    expect(mail.parsed.text).toContain(`/groups/${g.slug}`);
    // Deciding twice is refused.
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "decline", requestId: req.id })).status).toBe(400);
  });

  it("request: a declined requester is told and does not get in", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, joinPolicy: "request" });
    const { person: p, client } = await personWithClient(server, { locale: "lv" });
    await client.post(`/groups/${g.slug}`, { intent: "request", ack: "yes" });
    const req = await db().selectFrom("working_group_request").select("id").where("group_id", "=", g.id).executeTakeFirstOrThrow();
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "decline", requestId: req.id })).status).toBe(302);
    expect(await isMember(db(), g.id, p.id)).toBe(false);
    expect((await notifications(p.id)).map((n) => n.kind)).toContain("group_request_declined");
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email));
    expect(mail.parsed.subject).toBe(`Jūsu pieteikums dalībai grupā „${g.name_lv}”`);
  });

  it("invite-only: a lead invites a person (by @handle), who is told and may then join; others may not", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private", joinPolicy: "invite" });
    const { person: invitee, client } = await personWithClient(server, { name: "Līga Ābele" });
    const { client: stranger } = await personWithClient(server);
    const handle = (await db().selectFrom("person").select("handle").where("id", "=", invitee.id).executeTakeFirstOrThrow()).handle!;
    expect(handle).toMatch(/^liga\.abele\d*$/);
    // Before the invitation the private group does not exist for them.
    expect((await client.get(`/groups/${g.slug}`)).status).toBe(404);
    expect((await client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(404);
    const unknown = await leadClient.post(`/groups/${g.slug}`, { intent: "invitePerson", who: "@nobody.here" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("groups.error.personUnknown");
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "invitePerson", who: `@${handle}` })).status).toBe(302);
    expect((await notifications(invitee.id)).map((n) => n.kind)).toContain("group_invite");
    await sink.waitFor((m) => m.envelopeTo.includes(invitee.email));
    // The invitee now sees the group's name and the invitation, not its discussions.
    const page = await (await client.get(`/groups/${g.slug}`)).text();
    expect(page).toContain(g.name_en);
    expect(page).toContain("Accept the invitation and join");
    expect(page).not.toContain('id="threads"');
    expect((await stranger.get(`/groups/${g.slug}`)).status).toBe(404);
    expect((await client.post(`/groups/${g.slug}`, { intent: "join" })).status).toBe(400);
    expect((await client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    expect(await isMember(db(), g.id, invitee.id)).toBe(true);
    const inv = await db().selectFrom("working_group_invite").select("accepted_at").where("group_id", "=", g.id).executeTakeFirstOrThrow();
    expect(inv.accepted_at).not.toBeNull();
  });

  it("invite-only: inviting an organisation lets each of its approved people join, nobody else", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private", joinPolicy: "invite" });
    const org = await createOrg(db(), { name: "Olaines Farmācija" });
    const a = await personWithClient(server, { organisation_id: org.id });
    const b = await personWithClient(server, { organisation_id: org.id });
    const pending = await createPerson(db(), { organisation_id: org.id, membership_status: "pending" });
    const outsider = await personWithClient(server);
    const bad = await leadClient.post(`/groups/${g.slug}`, { intent: "inviteOrg", orgId: "not-a-uuid" });
    expect(bad.status).toBe(400);
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "inviteOrg", orgId: org.id })).status).toBe(302);
    // Its approved people are told in-app; a person still waiting for approval is not.
    expect((await notifications(a.person.id)).map((n) => n.kind)).toContain("group_invite");
    expect((await notifications(pending.id)).length).toBe(0);
    expect((await a.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    expect((await b.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    expect((await outsider.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(404);
    expect(await isMember(db(), g.id, a.person.id)).toBe(true);
    expect(await isMember(db(), g.id, b.person.id)).toBe(true);
    expect(await isMember(db(), g.id, outsider.person.id)).toBe(false);
  });
});

describe("leaving and removal", () => {
  it("leaving a private group ends access at once: group, thread and catch-up are 404 afterwards", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const { person: m, client } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    await addMember(db(), g.id, m.id);
    const tid = await startTopic(leadClient, g.slug, "Slēgta tēma", "Tikai dalībniekiem");
    expect((await client.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(200);
    const res = await client.post(`/groups/${g.slug}`, { intent: "leave" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/groups?left=1");
    expect((await client.get(`/groups/${g.slug}`)).status).toBe(404);
    expect((await client.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(404);
    expect((await client.get(`/threads/${tid}/posts?after=0`)).status).toBe(404);
    expect((await reply(client, g.slug, tid, "vēl viens")).status).toBe(404);
  });

  it("a lead removes a member: access ends at once; a plain member cannot remove anyone", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const a = await personWithClient(server);
    const b = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    await addMember(db(), g.id, a.person.id);
    await addMember(db(), g.id, b.person.id);
    const tid = await startTopic(leadClient, g.slug, "Tēma", "Teksts");
    expect((await b.client.post(`/groups/${g.slug}`, { intent: "remove", personId: a.person.id })).status).toBe(403);
    expect(await isMember(db(), g.id, a.person.id)).toBe(true);
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "remove", personId: a.person.id })).status).toBe(302);
    expect(await isMember(db(), g.id, a.person.id)).toBe(false);
    expect((await a.client.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(404);
    expect((await a.client.get(`/threads/${tid}/posts?after=0`)).status).toBe(404);
  });

  it("removal sticks when the person's organisation was invited: no rejoin, no page, no later post over HTTP or a socket room; a lead lets them back in", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const other = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private", name: "Izslēgšanas grupa" });
    await addMember(db(), g.id, other.person.id);
    const org = await createOrg(db(), { name: "Grindeks Tests" });
    const a = await personWithClient(server, { organisation_id: org.id, name: "Anna Kalniņa" });
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "inviteOrg", orgId: org.id })).status).toBe(302);
    expect((await a.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    const tid = await startTopic(leadClient, g.slug, "Slēgta tēma", "pirms");
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "remove", personId: a.person.id })).status).toBe(302);
    expect((await reply(leadClient, g.slug, tid, "Pēc noņemšanas rakstīts noslēpums")).status).toBe(302);
    const after = (await postsOf(db(), tid)).at(-1)!;

    // The organisation's invitation is still open, yet it does not let them back: the group is gone for them.
    const rejoin = await a.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" });
    expect(rejoin.status).toBe(404);
    expect((await a.client.post(`/groups/${g.slug}`, { intent: "request", ack: "yes" })).status).toBe(404);
    expect(await isMember(db(), g.id, a.person.id)).toBe(false);
    for (const path of [`/groups/${g.slug}`, `/groups/${g.slug}/threads/${tid}`, `/threads/${tid}/posts?after=0`, `/posts/${after.id}`]) {
      const res = await a.client.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain("noslēpums");
    }
    expect(await (await a.client.get("/groups")).text()).not.toContain("Izslēgšanas grupa");
    const socket = await connectSocket(server, a.client);
    try {
      const got: unknown[] = [];
      socket.on("post:new", (p) => got.push(p));
      expect(await joinRoom(socket, "thread", tid)).toEqual({ ok: false, error: "not_found" });
      await reply(leadClient, g.slug, tid, "vēl viens noslēpums");
      await sleep(300);
      expect(got).toHaveLength(0);
    } finally {
      socket.disconnect();
    }

    // The lead sees who was removed; a plain member cannot let them back, the lead can.
    const manage = await (await leadClient.get(`/groups/${g.slug}`)).text();
    expect(manage).toContain('id="removed"');
    expect(manage).toContain("Anna Kalniņa");
    expect((await other.client.post(`/groups/${g.slug}`, { intent: "liftExclusion", personId: a.person.id })).status).toBe(403);
    const bad = await leadClient.post(`/groups/${g.slug}`, { intent: "liftExclusion", personId: other.person.id });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("groups.error.notExcluded");
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "liftExclusion", personId: a.person.id })).status).toBe(302);
    expect(await (await leadClient.get(`/groups/${g.slug}`)).text()).not.toContain('id="removed"');
    expect(await (await a.client.get(`/groups/${g.slug}`)).text()).toContain("Accept the invitation and join");
    expect((await a.client.post(`/groups/${g.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    expect(await (await a.client.get(`/groups/${g.slug}/threads/${tid}`)).text()).toContain("Pēc noņemšanas rakstīts noslēpums");
  });

  it("removal also blocks one-click joins of an open group and requests (with a message); inviting the person by name lets them back", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const m = await personWithClient(server, { locale: "lv" });
    const open = await createGroupRow(db(), { leadId: lead.id, joinPolicy: "open" });
    const onRequest = await createGroupRow(db(), { leadId: lead.id, joinPolicy: "request" });
    const closed = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    for (const g of [open, onRequest, closed]) {
      await addMember(db(), g.id, m.person.id);
      expect((await leadClient.post(`/groups/${g.slug}`, { intent: "remove", personId: m.person.id })).status).toBe(302);
    }
    // A public group stays readable (every member may read it) but cannot be rejoined.
    const page = await m.client.get(`/groups/${open.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Grupas vadība jūs noņēma no šīs grupas.");
    const join = await m.client.post(`/groups/${open.slug}`, { intent: "join", ack: "yes" });
    expect(join.status).toBe(403);
    expect(await join.text()).toContain("policy.group.excluded");
    const request = await m.client.post(`/groups/${onRequest.slug}`, { intent: "request", ack: "yes" });
    expect(request.status).toBe(403);
    expect(await request.text()).toContain("policy.group.excluded");
    expect(await db().selectFrom("working_group_request").select("id").where("person_id", "=", m.person.id).where("status", "=", "pending").execute()).toEqual([]);
    for (const g of [open, onRequest]) expect(await isMember(db(), g.id, m.person.id)).toBe(false);
    // An explicit invitation by name is the lead's other way to let them back.
    expect((await m.client.post(`/groups/${closed.slug}`, { intent: "join", ack: "yes" })).status).toBe(404);
    expect((await leadClient.post(`/groups/${closed.slug}`, { intent: "invitePerson", who: m.person.email })).status).toBe(302);
    expect((await m.client.post(`/groups/${closed.slug}`, { intent: "join", ack: "yes" })).status).toBe(302);
    expect(await isMember(db(), closed.id, m.person.id)).toBe(true);
  });

  it("the only lead must hand the lead over before leaving; transfer makes the other member lead", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const m = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id });
    await addMember(db(), g.id, m.person.id);
    const refused = await leadClient.post(`/groups/${g.slug}`, { intent: "leave" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("groups.error.lastLead");
    expect((await m.client.post(`/groups/${g.slug}`, { intent: "transferLead", personId: m.person.id })).status).toBe(403);
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "transferLead", personId: m.person.id })).status).toBe(302);
    const roles = await db().selectFrom("working_group_member").select(["person_id", "role"]).where("group_id", "=", g.id).execute();
    expect(Object.fromEntries(roles.map((r) => [r.person_id, r.role]))).toEqual({ [lead.id]: "member", [m.person.id]: "lead" });
    expect((await leadClient.post(`/groups/${g.slug}`, { intent: "leave" })).status).toBe(302);
    expect(await isMember(db(), g.id, lead.id)).toBe(false);
  });
});

describe("private groups and the list", () => {
  it("outsiders get 404 for a private group, its threads, posts, history and catch-up; cluster admins see it", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private", name: "Slepenā grupa" });
    const tid = await startTopic(leadClient, g.slug, "Slepena tēma", "Slepens teksts");
    const post = await db().selectFrom("post").select("id").where("thread_id", "=", tid).executeTakeFirstOrThrow();
    const { client: outsider } = await personWithClient(server);
    for (const path of [
      `/groups/${g.slug}`,
      `/groups/${g.slug}/threads/${tid}`,
      `/groups/${g.slug}/threads/new`,
      `/groups/${g.slug}/edit`,
      `/threads/${tid}/posts?after=0`,
      `/posts/${post.id}`,
      `/posts/${post.id}/history`,
    ]) {
      const res = await outsider.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("Slepens teksts");
    }
    expect((await outsider.post(`/groups/${g.slug}/threads/${tid}`, { intent: "reply", body: "x" })).status).toBe(404);
    expect(await (await outsider.get("/groups")).text()).not.toContain("Slepenā grupa");
    const { client: admin } = await personWithClient(server, { cluster_role: "admin" });
    expect((await admin.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(200);
    // A member reaches the post through its permanent address.
    const perm = await leadClient.get(`/posts/${post.id}`);
    expect(perm.status).toBe(302);
    expect(perm.headers.get("location")).toBe(`/groups/${g.slug}/threads/${tid}#p1`);
  });

  it("lists my groups first, then the others I may join; filters by tag; the list agrees with the per-group rule", async () => {
    const viewerRow = await createPerson(db());
    const [viewer] = await peopleAsViewers(db(), [viewerRow.id]);
    const lead = await createPerson(db());
    const tag = `t${Date.now()}`;
    const made = [
      await createGroupRow(db(), { leadId: lead.id, name: "A publiska", tags: [tag] }),
      await createGroupRow(db(), { leadId: lead.id, name: "B slēgta", visibility: "private", tags: [tag] }),
      await createGroupRow(db(), { leadId: lead.id, name: "C mana", visibility: "private", tags: [tag] }),
      await createGroupRow(db(), { leadId: lead.id, name: "D ielūgums", visibility: "private", tags: [tag] }),
      await createGroupRow(db(), { leadId: lead.id, name: "E arhivēta", tags: [tag], archived: true }),
      await createGroupRow(db(), { leadId: lead.id, name: "F cita joma", tags: ["other"] }),
    ];
    await addMember(db(), made[2].id, viewer.id);
    await db().insertInto("working_group_invite").values({ group_id: made[3].id, organisation_id: viewer.orgId, invited_by: lead.id }).execute();

    const list = await listGroups(db(), viewer, { tag });
    expect(list.items.map((g) => g.nameLv)).toEqual(["C mana", "A publiska", "D ielūgums"]);
    // Consistency (SEC-8): every listed group passes the preview rule, every unlisted one of these does not (or is archived).
    for (const g of made.slice(0, 5)) {
      const f = (await loadGroupFacts(db(), viewer, { id: g.id }))!;
      const listed = list.items.some((x) => x.id === g.id);
      expect(listed, g.name_lv).toBe(can(viewer, { action: "group.preview", group: f.facts }) && (!f.facts.archived || f.facts.role !== null));
    }
    // Keyset pagination walks the same list without duplicates.
    const c = await clientFor(server, viewer.id);
    const html = await (await c.get(`/groups?tag=${tag}`)).text();
    expect(html.indexOf("C mana")).toBeLessThan(html.indexOf("A publiska"));
    expect(html).not.toContain("B slēgta");
    expect(html).not.toContain("F cita joma");
  });

  it("paginates the list by keyset without gaps or repeats", async () => {
    const viewerRow = await createPerson(db());
    const [viewer] = await peopleAsViewers(db(), [viewerRow.id]);
    const lead = await createPerson(db());
    const tag = `p${Date.now()}`;
    for (let i = 0; i < 45; i++) {
      const g = await createGroupRow(db(), { leadId: lead.id, name: `Grupa ${String(i).padStart(2, "0")}`, tags: [tag] });
      if (i % 3 === 0) await addMember(db(), g.id, viewer.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r = await listGroups(db(), viewer, { tag, after });
      seen.push(...r.items.map((g) => `${g.role ? "m" : "o"}:${g.nameLv}`));
      if (!r.next) break;
      after = r.next;
    }
    expect(seen.length).toBe(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen.slice(0, 15).every((s) => s.startsWith("m:"))).toBe(true);
    expect(seen.slice(15).every((s) => s.startsWith("o:"))).toBe(true);
  });
});
