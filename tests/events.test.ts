import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { createPerson } from "./helpers/factories";
import { addMember, clientFor, createGroupRow, personWithClient } from "./helpers/groups";
import { actionData, createEvent, eventForm, formValues, inDays, insertEvent } from "./helpers/events";
import { parseIcs } from "./helpers/ics";
import { parseGuestList } from "../app/modules/events/invitations.server";
import { csvCell } from "../app/lib/csv";
import { tokenHash } from "../app/modules/events/tokens.server";
import { issueToken } from "../app/modules/events/tokens.server";

// Events on the web: who may create, see and manage them, the form's refusals (nothing stored, nothing sent), lists
// and the month calendar, RSVP rules, guests answering without an account, check-in, CSV export and downloads.
// Mail and iCalendar details: tests/events-mail.test.ts; feeds: tests/events-feeds.test.ts.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;
const count = async (table: "event" | "mail_outbox" | "event_attendance") =>
  (
    await db()
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;

describe("creating events", () => {
  it("lets organisers and admins create; plain members may not; group leads only for their own group", async () => {
    const { client: organiser } = await personWithClient(server, { cluster_role: "organiser" });
    const { slug } = await createEvent(db(), organiser, { titleLv: "Seminārs par GMP" });
    expect(slug).toBe("seminars-par-gmp");
    const { client: admin } = await personWithClient(server, { cluster_role: "admin" });
    await createEvent(db(), admin, { titleLv: "Admina pasākums" });

    const { client: member } = await personWithClient(server);
    expect((await member.get("/events/new")).status).toBe(403);
    expect((await member.post("/events/new", { ...eventForm(), intent: "publish" })).status).toBe(403);

    const { person: lead, client: leadClient } = await personWithClient(server);
    const own = await createGroupRow(db(), { leadId: lead.id });
    const other = await createGroupRow(db(), { leadId: (await createPerson(db())).id });
    expect((await leadClient.get("/events/new")).status).toBe(200);
    const ok = await createEvent(db(), leadClient, { titleLv: "Grupas sanāksme", hostGroupId: own.id, visibility: "group_members" });
    expect(ok.row.host_group_id).toBe(own.id);
    const foreign = await leadClient.post("/events/new", { ...eventForm({ titleLv: "Svešas grupas", hostGroupId: other.id }), intent: "publish" });
    expect(foreign.status).toBe(403);
    const noGroup = await leadClient.post("/events/new", { ...eventForm({ titleLv: "Bez grupas" }), intent: "publish" });
    expect(noGroup.status).toBe(400);
    expect(await noGroup.text()).toContain("events.error.hostGroupRequired");
    // The group page lists the group's upcoming events.
    const gp = await (await leadClient.get(`/groups/${own.slug}`)).text();
    expect(gp).toContain("Grupas sanāksme");
  });

  it("refuses bad input with a message next to the field; nothing is stored or sent", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser" });
    const events = await count("event");
    const outbox = await count("mail_outbox");
    const cases: [Record<string, string>, string, string][] = [
      [{ endDate: inDays(30), endTime: "13:00" }, "endDate", "events.error.endBeforeStart"],
      [{ startDate: inDays(-2), endDate: inDays(-2) }, "startDate", "events.error.startInPast"],
      [{ timeZone: "Mars/Olympus_Mons" }, "timeZone", "events.error.timeZoneInvalid"],
      [{ timeZone: "Europe/Riga\r\nX" }, "timeZone", "events.error.timeZoneInvalid"],
      [{ titleLv: "Kopsapulce\r\nX-INJECTED:yes" }, "titleLv", "events.error.titleInvalid"],
      [{ titleEn: "ab" }, "titleEn", "events.error.titleRequired"],
      [{ descriptionLv: "x".repeat(10_001) }, "descriptionLv", "events.error.descriptionTooLong"],
      [{ capacity: "0" }, "capacity", "events.error.capacityInvalid"],
      [{ capacity: "-5" }, "capacity", "events.error.capacityInvalid"],
      [{ onlineUrl: "javascript:alert(1)" }, "onlineUrl", "events.error.onlineUrlInvalid"],
      [{ venue: "Rīga\nX" }, "venue", "events.error.venueInvalid"],
      [{ type: "party" }, "type", "events.error.typeInvalid"],
      [{ language: "de" }, "language", "events.error.languageInvalid"],
      [{ visibility: "group_members" }, "hostGroupId", "events.error.hostGroupRequired"],
      [{ agenda: "14.00 Atklāšana\n99:99 nekas" }, "agenda", "events.error.agendaInvalid"],
      [{ deadlineDate: inDays(40) }, "deadlineDate", "events.error.deadlineAfterEnd"],
      [{ reminderHours: "1000" }, "reminderHours", "events.error.reminderInvalid"],
      [{ startTime: "" }, "startTime", "events.error.timeInvalid"],
    ];
    for (const [over, field, key] of cases) {
      const res = await client.post("/events/new", { ...eventForm(over), intent: "publish" });
      expect(res.status, JSON.stringify(over).slice(0, 80)).toBe(400);
      const html = await res.text();
      expect(html, field).toContain(key);
      // The message sits next to its field (aria-describedby → the error paragraph).
      expect(html).toContain(`id="f-${field}-error"`);
    }
    // The one action error shape (docs/conventions.md "Forms"): every field's message, the values echoed back.
    const data = await actionData(client, "/events/new", { ...eventForm({ venue: "Rīga\nX", capacity: "0" }), intent: "publish" });
    expect(data.status).toBe(400);
    const body = data.data;
    expect(body.error).toEqual({ key: "events.error.venueInvalid", vars: {}, field: "venue", fields: { venue: "events.error.venueInvalid", capacity: "events.error.capacityInvalid" } });
    expect(body.values).toMatchObject({ capacity: "0", intent: "publish" });
    expect(await count("event")).toBe(events);
    expect(await count("mail_outbox")).toBe(outbox);

    // The message in the person's language.
    const { client: lvClient } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const lv = await lvClient.post("/events/new", { ...eventForm({ timeZone: "Nowhere/City" }), intent: "publish" });
    expect(await lv.text()).toContain("Nezināma laika josla. Izmantojiet IANA nosaukumu");
    const en = await client.post("/events/new", { ...eventForm({ timeZone: "Nowhere/City" }), intent: "publish" });
    expect(await en.text()).toContain("Unknown time zone. Use an IANA name");

    // Quotes and commas are fine in titles and come back escaped on the page.
    const quoted = await createEvent(db(), client, { titleLv: 'Kontaktbirža "Zinātne satiek industriju", 2. kārta', titleEn: "<b>Science</b> meets Industry" });
    const page = await (await client.get(`/events/${quoted.slug}`)).text();
    expect(page).toContain("Kontaktbirža &quot;Zinātne satiek industriju&quot;, 2. kārta");
    expect(page).not.toContain("<b>Science</b>");
  });

  it("a draft is seen only by its organisers; publishing sends the invitations prepared for it", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser" });
    const { client: other } = await personWithClient(server);
    const invitee = await createPerson(db());
    const { slug, id } = await createEvent(db(), client, { titleLv: "Melnraksta pasākums" }, "draft");
    expect((await client.get(`/events/${slug}`)).status).toBe(200);
    expect((await other.get(`/events/${slug}`)).status).toBe(404);
    expect(await (await other.get("/events")).text()).not.toContain("Melnraksta pasākums");
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: invitee.id });
    expect(await db().selectFrom("mail_outbox").select("id").where("idempotency_key", "like", `event:${id}:%`).execute()).toHaveLength(0);
    expect((await client.post(`/events/${slug}/edit`, { intent: "publish" })).status).toBe(302);
    expect(await db().selectFrom("mail_outbox").select("to_address").where("idempotency_key", "like", `event:${id}:%`).execute()).toEqual([{ to_address: invitee.email }]);
    expect((await other.get(`/events/${slug}`)).status).toBe(200);
  });
});

describe("publish and cancel on the draft's own page", () => {
  it("shows its organisers Publish and Cancel as plain forms (LV and EN); publishing there sends the invitations; others are refused by the rules", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const { client: lvClient } = await personWithClient(server, { cluster_role: "admin", locale: "lv" });
    const { client: member } = await personWithClient(server);
    const invitee = await createPerson(db());
    const { slug, id } = await createEvent(db(), client, { titleLv: "Melnraksts lapā" }, "draft");
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: invitee.id });

    // The draft's page: both forms are plain POST forms to the page itself, with their buttons.
    const page = await (await client.get(`/events/${slug}`)).text();
    expect(page).toMatch(/<form method="post"[^>]*>\s*<button type="submit" name="intent" value="publish"[^>]*>Publish<\/button>/);
    expect(page).toContain('<input type="hidden" name="intent" value="cancel"/>');
    expect(page).toContain("Yes, cancel the event and tell everyone invited");
    expect(page).toContain("Publishing sends the invitations to the people already invited (1).");
    const lv = await (await lvClient.get(`/events/${slug}`)).text();
    expect(lv).toContain(">Publicēt</button>");
    expect(lv).toContain("Jā, atcelt pasākumu un paziņot visiem ielūgtajiem");

    // Others: a member does not know the draft exists (404), and nothing changes.
    expect((await member.post(`/events/${slug}`, { intent: "publish" })).status).toBe(404);
    expect((await member.post(`/events/${slug}`, { intent: "cancel", confirm: "yes" })).status).toBe(404);
    // A cancel without the tick is refused next to the box.
    const unticked = await actionData(client, `/events/${slug}`, { intent: "cancel" });
    expect(unticked.status).toBe(400);
    expect(unticked.data).toMatchObject({ intent: "cancel", error: { key: "events.error.cancelConfirm", field: "confirm" } });
    expect(await db().selectFrom("event").select("status").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "draft" });

    // Publishing from the page (no JavaScript needed: a plain POST and a redirect).
    const pub = await client.post(`/events/${slug}`, { intent: "publish" });
    expect(pub.status).toBe(302);
    expect(pub.headers.get("location")).toBe(`/events/${slug}?done=published`);
    expect(await db().selectFrom("mail_outbox").select("to_address").where("idempotency_key", "like", `event:${id}:%`).execute()).toEqual([{ to_address: invitee.email }]);
    const published = await (await client.get(`/events/${slug}?done=published`)).text();
    expect(published).toContain("The event is published.");
    // A published event's page no longer offers them (cancelling a published event stays on the edit page).
    expect(published).not.toContain('value="publish"');
    expect(published).not.toContain('name="intent" value="cancel"');
    // Publishing twice is refused by the state; a member who now sees the event may not cancel it.
    expect((await client.post(`/events/${slug}`, { intent: "publish" })).status).toBe(409);
    const refused = await actionData(member, `/events/${slug}`, { intent: "cancel", confirm: "yes" });
    expect(refused.status).toBe(403);
    expect(refused.data).toMatchObject({ intent: "cancel", error: { key: "policy.event.organisersOnly" } });

    // A second draft is cancelled from its page quietly.
    const other = await createEvent(db(), client, { titleLv: "Atceļams melnraksts" }, "draft");
    const cancelled = await client.post(`/events/${other.slug}`, { intent: "cancel", confirm: "yes" });
    expect(cancelled.headers.get("location")).toBe(`/events/${other.slug}?done=cancelled`);
    expect(await db().selectFrom("event").select("status").where("id", "=", other.id).executeTakeFirstOrThrow()).toEqual({ status: "cancelled" });
  });
});

describe("who sees an event", () => {
  it("group-only events: members of the host group (and invitees) see them; leaving the group hides them; invitees-only events need an invitation", async () => {
    const { person: lead, client: leadClient } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id, visibility: "private" });
    const { person: m, client: mc } = await personWithClient(server);
    await addMember(db(), g.id, m.id);
    const { person: outsider, client: oc } = await personWithClient(server);
    const ev = await createEvent(db(), leadClient, { titleLv: "Slepena sanāksme", hostGroupId: g.id, visibility: "group_members" });
    expect((await mc.get(`/events/${ev.slug}`)).status).toBe(200);
    expect((await oc.get(`/events/${ev.slug}`)).status).toBe(404);
    expect((await oc.get(`/events/${ev.slug}/calendar.ics`)).status).toBe(404);
    expect((await oc.get(`/events/${ev.slug}/discussion`)).status).toBe(404);
    expect(await (await oc.get("/events")).text()).not.toContain("Slepena sanāksme");
    expect(await (await mc.get("/events")).text()).toContain("Slepena sanāksme");
    // Posting in the event's discussion (the event's thread subject): members yes, outsiders 404.
    const post = await mc.post(`/events/${ev.slug}/discussion`, { intent: "reply", body: "Vai būs tiešsaiste?" });
    expect(post.status).toBe(302);
    expect(await (await mc.get(`/events/${ev.slug}`)).text()).toContain("Vai būs tiešsaiste?");
    expect((await oc.post(`/events/${ev.slug}/discussion`, { intent: "reply", body: "x" })).status).toBe(404);

    // An invitation lets the outsider see it.
    await leadClient.post(`/events/${ev.slug}/manage`, { intent: "invitePeople", personId: outsider.id });
    expect((await oc.get(`/events/${ev.slug}`)).status).toBe(200);

    // Leaving the group hides it again for a member who was not invited.
    await db().deleteFrom("working_group_member").where("group_id", "=", g.id).where("person_id", "=", m.id).execute();
    expect((await mc.get(`/events/${ev.slug}`)).status).toBe(404);

    const { person: org2, client: oc2 } = await personWithClient(server, { cluster_role: "organiser" });
    const closed = await insertEvent(db(), { createdBy: org2.id, title: "Tikai ielūgtajiem", visibility: "invitees_only" });
    expect((await mc.get(`/events/${closed.slug}`)).status).toBe(404);
    expect((await oc2.get(`/events/${closed.slug}`)).status).toBe(200);
    // Manage pages are for organisers only.
    expect((await mc.get(`/events/${ev.slug}/manage`)).status).toBe(404);
    const { client: plain } = await personWithClient(server);
    const open = await insertEvent(db(), { createdBy: org2.id, title: "Atvērts" });
    expect((await plain.get(`/events/${open.slug}/manage`)).status).toBe(403);
    expect((await plain.get(`/events/${open.slug}/edit`)).status).toBe(403);
    expect((await plain.get(`/events/${open.slug}/checkin`)).status).toBe(403);
    expect((await plain.get(`/events/${open.slug}/attendees.csv`)).status).toBe(403);
    expect((await plain.post(`/events/${open.slug}/edit`, { intent: "cancel", confirm: "yes" })).status).toBe(403);
  });
});

describe("lists and the month calendar", () => {
  it("pages upcoming events by keyset, filters by type, language and group, and shows past events", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser" });
    const { person: lead } = await personWithClient(server);
    const g = await createGroupRow(db(), { leadId: lead.id });
    const tag = `k${Date.now().toString(36)}`;
    for (let i = 0; i < 45; i++) {
      await insertEvent(db(), {
        createdBy: org.id,
        title: `${tag} ${String(i).padStart(2, "0")}`,
        daysAhead: 200 + i,
        type: i % 3 === 0 ? "webinar" : "seminar",
        language: i % 2 ? "en" : "lv",
        hostGroupId: i % 5 === 0 ? g.id : null,
      });
    }
    const { client } = await personWithClient(server);
    const seen: string[] = [];
    const unique = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);
    let url: string | null = "/events";
    for (let pages = 0; url && pages < 20; pages++) {
      const html: string = await (await client.get(url)).text();
      // Each title also sits in the page's hydration data: count each once per page.
      seen.push(...unique([...html.matchAll(new RegExp(`${tag} (\\d\\d)`, "g"))].map((m) => m[1])));
      const next: RegExpMatchArray | null = html.match(/href="(\/events\?[^"]*after=[^"]+)"/);
      url = next ? next[1].replace(/&amp;/g, "&") : null;
    }
    expect(seen).toEqual([...Array(45)].map((_, i) => String(i).padStart(2, "0")));
    const webinars = await (await client.get("/events?type=webinar")).text();
    expect(webinars).toContain(`${tag} 03`);
    expect(webinars).not.toContain(`${tag} 01`);
    const english = await (await client.get("/events?language=en")).text();
    expect(english).toContain(`${tag} 01`);
    expect(english).not.toContain(`${tag} 02`);
    const grouped = await (await client.get(`/events?group=${g.slug}`)).text();
    expect(grouped).toContain(`${tag} 05`);
    expect(grouped).not.toContain(`${tag} 06`);
    // A past event is under "past", not "upcoming".
    const past = await insertEvent(db(), { createdBy: org.id, title: `${tag} pagātne`, daysAhead: -3 });
    expect(await (await client.get("/events")).text()).not.toContain(past.title_lv);
    expect(await (await client.get("/events?tab=past")).text()).toContain(past.title_lv);
    // Bad filters and cursors are ignored, not errors.
    expect((await client.get("/events?type=x&language=zz&group=nope&after=%%%")).status).toBe(200);
  });

  it("month view: Monday-first accessible table, LV/EN month and weekday names, events linked on their day", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser" });
    const ev = await insertEvent(db(), { createdBy: org.id, title: "Mēneša skata pasākums", daysAhead: 40, hour: 9 });
    const day = ev.starts_at;
    const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit" }).format(day).slice(0, 7);
    const { client } = await personWithClient(server, { locale: "lv" });
    const html = await (await client.get(`/events/calendar?month=${month}`)).text();
    expect(html).toMatch(/<table class="month"><caption>\d{4}\. gada [a-zāčēģīķļņšūž]+<\/caption>/);
    expect(html).toMatch(/<th scope="col"><abbr title="pirmdiena">P<\/abbr><\/th>/);
    expect(html.indexOf("pirmdiena")).toBeLessThan(html.indexOf("svētdiena"));
    expect(html).toContain(`href="/events/${ev.slug}">09.00 Mēneša skata pasākums`);
    const { client: enClient } = await personWithClient(server, { locale: "en" });
    const en = await (await enClient.get(`/events/calendar?month=${month}`)).text();
    expect(en).toMatch(/<caption>(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}<\/caption>/);
    expect(en).toContain('<abbr title="Monday">Mon</abbr>');
    expect(en).toContain(`href="/events/${ev.slug}">09:00 Mēneša skata pasākums (EN)`);
    expect((await client.get("/events/calendar?month=2026-13")).status).toBe(200);
  });
});

describe("RSVP rules", () => {
  it("answers are changeable until the deadline; after it, or on a cancelled event, they are refused", async () => {
    const { person: org, client: oc } = await personWithClient(server, { cluster_role: "organiser" });
    const ev = await insertEvent(db(), { createdBy: org.id, deadline: new Date(Date.now() + 3600_000) });
    const { person: p, client } = await personWithClient(server);
    expect((await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "maybe" })).status).toBe(302);
    expect((await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" })).status).toBe(302);
    expect((await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "nonsense" })).status).toBe(400);
    const status = async () => (await db().selectFrom("event_attendance").select("status").where("event_id", "=", ev.id).where("person_id", "=", p.id).executeTakeFirst())?.status;
    expect(await status()).toBe("going");
    await db()
      .updateTable("event")
      .set({ registration_deadline: new Date(Date.now() - 1000) })
      .where("id", "=", ev.id)
      .execute();
    const late = await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "declined" });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("events.error.registrationClosed");
    expect(await status()).toBe("going");
    await db().updateTable("event").set({ registration_deadline: null }).where("id", "=", ev.id).execute();
    await oc.post(`/events/${ev.slug}/edit`, { intent: "cancel", confirm: "yes" });
    expect((await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "declined" })).status).toBe(409);
    // Viewing the page never changes anything.
    await client.get(`/events/${ev.slug}`);
    expect(await status()).toBe("going");
  });
});

describe("guests (no account)", () => {
  it("answer through their personal link; a GET of it changes nothing; the link is scoped to one guest and event", async () => {
    const { client: oc } = await personWithClient(server, { cluster_role: "organiser" });
    const { slug, id } = await createEvent(db(), oc, { titleLv: "Viesu pasākums", capacity: "1" });
    const res = await oc.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "Anna Viese <anna@guest.example>, bob@guest.example\nANNA@guest.example" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("invited=2&skipped=0&merged=1");
    const rows = await db()
      .selectFrom("event_attendance")
      .select(["id", "guest_email", "guest_name", "guest_token_hash", "guest_token_salt"])
      .where("event_id", "=", id)
      .orderBy("guest_email")
      .execute();
    expect(rows.map((r) => [r.guest_email, r.guest_name])).toEqual([
      ["anna@guest.example", "Anna Viese"],
      ["bob@guest.example", ""],
    ]);
    // The token is derived from the server secret and a salt; only its hash is stored.
    const anna = rows[0];
    const { currentToken } = await import("../app/modules/events/tokens.server");
    const token = currentToken(server.config.sessionSecrets, "guest", anna.id, anna.guest_token_salt!, anna.guest_token_hash!)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash(token)).toBe(anna.guest_token_hash);
    const dump = JSON.stringify(await db().selectFrom("event_attendance").selectAll().where("event_id", "=", id).execute());
    expect(dump).not.toContain(token);

    // A link scanner (no cookies, GET, HEAD) changes nothing.
    const anon = server.client();
    const page = await anon.get(`/rsvp/${token}`, { "user-agent": "Mozilla/5.0 (compatible; SafeLinks scanner)" });
    expect(page.status).toBe(200);
    // The page's policy comes last, and the last valid token wins: the token never leaks in a Referer.
    expect(page.headers.get("referrer-policy")!.split(",").pop()!.trim()).toBe("no-referrer");
    const html = await page.text();
    expect(html).toContain("Viesu pasākums");
    expect(html).toContain('name="answer" value="going"');
    await fetch(`${server.url}/rsvp/${token}?answer=going`, { method: "HEAD" });
    await anon.get(`/rsvp/${token}?answer=going&intent=rsvp`);
    const st = async (rid: string) => await db().selectFrom("event_attendance").select(["status", "waitlist_pos"]).where("id", "=", rid).executeTakeFirstOrThrow();
    expect((await st(anna.id)).status).toBe("invited");

    // The buttons POST: going (the one place), then Bob joins the waitlist, then Anna declines → Bob is promoted.
    expect((await anon.post(`/rsvp/${token}`, { answer: "going" })).status).toBe(302);
    expect((await st(anna.id)).status).toBe("going");
    const bob = rows[1];
    const bobToken = currentToken(server.config.sessionSecrets, "guest", bob.id, bob.guest_token_salt!, bob.guest_token_hash!)!;
    await anon.post(`/rsvp/${bobToken}`, { answer: "going" });
    expect(await st(bob.id)).toEqual({ status: "waitlisted", waitlist_pos: 1 });
    expect(await (await anon.get(`/rsvp/${bobToken}`)).text()).toMatch(/1\. vieta|number 1/);
    await anon.post(`/rsvp/${token}`, { answer: "declined" });
    expect((await st(bob.id)).status).toBe("going");

    // Unknown, malformed and other-format tokens: 404; a removed guest's link dies.
    expect((await anon.get(`/rsvp/${"A".repeat(43)}`)).status).toBe(404);
    expect((await anon.get("/rsvp/short")).status).toBe(404);
    expect((await anon.post(`/rsvp/${"B".repeat(43)}`, { answer: "going" })).status).toBe(404);
    await oc.post(`/events/${slug}/manage`, { intent: "remove", attendanceId: anna.id, tab: "declined" });
    expect((await anon.get(`/rsvp/${token}`)).status).toBe(404);
    // A token is not a session: it opens nothing else.
    expect((await anon.get(`/events/${slug}`)).status).toBe(302);
  });

  it("validates pasted guest lists strictly: malformed addresses are reported and nothing is stored; duplicates are merged", async () => {
    expect(parseGuestList('a@x.lv, A@X.lv; b@y.example\n"Smith, Bob" <bob@z.example>')).toEqual({
      guests: [
        { email: "a@x.lv", name: "" },
        { email: "b@y.example", name: "" },
        { email: "bob@z.example", name: "Smith, Bob" },
      ],
      invalid: [],
      merged: 1,
    });
    expect(parseGuestList('not-an-email, x@@y.lv, a@b, "q"@x.lv, c@d.lv\r\nX-Bcc: e@f.lv').invalid).toEqual(["not-an-email", "x@@y.lv", "a@b", '"q"@x.lv', "X-Bcc:"]);
    const { client: oc } = await personWithClient(server, { cluster_role: "organiser" });
    const { slug, id } = await createEvent(db(), oc);
    const before = await count("mail_outbox");
    const res = await oc.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "ok@guest.example\nbroken@\nalso bad" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("broken@");
    expect(html).toContain('id="f-guests-error"');
    expect(await db().selectFrom("event_attendance").select("id").where("event_id", "=", id).execute()).toHaveLength(0);
    expect(await count("mail_outbox")).toBe(before);
    // All already invited: a clear refusal, nothing sent twice.
    await oc.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "ok@guest.example" });
    const dup = await oc.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "OK@guest.example" });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("events.error.allAlreadyInvited");
    // A member's address invites the member.
    const member = await createPerson(db(), { email: "member.by.mail@test.example" });
    await oc.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "Member.By.Mail@test.example" });
    const rows = await db().selectFrom("event_attendance").select(["person_id", "guest_email"]).where("event_id", "=", id).execute();
    expect(rows).toContainEqual({ person_id: member.id, guest_email: null });
  });
});

describe("capacity counts for screen readers", () => {
  it("'1 / 60' is for the eye (aria-hidden); the announced text is a sentence in the page's language, on the list and the event page", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser" });
    const ev = await insertEvent(db(), { createdBy: org.id, capacity: 60, title: "Vietu skaits" });
    const open = await insertEvent(db(), { createdBy: org.id, capacity: null, title: "Bez vietu limita" });
    const { client: en } = await personWithClient(server, { locale: "en" });
    const { client: lv } = await personWithClient(server, { locale: "lv" });
    await en.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" });
    await en.post(`/events/${open.slug}`, { intent: "rsvp", answer: "going" });
    for (const [client, full, openText] of [
      [en, "1 of 60 places taken", "1 going"],
      [lv, "aizņemtas 1 no 60 vietām", "piedalās: 1"],
    ] as const) {
      for (const path of [`/events/${ev.slug}`, "/events"]) {
        const html = await (await client.get(path)).text();
        expect(html, path).toContain(`<span class="places"><span aria-hidden="true">1 / 60</span><span class="visually-hidden">${full}</span></span>`);
        expect(html, path).not.toMatch(/<span[^>]*aria-label/);
      }
      const page = await (await client.get(`/events/${open.slug}`)).text();
      expect(page).toContain(`<span class="places"><span aria-hidden="true">1</span><span class="visually-hidden">${openText}</span></span>`);
    }
  });
});

describe("organiser tools", () => {
  it("exports the attendee list as CSV with a BOM, proper escaping and no formulas", async () => {
    const { person: org, client: oc } = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const ev = await insertEvent(db(), { createdBy: org.id });
    const tricky = await createPerson(db(), { name: 'Bērziņš, "Jānis"\nJr.' });
    const formula = await createPerson(db(), { name: '=HYPERLINK("http://evil.example")' });
    for (const p of [tricky, formula]) await (await clientFor(server, p.id)).post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" });
    const res = await oc.get(`/events/${ev.slug}/attendees.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(`${ev.slug}-attendees.csv`);
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = buf.toString("utf8").slice(1);
    // The one CSV convention of ~/lib/csv (every export): `;` between cells, so a comma in a name needs no quotes.
    expect(csv.split("\r\n")[0]).toBe("Name;Organisation;Email;Status;Waiting list no.;Guest;Answered;Checked in;Email delivery");
    expect(csv).toContain('"Bērziņš, ""Jānis""\nJr."');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    // The rows in the viewer's language too.
    expect(csv.split("\r\n")[1]).toMatch(/;Going;;;\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2};/);

    // The same file for a Latvian organiser: the header row, statuses and dates in Latvian, same format.
    const { client: lvc } = await personWithClient(server, { cluster_role: "admin", locale: "lv" });
    const lvBuf = Buffer.from(await (await lvc.get(`/events/${ev.slug}/attendees.csv`)).arrayBuffer());
    expect([...lvBuf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lv = lvBuf.toString("utf8").slice(1);
    expect(lv.split("\r\n")[0]).toBe("Vārds, uzvārds;Organizācija;E-pasts;Statuss;Gaidīšanas saraksta nr.;Viesis;Atbilde saņemta;Ierašanās;E-pasta piegāde");
    expect(lv.split("\r\n")[1]).toMatch(/;Piedalīsies;;;\d{2}\.\d{2}\.\d{4}\. plkst\. \d{2}\.\d{2};/);
    expect(lv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(lv.endsWith("\r\n")).toBe(true);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a;b")).toBe('"a;b"');
  });

  it("check-in: a searchable list and a POST per person; only organisers", async () => {
    const { person: org, client: oc } = await personWithClient(server, { cluster_role: "organiser" });
    const ev = await insertEvent(db(), { createdBy: org.id });
    const liga = await createPerson(db(), { name: "Līga Ābele" });
    await (await clientFor(server, liga.id)).post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" });
    const row = await db().selectFrom("event_attendance").select("id").where("event_id", "=", ev.id).where("person_id", "=", liga.id).executeTakeFirstOrThrow();
    const found = await (await oc.get(`/events/${ev.slug}/checkin?q=liga%20abele`)).text();
    expect(found).toContain("Līga Ābele");
    expect(found).toContain(`value="${row.id}"`);
    expect((await oc.get(`/events/${ev.slug}/checkin`)).status).toBe(200);
    expect((await oc.post(`/events/${ev.slug}/checkin`, { intent: "checkin", attendanceId: row.id })).status).toBe(302);
    const at = await db().selectFrom("event_attendance").select(["checked_in_at", "checked_in_by"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(at.checked_in_at).not.toBeNull();
    expect(at.checked_in_by).toBe(org.id);
    expect(await (await oc.get(`/events/${ev.slug}/checkin`)).text()).toMatch(/Ieradušies: 1 no 1|Arrived: 1 of 1/);
    expect((await oc.post(`/events/${ev.slug}/checkin`, { intent: "checkin", attendanceId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    const { client: other } = await personWithClient(server);
    expect((await other.post(`/events/${ev.slug}/checkin`, { intent: "checkin", attendanceId: row.id })).status).toBe(403);
    await oc.post(`/events/${ev.slug}/checkin`, { intent: "undo", attendanceId: row.id });
    expect((await db().selectFrom("event_attendance").select("checked_in_at").where("id", "=", row.id).executeTakeFirstOrThrow()).checked_in_at).toBeNull();
  });

  it("check-in counts and lists the same population: people going are counted and listed first, the others invited are listed apart and may be checked in too (LV and EN)", async () => {
    const { person: org, client: oc } = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const { client: lvc } = await personWithClient(server, { cluster_role: "admin", locale: "lv" });
    const ev = await insertEvent(db(), { createdBy: org.id });
    const invitees = await Promise.all(["Anna Invited", "Bruno Invited", "Cilda Invited", "Dace Invited"].map((name) => createPerson(db(), { name })));
    for (const p of invitees) await oc.post(`/events/${ev.slug}/manage`, { intent: "invitePeople", personId: p.id });
    const rowOf = async (personId: string) => (await db().selectFrom("event_attendance").select("id").where("event_id", "=", ev.id).where("person_id", "=", personId).executeTakeFirstOrThrow()).id;
    const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

    // Only invitations: nobody is going, and the page says so rather than "0 of 0" above four check-in buttons.
    let page = text(await (await oc.get(`/events/${ev.slug}/checkin`)).text());
    expect(page).toContain("Arrived: 0 of 0 going");
    expect(page).toContain("Going (0)");
    expect(page).toContain("Nobody has registered as going yet.");
    expect(page).toContain("Not registered as going (4)");
    expect(page).toContain("check them in only if you admit them");
    for (const p of invitees) expect(page).toContain(p.name);

    // Two answer: one going, one declined (no longer listed); the going one moves up and is counted.
    await (await clientFor(server, invitees[0].id)).post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" });
    await (await clientFor(server, invitees[1].id)).post(`/events/${ev.slug}`, { intent: "rsvp", answer: "declined" });
    page = text(await (await oc.get(`/events/${ev.slug}/checkin`)).text());
    expect(page).toContain("Arrived: 0 of 1 going");
    expect(page).toContain("Going (1)");
    expect(page).toContain("Not registered as going (2)");
    expect(page).not.toContain("Bruno Invited");
    expect(page.indexOf("Anna Invited")).toBeLessThan(page.indexOf("Not registered as going"));
    expect(page.indexOf("Cilda Invited")).toBeGreaterThan(page.indexOf("Not registered as going"));

    // Checking in the one going counts; an invited person admitted at the door is counted apart.
    expect((await oc.post(`/events/${ev.slug}/checkin`, { intent: "checkin", attendanceId: await rowOf(invitees[0].id) })).status).toBe(302);
    expect((await oc.post(`/events/${ev.slug}/checkin`, { intent: "checkin", attendanceId: await rowOf(invitees[2].id) })).status).toBe(302);
    page = text(await (await oc.get(`/events/${ev.slug}/checkin`)).text());
    expect(page).toContain("Arrived: 1 of 1 going");
    expect(page).toContain("Also checked in without a “going” registration: 1");
    // A search narrows the lists, never the counts.
    page = text(await (await oc.get(`/events/${ev.slug}/checkin?q=dace`)).text());
    expect(page).toContain("Arrived: 1 of 1 going");
    expect(page).toContain("Not registered as going (1)");
    expect(page).not.toContain("Cilda Invited");

    const lv = text(await (await lvc.get(`/events/${ev.slug}/checkin`)).text());
    expect(lv).toContain("Ieradušies: 1 no 1, kas pieteikušies dalībai");
    expect(lv).toContain("Atzīmēti arī bez pieteikšanās dalībai: 1");
    expect(lv).toContain("Pieteikušies dalībai (1)");
    expect(lv).toContain("Nav pieteikušies dalībai (2)");
  });

  it("Add to calendar: a PUBLISH download with the invitations' UID and SEQUENCE, the online link only for registrants", async () => {
    const { person: org } = await personWithClient(server, { cluster_role: "organiser" });
    const ev = await insertEvent(db(), { createdBy: org.id, onlineUrl: "https://teams.example/l/secret-room" });
    await db().updateTable("event").set({ sequence: 3 }).where("id", "=", ev.id).execute();
    const { client } = await personWithClient(server);
    const res = await client.get(`/events/${ev.slug}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    expect(res.headers.get("cache-control")).toContain("private");
    const text = await res.text();
    const p = parseIcs(text);
    expect(p.method).toBe("PUBLISH");
    expect(p.events[0].uid).toBe(ev.uid);
    expect(p.events[0].sequence).toBe(3);
    expect(text).not.toMatch(/^ATTENDEE/m);
    expect(text).not.toContain("secret-room");
    expect(await (await client.get(`/events/${ev.slug}`)).text()).not.toContain("secret-room");
    await client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" });
    expect(await (await client.get(`/events/${ev.slug}/calendar.ics`)).text()).toContain("secret-room");
    expect(await (await client.get(`/events/${ev.slug}`)).text()).toContain("secret-room");
  });

  it("edits keep the form's values and agenda; the event page shows them in the viewer's language", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const { slug } = await createEvent(db(), client, { agenda: "14.00 Atklāšana | Opening\n14.10–14.40 Valdes ziņojums | Board report | Inese Kalniņa" });
    const values = await formValues(db(), slug);
    expect(values.agenda).toBe("14:00 Atklāšana | Opening\n14:10–14:40 Valdes ziņojums | Board report | Inese Kalniņa");
    const html = await (await client.get(`/events/${slug}`)).text();
    expect(html).toContain("14.10–14.40");
    expect(html).toContain("Valdes ziņojums");
    const edit = await (await client.get(`/events/${slug}/edit`)).text();
    expect(edit).toContain("Valdes ziņojums | Board report | Inese Kalniņa");
    // Issue-level sanity: a token issued for one purpose is not another's.
    const t = issueToken(server.config.sessionSecrets, "guest", "x");
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
