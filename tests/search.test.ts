import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type HttpClient } from "./helpers/server";
import { clientFor, createGroupRow, addMember, startTopic, reply } from "./helpers/groups";
import { createPerson } from "./helpers/factories";
import { insertEvent } from "./helpers/events";
import { resetDemo, type DirectorySeed } from "../app/seed";
import { peopleAsViewers } from "../app/modules/auth/viewers.server";
import { can } from "../app/modules/policy/authorize.server";
import type { Viewer } from "../app/modules/policy/facts";
import { loadGroupFacts } from "../app/modules/groups/access.server";
import { eventAccess } from "../app/modules/events/access.server";
import { loadCampaignFacts } from "../app/modules/campaigns/access.server";
import { loadPoolFacts, requestAccess } from "../app/modules/logistics/access.server";
import { threadAccess } from "../app/modules/threads/access.server";
import { getPersonProfile } from "../app/modules/people/queries.server";
import { fileAccess } from "../app/modules/files/access.server";
import { search, searchQuery, snippetParts, type SearchHit } from "../app/modules/search/search.server";
import { parseQuery } from "../app/modules/search/query";
import { KINDS } from "../app/modules/search/sources.server";
import type { Executor } from "../app/context";

// Site search (issue 14): permissions inside the query (every demo person × many queries, compared with check() over
// the facts each domain's access loader loads), the index kept in the write's transaction, folding, bad input, paging.

let server: TestServer;
let seed: DirectorySeed;
const db = () => server.open.db;
const params = (q: string, over: Partial<Parameters<typeof search>[2]> = {}) => ({ q, type: null, from: null, to: null, after: null, ...over });

/** Whether the viewer may open the thing a search document is about, asked of the policy (check()) over the facts the
 * domain's own access loader loads — never the SQL under test. */
async function mayOpen(exec: Executor, v: Viewer, kind: string, id: string): Promise<boolean> {
  switch (kind) {
    case "post": {
      const p = await exec.selectFrom("post").select(["thread_id", "deleted_at", "hidden_at"]).where("id", "=", id).executeTakeFirst();
      return !!p && !p.deleted_at && !p.hidden_at && !!(await threadAccess(exec, v, p.thread_id));
    }
    case "thread":
      return !!(await threadAccess(exec, v, id));
    case "group": {
      const g = await loadGroupFacts(exec, v, { id });
      return !!g && can(v, { action: "group.preview", group: g.facts });
    }
    case "event":
      return !!(await eventAccess(exec, v, { id }));
    case "campaign": {
      const c = await loadCampaignFacts(exec, v, { id });
      return !!c && can(v, { action: "campaign.view", campaign: c.facts });
    }
    case "pool": {
      const p = await loadPoolFacts(exec, v, id);
      return !!p && can(v, { action: "logistics.pool.view", pool: p.facts });
    }
    case "request": {
      const r = await requestAccess(exec, v, id);
      return !!r && can(v, { action: "logistics.request.private", request: r.facts });
    }
    case "org": {
      const o = await exec.selectFrom("organisation").select("status").where("id", "=", id).executeTakeFirst();
      return can(v, { action: "directory.view" }) && o?.status === "approved";
    }
    case "person":
      return can(v, { action: "directory.view" }) && !!(await getPersonProfile(exec, id));
    case "file": {
      // Whoever may download it (file.download); a hidden or deleted post's files are not searched at all.
      const f = await fileAccess(exec, v, id);
      if (!f?.download.ok) return false;
      const row = await exec
        .selectFrom("file")
        .leftJoin("post", "post.id", "file.post_id")
        .select(["file.post_id", "post.hidden_at", "post.deleted_at"])
        .where("file.id", "=", id)
        .executeTakeFirstOrThrow();
      return !row.post_id || (!row.hidden_at && !row.deleted_at);
    }
  }
  throw new Error(`mayOpen: no rule for kind ${kind}`);
}

/** Every document the words match, whoever may see it (the index alone). */
async function allMatches(q: string): Promise<{ kind: string; ref_id: string }[]> {
  const { tsquery } = parseQuery(q);
  const r = await sql<{ kind: string; ref_id: string }>`select kind, ref_id from search_doc where tsv @@ to_tsquery('search_simple', ${tsquery})`.execute(db());
  return r.rows;
}

async function everything(v: Viewer | null, q: string, over: Partial<Parameters<typeof search>[2]> = {}): Promise<SearchHit[]> {
  const out: SearchHit[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await search(db(), v, params(q, { ...over, after }), 50);
    out.push(...page.hits.filter(() => !page.fuzzy));
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

/** An expertise term (tags hold vocabulary keys, migration 0018). */
async function cryobiology() {
  await db()
    .insertInto("vocabulary_term")
    .values({ kind: "expertise", key: "cryobiology", label_lv: "Kriobioloģija", label_en: "Cryobiology" })
    .onConflict((oc) => oc.columns(["kind", "key"]).doUpdateSet({ label_lv: "Kriobioloģija", label_en: "Cryobiology" }))
    .execute();
}

const WORD = "zebrawort";
let lead: Viewer, outsider: Viewer, privGroupSlug: string, privThreadId: string;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  seed = await resetDemo(db(), { now: new Date() });
  // Things only some may see, each with the same rare word: a private group's topic and post, a draft event, an
  // invitation-only event, a draft campaign; plus a logistics request (its organisation only).
  const leadRow = await createPerson(db(), { name: "Līga Zebra" });
  const outsiderRow = await createPerson(db(), { name: "Oskars Ārpuss" });
  [lead, outsider] = await peopleAsViewers(db(), [leadRow.id, outsiderRow.id]);
  const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private", name: `Slepenā ${WORD} grupa` });
  await addMember(db(), g.id, seed.people.P01);
  privGroupSlug = g.slug;
  const leadClient = await clientFor(server, lead.id);
  privThreadId = await startTopic(leadClient, g.slug, `Tēma par ${WORD}`, `Konfidenciāls ${WORD} plāns ar Kļaviņa piezīmēm`);
  await insertEvent(db(), { createdBy: lead.id, title: `Melnraksts ${WORD}`, status: "draft" });
  const inv = await insertEvent(db(), { createdBy: lead.id, title: `Slēgts ${WORD}`, visibility: "invitees_only" });
  await db().insertInto("event_attendance").values({ event_id: inv.id, person_id: seed.people.P02, status: "invited", invited_at: new Date(), invited_by: lead.id }).execute();
  await insertEvent(db(), { createdBy: lead.id, title: `Atvērts ${WORD}`, visibility: "group_members", hostGroupId: g.id });
  // Files: a PDF in the private group's library and participants-only slides of the invitation-only event, each with
  // the word only in their extracted text.
  const fileRow = (over: Record<string, unknown>) => ({
    status: "ready",
    org_id: seed.orgs.O01,
    uploaded_by: lead.id,
    content_type: "application/pdf",
    chunk_size: 524288,
    ...over,
  });
  await db()
    .insertInto("file")
    .values([
      fileRow({ group_id: g.id, name: "nostaja.pdf", search_text: `Pozīcijas dokuments: ${WORD} un klīniskie pētījumi` }),
      fileRow({ event_id: inv.id, participants_only: true, name: "slaidi.pdf", search_text: `Slaidi par ${WORD}` }),
    ] as never)
    .execute();
  const c = await db().selectFrom("campaign").selectAll().where("status", "=", "draft").executeTakeFirst();
  if (c)
    await db()
      .updateTable("campaign")
      .set({ description_en: `${c.description_en} ${WORD}` })
      .where("id", "=", c.id)
      .execute();
  const req = await db().selectFrom("logistics_request").select("id").limit(1).executeTakeFirstOrThrow();
  await db()
    .updateTable("logistics_request")
    .set({ notes: `Kontakts ${WORD}` })
    .where("id", "=", req.id)
    .execute();
}, 180_000);
afterAll(async () => {
  await server?.close();
});

describe("permissions inside the query", () => {
  it("every demo person finds exactly what check() lets them open, for common words, rare words and the private word", async () => {
    const ids = (await db().selectFrom("person").select("id").execute()).map((p) => p.id);
    const actors = await peopleAsViewers(db(), ids);
    expect(actors.length).toBeGreaterThan(30);
    // The most frequent words of each kind (so every kind is covered), plus the word only hidden things carry.
    const words = new Set<string>([WORD]);
    for (const kind of Object.keys(KINDS)) {
      const r = await sql<{ word: string }>`select word from ts_stat(${`select tsv from search_doc where kind = '${kind}'`}) where length(word) > 3 order by ndoc desc, word limit 2`.execute(db());
      for (const w of r.rows) words.add(w.word);
    }
    for (const p of await db().selectFrom("logistics_pool").select("code").execute()) words.add(p.code);
    let compared = 0;
    const kindsSeen = new Set<string>();
    for (const q of words) {
      const matches = await allMatches(q);
      for (const v of actors) {
        const expected: string[] = [];
        for (const m of matches) if (await mayOpen(db(), v, m.kind, m.ref_id)) expected.push(`${m.kind}:${m.ref_id}`);
        const got = (await everything(v, q)).map((h) => `${h.kind}:${h.id}`);
        expect(got.length, `${q} as ${v.name}: no duplicates`).toBe(new Set(got).size);
        expect(got.sort(), `"${q}" as ${v.name} (${v.clusterRole}, ${v.orgName})`).toEqual(expected.sort());
        for (const g of got) kindsSeen.add(g.split(":")[0]);
        compared += matches.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect([...kindsSeen].sort()).toEqual(Object.keys(KINDS).sort());
  }, 600_000);

  it("an outsider finds none of a private group's content; its member and the lead do", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    const kinds = async (v: Viewer) => (await everything(v, WORD)).map((h) => h.kind).sort();
    expect(await kinds(outsider)).toEqual([]);
    expect(await kinds(member)).toEqual(expect.arrayContaining(["group", "post", "thread", "event"]));
    expect(await kinds(lead)).toEqual(expect.arrayContaining(["group", "post", "thread", "event", "event", "event"]));
    // not even a close match by title
    const fuzzy = await search(db(), outsider, params("Slepena zebrawort grupa"));
    expect(fuzzy.hits).toEqual([]);
    // and not for people who are not active members
    expect((await search(db(), null, params(WORD))).hits).toEqual([]);
    const [pending] = await peopleAsViewers(db(), [(await createPerson(db(), { membership_status: "pending" })).id]);
    expect((await search(db(), pending, params(WORD))).hits).toEqual([]);
  });
});

describe("the index follows writes at once", () => {
  it("a new post is found in the same transaction and after commit; hidden and deleted posts drop out", async () => {
    const client = await clientFor(server, lead.id);
    const res = await reply(client, privGroupSlug, privThreadId, "Jaunums: flamingoķērājs ieradās");
    expect(res.status).toBe(302);
    const found = await everything(lead, "flamingokerajs");
    expect(found.map((h) => h.kind)).toEqual(["post"]);
    const postId = found[0].id;
    // diacritics in the query, without, and mixed; prefix on the last word
    for (const q of ["flamingoķērājs", "FLAMINGOKERAJS", "flamingoķerajs", "jaunums flamingo"]) expect((await everything(lead, q)).map((h) => h.id)).toContain(postId);
    // in the writing transaction itself
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("post").set({ body_md: "pārrakstīts kolibri" }).where("id", "=", postId).execute();
        expect((await search(trx, lead, params("kolibri"))).hits.map((h) => h.id)).toEqual([postId]);
        expect((await search(trx, lead, params("flamingokerajs"))).hits).toEqual([]);
      });
    await db().updateTable("post").set({ hidden_at: new Date() }).where("id", "=", postId).execute();
    expect(await everything(lead, "kolibri")).toEqual([]);
    await db().updateTable("post").set({ hidden_at: null }).where("id", "=", postId).execute();
    expect(await everything(lead, "kolibri")).toHaveLength(1);
    const del = await client.post(`/groups/${privGroupSlug}/threads/${privThreadId}`, { intent: "delete", postId });
    expect(del.status).toBeLessThan(400);
    expect(await everything(lead, "kolibri")).toEqual([]);
  });

  it("a renamed group, a person's new expertise and an event's agenda are found at once", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P03]);
    await cryobiology();
    await db()
      .updateTable("person")
      .set({ expertise_tags: ["cryobiology"], job_title: "Vecākā pētniece" })
      .where("id", "=", seed.people.P03)
      .execute();
    // The term's labels in both languages are indexed, not only its key.
    expect((await everything(member, "kriobiologija")).map((h) => h.id)).toContain(seed.people.P03);
    expect((await everything(member, "cryobiology")).map((h) => h.id)).toContain(seed.people.P03);
    expect((await everything(member, "vecaka petniece")).map((h) => h.id)).toContain(seed.people.P03);
    const ev = await insertEvent(db(), { createdBy: lead.id, title: "Agenda test" });
    await db().insertInto("event_agenda_item").values({ event_id: ev.id, position: 1, title_lv: "Ievads", title_en: "Opening", speaker: "Dr. Pļaviņa" }).execute();
    expect((await everything(member, "plavina")).map((h) => h.id)).toContain(ev.id);
  });
});

describe("files and terms in the index", () => {
  it("a member finds a PDF by a word inside it and an expert by the Latvian or English label of a term; an outsider finds neither file", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    const files = async (v: Viewer) => (await everything(v, WORD, { type: "files" })).map((h) => `${h.kind}:${h.title}`).sort();
    expect(await files(member)).toContain("file:nostaja.pdf");
    expect(await files(lead)).toEqual(["file:nostaja.pdf", "file:slaidi.pdf"]);
    expect(await files(outsider)).toEqual([]);
    // The invited member sees the participants-only slides; the page it opens is the event's materials.
    const [invited] = await peopleAsViewers(db(), [seed.people.P02]);
    const slides = (await everything(invited, WORD, { type: "files" })).find((h) => h.title === "slaidi.pdf");
    expect(slides?.href).toMatch(/^\/events\/[^/]+#materials$/);
    // A renamed term re-indexes the people who carry it.
    await cryobiology();
    await db()
      .updateTable("person")
      .set({ expertise_tags: ["cryobiology"] })
      .where("id", "=", seed.people.P04)
      .execute();
    await db().updateTable("vocabulary_term").set({ label_lv: "Zemas temperatūras bioloģija" }).where("kind", "=", "expertise").where("key", "=", "cryobiology").execute();
    expect((await everything(member, "zemas temperaturas", { type: "people" })).map((h) => h.id)).toContain(seed.people.P04);
  });
});

describe("results", () => {
  it("rank, filter by type and date, page by keyset and highlight as text", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    const all = await everything(member, WORD);
    const events = await everything(member, WORD, { type: "events" });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((h) => h.type === "events")).toBe(true);
    expect(all.length).toBeGreaterThan(events.length);
    // pages of one: the same hits in the same order
    const one: SearchHit[] = [];
    let after: string | null = null;
    do {
      const page = await search(db(), member, params(WORD, { after }), 1);
      one.push(...page.hits);
      after = page.next;
    } while (after);
    expect(one.map((h) => h.id)).toEqual(all.map((h) => h.id));
    // dates: the events are 20 days ahead; a range that ends yesterday has none of them
    const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    expect(await everything(member, WORD, { type: "events", to: yesterday })).toEqual([]);
    expect((await everything(member, WORD, { type: "events", from: yesterday })).length).toBe(events.length);
    // snippets: the word as written, marked
    const post = all.find((h) => h.kind === "post")!;
    expect(post.snippet.some((p) => p.hit && p.text === WORD)).toBe(true);
    expect(snippetParts("a <b>\uE000x\uE001 \uE001y")).toEqual([
      { text: "a <b>", hit: false },
      { text: "x", hit: true },
      { text: " y", hit: false },
    ]);
  });

  it("a typo finds close names (trigram fallback)", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    const r = await search(db(), member, params("Oskrs Arpuss"));
    expect(r.fuzzy).toBe(true);
    expect(r.hits.map((h) => h.id)).toContain(outsider.id);
  });
});

describe("bad input never errors", () => {
  const nasty = [
    "",
    "   ",
    "&|!():*'\"\\",
    "a & | b",
    "'",
    "\\'",
    "!!!",
    ":*",
    "(foo",
    "foo)",
    "a:* & !b | (c <-> d)",
    "x".repeat(1000),
    "ā ".repeat(500),
    "\u0000nul",
    "😀 emoji",
    "Kļaviņš & (klavins | !x)",
  ];
  it("in the search function", async () => {
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    for (const q of nasty) {
      const r = await search(db(), member, params(q));
      expect(Array.isArray(r.hits), JSON.stringify(q)).toBe(true);
    }
    expect((await search(db(), member, params(""))).empty).toBe(true);
    expect((await search(db(), member, params(WORD, { after: "garbage!" }))).hits.length).toBeGreaterThan(0);
  });

  it("on the page, in both languages, with an empty state that suggests what to try", async () => {
    const client: HttpClient = await clientFor(server, seed.people.P01);
    for (const q of nasty) {
      const res = await client.get(`/search?q=${encodeURIComponent(q)}&type=nonsense&from=2026-13-45&after=%00`);
      expect(res.status, JSON.stringify(q)).toBe(200);
    }
    const en = await (await client.get(`/search?q=nothingmatchesthisqq`)).text();
    await client.post("/lang", { lang: "lv", redirectTo: "/" });
    const lv = await (await client.get(`/search?q=nothingmatchesthisqq`)).text();
    expect(`${en}\n${lv}`).toMatch(/Nothing found|nekas/);
    expect(lv).toContain("klavins");
    const found = await (await client.get(`/search?q=${WORD}`)).text();
    expect(found).toContain(`<mark>${WORD}</mark>`);
    // the header's search box is on every member page
    const home = await (await client.get("/")).text();
    expect(home).toMatch(/<form[^>]*action="\/search"[^>]*role="search"|<form[^>]*role="search"[^>]*action="\/search"/);
    // outsiders are sent to log in
    const anon = await server.client().get(`/search?q=${WORD}`);
    expect([302, 303]).toContain(anon.status);
  });
});

describe("the directory's people search", () => {
  it("matches job title and expertise, with or without diacritics", async () => {
    const client = await clientFor(server, seed.people.P01);
    await cryobiology();
    await db()
      .updateTable("person")
      .set({ expertise_tags: ["cryobiology"], job_title: "Vecākā pētniece" })
      .where("id", "=", seed.people.P03)
      .execute();
    for (const q of ["kriobiolog", "Kriobioloģija", "vecaka petniece"]) {
      const html = await (await client.get(`/directory/people?q=${encodeURIComponent(q)}`)).text();
      expect(html, q).toContain(`/directory/people/${seed.people.P03}`);
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL && !process.env.TEST_DATABASE_URL)("index use (PostgreSQL)", () => {
  it("EXPLAIN: the words are looked up in the GIN index, never by reading every document", async () => {
    // Enough documents that reading them all would cost more than the index (20,000 posts in the private topic).
    const thread = await db().selectFrom("thread").select(["id", "last_seq"]).where("id", "=", privThreadId).executeTakeFirstOrThrow();
    for (let b = 0; b < 20; b++)
      await sql`insert into post (thread_id, seq, author_id, body_md, body_html)
        select ${privThreadId}::uuid, ${thread.last_seq + 1000} + g, ${lead.id}::uuid, 'vārds ' || g || ' teksts ' || md5(g::text), ''
        from generate_series(${b * 1000 + 1}::int, ${(b + 1) * 1000}::int) g`.execute(db());
    await sql`analyze search_doc`.execute(db());
    const [member] = await peopleAsViewers(db(), [seed.people.P01]);
    for (const q of ["regulatory", "vārds teksts", WORD]) {
      const built = searchQuery(member, params(q))!;
      const plan = (await sql<{ "QUERY PLAN": string }>`explain ${built.query}`.execute(db())).rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan, q).toContain("search_doc_tsv_idx");
      expect(plan, q).not.toMatch(/Seq Scan on search_doc/);
    }
    const page = await search(db(), member, params("teksts"));
    expect(page.hits).toHaveLength(20);
    expect(page.next).not.toBeNull();
  }, 120_000);
});
