import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { installQueryCounter, type QueryCounter } from "./helpers/query-counter";
import { startTestServer, type TestServer } from "./helpers/server";
import { addMember, createGroupRow, personWithClient, postsOf, reply, sleep, startTopic } from "./helpers/groups";
import { tellPendingPosts } from "../app/modules/threads/threads.server";

// The post path's database round trips (issue 15, item 3; docs/decisions/0013-post-fanout.md). A count, not a timing:
// every statement the app sends while a reply is handled, from the session lookup to the last notification.

let server: TestServer;
let counter: QueryCounter;

beforeAll(async () => {
  counter = installQueryCounter();
  server = await startTestServer({ env: { mailWorkers: 0 } });
});
afterAll(async () => {
  await server?.close();
  counter?.uninstall();
});

const db = () => server.open.db;
/** Work that is not the request's: the mail queue polling for jobs, and the adapter's NOTIFYs of earlier pushes. */
const background = (q: string) => /pg_notify|state < 'active'/.test(q);
const isPostInsert = (q: string) => /insert into post \(/.test(q);

/** A thread in a public group with followers (everyone who posted), ready for a measured reply by `poster`. */
async function busyThread(followers: number) {
  const lead = await personWithClient(server);
  const g = await createGroupRow(db(), { leadId: lead.person.id });
  const people = [];
  for (let i = 0; i < followers + 1; i++) {
    const m = await personWithClient(server);
    await addMember(db(), g.id, m.person.id);
    people.push(m);
  }
  const tid = await startTopic(lead.client, g.slug, "Apaļie ceļi", "Sākums");
  for (const m of people) expect((await reply(m.client, g.slug, tid, "Es sekoju")).status).toBe(302);
  await sleep(200); // the pushes of the set-up posts are out
  return { lead, g, tid, poster: people[0], others: people.slice(1) };
}

/**
 * The statements of one reply. Periodic passes (digests, reminders) run in the same process and can only add
 * statements, so of three replies the one with the fewest statements is this request's own count.
 */
async function measuredReply(client: Awaited<ReturnType<typeof personWithClient>>["client"], slug: string, tid: string, body: string, clientId: string, tries = 3) {
  let best: string[] | null = null;
  for (let i = 0; i < tries; i++) {
    counter.start();
    const res = await reply(client, slug, tid, tries > 1 && !clientId.startsWith("same:") ? `${body} (${i})` : body, {
      clientId: clientId.startsWith("same:") ? clientId.slice(5) : `${clientId}-${i}`,
    });
    const seen = counter.stop().filter((q) => !background(q));
    expect(res.status).toBe(302);
    if (!best || seen.length < best.length) best = seen;
  }
  return best!;
}

describe("the post action's database round trips", () => {
  it("a reply is stored by one statement, at most 5 statements after the request arrived, and pushed before its notifications are written", async () => {
    const { g, tid, poster, others, lead } = await busyThread(6);
    const seen = await measuredReply(poster.client, g.slug, tid, "Paldies visiem — skatīsimies rīt.", "roundtrip-0001");
    const inserts = seen.filter(isPostInsert);
    // One statement takes the seq, stores the post, the read mark, the follow and the fan-out row (no BEGIN/COMMIT).
    expect(inserts).toHaveLength(1);
    const upToPost = seen.findIndex(isPostInsert) + 1;
    // Session lookup, the page's access (the group, the thread, its subject), the post.
    expect(upToPost, seen.join("\n")).toBeLessThanOrEqual(5);
    expect(
      seen.slice(0, upToPost).some((q) => /^\s*begin/i.test(q)),
      "no transaction before the post",
    ).toBe(false);
    // After the push: one unit of work for the notifications (claim, audience, preferences, rows), nothing per follower.
    expect(seen.length, seen.join("\n")).toBeLessThanOrEqual(13);
    const post = (await postsOf(db(), tid)).at(-1)!;
    expect(post.body_md).toContain("skatīsimies");
    // (the last of the three measured replies)
    const told = await db().selectFrom("notification").select("person_id").where("dedupe_key", "=", `reply:${post.id}`).execute();
    expect(told.map((t) => t.person_id).sort()).toEqual([...others.map((o) => o.person.id), lead.person.id].sort());
    const pending = await db().selectFrom("post_fanout").select("post_id").execute();
    expect(pending).toEqual([]);
  });

  it("a repeated submission (same clientId) is found by the same one statement: nothing stored, nothing counted", async () => {
    const { g, tid, poster } = await busyThread(1);
    await measuredReply(poster.client, g.slug, tid, "Divreiz?", "same:roundtrip-again", 1);
    const before = await db().selectFrom("rate_limit").select("count").where("key", "=", `post:${poster.person.id}`).executeTakeFirstOrThrow();
    const seen = await measuredReply(poster.client, g.slug, tid, "Divreiz?", "same:roundtrip-again");
    const after = await db().selectFrom("rate_limit").select("count").where("key", "=", `post:${poster.person.id}`).executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
    expect((await postsOf(db(), tid)).filter((p) => p.body_md === "Divreiz?")).toHaveLength(1);
    expect(seen.filter((q) => /^\s*begin/i.test(q))).toHaveLength(0);
  });

  it("a post whose notifications were never written (the process died after the post) is told about by the periodic pass, once", async () => {
    const { tid, poster, others, lead } = await busyThread(2);
    // What a crash right after the post's statement leaves behind: the post and its post_fanout row.
    const thread = await db().selectFrom("thread").select("last_seq").where("id", "=", tid).executeTakeFirstOrThrow();
    const post = await db()
      .insertInto("post")
      .values({ thread_id: tid, seq: thread.last_seq + 1, author_id: poster.person.id, body_md: "Pēc avārijas", body_html: "<p>Pēc avārijas</p>" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .updateTable("thread")
      .set({ last_seq: thread.last_seq + 1 })
      .where("id", "=", tid)
      .execute();
    await sql`insert into post_fanout (post_id, created_at) values (${post.id}, now() - interval '1 minute')`.execute(db());
    const ctx = { db: db(), config: server.config, mail: server.mail.queue, realtime: server.realtime.realtime };
    expect(await tellPendingPosts(ctx)).toBe(1);
    expect(await tellPendingPosts(ctx)).toBe(0);
    const told = await db().selectFrom("notification").select("person_id").where("dedupe_key", "=", `reply:${post.id}`).execute();
    expect(told.map((t) => t.person_id).sort()).toEqual([...others.map((o) => o.person.id), lead.person.id].sort());
  });
});
