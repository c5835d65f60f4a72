import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, type SinkMessage } from "./helpers/smtp-sink";
import { createPerson } from "./helpers/factories";
import { clientFor, personWithClient, sleep } from "./helpers/groups";
import { actionData, createEvent, editEvent, formValues, icsOf, inDays, nextClockChange } from "./helpers/events";
import { startMail } from "../server/mail";
import { sendDueReminders } from "../app/modules/events/reminders.server";
import { formatDate } from "../app/i18n/format";
import { zoneName } from "../app/i18n/format";

// Invitations, updates, cancellations, promotions and reminders, read back from a real SMTP sink: every message's
// MIME structure (CAL-12) and its iCalendar parsed by ical.js (CAL-4, CAL-8…CAL-10), the durable queue's
// exactly-one delivery under an SMTP outage and a worker restart (MAIL-1, MAIL-2).

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

async function settle(): Promise<void> {
  await server.mail.drained(60_000);
}

function to(address: string, subject?: RegExp): SinkMessage[] {
  return sink.to(address).filter((m) => !subject || subject.test(m.parsed.subject ?? ""));
}

async function organiserWithEvent(over: Record<string, string> = {}) {
  const { person: organiser, client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv", name: "Renārs Lejnieks" });
  const ev = await createEvent(db(), client, over);
  return { organiser, client, ...ev };
}

describe("invitations (CAL-8, CAL-12)", () => {
  it("sends each invitee one personal message in their language: iMIP structure, REQUEST with them as the one ATTENDEE, body with what/when/where/links", async () => {
    const { client, slug, id, row } = await organiserWithEvent({ titleLv: "Biedru kopsapulce", titleEn: "General Assembly", startDate: inDays(40), endDate: inDays(40) });
    const lv = await createPerson(db(), { name: "Dace Zariņa", locale: "lv" });
    const en = await createPerson(db(), { name: "Thomas Becker", locale: "en" });
    const res = await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: [lv.id, en.id] });
    expect(res.status).toBe(302);
    const g = await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "Jānis Bērziņš <Janis.Berzins@Guest.example>\n", guestLocale: "en" });
    expect(g.status).toBe(302);
    await settle();

    const start = row.starts_at;
    const lvWhen = `${formatDate(start, "lv")} plkst. 14.00`;
    const enWhen = `${formatDate(start, "en")}, 14:00 (Riga time, ${zoneName(start, "Europe/Riga")})`;
    const [mLv] = to(lv.email);
    const [mEn] = to(en.email);
    const [mGuest] = to("janis.berzins@guest.example");
    expect(to(lv.email)).toHaveLength(1);
    expect(to(en.email)).toHaveLength(1);
    expect(to("janis.berzins@guest.example")).toHaveLength(1);
    expect(mLv.parsed.subject).toBe(`Ielūgums: Biedru kopsapulce, ${lvWhen}`);
    expect(mEn.parsed.subject).toBe(`Invitation: General Assembly, ${enWhen}`);

    for (const [m, person] of [
      [mLv, lv],
      [mEn, en],
    ] as const) {
      const ics = icsOf(m);
      expect(ics.method).toBe("REQUEST");
      expect(ics.event.uid).toBe(row.uid);
      expect(ics.event.uid).toMatch(/^event-[0-9a-f-]{36}@127\.0\.0\.1$/);
      expect(ics.event.sequence).toBe(0);
      expect(ics.event.attendees).toEqual([{ value: `mailto:${person.email}`, cn: person.name, partstat: "NEEDS-ACTION", rsvp: "TRUE", role: "REQ-PARTICIPANT" }]);
      expect(ics.event.organizer?.value).toBe("mailto:no-reply@cluster.example");
      expect(ics.event.organizer?.value).not.toBe(`mailto:${person.email}`);
      expect(ics.event.organizer?.cn).toBe("Renārs Lejnieks");
      expect(ics.event.start.toISOString()).toBe(row.starts_at.toISOString());
      expect(ics.event.url).toBe(`${server.url}/events/${slug}`);
      expect(ics.event.status).toBe("CONFIRMED");
      expect(ics.event.dtstamp).toMatch(/Z$/);
      expect(m.parsed.messageId).toMatch(/^<[0-9a-f]{32}@127\.0\.0\.1>$/);
      // The body carries what, when (zone named), where and the link: Outlook shows the body, not the ICS.
      const text = m.parsed.text ?? "";
      expect(text).toContain("Konferenču zāle, Rīga LV-1010");
      expect(text).toContain(`${server.url}/events/${slug}`);
      expect(m.parsed.html).toContain("Konferenču zāle, Rīga LV-1010");
    }
    expect(mLv.parsed.text).toContain(`Laiks: ${formatDate(start, "lv")} plkst. 14.00–17.00 (Rīgas laiks, ${zoneName(start, "Europe/Riga")})`);
    expect(mEn.parsed.text).toContain(`When: ${formatDate(start, "en")}, 14:00–17:00 (Riga time, ${zoneName(start, "Europe/Riga")})`);
    expect(mEn.parsed.text).toContain("only updates your own calendar");

    // The guest: their own RSVP link (no account), in the language chosen for guests.
    const gi = icsOf(mGuest);
    expect(gi.event.attendees[0]).toMatchObject({ value: "mailto:janis.berzins@guest.example", cn: "Jānis Bērziņš" });
    expect(mGuest.parsed.subject).toMatch(/^Invitation: /);
    expect(mGuest.parsed.text).toMatch(new RegExp(`${server.url}/rsvp/[A-Za-z0-9_-]{43}`));
    expect(gi.event.description).toMatch(/\/rsvp\/[A-Za-z0-9_-]{43}/);

    // The organiser sees each invitee's delivery state, joined from the outbox.
    const page = await (await client.get(`/events/${slug}/manage?status=invited`)).text();
    expect(page.match(/data-delivery="sent"/g)).toHaveLength(3);
    const keys = await db().selectFrom("event_attendance").select("last_mail_key").where("event_id", "=", id).execute();
    expect(keys.map((k) => k.last_mail_key).sort()).toEqual([`event:${id}:${lv.id}:0:REQUEST`, `event:${id}:${en.id}:0:REQUEST`, `event:${id}:guest:janis.berzins@guest.example:0:REQUEST`].sort());

    // Inviting the same people again sends nothing.
    const again = await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: [lv.id, en.id] });
    expect(again.headers.get("location")).toContain("invited=0&skipped=2");
    await settle();
    expect(to(lv.email)).toHaveLength(1);
  });

  it("keeps hostile display names inside the CN parameter and out of the headers (CAL-3, SEC-6)", async () => {
    const { client, slug } = await organiserWithEvent();
    const odd = await createPerson(db(), { name: 'Smith, "Bob"; Jr.', locale: "en" });
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: odd.id });
    await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: '"O\'Brien, Anne ^x" <anne@guest.example>' });
    await settle();
    const ics = icsOf(to(odd.email)[0]);
    expect(ics.text).not.toContain('\\"');
    expect(ics.event.attendees[0].cn).toBe("Smith, 'Bob'; Jr.");
    const guest = icsOf(to("anne@guest.example")[0]);
    expect(guest.event.attendees[0].cn).toBe("O'Brien, Anne ^x");
    expect(to(odd.email)[0].raw).not.toMatch(/\r\nBob/);
  });
});

describe("updates and cancellations (CAL-4, CAL-9, CAL-10)", () => {
  it("a time change keeps the UID and raises SEQUENCE by exactly one; a title edit keeps it; declined people get no update", async () => {
    const { client, slug, id, row } = await organiserWithEvent({ startDate: inDays(50), endDate: inDays(50) });
    const a = await createPerson(db(), { locale: "lv" });
    const b = await createPerson(db(), { locale: "lv" });
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: [a.id, b.id] });
    const bClient = await clientFor(server, b.id);
    expect((await bClient.post(`/events/${slug}`, { intent: "rsvp", answer: "declined" })).status).toBe(302);
    await settle();
    const first = icsOf(to(a.email)[0]);
    await sleep(1100); // DTSTAMP has whole seconds

    const values = await formValues(db(), slug);
    expect((await editEvent(client, slug, { ...values, startTime: "15:00", endTime: "18:00" })).status).toBe(302);
    await settle();
    const updates = to(a.email, /^Atjaunināts: /);
    expect(updates).toHaveLength(1);
    const u = icsOf(updates[0]);
    expect(u.method).toBe("REQUEST");
    expect(u.event.uid).toBe(first.event.uid);
    expect(u.event.sequence).toBe(first.event.sequence + 1);
    expect(u.event.start.getTime() - row.starts_at.getTime()).toBe(3600_000);
    expect(u.event.dtstamp > first.event.dtstamp).toBe(true);
    expect(to(b.email, /^Atjaunināts: /)).toHaveLength(0);

    // Title only: the sequence stays; without "notify" nobody is mailed, with it a same-SEQUENCE REQUEST goes out.
    const v2 = await formValues(db(), slug);
    await editEvent(client, slug, { ...v2, titleLv: "Biedru kopsapulce (precizēts)" });
    await settle();
    expect(to(a.email)).toHaveLength(2);
    expect((await db().selectFrom("event").select("sequence").where("id", "=", id).executeTakeFirstOrThrow()).sequence).toBe(1);
    await sleep(1100);
    await editEvent(client, slug, { ...v2, titleLv: "Biedru kopsapulce (galīgais)", notify: "yes" });
    await settle();
    const notice = to(a.email, /galīgais/);
    expect(notice).toHaveLength(1);
    const n = icsOf(notice[0]);
    expect(n.event.sequence).toBe(1);
    expect(n.event.summary).toBe("Biedru kopsapulce (galīgais)");
    expect(n.event.dtstamp > u.event.dtstamp).toBe(true);

    // A venue change is significant.
    const v3 = await formValues(db(), slug);
    await editEvent(client, slug, { ...v3, venue: "Rīgas Biržas ēka, Doma laukums 6" });
    await settle();
    expect(icsOf(to(a.email, /^Atjaunināts: /).at(-1)!).event.sequence).toBe(2);
  });

  it("20 concurrent significant edits raise the sequence by exactly 20, each revision sent once (atomic increment)", async () => {
    const { client, slug, id } = await organiserWithEvent({ startDate: inDays(60), endDate: inDays(60) });
    const a = await createPerson(db(), { locale: "en" });
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: a.id });
    const values = await formValues(db(), slug);
    const results = await Promise.all([...Array(20)].map((_, i) => editEvent(client, slug, { ...values, startTime: `0${i % 10}:${i < 10 ? "15" : "45"}`, endTime: "12:00" })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(302));
    expect((await db().selectFrom("event").select("sequence").where("id", "=", id).executeTakeFirstOrThrow()).sequence).toBe(20);
    const rows = await db().selectFrom("mail_outbox").select("idempotency_key").where("idempotency_key", "like", `event:${id}:${a.id}:%:REQUEST`).execute();
    expect(rows.map((r) => Number(r.idempotency_key.split(":")[3])).sort((x, y) => x - y)).toEqual([...Array(21)].map((_, i) => i));
  });

  it("removing one invitee sends a CANCEL without STATUS to that person only; cancelling the event sends CANCEL + STATUS:CANCELLED + SEQUENCE+1 to every invitee", async () => {
    const { client, slug, id } = await organiserWithEvent({ startDate: inDays(45), endDate: inDays(45) });
    const [a, b, c] = await Promise.all([createPerson(db(), { locale: "lv" }), createPerson(db(), { locale: "lv" }), createPerson(db(), { locale: "en" })]);
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: [a.id, b.id, c.id] });
    await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "guest.one@partner.example" });
    const cClient = await clientFor(server, c.id);
    await cClient.post(`/events/${slug}`, { intent: "rsvp", answer: "declined" });
    await settle();
    const uid = icsOf(to(a.email)[0]).event.uid;

    const bRow = await db().selectFrom("event_attendance").select("id").where("event_id", "=", id).where("person_id", "=", b.id).executeTakeFirstOrThrow();
    expect((await client.post(`/events/${slug}/manage`, { intent: "remove", attendanceId: bRow.id, tab: "invited" })).status).toBe(302);
    await settle();
    const removed = to(b.email, /^Ielūgums atsaukts: /);
    expect(removed).toHaveLength(1);
    const r = icsOf(removed[0]);
    expect(r.method).toBe("CANCEL");
    expect(r.text).not.toMatch(/^STATUS/m);
    expect(r.event.uid).toBe(uid);
    expect(r.event.sequence).toBe(1);
    expect(r.event.attendees.map((x) => x.value)).toEqual([`mailto:${b.email}`]);
    expect(to(a.email)).toHaveLength(1);
    // c declined on the web: their calendar got the invitation again with PARTSTAT=DECLINED (issue 16 item 4), nothing
    // else. The first invitation arrives before it, or not at all when the re-send superseded it while still queued
    // (one recipient and one event: only the latest state is owed, ADR 0012).
    const toC = to(c.email).map((m) => icsOf(m));
    expect(toC.every((x) => x.method === "REQUEST")).toBe(true);
    expect(toC.map((x) => x.event.attendees[0].partstat)).toEqual(toC.length === 1 ? ["DECLINED"] : ["NEEDS-ACTION", "DECLINED"]);

    const noConfirm = await client.post(`/events/${slug}/edit`, { intent: "cancel" });
    expect(noConfirm.status).toBe(400);
    expect(await noConfirm.text()).toContain("events.error.cancelConfirm");
    const shape = await actionData(client, `/events/${slug}/edit`, { intent: "cancel" });
    expect(shape.status).toBe(400);
    expect(shape.data).toMatchObject({ intent: "cancel", error: { key: "events.error.cancelConfirm", field: "confirm", fields: { confirm: "events.error.cancelConfirm" } } });
    expect((await client.post(`/events/${slug}/edit`, { intent: "cancel", confirm: "yes" })).status).toBe(302);
    await settle();
    for (const addr of [a.email, c.email, "guest.one@partner.example"]) {
      const m = to(addr, /^(Atcelts|Cancelled): /);
      expect(m, addr).toHaveLength(1);
      const x = icsOf(m[0]);
      expect(x.method).toBe("CANCEL");
      expect(x.event.status).toBe("CANCELLED");
      expect(x.event.uid).toBe(uid);
      expect(x.event.sequence).toBe(2);
    }
    // The removed invitee got the invitation and the withdrawal, and no cancellation of the event.
    expect(to(b.email).map((m) => m.parsed.subject?.split(":")[0])).toEqual(["Ielūgums", "Ielūgums atsaukts"]);
    const again = await client.post(`/events/${slug}/edit`, { intent: "cancel", confirm: "yes" });
    expect(again.status).toBe(409);
  });
});

describe("capacity, waitlist and promotion", () => {
  it("50 concurrent RSVPs for 10 places: exactly 10 going, 40 waitlisted in arrival order; a decline promotes the first waiting, who is mailed", async () => {
    const { slug, id } = await organiserWithEvent({ capacity: "10", startDate: inDays(20), endDate: inDays(20) });
    const people = await Promise.all([...Array(50)].map((_, i) => createPerson(db(), { locale: i % 2 ? "en" : "lv" })));
    const clients = await Promise.all(people.map((p) => clientFor(server, p.id)));
    const res = await Promise.all(clients.map((c) => c.post(`/events/${slug}`, { intent: "rsvp", answer: "going" })));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(302));
    const rows = await db().selectFrom("event_attendance").select(["person_id", "status", "waitlist_pos", "responded_at"]).where("event_id", "=", id).orderBy("responded_at").execute();
    expect(rows.filter((r) => r.status === "going")).toHaveLength(10);
    const waiting = rows.filter((r) => r.status === "waitlisted");
    expect(waiting).toHaveLength(40);
    // Positions are 1…40 in the order the answers were applied (under the event lock).
    expect(waiting.map((w) => w.waitlist_pos)).toEqual([...Array(40)].map((_, i) => i + 1));
    expect(rows.slice(0, 10).every((r) => r.status === "going")).toBe(true);
    expect(new Set(res.map((r) => r.headers.get("location")!.split("done=")[1].split("#")[0]))).toEqual(new Set(["going", "waitlisted"]));

    // The page shows "10 / 10" and one's waitlist place.
    const firstWaiting = people.find((p) => p.id === waiting[0].person_id)!;
    const fwClient = clients[people.indexOf(firstWaiting)];
    const page = await (await fwClient.get(`/events/${slug}`)).text();
    expect(page).toContain("10 / 10");
    expect(page).toMatch(/(1\. vieta|number 1)/);

    // One person going declines: the first waiting is promoted in the same transaction and mailed.
    const goingPerson = people.find((p) => p.id === rows[0].person_id)!;
    await clients[people.indexOf(goingPerson)].post(`/events/${slug}`, { intent: "rsvp", answer: "declined" });
    const after = await db().selectFrom("event_attendance").select(["person_id", "status", "waitlist_pos"]).where("event_id", "=", id).execute();
    expect(after.filter((r) => r.status === "going")).toHaveLength(10);
    expect(after.find((r) => r.person_id === firstWaiting.id)?.status).toBe("going");
    expect(after.filter((r) => r.status === "waitlisted")).toHaveLength(39);
    await settle();
    const mails = to(firstWaiting.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toMatch(/^(Vieta apstiprināta|Place confirmed): /);
    const ics = icsOf(mails[0]);
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.attendees[0]).toMatchObject({ value: `mailto:${firstWaiting.email}`, partstat: "ACCEPTED" });
    // Nobody else was mailed.
    expect(people.filter((p) => p.id !== firstWaiting.id).every((p) => to(p.email).length === 0)).toBe(true);

    // Capacity below the number going is refused; more capacity promotes the next ones.
    const { client } = await (async () => {
      const ev = await db().selectFrom("event").select("created_by").where("id", "=", id).executeTakeFirstOrThrow();
      return { client: await clientFor(server, ev.created_by!) };
    })();
    const values = await formValues(db(), slug);
    const low = await editEvent(client, slug, { ...values, capacity: "5" });
    expect(low.status).toBe(400);
    expect(await low.text()).toContain("events.error.capacityBelowGoing");
    expect((await db().selectFrom("event").select("capacity").where("id", "=", id).executeTakeFirstOrThrow()).capacity).toBe(10);
    await editEvent(client, slug, { ...values, capacity: "12" });
    const grown = await db()
      .selectFrom("event_attendance")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("event_id", "=", id)
      .where("status", "=", "going")
      .executeTakeFirstOrThrow();
    expect(grown.n).toBe(12);
    await settle();
    const promoted = waiting.slice(1, 3).map((w) => people.find((p) => p.id === w.person_id)!);
    for (const p of promoted) expect(to(p.email).map((m) => icsOf(m).event.attendees[0].partstat)).toEqual(["ACCEPTED"]);
  });
});

describe("reminders", () => {
  it("reminds people going once, reminder_hours before the start, with the calendar entry", async () => {
    const { client, slug, id, row } = await organiserWithEvent({ startDate: inDays(10), endDate: inDays(10), reminderHours: "48" });
    const a = await createPerson(db(), { locale: "lv" });
    const b = await createPerson(db(), { locale: "lv" });
    await (await clientFor(server, a.id)).post(`/events/${slug}`, { intent: "rsvp", answer: "going" });
    await (await clientFor(server, b.id)).post(`/events/${slug}`, { intent: "rsvp", answer: "maybe" });
    const ctx = { db: db(), config: server.config, mail: server.mail.queue, realtime: server.realtime.realtime };
    const start = row.starts_at.getTime();
    expect(await sendDueReminders(ctx, new Date(start - 49 * 3600_000))).toBe(0);
    expect(await sendDueReminders(ctx, new Date(start - 47 * 3600_000))).toBe(1);
    expect(await sendDueReminders(ctx, new Date(start - 46 * 3600_000))).toBe(0);
    await settle();
    const m = to(a.email, /^Atgādinājums: /);
    expect(m).toHaveLength(1);
    const ics = icsOf(m[0]);
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.attendees[0].partstat).toBe("ACCEPTED");
    expect(to(b.email)).toHaveLength(0);
    // Moving the event re-arms the reminder for the new time (once again).
    const values = await formValues(db(), slug);
    await editEvent(client, slug, { ...values, startTime: "16:00", endTime: "18:00" });
    const moved = (await db().selectFrom("event").select("starts_at").where("id", "=", id).executeTakeFirstOrThrow()).starts_at.getTime();
    expect(await sendDueReminders(ctx, new Date(moved - 47 * 3600_000))).toBe(1);
    expect(await sendDueReminders(ctx, new Date(moved - 47 * 3600_000))).toBe(0);
  });
});

describe("daylight-saving boundaries in Riga", () => {
  it("times are right in the page, the mail body and the ICS on the last Sundays of March and October", async () => {
    const march = nextClockChange(3);
    const october = nextClockChange(10);
    const { client, slug, row } = await organiserWithEvent({ titleEn: "Spring change", startDate: march, startTime: "10:00", endDate: march, endTime: "12:00" });
    const nightEv = await createEvent(db(), client, {
      titleLv: "Nakts maiņa",
      titleEn: "Night shift",
      startDate: new Date(Date.parse(`${october}T12:00:00Z`) - 86400_000).toISOString().slice(0, 10),
      startTime: "22:00",
      endDate: october,
      endTime: "06:00",
    });
    // 10:00 in Riga on the spring change day is already summer time (UTC+3); the night spans the autumn change.
    expect(row.starts_at.toISOString()).toBe(`${march}T07:00:00.000Z`);
    expect(nightEv.row.ends_at.toISOString()).toBe(`${october}T04:00:00.000Z`);
    expect(nightEv.row.ends_at.getTime() - nightEv.row.starts_at.getTime()).toBe(9 * 3600_000);

    const viewer = await createPerson(db(), { locale: "lv" });
    const vc = await clientFor(server, viewer.id);
    const page = await (await vc.get(`/events/${slug}`)).text();
    expect(page).toContain(`${formatDate(row.starts_at, "lv")} plkst. 10.00–12.00 (EEST)`);
    const night = await (await vc.get(`/events/${nightEv.slug}`)).text();
    expect(night).toContain(`plkst. 22.00 (EEST) – ${formatDate(nightEv.row.ends_at, "lv")} plkst. 06.00 (EET)`);

    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: viewer.id });
    await client.post(`/events/${nightEv.slug}/manage`, { intent: "invitePeople", personId: viewer.id });
    await settle();
    const [spring, autumn] = [to(viewer.email, /Biedru kopsapulce/)[0], to(viewer.email, /Nakts maiņa/)[0]];
    expect(spring.parsed.text).toContain(`plkst. 10.00–12.00 (Rīgas laiks, EEST)`);
    expect(autumn.parsed.text).toContain(`plkst. 22.00 (Rīgas laiks, EEST) – ${formatDate(nightEv.row.ends_at, "lv")} plkst. 06.00 (Rīgas laiks, EET)`);
    const s = icsOf(spring);
    expect(s.text).toContain(`DTSTART;TZID=Europe/Riga:${march.replace(/-/g, "")}T100000`);
    expect(s.event.start.toISOString()).toBe(`${march}T07:00:00.000Z`);
    const a = icsOf(autumn);
    expect(a.text).toContain(`DTEND;TZID=Europe/Riga:${october.replace(/-/g, "")}T060000`);
    expect(a.event.start.toISOString()).toBe(nightEv.row.starts_at.toISOString());
    expect(a.event.end.toISOString()).toBe(`${october}T04:00:00.000Z`);

    // A time inside the spring gap does not exist: refused with a clear message, nothing stored.
    const before = await db()
      .selectFrom("event")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const gap = await client.post("/events/new", { ...(await formValues(db(), slug)), titleLv: "Neeksistē", startTime: "03:30", endTime: "05:00", intent: "publish" });
    expect(gap.status).toBe(400);
    expect(await gap.text()).toContain("events.error.timeGap");
    expect(
      (
        await db()
          .selectFrom("event")
          .select(sql<number>`count(*)::int`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before.n);
  });
});

describe("durable delivery (MAIL-1, MAIL-2)", () => {
  it("SMTP down during a send to 200 invitees and up again: every invitee gets exactly one invitation", async () => {
    const { client, slug, id } = await organiserWithEvent({ startDate: inDays(70), endDate: inDays(70) });
    const guests = [...Array(200)].map((_, i) => `outage${String(i).padStart(3, "0")}@bulk.example`);
    const port = sink.port;
    const rows = () => db().selectFrom("mail_outbox").select(["id", "status", "attempts", "last_error", "last_error_kind"]).where("idempotency_key", "like", `event:${id}:guest:outage%`).execute();
    await sink.stop();
    const t0 = Date.now();
    const res = await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: guests.join("\n") });
    expect(res.status).toBe(302);
    // The request returned after commit, without waiting for SMTP (MAIL-1).
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Sends really failed while SMTP was down: rows that were tried (attempts counted), found nobody answering, and
    // wait for a retry.
    const end = Date.now() + 20_000;
    let failed: Awaited<ReturnType<typeof rows>> = [];
    while ((failed = (await rows()).filter((r) => r.status === "queued" && r.attempts >= 1 && r.last_error)).length === 0) {
      if (Date.now() > end) throw new Error("no send failed while SMTP was down");
      await sleep(100);
    }
    expect(failed.every((r) => r.last_error_kind === "unreachable")).toBe(true);
    expect(sink.messages.filter((m) => m.envelopeTo.some((a) => a.startsWith("outage")))).toHaveLength(0);
    await sink.start(port);
    await server.mail.drained(120_000);
    for (const g of guests) expect(to(g), g).toHaveLength(1);
    const outbox = await rows();
    expect(outbox).toHaveLength(200);
    expect(outbox.every((o) => o.status === "sent" && o.last_error === null)).toBe(true);
    // The very messages that failed during the outage were sent by a later attempt, once.
    const byId = new Map(outbox.map((o) => [o.id, o]));
    for (const f of failed) expect(byId.get(f.id)!.attempts).toBeGreaterThan(f.attempts);
  }, 180_000);

  it("the mail worker stopped mid-send and a new one started: still exactly one invitation each", async () => {
    const { client, slug, id } = await organiserWithEvent({ startDate: inDays(71), endDate: inDays(71) });
    const guests = [...Array(200)].map((_, i) => `restart${String(i).padStart(3, "0")}@bulk.example`);
    const rows = () => db().selectFrom("mail_outbox").select(["id", "to_address", "status", "attempts", "sent_at"]).where("idempotency_key", "like", `event:${id}:guest:restart%`).execute();
    const received = () => sink.messages.filter((m) => m.envelopeTo.some((a) => a.startsWith("restart"))).length;
    // The worker is stopped from inside the SMTP conversation of the 40th message: the sink has its data but has not
    // answered 250 yet, so that send is in flight when stop() is called (stop() marks the worker stopping at once).
    let held: string | null = null;
    let stopAt = 0;
    let receivedAtStop = 0;
    let stopped: Promise<void> | null = null;
    sink.onMessage = (m) => {
      if (stopped || !m.envelopeTo.some((a) => a.startsWith("restart")) || received() < 40) return;
      held = m.envelopeTo[0];
      stopAt = Date.now();
      receivedAtStop = received();
      stopped = server.mail.stop();
    };
    try {
      await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: guests.join("\n") });
      const end = Date.now() + 60_000;
      while (!stopped) {
        if (Date.now() > end) throw new Error("the worker never reached the 40th message");
        await sleep(20);
      }
      await stopped;
    } finally {
      sink.onMessage = null;
    }
    expect(receivedAtStop).toBeLessThan(200);
    const atStop = await rows();
    expect(atStop).toHaveLength(200);
    // The message in flight at the stop was finished and recorded by the stopping worker (graceful stop), after the stop began.
    const heldRow = atStop.find((r) => r.to_address === held)!;
    expect(heldRow).toMatchObject({ status: "sent", attempts: 1 });
    expect(heldRow.sent_at!.getTime()).toBeGreaterThanOrEqual(stopAt);
    // The stop left work undone for the next worker.
    const sentBefore = new Map(atStop.filter((r) => r.status === "sent").map((r) => [r.id, r.attempts]));
    expect(atStop.filter((r) => r.status === "queued").length).toBeGreaterThan(0);
    const fresh = await startMail(server.open, { smtpUrl: sink.url, mailFrom: server.config.mailFrom, appOrigin: server.config.appOrigin, workers: 2 });
    try {
      await fresh.drained(120_000);
    } finally {
      await fresh.stop();
    }
    // Nothing lost, nothing twice: one message each, every row sent, and none that was sent before the stop sent again.
    for (const g of guests) expect(to(g), g).toHaveLength(1);
    const after = await rows();
    expect(after.every((r) => r.status === "sent")).toBe(true);
    for (const r of after) if (sentBefore.has(r.id)) expect(r.attempts, r.to_address).toBe(sentBefore.get(r.id));
  }, 180_000);
});
