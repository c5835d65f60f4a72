import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { startTestServer, type TestServer } from "./helpers/server";
import { addMember, connectSocket, createGroupRow, joinRoom, personWithClient, postsOf, reply, sleep, startTopic } from "./helpers/groups";
import type { PostDto } from "../app/modules/threads/dto";

// The server side of the live layer: room authorisation for threads and the pushes after each write.
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;

async function socketFor(client: Parameters<typeof connectSocket>[1]) {
  const s = await connectSocket(server, client);
  sockets.push(s);
  return s;
}

function collect<T = unknown>(socket: Socket, event: string): T[] {
  const got: T[] = [];
  socket.on(event, (p: T) => got.push(p));
  return got;
}

async function until(pred: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}

describe("thread rooms", () => {
  it("refuses room:join for a private thread to a non-member with a valid session, and pushes nothing to them", async () => {
    const lead = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: "private" });
    const tid = await startTopic(lead.client, g.slug, "Slēgta", "sākums");
    const outsider = await personWithClient(server);
    const s = await socketFor(outsider.client);
    const got = collect(s, "post:new");
    expect(await joinRoom(s, "thread", tid)).toEqual({ ok: false, error: "not_found" });
    expect(await joinRoom(s, "thread", "not-a-uuid")).toMatchObject({ ok: false });
    expect(await joinRoom(s, "thread", "00000000-0000-4000-8000-000000000000")).toMatchObject({ ok: false });
    // A client may not name a raw room either.
    s.emit("room:join", { kind: `thread:${tid}`, id: tid });
    await reply(lead.client, g.slug, tid, "slepens");
    await sleep(300);
    expect(got).toHaveLength(0);
  });

  it("a member joins and receives post:new (the page's DTO) when another member posts over HTTP; the poster's own post arrives exactly once", async () => {
    const lead = await personWithClient(server);
    const m = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: "private" });
    await addMember(db(), g.id, m.person.id);
    const tid = await startTopic(lead.client, g.slug, "Dzīvā tēma", "sākums");
    const sm = await socketFor(m.client);
    const sl = await socketFor(lead.client);
    expect(await joinRoom(sm, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(sl, "thread", tid)).toEqual({ ok: true });
    const atMember = collect<PostDto>(sm, "post:new");
    const atLead = collect<PostDto>(sl, "post:new");
    expect((await reply(lead.client, g.slug, tid, "Sveiki **visiem** <img src=x onerror=alert(1)> [x](javascript:alert(1))")).status).toBe(302);
    await until(() => atMember.length === 1 && atLead.length === 1);
    await sleep(300);
    expect(atLead).toHaveLength(1);
    expect(atMember).toHaveLength(1);
    const dto = atMember[0];
    const stored = (await postsOf(db(), tid))[1];
    expect(dto).toMatchObject({ id: stored.id, threadId: tid, seq: 2, state: "visible", bodyHtml: stored.body_html, editedAt: null, quoteOf: null });
    expect(dto.author).toEqual({ id: lead.person.id, name: lead.person.name, org: expect.any(String) });
    expect(dto.bodyHtml).toContain("<strong>visiem</strong>");
    expect(dto.bodyHtml).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(dto.bodyHtml).not.toMatch(/href\s*=\s*["']?javascript/i);
    // The catch-up JSON carries the same DTO.
    const json = await (await m.client.get(`/threads/${tid}/posts?after=1`)).json();
    expect(json.posts).toEqual([dto]);
  });

  it("pushes edits, deletions, hides and lock/pin changes after commit", async () => {
    const lead = await personWithClient(server);
    const m = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.person.id });
    await addMember(db(), g.id, m.person.id);
    const tid = await startTopic(lead.client, g.slug, "Izmaiņas", "sākums");
    await reply(m.client, g.slug, tid, "viens");
    await reply(m.client, g.slug, tid, "divi");
    const [, p2, p3] = await postsOf(db(), tid);
    const s = await socketFor(lead.client);
    expect(await joinRoom(s, "thread", tid)).toEqual({ ok: true });
    const events: [string, { editedAt?: unknown }][] = [];
    for (const e of ["post:edited", "post:deleted", "post:hidden", "thread:updated"]) s.on(e, (p) => events.push([e, p]));
    const url = `/groups/${g.slug}/threads/${tid}`;
    await m.client.post(url, { intent: "edit", postId: p2.id, body: "viens (labots)" });
    await m.client.post(url, { intent: "delete", postId: p3.id });
    await lead.client.post(url, { intent: "hide", postId: p2.id });
    await lead.client.post(url, { intent: "lock" });
    await lead.client.post(url, { intent: "pin" });
    await until(() => events.length === 5);
    expect(events.map(([e]) => e)).toEqual(["post:edited", "post:deleted", "post:hidden", "thread:updated", "thread:updated"]);
    expect(events[0][1]).toMatchObject({ id: p2.id, state: "visible", bodyHtml: "<p>viens (labots)</p>" });
    expect(events[0][1].editedAt).toEqual(expect.any(String));
    expect(events[1][1]).toMatchObject({ id: p3.id, state: "deleted", bodyHtml: "" });
    expect(events[2][1]).toMatchObject({ id: p2.id, state: "hidden", bodyHtml: "" });
    expect(events[3][1]).toMatchObject({ id: tid, locked: true, pinned: false });
    expect(events[4][1]).toMatchObject({ id: tid, locked: true, pinned: true });
  });

  it("removal from a private group takes an already-open socket out of the group's thread rooms at once", async () => {
    const lead = await personWithClient(server);
    const m = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: "private" });
    await addMember(db(), g.id, m.person.id);
    const t1 = await startTopic(lead.client, g.slug, "Viens", "1");
    const t2 = await startTopic(lead.client, g.slug, "Divi", "1");
    const s = await socketFor(m.client);
    expect(await joinRoom(s, "thread", t1)).toEqual({ ok: true });
    expect(await joinRoom(s, "thread", t2)).toEqual({ ok: true });
    const got = collect<PostDto>(s, "post:new");
    await reply(lead.client, g.slug, t1, "pirms");
    await until(() => got.length === 1);
    expect((await lead.client.post(`/groups/${g.slug}`, { intent: "remove", personId: m.person.id })).status).toBe(302);
    await reply(lead.client, g.slug, t1, "pēc");
    await reply(lead.client, g.slug, t2, "pēc");
    await sleep(400);
    expect(got.map((p) => p.seq)).toEqual([2]);
    expect(await joinRoom(s, "thread", t1)).toMatchObject({ ok: false });
  });
});
