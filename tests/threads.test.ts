import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { addMember, createGroupRow, personWithClient, postsOf, reply, startTopic } from "./helpers/groups";

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

/** A group with a lead and n members, all with signed-in clients. */
async function groupWith(n: number, opts: { visibility?: "public" | "private" } = {}) {
  const lead = await personWithClient(server);
  const g = await createGroupRow(db(), { leadId: lead.person.id, visibility: opts.visibility ?? "public" });
  const members = [];
  for (let i = 0; i < n; i++) {
    const m = await personWithClient(server);
    await addMember(db(), g.id, m.person.id);
    members.push(m);
  }
  return { g, lead, members };
}

export const XSS = [
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "<img src=x onerror=alert(1)>",
  "<svg><script>alert(1)</script>",
  '<a href="&#106;avascript:alert(1)">x</a>',
  '![x](x" onerror="alert(1))',
  "[y](&#106;avascript:alert(1))",
  "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
  "<iframe src=javascript:alert(1)></iframe>",
];

/** No live markup in `html`: no element with an on* attribute, no script/iframe/svg/img element, no script-ish href. */
export function assertInert(html: string, where: string) {
  expect(html, where).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  expect(html, where).not.toMatch(/<(script|iframe|svg|img|object|embed)\b/i);
  expect(html, where).not.toMatch(/<a\b[^>]*\bhref\s*=\s*["']?\s*(javascript|vbscript|data|&#)/i);
}

describe("posting", () => {
  it("assigns gap-free per-thread seqs 1..N under 30 concurrent posters, and catch-up returns exactly seq > k in order", async () => {
    const { g, lead, members } = await groupWith(30);
    const tid = await startTopic(lead.client, g.slug, "Slodzes tests", "Sākums");
    const results = await Promise.all(members.map((m, i) => reply(m.client, g.slug, tid, `Paralēls ieraksts ${i}`)));
    expect(results.map((r) => r.status)).toEqual(members.map(() => 302));
    const posts = await postsOf(db(), tid);
    expect(posts.map((p) => p.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const t = await db().selectFrom("thread").select(["last_seq", "post_count"]).where("id", "=", tid).executeTakeFirstOrThrow();
    expect(t).toEqual({ last_seq: 31, post_count: 31 });
    for (const k of [0, 1, 17, 30, 31]) {
      const res = await members[0].client.get(`/threads/${tid}/posts?after=${k}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { posts: { id: string; seq: number }[]; more: boolean };
      expect(body.posts.map((p) => p.id)).toEqual(posts.filter((p) => p.seq > k).map((p) => p.id));
      expect(body.more).toBe(false);
    }
    expect((await members[0].client.get(`/threads/${tid}/posts?after=-1`)).status).toBe(400);
    expect((await members[0].client.get(`/threads/${tid}/posts?after=abc`)).status).toBe(400);
  });

  it("refuses a post over 20,000 characters and a title over 200 with clear messages; stores nothing", async () => {
    const { g, lead } = await groupWith(0);
    const long = await lead.client.post(`/groups/${g.slug}/threads/new`, { title: "x".repeat(201), body: "ok" });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("threads.error.titleTooLong");
    const tid = await startTopic(lead.client, g.slug, "Garums", "ok");
    const tooLong = await reply(lead.client, g.slug, tid, "ā".repeat(20_001));
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain("A post can be at most 20,000 characters (this one has 20,001).");
    expect((await reply(lead.client, g.slug, tid, "ā".repeat(20_000))).status).toBe(302);
    const empty = await reply(lead.client, g.slug, tid, "   ");
    expect(empty.status).toBe(400);
    expect((await postsOf(db(), tid)).length).toBe(2);
  });

  it("rate-limits posting per person with 429 and a translated message", async () => {
    const { g, lead, members } = await groupWith(1);
    const tid = await startTopic(lead.client, g.slug, "Ātri", "1");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await reply(members[0].client, g.slug, tid, `ieraksts ${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true);
    const res = await reply(members[0].client, g.slug, tid, "viens par daudz");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.text()).toMatch(/You are posting too fast\. Please wait \d+ seconds\./);
    // Another person is not affected.
    expect((await reply(lead.client, g.slug, tid, "es varu")).status).toBe(302);
  });

  it("only members post; a repeated submission (same clientId) is stored once; quotes must be in the same thread", async () => {
    const { g, lead, members } = await groupWith(1);
    const tid = await startTopic(lead.client, g.slug, "Dalībniekiem", "1");
    const { client: nonMember } = await personWithClient(server);
    expect((await nonMember.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(200); // public: readable
    const refused = await reply(nonMember, g.slug, tid, "es arī");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("threads.error.cannotPost");
    const first = await reply(members[0].client, g.slug, tid, "divreiz?", { clientId: "retry-abc-123" });
    const again = await reply(members[0].client, g.slug, tid, "divreiz?", { clientId: "retry-abc-123" });
    expect([first.status, again.status]).toEqual([302, 302]);
    expect((await postsOf(db(), tid)).map((p) => p.seq)).toEqual([1, 2]);
    const other = await startTopic(lead.client, g.slug, "Cita", "cita");
    const otherPost = (await postsOf(db(), other))[0];
    const q = await reply(members[0].client, g.slug, tid, "citāts", { quoteOf: otherPost.id });
    expect(q.status).toBe(400);
    const own = (await postsOf(db(), tid))[0];
    expect((await reply(members[0].client, g.slug, tid, "> 1\n\npiekrītu", { quoteOf: own.id })).status).toBe(302);
    const stored = await db().selectFrom("post").select("quote_of").where("thread_id", "=", tid).where("seq", "=", 3).executeTakeFirstOrThrow();
    expect(stored.quote_of).toBe(own.id);
  });
});

describe("Markdown sanitisation (SEC-5)", () => {
  it("renders an XSS corpus inert in the stored HTML, the page and the catch-up JSON; keeps ordinary formatting", async () => {
    const { g, lead } = await groupWith(0);
    const tid = await startTopic(lead.client, g.slug, "XSS", "**treknraksts** un `kods`\n\n```\n<b>x</b>\n```\n\n[saite](https://example.com/a?b=1)");
    for (const payload of XSS) expect((await reply(lead.client, g.slug, tid, payload)).status).toBe(302);
    const posts = await postsOf(db(), tid);
    for (const p of posts) assertInert(p.body_html, `stored #${p.seq}: ${p.body_md}`);
    expect(posts[0].body_html).toContain("<strong>treknraksts</strong>");
    expect(posts[0].body_html).toContain("<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>");
    expect(posts[0].body_html).toContain('<a href="https://example.com/a?b=1" rel="nofollow noopener noreferrer ugc" target="_blank">saite</a>');
    const page = await (await lead.client.get(`/groups/${g.slug}/threads/${tid}`)).text();
    const bodies = [...page.matchAll(/<div class="post-body">([\s\S]*?)<\/div><div class="post-actions/g)].map((m) => m[1]);
    expect(bodies.length).toBe(XSS.length + 1);
    for (const b of bodies) assertInert(b, "page");
    // Every <script> on the page is one of Remix's own (they carry the CSP nonce).
    for (const tag of page.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/nonce=/);
    const json = await (await lead.client.get(`/threads/${tid}/posts?after=0`)).json();
    for (const p of json.posts) assertInert(p.bodyHtml, "json");
  });
});

describe("mentions", () => {
  it("notifies (in-app and by email) only mentioned people who may see the thread; respects the email setting", async () => {
    const { g, lead, members } = await groupWith(2, { visibility: "private" });
    const [seer, quiet] = members;
    await db().updateTable("person").set({ notify_email: false }).where("id", "=", quiet.person.id).execute();
    const outsider = await personWithClient(server, { name: "Ārējs Cilvēks" });
    const handles = Object.fromEntries(
      (await db().selectFrom("person").select(["id", "handle"]).where("id", "in", [seer.person.id, quiet.person.id, outsider.person.id]).execute()).map((r) => [r.id, r.handle!]),
    );
    const tid = await startTopic(lead.client, g.slug, "Pieminējumi <b>svarīgi</b>", "sākums");
    const body = `Lūdzu @${handles[seer.person.id]}, @${handles[quiet.person.id]} un @${handles[outsider.person.id]} paskatīties.\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n\`@${handles[seer.person.id]}\` kodā neskaitās.`;
    expect((await reply(lead.client, g.slug, tid, body)).status).toBe(302);
    const notes = await db()
      .selectFrom("notification")
      .select(["person_id", "kind"])
      .where("kind", "=", "mention")
      .where("person_id", "in", [seer.person.id, quiet.person.id, outsider.person.id])
      .execute();
    expect(notes.map((n) => n.person_id).sort()).toEqual([seer.person.id, quiet.person.id].sort());
    // Mentions of people who may see the thread are highlighted; the outsider's handle stays plain text.
    const post = (await postsOf(db(), tid))[1];
    expect(post.body_html).toContain(`<span class="mention">@${handles[seer.person.id]}</span>`);
    expect(post.body_html).not.toContain(`<span class="mention">@${handles[outsider.person.id]}</span>`);
    // Email: to the seer only (quiet turned emails off; the outsider may not see the thread), text escaped.
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(seer.person.email));
    expect(mail.parsed.subject).toContain("mentioned you in");
    expect(mail.parsed.text).toContain("<img src=x onerror=alert(1)>"); // shown as text…
    assertInert(String(mail.parsed.html), "mention email"); // …never as markup
    expect(String(mail.parsed.html)).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(String(mail.parsed.html)).toContain("Pieminējumi &lt;b&gt;svarīgi&lt;/b&gt;");
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.to(quiet.person.email)).toHaveLength(0);
    expect(sink.to(outsider.person.email)).toHaveLength(0);
    const outbox = await db().selectFrom("mail_outbox").select("to_address").where("template", "=", "thread_mention").execute();
    expect(outbox.map((o) => o.to_address)).not.toContain(outsider.person.email);
    // An edit notifies only people newly mentioned (one notification per post and person).
    const postId = post.id;
    const lead2 = await personWithClient(server);
    await addMember(db(), g.id, lead2.person.id);
    const h2 = (await db().selectFrom("person").select("handle").where("id", "=", lead2.person.id).executeTakeFirstOrThrow()).handle;
    expect((await lead.client.post(`/groups/${g.slug}/threads/${tid}`, { intent: "edit", postId, body: `${body}\n\nUn @${h2}.` })).status).toBe(302);
    const after = await db().selectFrom("notification").select(["person_id"]).where("kind", "=", "mention").where("payload", "@>", JSON.stringify({ postId })).execute();
    expect(after.map((n) => n.person_id).sort()).toEqual([seer.person.id, quiet.person.id, lead2.person.id].sort());
  });

  it("does not notify again the people mentioned inside a quoted post", async () => {
    const { g, lead, members } = await groupWith(2);
    const [seer, quoter] = members;
    const h = (await db().selectFrom("person").select("handle").where("id", "=", seer.person.id).executeTakeFirstOrThrow()).handle;
    const tid = await startTopic(lead.client, g.slug, "Citāti", `Jautājums @${h}`);
    const first = (await postsOf(db(), tid))[0];
    const quote = `> **Lead:**\n> Jautājums @${h}\n\nPiekrītu.`;
    expect((await reply(quoter.client, g.slug, tid, quote, { quoteOf: first.id })).status).toBe(302);
    const n = await db().selectFrom("notification").select("id").where("person_id", "=", seer.person.id).where("kind", "=", "mention").execute();
    expect(n).toHaveLength(1);
  });

  it("shows notifications with an unread badge in the header; opening one marks it read and goes to the post", async () => {
    const { g, lead, members } = await groupWith(1);
    const h = (await db().selectFrom("person").select("handle").where("id", "=", members[0].person.id).executeTakeFirstOrThrow()).handle;
    const tid = await startTopic(lead.client, g.slug, "Paziņojumi", `Sveiki, @${h}!`);
    const home = await (await members[0].client.get("/groups")).text();
    expect(home).toMatch(/class="count-badge"[^>]*data-unread="1"/);
    const list = await (await members[0].client.get("/notifications")).text();
    expect(list).toContain("mentioned you in");
    const n = await db().selectFrom("notification").select("id").where("person_id", "=", members[0].person.id).executeTakeFirstOrThrow();
    const open = await members[0].client.post("/notifications", { intent: "open", id: n.id });
    expect(open.status).toBe(302);
    expect(open.headers.get("location")).toMatch(/^\/posts\//);
    const goTo = await members[0].client.get(open.headers.get("location")!);
    expect(goTo.headers.get("location")).toBe(`/groups/${g.slug}/threads/${tid}#p1`);
    expect(await (await members[0].client.get("/groups")).text()).not.toContain('class="count-badge"');
  });
});

describe("editing, deleting, moderation", () => {
  it("keeps the edit history for moderators; authors edit and delete only their own posts", async () => {
    const { g, lead, members } = await groupWith(2);
    const [author, other] = members;
    const tid = await startTopic(lead.client, g.slug, "Vēsture", "sākums");
    await reply(author.client, g.slug, tid, "pirmā versija");
    const post = (await postsOf(db(), tid))[1];
    const url = `/groups/${g.slug}/threads/${tid}`;
    expect((await other.client.post(url, { intent: "edit", postId: post.id, body: "svešs" })).status).toBe(403);
    expect((await other.client.post(url, { intent: "delete", postId: post.id })).status).toBe(403);
    expect((await author.client.post(url, { intent: "edit", postId: post.id, body: "otrā versija" })).status).toBe(302);
    const stored = await db().selectFrom("post").select(["body_md", "edited_at"]).where("id", "=", post.id).executeTakeFirstOrThrow();
    expect(stored.body_md).toBe("otrā versija");
    expect(stored.edited_at).not.toBeNull();
    const revs = await db().selectFrom("post_revision").select(["body_md", "reason"]).where("post_id", "=", post.id).execute();
    expect(revs).toEqual([{ body_md: "pirmā versija", reason: "edit" }]);
    const page = await (await other.client.get(url)).text();
    expect(page).toContain('class="edited"');
    // History: moderators (group lead, cluster admin) yes; members no.
    expect((await other.client.get(`/posts/${post.id}/history`)).status).toBe(403);
    expect((await author.client.get(`/posts/${post.id}/history`)).status).toBe(403);
    const hist = await lead.client.get(`/posts/${post.id}/history`);
    expect(hist.status).toBe(200);
    expect(await hist.text()).toContain("pirmā versija");
    const { client: admin } = await personWithClient(server, { cluster_role: "admin" });
    expect((await admin.get(`/posts/${post.id}/history`)).status).toBe(200);
    // Delete: a placeholder stays, the text is gone from the page and the feed, kept for moderators.
    expect((await author.client.post(url, { intent: "delete", postId: post.id })).status).toBe(302);
    const after = await (await other.client.get(url)).text();
    expect(after).toContain("This post was deleted by its author.");
    expect(after).not.toContain("otrā versija");
    const json = await (await other.client.get(`/threads/${tid}/posts?after=1`)).json();
    expect(json.posts[0]).toMatchObject({ seq: 2, state: "deleted", bodyHtml: "" });
    expect(await (await lead.client.get(`/posts/${post.id}/history`)).text()).toContain("otrā versija");
  });

  it("lets only leads and admins hide posts and lock or pin threads (403 for members, 404 for outsiders); locked means no new posts", async () => {
    const { g, lead, members } = await groupWith(1, { visibility: "private" });
    const [m] = members;
    const tid = await startTopic(lead.client, g.slug, "Moderēšana", "sākums");
    await reply(m.client, g.slug, tid, "nepieklājīgs teksts");
    const post = (await postsOf(db(), tid))[1];
    const url = `/groups/${g.slug}/threads/${tid}`;
    const { client: outsider } = await personWithClient(server);
    for (const intent of ["hide", "lock", "pin"]) {
      expect((await m.client.post(url, { intent, postId: post.id })).status, intent).toBe(403);
      expect((await outsider.post(url, { intent, postId: post.id })).status, intent).toBe(404);
    }
    const t0 = await db().selectFrom("thread").select(["locked", "pinned"]).where("id", "=", tid).executeTakeFirstOrThrow();
    expect(t0).toEqual({ locked: false, pinned: false });
    expect((await lead.client.post(url, { intent: "hide", postId: post.id })).status).toBe(302);
    const page = await (await m.client.get(url)).text();
    expect(page).toContain("This post was hidden by a moderator.");
    expect(page).not.toContain("nepieklājīgs teksts");
    expect((await lead.client.post(url, { intent: "pin" })).status).toBe(302);
    const { client: admin } = await personWithClient(server, { cluster_role: "admin" });
    expect((await admin.post(url, { intent: "lock" })).status).toBe(302);
    const t1 = await db().selectFrom("thread").select(["locked", "pinned"]).where("id", "=", tid).executeTakeFirstOrThrow();
    expect(t1).toEqual({ locked: true, pinned: true });
    const refused = await reply(m.client, g.slug, tid, "vēl");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This topic is locked.");
    expect((await postsOf(db(), tid)).length).toBe(2);
    // The author cannot edit a hidden post back into view.
    expect((await m.client.post(url, { intent: "edit", postId: post.id, body: "labots" })).status).toBe(403);
  });
});

describe("unread state and scale", () => {
  it("counts unread posts per thread in the group list, shows a divider, marks read on opening and with 'mark all read'", async () => {
    const { g, lead, members } = await groupWith(1);
    const [m] = members;
    const t1 = await startTopic(lead.client, g.slug, "Pirmā tēma", "1");
    const t2 = await startTopic(lead.client, g.slug, "Otrā tēma", "1");
    await reply(lead.client, g.slug, t1, "2");
    await reply(lead.client, g.slug, t1, "3");
    const unread = async () => {
      const html = await (await m.client.get(`/groups/${g.slug}`)).text();
      return Object.fromEntries([...html.matchAll(/\/threads\/([0-9a-f-]{36})"[^>]*>[^<]*<\/a>(?:(?!<\/li>)[\s\S])*?data-unread="(\d+)"/g)].map((x) => [x[1], Number(x[2])]));
    };
    expect(await unread()).toEqual({ [t1]: 3, [t2]: 1 });
    // The author has nothing unread in their own threads.
    expect(await (await lead.client.get(`/groups/${g.slug}`)).text()).not.toContain("data-unread=");
    await m.client.get(`/groups/${g.slug}/threads/${t1}`);
    expect(await unread()).toEqual({ [t2]: 1 });
    await reply(lead.client, g.slug, t1, "4");
    await reply(lead.client, g.slug, t1, "5");
    const page = await (await m.client.get(`/groups/${g.slug}/threads/${t1}`)).text();
    expect(page.indexOf('class="new-divider"')).toBeGreaterThan(page.indexOf('id="p3"'));
    expect(page.indexOf('class="new-divider"')).toBeLessThan(page.indexOf('id="p4"'));
    expect((await m.client.post(`/groups/${g.slug}`, { intent: "markAllRead" })).status).toBe(302);
    expect(await unread()).toEqual({});
  });

  it("serves the latest 50 of a 10,000-post thread (keyset by seq), with 'older posts' by ?before=", async () => {
    const { g, lead } = await groupWith(0);
    const tid = await startTopic(lead.client, g.slug, "Liela tēma", "Post 1");
    await sql`
      insert into post (thread_id, seq, author_id, body_md, body_html)
      select ${tid}, s, ${lead.person.id}, 'Post ' || s, '<p>Post ' || s || '</p>' from generate_series(2, 10000) s`.execute(db());
    await sql`update thread set last_seq = 10000, post_count = 10000 where id = ${tid}`.execute(db());
    const url = `/groups/${g.slug}/threads/${tid}`;
    const started = Date.now();
    const res = await lead.client.get(url);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<p>Post 10000</p>");
    expect(html).toContain("<p>Post 9951</p>");
    expect(html).not.toContain("<p>Post 9950</p>");
    expect(html).not.toContain("<p>Post 1</p>");
    expect(html.match(/class="post post-visible"/g)).toHaveLength(50);
    expect(html).toContain(`?before=9951`);
    expect(elapsed).toBeLessThan(5000);
    const older = await (await lead.client.get(`${url}?before=51`)).text();
    expect(older).toContain("<p>Post 1</p>");
    expect(older).toContain("<p>Post 50</p>");
    expect(older).not.toContain("<p>Post 51</p>");
    // Catch-up pages at most 200 and says there is more.
    const json = await (await lead.client.get(`/threads/${tid}/posts?after=100`)).json();
    expect(json.posts).toHaveLength(200);
    expect(json.posts[0].seq).toBe(101);
    expect(json.more).toBe(true);
  });
});
