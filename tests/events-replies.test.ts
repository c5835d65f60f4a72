import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, type SinkMessage } from "./helpers/smtp-sink";
import { createPerson } from "./helpers/factories";
import { personWithClient } from "./helpers/groups";
import { createEvent, icsOf, inDays } from "./helpers/events";
import { replyMessage, sendRaw, type ReplyClient, type ReplySpec } from "./helpers/replies";
import { listAttendees } from "../app/modules/events/invitations.server";
import { DEFAULT_INBOUND_MAX_BYTES } from "../server/config";

// Calendar replies over the inbound SMTP listener (issue 16): the reply address in every invitation, REPLY messages
// built like Outlook's, Gmail's, Apple Calendar's and Thunderbird's changing the RSVP through the same rules as the
// web (capacity, waitlist, mail), and every kind of bad or hostile input logged with a reason and changing nothing.

const INBOUND = "events@cluster.example";
let server: TestServer;
let sink: SmtpSink;
const logs: string[] = [];

beforeAll(async () => {
  sink = await new SmtpSink().start();
  server = await startTestServer({
    smtpUrl: sink.url,
    env: { inbound: { address: INBOUND, smtpPort: 0, maxBytes: DEFAULT_INBOUND_MAX_BYTES, imapDoneMailbox: "Processed", imapPollSeconds: 60 } },
    log: (l) => logs.push(l),
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});

const db = () => server.open.db;
const port = () => server.inbound!.smtpPort!;
const settle = () => server.mail.drained(60_000);

async function organiserWithEvent(over: Record<string, string> = {}) {
  const { person: organiser, client } = await personWithClient(server, { cluster_role: "organiser", locale: "en", name: "Renārs Lejnieks" });
  const ev = await createEvent(db(), client, { startDate: inDays(40), endDate: inDays(40), ...over });
  return { organiser, client, ...ev };
}

/** Invites people (and guests), waits for delivery and returns each invitee's invitation from the sink. */
async function invite(client: Awaited<ReturnType<typeof organiserWithEvent>>["client"], slug: string, people: { id: string; email: string }[], guests: string[] = []) {
  if (people.length) expect((await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: people.map((p) => p.id) })).status).toBe(302);
  if (guests.length) expect((await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: guests.join("\n"), guestLocale: "en" })).status).toBe(302);
  await settle();
  const out = new Map<string, SinkMessage>();
  for (const e of [...people.map((p) => p.email), ...guests]) {
    const m = sink.to(e.toLowerCase()).at(-1);
    if (!m) throw new Error(`no invitation to ${e}`);
    out.set(e.toLowerCase(), m);
  }
  return out;
}

/** The invitation's reply address, checked to be the ORGANIZER (with the organiser's name) and the Reply-To. */
function replyAddressOf(m: SinkMessage): string {
  const ics = icsOf(m);
  const organizer = ics.event.organizer!;
  const address = organizer.value.replace(/^mailto:/, "");
  expect(address).toMatch(/^events\+[0-9a-f]{32}@cluster\.example$/);
  expect(m.parsed.replyTo?.value[0].address).toBe(address);
  return address;
}

async function statusOf(eventId: string, email: string) {
  const r = await db()
    .selectFrom("event_attendance as a")
    .leftJoin("person as p", "p.id", "a.person_id")
    .select(["a.status", "a.waitlist_pos"])
    .where("a.event_id", "=", eventId)
    .where((eb) => eb.or([eb("a.guest_email", "=", email.toLowerCase()), eb("p.email", "=", email)]))
    .executeTakeFirst();
  return r?.status ?? null;
}

async function send(client: ReplyClient, spec: ReplySpec, envelopeTo = spec.to) {
  await sendRaw(port(), replyMessage(client, spec), { from: spec.from, to: [envelopeTo] });
}

async function lastInbound() {
  return db().selectFrom("inbound_reply").selectAll().orderBy("received_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
}

async function snapshotState(eventId: string) {
  const rows = await db().selectFrom("event_attendance").select(["id", "status", "waitlist_pos", "responded_at"]).where("event_id", "=", eventId).orderBy("id").execute();
  const outbox = await db()
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return { rows, outbox: Number(outbox.n) };
}

describe("the reply address (item 1)", () => {
  it("every invitation names the organiser (CN) with an unguessable per-invitee address as ORGANIZER and Reply-To, and says calendar answers count", async () => {
    const { client, slug, row } = await organiserWithEvent();
    const a = await createPerson(db(), { name: "Dace Zariņa", locale: "en" });
    const b = await createPerson(db(), { name: "Ivars Ozols", locale: "lv" });
    const mails = await invite(client, slug, [a, b], ["guest.one@guest.example"]);
    const addresses = [...mails.values()].map(replyAddressOf);
    expect(new Set(addresses).size).toBe(3);
    for (const m of mails.values()) {
      expect(icsOf(m).event.organizer!.cn).toBe("Renārs Lejnieks");
      expect(icsOf(m).event.uid).toBe(row.uid);
    }
    expect(mails.get(a.email)!.parsed.text).toContain("You can answer in your calendar app");
    expect(mails.get(b.email)!.parsed.text).toContain("Varat atbildēt savā kalendāra programmā");
    // Only hashes are stored: the address itself appears nowhere in the token table.
    const tokens = await db().selectFrom("event_reply_token").selectAll().where("event_id", "=", row.id).execute();
    expect(tokens).toHaveLength(3);
    for (const t of tokens) for (const addr of addresses) expect(JSON.stringify(t)).not.toContain(addr.split("+")[1].split("@")[0]);
  });
});

describe("replies from the four clients (items 2 and 3)", () => {
  it("Outlook, Gmail, Apple and Thunderbird replies set going / going / maybe / declined, and the organiser's list shows them", async () => {
    const { client, slug, id, row } = await organiserWithEvent({ titleEn: "Biobank day" });
    const people = await Promise.all(["Anna Kalniņa", "Pēteris Liepa", "Olga Ivanova"].map((name) => createPerson(db(), { name, locale: "en" })));
    const guest = "Guest.Two@Guest.example";
    const mails = await invite(client, slug, people, [guest]);
    const [outlook, apple, thunderbird] = people;
    await send("outlook", { from: outlook.email, fromName: outlook.name, to: replyAddressOf(mails.get(outlook.email)!), uid: row.uid, summary: "Biobank day" });
    await send("gmail", { from: guest.toLowerCase(), to: replyAddressOf(mails.get(guest.toLowerCase())!), uid: row.uid });
    await send("apple", { from: apple.email, fromName: apple.name, to: replyAddressOf(mails.get(apple.email)!), uid: row.uid, partstat: "TENTATIVE" });
    await send("thunderbird", { from: thunderbird.email, to: replyAddressOf(mails.get(thunderbird.email)!), uid: row.uid, partstat: "DECLINED" });
    expect(await statusOf(id, outlook.email)).toBe("going");
    expect(await statusOf(id, guest)).toBe("going");
    expect(await statusOf(id, apple.email)).toBe("maybe");
    expect(await statusOf(id, thunderbird.email)).toBe("declined");
    const going = await listAttendees(db(), id, "going", null);
    expect(going.items.map((i) => (i.guest ? i.email : i.name)).sort()).toEqual(["Anna Kalniņa", "guest.two@guest.example"]);
    const page = await (await client.get(`/events/${slug}/manage?status=going`)).text();
    expect(page).toContain("Anna Kalniņa");
    const log = await db().selectFrom("inbound_reply").select(["outcome", "reason"]).where("event_id", "=", id).execute();
    expect(log.map((l) => l.outcome)).toEqual(["applied", "applied", "applied", "applied"]);
  });

  it("an Accept for a full event puts the person on the waiting list and tells them by mail (REQUEST, PARTSTAT TENTATIVE)", async () => {
    const { client, slug, id, row } = await organiserWithEvent({ capacity: "1" });
    const [first, second] = await Promise.all(["Ilze Priede", "Jānis Kalns"].map((name) => createPerson(db(), { name, locale: "en" })));
    const mails = await invite(client, slug, [first, second]);
    await send("outlook", { from: first.email, to: replyAddressOf(mails.get(first.email)!), uid: row.uid });
    await send("gmail", { from: second.email, to: replyAddressOf(mails.get(second.email)!), uid: row.uid });
    expect(await statusOf(id, first.email)).toBe("going");
    expect(await statusOf(id, second.email)).toBe("waitlisted");
    await settle();
    const told = sink.to(second.email).at(-1)!;
    expect(told.parsed.subject).toMatch(/^Your answer: /);
    expect(told.parsed.text).toContain("waiting list (place 1)");
    const ics = icsOf(told);
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.attendees[0].partstat).toBe("TENTATIVE");
    expect(ics.event.sequence).toBe(row.sequence);
    expect((await lastInbound()).reason).toContain("waiting list");
    // The first declines in their calendar: the waiting person is promoted (and mailed) by the same rules as the web.
    await send("outlook", { from: first.email, to: replyAddressOf(mails.get(first.email)!), uid: row.uid, partstat: "DECLINED" });
    expect(await statusOf(id, second.email)).toBe("going");
    await settle();
    expect(sink.to(second.email).at(-1)!.parsed.subject).toMatch(/^Place confirmed: /);
  });

  it("the same reply twice changes nothing the second time (Message-ID and content hash)", async () => {
    const { client, slug, id, row } = await organiserWithEvent();
    const p = await createPerson(db(), { name: "Laura Vītola", locale: "en" });
    const mails = await invite(client, slug, [p]);
    const to = replyAddressOf(mails.get(p.email)!);
    const accept = replyMessage("outlook", { from: p.email, to, uid: row.uid, messageId: "<accept-1@client.example>", dtstamp: "20301201T100000Z" });
    await sendRaw(port(), accept, { from: p.email, to: [to] });
    await send("outlook", { from: p.email, to, uid: row.uid, partstat: "DECLINED" });
    expect(await statusOf(id, p.email)).toBe("declined");
    const before = await snapshotState(id);
    // The first Accept again (a retry, a re-read mailbox), and the same Accept under another Message-ID.
    await sendRaw(port(), accept, { from: p.email, to: [to] });
    await send("outlook", { from: p.email, to, uid: row.uid, messageId: "<accept-copy@client.example>", dtstamp: "20301201T100000Z" });
    expect(await statusOf(id, p.email)).toBe("declined");
    expect(await snapshotState(id)).toEqual(before);
    expect(logs.filter((l) => l.includes("duplicate")).length).toBeGreaterThanOrEqual(2);
  });

  it("a client that rewrites the ATTENDEE address (an alias) still answers for the token's invitee", async () => {
    const { client, slug, id, row } = await organiserWithEvent();
    const p = await createPerson(db(), { name: "Marta Krūmiņa", locale: "en" });
    const mails = await invite(client, slug, [p]);
    await send("gmail", { from: "marta.private@mail.example", attendee: "marta.private@mail.example", to: replyAddressOf(mails.get(p.email)!), uid: row.uid });
    expect(await statusOf(id, p.email)).toBe("going");
    expect((await lastInbound()).reason).toContain("taken as the invitee");
  });

  it("COUNTER gets a polite answer with DECLINECOUNTER, DELEGATED a polite answer; neither changes the RSVP", async () => {
    const { client, slug, id, row } = await organiserWithEvent();
    const p = await createPerson(db(), { name: "Roberts Eglītis", locale: "en" });
    const mails = await invite(client, slug, [p]);
    const to = replyAddressOf(mails.get(p.email)!);
    await send("outlook", { from: p.email, to, uid: row.uid, method: "COUNTER", partstat: "TENTATIVE" });
    await send("thunderbird", { from: p.email, to, uid: row.uid, partstat: "DELEGATED", delegatedTo: "colleague@org.example" });
    expect(await statusOf(id, p.email)).toBe("invited");
    await settle();
    const notices = sink.to(p.email).filter((m) => /^About your calendar answer/.test(m.parsed.subject ?? ""));
    expect(notices).toHaveLength(2);
    const counter = notices.find((m) => (m.parsed.text ?? "").includes("proposed a different time"))!;
    const cal = counter.parsed.attachments.find((a) => a.contentType === "text/calendar")!;
    expect(cal.content.toString()).toContain("METHOD:DECLINECOUNTER");
    expect(cal.content.toString()).toContain(`UID:${row.uid}`);
    expect(notices.some((m) => (m.parsed.text ?? "").includes("delegated"))).toBe(true);
  });
});

describe("answering on the web updates the calendar too (item 4)", () => {
  it("a member's answer on the event page sends the invitation again with their PARTSTAT, same SEQUENCE, newer DTSTAMP", async () => {
    const { client, slug, row } = await organiserWithEvent();
    const { person, client: member } = await personWithClient(server, { name: "Kristaps Bērziņš", locale: "en" });
    const mails = await invite(client, slug, [person]);
    const first = icsOf(mails.get(person.email)!);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await member.post(`/events/${slug}`, { intent: "rsvp", answer: "going" })).status).toBeLessThan(400);
    await settle();
    const again = sink.to(person.email).at(-1)!;
    const ics = icsOf(again);
    expect(ics.method).toBe("REQUEST");
    expect(ics.event.uid).toBe(row.uid);
    expect(ics.event.sequence).toBe(first.event.sequence);
    expect(ics.event.attendees[0].partstat).toBe("ACCEPTED");
    expect(ics.event.dtstamp > first.event.dtstamp).toBe(true);
    expect(again.parsed.text).toContain("Your answer is recorded: you are attending");
  });
});

describe("bad and hostile input: logged with a reason, nothing changed, the listener keeps serving", () => {
  let ctx: { id: string; uid: string; to: string; email: string; other: string; client: Awaited<ReturnType<typeof organiserWithEvent>>["client"]; slug: string };

  beforeAll(async () => {
    const { client, slug, id, row } = await organiserWithEvent();
    const p = await createPerson(db(), { name: "Edgars Sils", locale: "en" });
    const q = await createPerson(db(), { name: "Sanita Rože", locale: "en" });
    const mails = await invite(client, slug, [p, q]);
    ctx = { id, uid: row.uid, to: replyAddressOf(mails.get(p.email)!), email: p.email, other: q.email, client, slug };
  });

  async function expectDropped(reason: RegExp, sendIt: () => Promise<unknown>) {
    const before = await snapshotState(ctx.id);
    await sendIt();
    const last = await lastInbound();
    expect(last.outcome).toBe("dropped");
    expect(last.reason).toMatch(reason);
    expect(await snapshotState(ctx.id)).toEqual(before);
    expect(logs.some((l) => l.includes("dropped") && reason.test(l))).toBe(true);
  }

  it("a forged sender (someone else's From with the invitee as ATTENDEE)", async () => {
    await expectDropped(/forged sender/, () => send("outlook", { from: "mallory@attacker.example", attendee: ctx.email, to: ctx.to, uid: ctx.uid }));
  });

  it("a reply that claims another attendee", async () => {
    await expectDropped(/claims another attendee/, () => send("gmail", { from: ctx.other, to: ctx.to, uid: ctx.uid }));
  });

  it("malformed MIME", async () => {
    const raw = [
      `From: <${ctx.email}>`,
      `To: <${ctx.to}>`,
      "Subject: Accepted",
      "Message-ID: <bad-mime@client.example>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/alternative",
      "",
      "--x",
      "Content-Type: text/calendar; method=REPLY",
      "",
      "BEGIN:VCALENDAR",
      "",
    ].join("\r\n");
    await expectDropped(/malformed MIME/, () => sendRaw(port(), raw, { from: ctx.email, to: [ctx.to] }));
  });

  it("an ICS with several VEVENTs", async () => {
    const ve = (partstat: string) => ["BEGIN:VEVENT", `UID:${ctx.uid}`, "DTSTAMP:20301201T100000Z", "SEQUENCE:0", `ATTENDEE;PARTSTAT=${partstat}:mailto:${ctx.email}`, "END:VEVENT"];
    const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN", "METHOD:REPLY", ...ve("ACCEPTED"), ...ve("DECLINED"), "END:VCALENDAR", ""].join("\r\n");
    await expectDropped(/several VEVENTs/, () => send("apple", { from: ctx.email, to: ctx.to, uid: ctx.uid, ics }));
  });

  it("a REPLY without ATTENDEE", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//x//y//EN",
      "METHOD:REPLY",
      "BEGIN:VEVENT",
      `UID:${ctx.uid}`,
      "DTSTAMP:20301201T100000Z",
      "SEQUENCE:0",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    await expectDropped(/REPLY without ATTENDEE/, () => send("thunderbird", { from: ctx.email, to: ctx.to, uid: ctx.uid, ics }));
  });

  it("a 20 MB mail is refused (552) and logged; the next reply is handled", async () => {
    const big = replyMessage("outlook", { from: ctx.email, to: ctx.to, uid: ctx.uid }) + `${"y".repeat(998)}\r\n`.repeat(21_000);
    expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
    await expectDropped(/too large/, async () => {
      await expect(sendRaw(port(), big, { from: ctx.email, to: [ctx.to] })).rejects.toThrow(/552|too large|size/i);
    });
    await send("outlook", { from: ctx.email, to: ctx.to, uid: ctx.uid, partstat: "TENTATIVE" });
    expect(await statusOf(ctx.id, ctx.email)).toBe("maybe");
  });

  it("non-calendar mail, auto-replies, unknown tokens, wrong UIDs and stale sequences", async () => {
    const plain = [`From: <${ctx.email}>`, `To: <${ctx.to}>`, "Subject: Thanks!", "Message-ID: <plain@client.example>", "MIME-Version: 1.0", "Content-Type: text/plain", "", "See you there.", ""].join(
      "\r\n",
    );
    await expectDropped(/not a calendar reply/, () => sendRaw(port(), plain, { from: ctx.email, to: [ctx.to] }));
    await expectDropped(/auto-reply/, () => send("outlook", { from: ctx.email, to: ctx.to, uid: ctx.uid, headers: ["Auto-Submitted: auto-replied"] }));
    await expectDropped(/out-of-office/, () => sendRaw(port(), plain.replace("Subject: Thanks!", "Subject: Automatic reply: Invitation"), { from: ctx.email, to: [ctx.to] }));
    await expectDropped(/unknown reply token/, () => send("outlook", { from: ctx.email, to: `events+${"0".repeat(32)}@cluster.example`, uid: ctx.uid }));
    await expectDropped(/UID does not match/, () => send("outlook", { from: ctx.email, to: ctx.to, uid: "event-other@elsewhere" }));
    await db()
      .updateTable("event_attendance")
      .set({ last_mail_key: `event:${ctx.id}:x:3:REQUEST` })
      .where("event_id", "=", ctx.id)
      .where("status", "=", "invited")
      .execute();
    await expectDropped(/stale SEQUENCE 0 \(last sent 3\)/, () => send("outlook", { from: ctx.other, to: replyAddressFor(ctx.other), uid: ctx.uid }));
  });

  it("mail for another domain or mailbox is refused at RCPT TO", async () => {
    await expect(sendRaw(port(), "Subject: x\r\n\r\nx\r\n", { from: "a@b.example", to: ["someone@elsewhere.example"] })).rejects.toThrow(/550|No such mailbox/);
    await expect(sendRaw(port(), "Subject: x\r\n\r\nx\r\n", { from: "a@b.example", to: ["admin@cluster.example"] })).rejects.toThrow(/550|No such mailbox/);
  });

  it("a reply to a token revoked when the guest was removed", async () => {
    const mails = await invite(ctx.client, ctx.slug, [], ["removed.guest@guest.example"]);
    const to = replyAddressOf(mails.get("removed.guest@guest.example")!);
    const a = await db().selectFrom("event_attendance").select("id").where("guest_email", "=", "removed.guest@guest.example").executeTakeFirstOrThrow();
    expect((await ctx.client.post(`/events/${ctx.slug}/manage`, { intent: "remove", attendanceId: a.id, tab: "invited" })).status).toBe(302);
    await expectDropped(/revoked reply token/, () => send("gmail", { from: "removed.guest@guest.example", to, uid: ctx.uid }));
    expect(await statusOf(ctx.id, "removed.guest@guest.example")).toBeNull();
  });

  it("a reply for a cancelled event", async () => {
    expect((await ctx.client.post(`/events/${ctx.slug}/edit`, { intent: "cancel", confirm: "yes" })).status).toBeLessThan(400);
    const status = (await db().selectFrom("event").select("status").where("id", "=", ctx.id).executeTakeFirstOrThrow()).status;
    expect(status).toBe("cancelled");
    await expectDropped(/event cancelled/, () => send("apple", { from: ctx.email, to: ctx.to, uid: ctx.uid, sequence: 5 }));
  });

  const replyAddressFor = (email: string) => {
    const m = sink.to(email).find((x) => /^Invitation/.test(x.parsed.subject ?? ""))!;
    return replyAddressOf(m);
  };
});
