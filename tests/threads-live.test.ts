import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { startTestServer, type HttpClient, type TestServer } from "./helpers/server";
import { addMember, connectSocket, createGroupRow, joinRoom, personWithClient, postsOf, reply, sleep, startTopic } from "./helpers/groups";
import type { PostDto, ThreadDto } from "../app/modules/threads/dto";
import type { PresenceEvent, TypingEvent } from "../app/realtime/events";
import { ThreadSync, type CatchUpPage } from "../app/realtime/thread-sync";
import { attachThreadChannel } from "../app/realtime/thread-channel";
import { EVENT_LIMITS } from "../server/realtime";
import { hashToken, sessionIdFromCookieHeader } from "../app/modules/auth/session.server";

// The live layer end to end against the real server: catch-up under concurrency and reconnects (RT-1/RT-2),
// presence and typing (only to people who may see the thread), per-socket flood limits (RT-9), oversize frames
// (RT-8), periodic and immediate re-authorisation of rooms (RT-4/RT-7), and two instances on one PostgreSQL.

const RECHECK_MS = 500;
const PG = !!(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  // A short re-authorisation interval, so the periodic re-check can be observed.
  server = await startTestServer({ env: { realtimeRecheckMs: RECHECK_MS } });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;

async function socketFor(client: HttpClient, on: TestServer = server) {
  const s = await connectSocket(on, client);
  sockets.push(s);
  return s;
}

function collect<T = unknown>(socket: Socket, event: string): T[] {
  const got: T[] = [];
  socket.on(event, (p: T) => got.push(p));
  return got;
}

async function until(pred: () => boolean, ms = 10_000, what = "condition") {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function disconnected(s: Socket): Promise<string> {
  return new Promise((resolve) => s.once("disconnect", (reason) => resolve(reason)));
}

async function threadDto(client: HttpClient, threadId: string): Promise<ThreadDto> {
  return ((await (await client.get(`/threads/${threadId}/posts?after=0`)).json()) as CatchUpPage).thread;
}

/** A group with a lead, members and a first topic. */
async function setup(o: { members?: number; visibility?: "public" | "private" } = {}) {
  const lead = await personWithClient(server);
  const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: o.visibility ?? "private" });
  const members = [];
  for (let i = 0; i < (o.members ?? 1); i++) {
    const m = await personWithClient(server);
    await addMember(db(), g.id, m.person.id);
    members.push(m);
  }
  const tid = await startTopic(lead.client, g.slug, "Tiešraide", "sākums");
  return { lead, g, members, tid };
}

describe("catch-up (RT-1/RT-2)", () => {
  it("10 concurrent writers post 200 posts over HTTP while a client reconnects repeatedly: its list ends equal to the database's, in order, once each", async () => {
    const { g, tid, members } = await setup({ members: 10 });
    const writers = members; // each may post 20 a minute: 10 × 20 = 200
    const reader = await personWithClient(server);
    await addMember(db(), g.id, reader.person.id);

    const socket = io(server.url, {
      transports: ["websocket"],
      extraHeaders: { cookie: reader.client.cookieHeader(), origin: server.url },
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 30,
      reconnectionDelayMax: 150,
    });
    sockets.push(socket);
    let fetches = 0;
    const sync = new ThreadSync(
      {
        threadId: tid,
        live: true,
        fetchAfter: async (after) => {
          fetches++;
          const res = await reader.client.get(`/threads/${tid}/posts?after=${after}`);
          if (res.status !== 200) return null;
          return (await res.json()) as CatchUpPage;
        },
      },
      [],
      await threadDto(reader.client, tid),
    );
    let connects = 0;
    socket.on("connect", () => connects++);
    const pushed = collect<PostDto>(socket, "post:new");
    attachThreadChannel(socket, sync, tid);
    await until(() => socket.connected && sync.lastSeq === 1, 10_000, "first connect and catch-up");

    let writing = true;
    const drops = (async () => {
      let n = 0;
      while (writing) {
        await sleep(120 + Math.random() * 120);
        if (writing && socket.connected) {
          socket.io.engine.close(); // the transport drops; socket.io reconnects with backoff
          n++;
        }
      }
      return n;
    })();
    const write = (from: number, to: number) =>
      Promise.all(
        writers.map(async (w, i) => {
          const codes: number[] = [];
          for (let k = from; k < to; k++) codes.push((await reply(w.client, g.slug, tid, `Rakstītājs ${i}, ieraksts ${k}`)).status);
          return codes;
        }),
      );
    const statuses = await write(0, 18);
    writing = false;
    const closes = await drops;
    // The tail is written while the client is away (a laptop asleep): no later push reveals the gap, only the
    // catch-up on reconnect can bring these.
    await until(() => socket.connected, 10_000, "reconnected");
    socket.disconnect();
    statuses.push(...(await write(18, 20)));
    socket.connect();
    expect(statuses.flat()).toHaveLength(200);
    expect(statuses.flat().filter((s) => s !== 302)).toEqual([]);

    const dbIds = (await postsOf(db(), tid)).map((p) => p.id);
    expect(dbIds).toHaveLength(201);
    await until(() => socket.connected && sync.lastSeq === 201, 20_000, "the client to catch up");
    await sleep(300); // late pushes must not add anything
    const ids = sync.ids;
    expect(ids).toEqual(dbIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sync.posts.map((p) => p.seq)).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
    // The run really exercised reconnects and catch-up: pushes alone did not deliver everything.
    expect(closes).toBeGreaterThanOrEqual(3);
    expect(connects).toBeGreaterThan(closes / 2);
    // Catch-up ran on reconnects (a reconnect while a catch-up is in flight shares it, so not always one each).
    expect(fetches).toBeGreaterThanOrEqual(Math.min(3, connects));
    expect(new Set(pushed.map((p) => p.id)).size).toBeLessThan(200);
  }, 180_000);

  it("a gap in pushed seqs (seq != last + 1) fetches the missing range; repeated and stale events change nothing", async () => {
    const { lead, g, tid } = await setup();
    for (let i = 0; i < 4; i++) await reply(lead.client, g.slug, tid, `p${i}`);
    const all = (await (await lead.client.get(`/threads/${tid}/posts?after=0`)).json()) as CatchUpPage;
    const asked: number[] = [];
    const sync = new ThreadSync(
      {
        threadId: tid,
        live: true,
        fetchAfter: async (after) => {
          asked.push(after);
          return (await (await lead.client.get(`/threads/${tid}/posts?after=${after}`)).json()) as CatchUpPage;
        },
      },
      all.posts.slice(0, 2),
      all.thread,
    );
    expect(sync.lastSeq).toBe(2);
    expect(sync.apply("post:new", all.posts[4])).toBe(true); // seq 5 after 2: gap
    await sync.catchUp();
    expect(asked[0]).toBe(2);
    expect(sync.posts.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    sync.apply("post:new", all.posts[2]);
    sync.apply("post:new", all.posts[4]);
    expect(sync.ids).toEqual(all.posts.map((p) => p.id));
    // An edit applies; the same post:new again does not undo it.
    sync.apply("post:edited", { ...all.posts[1], bodyHtml: "<p>labots</p>", editedAt: new Date().toISOString() });
    sync.apply("post:new", all.posts[1]);
    expect(sync.posts[1].bodyHtml).toBe("<p>labots</p>");
    // Events of another thread are ignored.
    expect(sync.apply("post:new", { ...all.posts[4], threadId: "00000000-0000-4000-8000-000000000000", seq: 6 })).toBe(false);
    expect(sync.lastSeq).toBe(5);
  });
});

describe("presence and typing", () => {
  it("typing reaches the room's other people (not the typist's own tabs, not outsiders); presence lists each viewer once", async () => {
    const { lead, members, tid } = await setup();
    const m = members[0];
    const outsider = await personWithClient(server);
    const sl1 = await socketFor(lead.client);
    const sl2 = await socketFor(lead.client); // the lead's second tab
    const sm = await socketFor(m.client);
    const so = await socketFor(outsider.client);
    const typingAt = { l2: collect<TypingEvent>(sl2, "typing"), m: collect<TypingEvent>(sm, "typing"), o: collect<TypingEvent>(so, "typing") };
    const presenceAt = { m: collect<PresenceEvent>(sm, "presence"), o: collect<PresenceEvent>(so, "presence") };
    for (const s of [sl1, sl2, sm]) expect(await joinRoom(s, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(so, "thread", tid)).toEqual({ ok: false, error: "not_found" });

    await until(() => presenceAt.m.at(-1)?.total === 2, 5000, "presence of both");
    const p = presenceAt.m.at(-1)!;
    expect(p.threadId).toBe(tid);
    expect(p.people.map((x) => x.id).sort()).toEqual([lead.person.id, m.person.id].sort());
    expect(p.people.find((x) => x.id === lead.person.id)?.name).toBe(lead.person.name);

    sl1.emit("thread:typing", { threadId: tid });
    await until(() => typingAt.m.length === 1, 5000, "typing at the member");
    expect(typingAt.m[0]).toEqual({ threadId: tid, person: { id: lead.person.id, name: lead.person.name } });
    // The outsider cannot type into a room it is not in, and hears nothing.
    so.emit("thread:typing", { threadId: tid });
    await sleep(300);
    expect(typingAt.l2).toHaveLength(0);
    expect(typingAt.o).toHaveLength(0);
    expect(presenceAt.o).toHaveLength(0);
    expect(typingAt.m).toHaveLength(1);

    // Leaving (tab closed) updates presence for those who stay.
    sl1.disconnect();
    sl2.disconnect();
    await until(() => presenceAt.m.at(-1)?.total === 1, 5000, "presence after the lead left");
    expect(presenceAt.m.at(-1)!.people).toEqual([{ id: m.person.id, name: m.person.name }]);
  });

  it("a viewer who may not post (a public group's non-member) is present but cannot announce typing", async () => {
    const { members, tid } = await setup({ visibility: "public" });
    const visitor = await personWithClient(server);
    const sv = await socketFor(visitor.client);
    const sm = await socketFor(members[0].client);
    const typing = collect<TypingEvent>(sm, "typing");
    const presence = collect<PresenceEvent>(sm, "presence");
    expect(await joinRoom(sm, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(sv, "thread", tid)).toEqual({ ok: true });
    await until(() => presence.at(-1)?.total === 2, 5000, "presence of the visitor");
    sv.emit("thread:typing", { threadId: tid });
    await sleep(400);
    expect(typing).toHaveLength(0);
  });
});

describe("abuse limits (RT-8/RT-9)", () => {
  it("drops events over the per-socket rate, answers acks with rate_limited, and disconnects a socket that keeps flooding", async () => {
    const { lead, g, members, tid } = await setup();
    const flooder = await socketFor(lead.client);
    const listener = await socketFor(members[0].client);
    expect(await joinRoom(flooder, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(listener, "thread", tid)).toEqual({ ok: true });
    const typing = collect<TypingEvent>(listener, "typing");
    await sleep(2100); // the bucket refills after the join
    const started = Date.now();
    for (let i = 0; i < 35; i++) flooder.emit("thread:typing", { threadId: tid });
    expect(await flooder.timeout(5000).emitWithAck("room:join", { kind: "thread", id: tid })).toEqual({ ok: false, error: "rate_limited" });
    await sleep(500);
    const allowed = EVENT_LIMITS.burst + Math.ceil(((Date.now() - started) / 1000) * EVENT_LIMITS.perSecond);
    expect(typing.length).toBeGreaterThan(0);
    expect(typing.length).toBeLessThanOrEqual(allowed);
    expect(flooder.connected).toBe(true);

    const gone = disconnected(flooder);
    for (let i = 0; i < 200; i++) flooder.emit("thread:typing", { threadId: tid });
    expect(await gone).toBe("io server disconnect");
    // Others are unaffected.
    const got = collect<PostDto>(listener, "post:new");
    await reply(members[0].client, g.slug, tid, "vēl esmu šeit");
    await until(() => got.length === 1, 5000, "post at the listener");
    expect(listener.connected).toBe(true);
  });

  it("a client cannot leave its own user: or session: room (which would dodge logout and access revocation)", async () => {
    const m = await personWithClient(server);
    const s = await socketFor(m.client);
    const hash = hashToken((await sessionIdFromCookieHeader(m.client.cookieHeader(), server.config))!);
    s.emit("room:leave", { kind: "session", id: hash });
    s.emit("room:leave", { kind: "user", id: m.person.id });
    await sleep(200);
    for (const room of [`session:${hash}`, `user:${m.person.id}`]) {
      expect((await server.realtime.io.in(room).fetchSockets()).map((x) => x.id)).toContain(s.id);
    }
    const gone = disconnected(s);
    expect((await m.client.post("/logout", {})).status).toBe(302);
    expect(await gone).toBe("io server disconnect");
  });

  it("an oversize frame closes only the socket that sent it", async () => {
    const { lead, g, members, tid } = await setup();
    const big = await socketFor(members[0].client);
    const other = await socketFor(lead.client);
    expect(await joinRoom(big, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(other, "thread", tid)).toEqual({ ok: true });
    const typing = collect<TypingEvent>(other, "typing");
    const gone = disconnected(big);
    big.emit("thread:typing", { threadId: tid, padding: "x".repeat(100 * 1024) });
    expect(await gone).toBe("transport close");
    const got = collect<PostDto>(other, "post:new");
    await reply(lead.client, g.slug, tid, "turpinām");
    await until(() => got.length === 1, 5000, "post at the other socket");
    expect(other.connected).toBe(true);
    expect(typing).toHaveLength(0);
    expect((await postsOf(db(), tid)).length).toBe(2);
  });
});

describe("re-authorisation of rooms (RT-4/RT-7)", () => {
  it("a member removed by a direct database change (a missed event) stops receiving the room after the periodic re-check", async () => {
    const { lead, g, members, tid } = await setup();
    const m = members[0];
    const s = await socketFor(m.client);
    expect(await joinRoom(s, "thread", tid)).toEqual({ ok: true });
    const got = collect<PostDto>(s, "post:new");
    await reply(lead.client, g.slug, tid, "pirms");
    await until(() => got.length === 1, 5000, "the first post");
    // Not through the app: nothing tells the socket layer.
    await db().deleteFrom("working_group_member").where("group_id", "=", g.id).where("person_id", "=", m.person.id).execute();
    await sleep(RECHECK_MS * 2 + 400);
    await reply(lead.client, g.slug, tid, "pēc");
    await sleep(400);
    expect(got.map((p) => p.seq)).toEqual([2]);
    expect(s.connected).toBe(true); // still connected (other rooms, notifications), just not in this room
    expect(await joinRoom(s, "thread", tid)).toEqual({ ok: false, error: "not_found" });
  });

  it("a session deleted in the database closes its socket at the next re-check", async () => {
    const m = await personWithClient(server);
    const s = await socketFor(m.client);
    const gone = disconnected(s);
    await db().deleteFrom("session").where("person_id", "=", m.person.id).execute();
    expect(await Promise.race([gone, sleep(RECHECK_MS * 3 + 1000).then(() => "still connected")])).toBe("io server disconnect");
  });

  it("turning a public group private takes non-members' sockets out of its thread rooms at once", async () => {
    const { lead, g, members, tid } = await setup({ visibility: "public" });
    const visitor = await personWithClient(server);
    const sv = await socketFor(visitor.client);
    const sm = await socketFor(members[0].client);
    expect(await joinRoom(sv, "thread", tid)).toEqual({ ok: true });
    expect(await joinRoom(sm, "thread", tid)).toEqual({ ok: true });
    const atVisitor = collect<PostDto>(sv, "post:new");
    const atMember = collect<PostDto>(sm, "post:new");
    const res = await lead.client.post(`/groups/${g.slug}/edit`, { nameLv: g.name_lv, nameEn: g.name_en, visibility: "private", joinPolicy: "invite" });
    expect(res.status).toBe(302);
    // At once (the edit re-checks the rooms before it answers), not only at the next periodic pass.
    await reply(lead.client, g.slug, tid, "tikai biedriem");
    await until(() => atMember.length === 1, 5000, "post at the member");
    await sleep(300);
    expect(atVisitor).toHaveLength(0);
  });
});

describe("read position from the live page", () => {
  it("POST /threads/:id/posts read=<seq> moves the read position forward only, never past the last post; outsiders 404, no session 401, bad input 400, other sites 403", async () => {
    const { lead, g, members, tid } = await setup();
    const m = members[0];
    for (let i = 0; i < 3; i++) await reply(lead.client, g.slug, tid, `ieraksts ${i}`);
    const readSeq = async (personId: string) =>
      (await db().selectFrom("thread_read").select("last_read_seq").where("person_id", "=", personId).where("thread_id", "=", tid).executeTakeFirst())?.last_read_seq ?? 0;
    const url = `/threads/${tid}/posts`;
    expect((await m.client.post(url, { read: "3" })).status).toBe(200);
    expect(await readSeq(m.person.id)).toBe(3);
    expect((await m.client.post(url, { read: "2" })).status).toBe(200);
    expect(await readSeq(m.person.id)).toBe(3);
    expect((await m.client.post(url, { read: "999" })).status).toBe(200);
    expect(await readSeq(m.person.id)).toBe(4);
    for (const bad of ["", "-1", "x", "0"]) expect((await m.client.post(url, { read: bad })).status).toBe(400);
    const outsider = await personWithClient(server);
    expect((await outsider.client.post(url, { read: "2" })).status).toBe(404);
    expect(await readSeq(outsider.person.id)).toBe(0);
    expect((await server.client().post(url, { read: "2" })).status).toBe(401);
    expect((await m.client.post(url, { read: "4" }, { origin: "https://evil.example" })).status).toBe(403);
  });
});

describe("several instances on one PostgreSQL", () => {
  it.skipIf(!PG)(
    "a post made through instance A is pushed to a socket on instance B; typing and presence cross instances too (needs PostgreSQL: the socket.io Postgres adapter)",
    async () => {
      const b = await startTestServer({ databaseUrl: server.open.connectionString, env: { realtimeRecheckMs: RECHECK_MS } });
      try {
        const { lead, g, members, tid } = await setup();
        const m = members[0];
        const onB = await socketFor(m.client, b);
        const onA = await socketFor(lead.client);
        expect(await joinRoom(onB, "thread", tid)).toEqual({ ok: true });
        expect(await joinRoom(onA, "thread", tid)).toEqual({ ok: true });
        const presence = collect<PresenceEvent>(onB, "presence");
        const typing = collect<TypingEvent>(onB, "typing");
        const got = collect<PostDto>(onB, "post:new");
        const res = await reply(lead.client, g.slug, tid, "no instances A");
        expect(res.status).toBe(302);
        await until(() => got.length === 1, 10_000, "the push on instance B");
        expect(got[0]).toMatchObject({ threadId: tid, seq: 2, author: { id: lead.person.id } });
        onA.emit("thread:typing", { threadId: tid });
        await until(() => typing.length === 1, 10_000, "typing across instances");
        await until(() => presence.at(-1)?.total === 2, 10_000, "presence across instances");
      } finally {
        for (const s of sockets.splice(0)) s.disconnect();
        await b.close();
      }
    },
    60_000,
  );
});
