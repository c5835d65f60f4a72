import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { createPerson } from "./helpers/factories";
import { personWithClient } from "./helpers/groups";
import { createEvent, icsOf, inDays } from "./helpers/events";
import { Dovecot } from "./helpers/dovecot";
import { replyMessage, type ReplyClient } from "./helpers/replies";
import { startInbound } from "../server/inbound";
import { DEFAULT_INBOUND_MAX_BYTES } from "../server/config";

// Calendar replies read from a real IMAP mailbox (issue 16 item 2): Dovecot started by the test in a temporary
// directory (installed by .ci/run), replies delivered into its INBOX, the platform's IMAP poller (IDLE) applying them
// and moving each handled message to "Processed", so a restart never handles one twice.

const INBOUND = "events@cluster.example";
let dovecot: Dovecot;
let server: TestServer;
let sink: SmtpSink;

beforeAll(async () => {
  dovecot = await new Dovecot().start();
  sink = await new SmtpSink().start();
  server = await startTestServer({
    smtpUrl: sink.url,
    // A long poll interval: the replies below are picked up through IDLE.
    env: { inbound: { address: INBOUND, imapUrl: dovecot.url, maxBytes: DEFAULT_INBOUND_MAX_BYTES, imapDoneMailbox: "Processed", imapPollSeconds: 600 } },
  });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await sink?.stop();
  await dovecot?.stop();
});

const db = () => server.open.db;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function statusOf(eventId: string, email: string) {
  const r = await db()
    .selectFrom("event_attendance as a")
    .leftJoin("person as p", "p.id", "a.person_id")
    .select("a.status")
    .where("a.event_id", "=", eventId)
    .where((eb) => eb.or([eb("a.guest_email", "=", email.toLowerCase()), eb("p.email", "=", email)]))
    .executeTakeFirst();
  return r?.status ?? null;
}

describe("replies through an IMAP mailbox", () => {
  it("Outlook, Gmail and Apple Accepts delivered to the mailbox set going (IDLE), the messages move to Processed, and a full event waitlists with a mail", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "en", name: "Renārs Lejnieks" });
    const ev = await createEvent(db(), client, { startDate: inDays(30), endDate: inDays(30), capacity: "3" });
    const people = await Promise.all(["Anna Kalniņa", "Pēteris Liepa", "Olga Ivanova", "Juris Vētra"].map((name) => createPerson(db(), { name, locale: "en" })));
    expect((await client.post(`/events/${ev.slug}/manage`, { intent: "invitePeople", personId: people.map((p) => p.id) })).status).toBe(302);
    await server.mail.drained(60_000);
    const replyTo = (email: string) => icsOf(sink.to(email).at(-1)!).event.organizer!.value.replace(/^mailto:/, "");
    const clients: ReplyClient[] = ["outlook", "gmail", "apple", "thunderbird"];
    const raws = people.map((p, i) => replyMessage(clients[i], { from: p.email, fromName: p.name, to: replyTo(p.email), uid: ev.row.uid }));
    // Delivered with a Delivered-To header, as a provider's mail server does.
    for (const raw of raws.slice(0, 3)) await dovecot.deliver(raw);
    for (const p of people.slice(0, 3)) await waitFor(`${p.name} going`, async () => (await statusOf(ev.id, p.email)) === "going");
    await waitFor("INBOX emptied", async () => (await dovecot.count("INBOX")) === 0 && (await dovecot.count("Processed")) === 3);

    // The fourth Accept finds the event full: waiting list, and a mail saying so.
    await dovecot.deliver(raws[3]);
    await waitFor("waitlisted", async () => (await statusOf(ev.id, people[3].email)) === "waitlisted");
    await server.mail.drained(60_000);
    const told = sink.to(people[3].email).at(-1)!;
    expect(told.parsed.text).toContain("waiting list (place 1)");
    const log = await db().selectFrom("inbound_reply").select(["via", "outcome"]).where("event_id", "=", ev.id).execute();
    expect(log).toEqual(Array(4).fill({ via: "imap", outcome: "applied" }));
  }, 60_000);

  it("a message handled but not yet moved when the process stopped is not applied twice; a second poller (a restart) finds nothing left", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "en", name: "Ilze Organizē" });
    const ev = await createEvent(db(), client, { startDate: inDays(31), endDate: inDays(31) });
    const p = await createPerson(db(), { name: "Maija Zemīte", locale: "en" });
    expect((await client.post(`/events/${ev.slug}/manage`, { intent: "invitePeople", personId: [p.id] })).status).toBe(302);
    await server.mail.drained(60_000);
    const to = icsOf(sink.to(p.email).at(-1)!).event.organizer!.value.replace(/^mailto:/, "");
    const accept = replyMessage("outlook", { from: p.email, to, uid: ev.row.uid, messageId: "<imap-accept@client.example>" });
    await dovecot.deliver(accept);
    await waitFor("going", async () => (await statusOf(ev.id, p.email)) === "going");
    // Then declined on the web; the same Accept shows up again (the move was lost in a crash).
    await db().updateTable("event_attendance").set({ status: "declined" }).where("event_id", "=", ev.id).where("person_id", "=", p.id).execute();
    const processedBefore = await dovecot.count("Processed");
    await dovecot.deliver(accept);
    await waitFor("moved again", async () => (await dovecot.count("INBOX")) === 0 && (await dovecot.count("Processed")) === processedBefore + 1);
    expect(await statusOf(ev.id, p.email)).toBe("declined");
    // A second instance of the poller (e.g. after a restart) starts on an empty INBOX: nothing is handled again.
    const before = await db()
      .selectFrom("inbound_reply")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const again = await startInbound(
      { db: db(), config: server.config, mail: server.mail.queue, realtime: { toUser() {}, toRoom() {}, disconnectSessions() {}, leaveRoom() {}, async recheckRoom() {} } },
      { address: INBOUND, imapUrl: dovecot.url, maxBytes: DEFAULT_INBOUND_MAX_BYTES, imapDoneMailbox: "Processed", imapPollSeconds: 600 },
      { host: "127.0.0.1", log: () => {} },
    );
    await again.imapPass();
    await again.stop();
    const after = await db()
      .selectFrom("inbound_reply")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  }, 60_000);
});
