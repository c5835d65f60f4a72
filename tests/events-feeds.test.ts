import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { createPerson } from "./helpers/factories";
import { addMember, clientFor, createGroupRow, personWithClient } from "./helpers/groups";
import { insertEvent } from "./helpers/events";
import { assertWellFormed, parseIcs, unescapeText } from "./helpers/ics";
import type { HttpClient } from "./helpers/server";

// Calendar subscription feeds (docs/requirements.md CAL-14…CAL-16): secret per-person tokens, byte-identical bodies and
// ETag/304 between polls, no attendee addresses, content equal to what the event page would show, revocation.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;

/** Creates the person's feed address through settings and returns the token from the page. */
async function feedToken(client: HttpClient): Promise<string> {
  const res = await client.post("/settings/calendar", { intent: "regenerate" });
  expect(res.status).toBe(302);
  const html = await (await client.get("/settings/calendar")).text();
  const m = html.match(/\/feeds\/([A-Za-z0-9_-]{43})\/mine\.ics/);
  expect(m).not.toBeNull();
  expect(html).toContain(`webcal://127.0.0.1:${new URL(server.url).port}/feeds/${m![1]}/mine.ics`);
  return m![1];
}

function feed(token: string, file = "mine.ics", headers: Record<string, string> = {}) {
  return fetch(`${server.url}/feeds/${token}/${file}`, { headers });
}

describe("personal feed", () => {
  it("lists the events one goes to, is invited to or waits for (marked), nobody's address, identical bytes and ETag between polls, 304", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser", name: "Organizatore Olga" });
    const { person: me, client } = await personWithClient(server, { locale: "en" });
    const other = await createPerson(db(), { email: "someone.else@test.example" });
    const going = await insertEvent(db(), { createdBy: org.id, title: "Going one", daysAhead: 10, onlineUrl: "https://teams.example/l/going" });
    const waiting = await insertEvent(db(), { createdBy: org.id, title: "Full one", daysAhead: 11, capacity: 1 });
    const invited = await insertEvent(db(), { createdBy: org.id, title: "Invited one", daysAhead: 12, visibility: "invitees_only" });
    const declined = await insertEvent(db(), { createdBy: org.id, title: "Declined one", daysAhead: 13 });
    const unrelated = await insertEvent(db(), { createdBy: org.id, title: "Unrelated one", daysAhead: 14 });
    const cancelled = await insertEvent(db(), { createdBy: org.id, title: "Cancelled one", daysAhead: 15 });
    const oc = await clientFor(server, org.id);
    await (await clientFor(server, other.id)).post(`/events/${waiting.slug}`, { intent: "rsvp", answer: "going" });
    await client.post(`/events/${going.slug}`, { intent: "rsvp", answer: "going" });
    await client.post(`/events/${waiting.slug}`, { intent: "rsvp", answer: "going" });
    await oc.post(`/events/${invited.slug}/manage`, { intent: "invitePeople", personId: me.id });
    await client.post(`/events/${declined.slug}`, { intent: "rsvp", answer: "declined" });
    await client.post(`/events/${cancelled.slug}`, { intent: "rsvp", answer: "going" });
    await oc.post(`/events/${cancelled.slug}/edit`, { intent: "cancel", confirm: "yes" });

    const token = await feedToken(client);
    // Only a hash is stored.
    const stored = await db().selectFrom("calendar_feed_token").selectAll().where("person_id", "=", me.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await feed(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("private");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const body = await res.text();
    expect(assertWellFormed(body)).toEqual([]);
    const p = parseIcs(body);
    expect(p.method).toBeNull();
    expect(unescapeText(p.calName!)).toBe("My events · Life Science Cluster");
    expect(body).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    const byUid = new Map(p.events.map((e) => [e.uid, e]));
    expect([...byUid.keys()].sort()).toEqual([going.uid, waiting.uid, invited.uid, cancelled.uid].sort());
    expect(byUid.get(going.uid)!.summary).toBe("Going one (EN)");
    expect(byUid.get(waiting.uid)!.summary).toBe("[Waiting list] Full one (EN)");
    expect(byUid.get(invited.uid)!.summary).toBe("[Invited] Invited one (EN)");
    expect(byUid.get(cancelled.uid)!.status).toBe("CANCELLED");
    expect(byUid.get(going.uid)!.description).toContain("https://teams.example/l/going");
    expect(body).not.toContain("Unrelated one");
    expect(body).not.toContain("Declined one");
    // No ATTENDEE lines and no member's address; DTSTAMP = LAST-MODIFIED = updated_at.
    expect(body).not.toMatch(/^ATTENDEE/m);
    for (const addr of [me.email, other.email, "@test.example"]) expect(body).not.toContain(addr);
    const row = await db().selectFrom("event").select("updated_at").where("id", "=", going.id).executeTakeFirstOrThrow();
    const stamp = row.updated_at.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    expect(byUid.get(going.uid)!.dtstamp.replace(/[-:]/g, "")).toBe(stamp);
    void unrelated;

    // The same bytes and ETag on the next poll; If-None-Match → 304 without a body.
    const again = await feed(token);
    expect(await again.text()).toBe(body);
    expect(again.headers.get("etag")).toBe(etag);
    const cached = await feed(token, "mine.ics", { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");

    // An edit changes only that event's entry (and the ETag).
    await db()
      .updateTable("event")
      .set({ title_en: "Going one, renamed", updated_at: sql`now()` })
      .where("id", "=", going.id)
      .execute();
    const edited = await feed(token, "mine.ics", { "if-none-match": etag });
    expect(edited.status).toBe(200);
    expect(edited.headers.get("etag")).not.toBe(etag);
    const after = parseIcs(await edited.text());
    expect(after.events.find((e) => e.uid === going.uid)!.summary).toBe("Going one, renamed");
    const unchanged = (x: typeof p) => x.events.filter((e) => e.uid !== going.uid).map((e) => [e.uid, e.dtstamp, e.summary]);
    expect(unchanged(after)).toEqual(unchanged(p));
  });

  it("regenerating or revoking the address ends the old one at once (404); so do deactivation and 'log out everywhere'", async () => {
    const { person: me, client } = await personWithClient(server);
    const t1 = await feedToken(client);
    expect((await feed(t1)).status).toBe(200);
    const t2 = await feedToken(client);
    expect(t2).not.toBe(t1);
    expect((await feed(t1)).status).toBe(404);
    expect((await feed(t2)).status).toBe(200);
    // A tampered or malformed token, or an unknown feed file: the same bare 404.
    const tampered = t2.slice(0, -1) + (t2.endsWith("A") ? "B" : "A");
    for (const r of [await feed(tampered), await feed("short"), await feed(t2, "other.ics")]) {
      expect(r.status).toBe(404);
      expect(await r.text()).toBe("Not Found");
    }
    await client.post("/settings/calendar", { intent: "revoke" });
    expect((await feed(t2)).status).toBe(404);
    expect(await (await client.get("/settings/calendar")).text()).not.toContain("/feeds/");

    const t3 = await feedToken(client);
    await client.post("/logout", { everywhere: "1" });
    expect((await feed(t3)).status).toBe(404);

    const { person: p2, client: c2 } = await personWithClient(server);
    const t4 = await feedToken(c2);
    await db().updateTable("person").set({ deactivated_at: new Date() }).where("id", "=", p2.id).execute();
    expect((await feed(t4)).status).toBe(404);
    void me;
  });

  it("is rate-limited per token", async () => {
    const { client } = await personWithClient(server);
    const token = await feedToken(client);
    let last = 200;
    for (let i = 0; i < 61; i++) last = (await feed(token)).status;
    expect(last).toBe(429);
  });
});

describe("feeds follow the event page's rules (CAL-15)", () => {
  it("a removed group member's feeds lose the group's events at the next fetch; the group feed is 404 for non-members", async () => {
    const { person: lead } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    const { person: me, client } = await personWithClient(server);
    await addMember(db(), g.id, me.id);
    const secret = await insertEvent(db(), { createdBy: lead.id, title: "Finance WG meeting", hostGroupId: g.id, visibility: "group_members" });
    await client.post(`/events/${secret.slug}`, { intent: "rsvp", answer: "going" });
    const token = await feedToken(client);
    expect(await (await feed(token)).text()).toContain(secret.uid);
    expect(await (await feed(token, "all.ics")).text()).toContain(secret.uid);
    const gf = await feed(token, `group-${g.slug}.ics`);
    expect(gf.status).toBe(200);
    expect(await gf.text()).toContain(secret.uid);

    await db().deleteFrom("working_group_member").where("group_id", "=", g.id).where("person_id", "=", me.id).execute();
    expect(await (await feed(token)).text()).not.toContain(secret.uid);
    expect(await (await feed(token, "all.ics")).text()).not.toContain(secret.uid);
    expect((await feed(token, `group-${g.slug}.ics`)).status).toBe(404);
  });

  it("escapes a hostile group name in the group feed (F1, CAL-2)", async () => {
    const { person: lead, client } = await personWithClient(server, { locale: "en" });
    const g = await createGroupRow(db(), { leadId: lead.id });
    const hostile = 'Budget; Q1, "draft"\r\nX-INJECTED:yes\r\nBEGIN:VEVENT';
    await db().updateTable("working_group").set({ name_en: hostile, name_lv: hostile }).where("id", "=", g.id).execute();
    await insertEvent(db(), { createdBy: lead.id, title: "Review; finance, ops", hostGroupId: g.id });
    const token = await feedToken(client);
    const body = await (await feed(token, `group-${g.slug}.ics`)).text();
    expect(assertWellFormed(body)).toEqual([]);
    expect(body).not.toMatch(/^X-INJECTED/m);
    expect(body.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    const p = parseIcs(body);
    expect(unescapeText(p.calName!)).toBe('Budget; Q1, "draft"\nX-INJECTED:yes\nBEGIN:VEVENT');
    expect(p.events[0].summary).toBe("Review; finance, ops (EN)");
  });

  it("for random people and events, an event is in the 'all' feed exactly when its page opens", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser" });
    const { person: lead } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    const people = await Promise.all([...Array(6)].map(() => personWithClient(server)));
    for (const [i, p] of people.entries()) if (i % 2 === 0) await addMember(db(), g.id, p.person.id);
    const kinds = [
      { visibility: "all_members" as const },
      { visibility: "invitees_only" as const },
      { visibility: "group_members" as const, hostGroupId: g.id },
      { visibility: "all_members" as const, status: "draft" as const },
    ];
    const events = [];
    for (let i = 0; i < 12; i++) events.push(await insertEvent(db(), { createdBy: i % 4 === 3 ? lead.id : org.id, daysAhead: 30 + i, ...kinds[i % 4] }));
    // Some invitations.
    for (const [i, p] of people.entries()) {
      const ev = events[(i * 5 + 1) % events.length];
      await db().insertInto("event_attendance").values({ event_id: ev.id, person_id: p.person.id, status: "invited", invited_by: org.id, invited_at: new Date() }).execute();
    }
    let checked = 0;
    for (const p of people) {
      const token = await feedToken(p.client);
      const body = await (await feed(token, "all.ics")).text();
      for (const ev of events) {
        const page = (await p.client.get(`/events/${ev.slug}`)).status;
        expect(page === 200, `${ev.visibility}/${ev.status}`).toBe(body.includes(ev.uid));
        checked++;
      }
    }
    expect(checked).toBe(72);
  });
});
