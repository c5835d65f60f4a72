import crypto from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { Kysely } from "kysely";
import type { Database, GroupVisibility, JoinPolicy } from "../../db/schema";
import { createSession } from "../../app/modules/auth/session.server";
import { searchKey } from "../../app/modules/text";
import type { HttpClient, TestServer } from "./server";
import { createPerson } from "./factories";

/** A signed-in client for a person without going through the (argon2-priced) login form. */
export async function clientFor(server: TestServer, personId: string): Promise<HttpClient> {
  const cookie = await createSession({ db: server.open.db, config: server.config }, personId, new Request("http://test/"), "127.0.0.1");
  const [pair] = cookie.split(";");
  const i = pair.indexOf("=");
  const c = server.client();
  c.cookies.set(pair.slice(0, i), pair.slice(i + 1));
  return c;
}

export async function personWithClient(server: TestServer, p: Parameters<typeof createPerson>[1] = {}) {
  const person = await createPerson(server.open.db, p);
  return { person, client: await clientFor(server, person.id) };
}

/** Inserts a group with its first lead directly (setup for tests that are not about creating groups). */
export async function createGroupRow(db: Kysely<Database>, o: { leadId: string; visibility?: GroupVisibility; joinPolicy?: JoinPolicy; name?: string; tags?: string[]; archived?: boolean }) {
  const name = o.name ?? `Grupa ${crypto.randomBytes(3).toString("hex")}`;
  const g = await db
    .insertInto("working_group")
    .values({
      slug: `g-${crypto.randomBytes(5).toString("hex")}`,
      name_lv: name,
      name_en: `${name} (EN)`,
      visibility: o.visibility ?? "public",
      join_policy: o.joinPolicy ?? (o.visibility === "private" ? "invite" : "open"),
      tags: o.tags ?? [],
      created_by: o.leadId,
      search_key: searchKey(name),
      archived_at: o.archived ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addMember(db, g.id, o.leadId, "lead");
  return g;
}

export async function addMember(db: Kysely<Database>, groupId: string, personId: string, role: "lead" | "member" = "member") {
  await db.insertInto("working_group_member").values({ group_id: groupId, person_id: personId, role, competition_ack_at: new Date() }).execute();
}

export async function isMember(db: Kysely<Database>, groupId: string, personId: string): Promise<boolean> {
  return !!(await db.selectFrom("working_group_member").select("role").where("group_id", "=", groupId).where("person_id", "=", personId).executeTakeFirst());
}

/** Starts a topic through the real form; returns the thread id. */
export async function startTopic(client: HttpClient, slug: string, title: string, body: string): Promise<string> {
  const res = await client.post(`/groups/${slug}/threads/new`, { title, body });
  if (res.status !== 302) throw new Error(`start topic failed: ${res.status} ${await res.text()}`);
  const loc = res.headers.get("location")!;
  return loc.split("/").pop()!;
}

export async function reply(client: HttpClient, slug: string, threadId: string, body: string, extra: Record<string, string> = {}) {
  return client.post(`/groups/${slug}/threads/${threadId}`, { intent: "reply", body, ...extra });
}

export async function postsOf(db: Kysely<Database>, threadId: string) {
  return db.selectFrom("post").select(["id", "seq", "body_md", "body_html", "author_id"]).where("thread_id", "=", threadId).orderBy("seq").execute();
}

/** A socket.io client with this client's session cookie and the app's own Origin (as a browser tab would send). */
export function connectSocket(server: TestServer, client: HttpClient): Promise<Socket> {
  const socket = io(server.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: client.cookieHeader(), origin: server.url },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e) => reject(e));
  });
}

export function joinRoom(socket: Socket, kind: string, id: string): Promise<{ ok: boolean; error?: string }> {
  return socket.timeout(5000).emitWithAck("room:join", { kind, id });
}

export function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
