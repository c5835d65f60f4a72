import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "./helpers/smtp-sink";
import { startTestServer, type TestServer } from "./helpers/server";
import { addMember, connectSocket, createGroupRow, personWithClient, reply, startTopic } from "./helpers/groups";
import { createOrg } from "./helpers/factories";
import { createEvent, inDays } from "./helpers/events";
import { sendDueReminders } from "../app/modules/events/reminders.server";
import { digestPeriod, runDigest } from "../app/modules/notifications/digest.server";
import { unsubscribeToken } from "../app/modules/notifications/unsubscribe.server";
import { enqueueMail } from "../app/modules/mail/outbox.server";

// Issue 13, items 2–5: notifications from follows, preferences, digests over real SMTP, one-click unsubscribe.

let sink: SmtpSink;
let server: TestServer;
const db = () => server.open.db;
const ctx = () => ({ db: server.open.db, config: server.config, mail: server.mail.queue, realtime: server.realtime.realtime });

beforeAll(async () => {
  sink = await new SmtpSink().start();
  server = await startTestServer({ smtpUrl: sink.url });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});

/** Header lines as one line each (folded long headers joined). */
const unfold = (raw: string) => raw.replace(/\r?\n[ \t]+/g, " ");

async function notes(personId: string, kind: string) {
  return db().selectFrom("notification").select(["id", "payload", "in_app"]).where("person_id", "=", personId).where("kind", "=", kind).execute();
}

describe("notifications from following", () => {
  it("tells members of new threads and authors of replies; a mute stops them; previews are plain text", async () => {
    const lead = await personWithClient(server, { locale: "en" });
    const member = await personWithClient(server, { locale: "lv" });
    const g = await createGroupRow(db(), { leadId: lead.person.id });
    await addMember(db(), g.id, member.person.id);
    const tid = await startTopic(lead.client, g.slug, "Regulas grozījumi", "**Svarīgi:** lūdzu _izlasīt_ [šo](https://example.lv)");
    // The member follows the group by default: told of the new thread; the author is not told of their own.
    expect(await notes(member.person.id, "thread_new")).toHaveLength(1);
    expect(await notes(lead.person.id, "thread_new")).toHaveLength(0);
    expect((await reply(member.client, g.slug, tid, "Paldies, **izlasīju**")).status).toBe(302);
    // The lead posted in the thread, so follows it: told of the reply.
    const replies = await notes(lead.person.id, "thread_reply");
    expect(replies).toHaveLength(1);
    const page = await (await lead.client.get("/notifications")).text();
    expect(page).toContain("replied in");
    expect(page).toContain("Paldies, izlasīju");
    expect(page).not.toContain("**");
    const memberPage = await (await member.client.get("/notifications")).text();
    expect(memberPage).toContain("Svarīgi: lūdzu izlasīt šo");
    // Muting the thread stops the notifications, not the access.
    const mute = await lead.client.post("/settings/notifications", { intent: "follow", subjectType: "thread", subjectId: tid, state: "mute", redirectTo: "/notifications" });
    expect(mute.status).toBe(302);
    expect((await reply(member.client, g.slug, tid, "Vēl viena atbilde")).status).toBe(302);
    expect(await notes(lead.person.id, "thread_reply")).toHaveLength(1);
    expect((await lead.client.get(`/groups/${g.slug}/threads/${tid}`)).status).toBe(200);
    // The settings page lists the mute; following something one may not see is a 404.
    expect(await (await lead.client.get("/settings/notifications")).text()).toContain("Regulas grozījumi");
    const outsiderGroup = await createGroupRow(db(), { leadId: member.person.id, visibility: "private" });
    const refused = await lead.client.post("/settings/notifications", { intent: "follow", subjectType: "group", subjectId: outsiderGroup.id, state: "follow" });
    expect(refused.status).toBe(404);
  });

  it("keeps in-app off notifications out of the list and the badge; rejects unknown types and values in the person's language", async () => {
    const lead = await personWithClient(server, { locale: "lv" });
    const member = await personWithClient(server, { locale: "en" });
    const g = await createGroupRow(db(), { leadId: lead.person.id });
    await addMember(db(), g.id, member.person.id);
    const bad = await lead.client.post("/settings/notifications", { intent: "prefs", "email.nonsense": "daily" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Nezināms paziņojumu veids");
    const form: Record<string, string> = { intent: "prefs" };
    for (const type of ["mention", "reply", "new_thread", "event_invitation", "event_change", "rsvp_reminder", "join_request", "join_decision", "approval", "campaign", "deliverable_due", "pool"]) {
      form[`email.${type}`] = "immediate";
      form[`inApp.${type}`] = "on";
    }
    const badCadence = await member.client.post("/settings/notifications", { ...form, "email.reply": "hourly" });
    expect(badCadence.status).toBe(400);
    expect(await badCadence.text()).toContain("Choose one of");
    const { "inApp.new_thread": _off, ...withoutNewThread } = form;
    expect((await member.client.post("/settings/notifications", { ...withoutNewThread, "email.new_thread": "never" })).status).toBe(302);
    await startTopic(lead.client, g.slug, "Quiet", "text");
    const rows = await notes(member.person.id, "thread_new");
    expect(rows).toHaveLength(1);
    expect(rows[0].in_app).toBe(false);
    const page = await (await member.client.get("/notifications")).text();
    expect(page).not.toContain("Quiet");
    expect(page).not.toContain("data-unread");
  });
});

describe("digests and unsubscribe over SMTP", () => {
  it("finds the period that ended, DST-correct", () => {
    // Riga moves to summer time on 2026-03-29 (03:00 → 04:00): 07:00 is 05:00Z before, 04:00Z after.
    const d = digestPeriod("daily", new Date("2026-03-29T06:00:00Z"));
    expect(d).toMatchObject({ period: "2026-03-29", since: new Date("2026-03-28T05:00:00Z"), until: new Date("2026-03-29T04:00:00Z") });
    expect(digestPeriod("daily", new Date("2026-03-29T03:59:00Z")).period).toBe("2026-03-28");
    const w = digestPeriod("weekly", new Date("2026-03-30T05:00:00Z"));
    expect(w).toMatchObject({ period: "2026-03-30", since: new Date("2026-03-23T05:00:00Z"), until: new Date("2026-03-30T04:00:00Z") });
    expect(digestPeriod("weekly", new Date("2026-03-30T03:00:00Z")).period).toBe("2026-03-23");
    expect(digestPeriod("weekly", new Date("2026-04-02T12:00:00Z")).period).toBe("2026-03-30");
  });

  it("sends one digest per person and period, grouped, without what they no longer see, never empty; one-click unsubscribe works", async () => {
    const now = new Date();
    const p = digestPeriod("daily", now);
    const at = new Date(p.since.getTime() + 60_000);
    const lead = await personWithClient(server, { locale: "lv" });
    const reader = await personWithClient(server, { locale: "lv" });
    const leaver = await personWithClient(server, { locale: "en" });
    const privateGroup = await createGroupRow(db(), { leadId: lead.person.id, visibility: "private", name: "Slēgtā grupa" });
    const openGroup = await createGroupRow(db(), { leadId: lead.person.id, name: "Eksporta tirgi" });
    await addMember(db(), privateGroup.id, reader.person.id);
    // leaver was a member of the private group and left it: its items are dropped; with nothing else, no digest.
    const item = (personId: string, g: typeof openGroup, n: number) => ({
      person_id: personId,
      kind: "thread_reply",
      payload: JSON.stringify({ author: "Anna Bērziņa", threadTitle: `Tēma ${n}`, subject: { lv: g.name_lv, en: g.name_en }, href: `/groups/${g.slug}` }),
      dedupe_key: `test:${personId}:${n}`,
      created_at: new Date(at.getTime() + n * 1000),
      scope_type: "group",
      scope_id: g.id,
    });
    await db()
      .insertInto("notification")
      .values([item(reader.person.id, privateGroup, 1), item(reader.person.id, openGroup, 2), item(reader.person.id, openGroup, 3), item(leaver.person.id, privateGroup, 4)])
      .execute();
    const first = await runDigest(ctx(), "daily", { now, batch: 1 });
    expect(first).toMatchObject({ ran: true, sent: 1, period: p.period });
    // Again, and again after the run record is gone (a restart that lost it): nothing new.
    expect(await runDigest(ctx(), "daily", { now })).toMatchObject({ ran: false, sent: 0 });
    await db().deleteFrom("digest_run").execute();
    expect(await runDigest(ctx(), "daily", { now })).toMatchObject({ ran: true, sent: 0 });
    await server.mail.drained(30_000);
    const mails = sink.to(reader.person.email);
    expect(mails).toHaveLength(1);
    expect(sink.to(leaver.person.email)).toHaveLength(0);
    const m = mails[0];
    expect(m.parsed.subject).toBe("Jūsu dienas kopsavilkums: 3 jaunumi");
    const text = m.parsed.text ?? "";
    expect(text).toContain("Slēgtā grupa");
    expect(text).toContain("Eksporta tirgi");
    expect(text).toContain("Anna Bērziņa atbildēja diskusijā „Tēma 2”");
    expect(text.indexOf("Tēma 2")).toBeLessThan(text.indexOf("Tēma 3"));
    // Headers: one-click unsubscribe (RFC 8058) and Auto-Submitted.
    const unsub = /^List-Unsubscribe: (<[^>\r\n]+>)\r?$/m.exec(unfold(m.raw))?.[1] ?? "";
    expect(unsub).toMatch(new RegExp(`^<${server.config.appOrigin}/unsubscribe/[^>]+>$`));
    expect(m.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(m.raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    const url = unsub.slice(1, -1);
    const prefOf = async (type: string) => (await db().selectFrom("notification_pref").select("email").where("person_id", "=", reader.person.id).where("type", "=", type).executeTakeFirst())?.email;

    // GET (no login) only asks.
    const get = await fetch(url);
    expect(get.status).toBe(200);
    const page = await get.text();
    expect(page).toContain("dienas kopsavilkums");
    expect(page).toContain("<button");
    expect(await prefOf("reply")).toBeUndefined();
    // A forged or expired token: a clear page, nothing changes.
    const forged = url.slice(0, -3) + (url.endsWith("AAA") ? "BBB" : "AAA");
    const forgedPost = await fetch(forged, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(forgedPost.status).toBe(400);
    expect(await (await fetch(forged)).text()).toContain("nav derīga");
    const expired = `${server.config.appOrigin}/unsubscribe/${unsubscribeToken(server.config, reader.person.id, "digest_daily", Date.now() - 200 * 86_400_000)}`;
    expect(await (await fetch(expired)).text()).toContain("derīgums ir beidzies");
    expect((await fetch(expired, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" })).status).toBe(400);
    expect(await prefOf("reply")).toBeUndefined();
    // The mail client's one-click POST: cross-site, no cookie. Only the daily-digest types change.
    const post = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.com" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(post.status).toBe(200);
    expect(await prefOf("reply")).toBe("never");
    expect(await prefOf("new_thread")).toBe("never");
    expect(await prefOf("mention")).toBeUndefined();
  });

  it("puts List-Unsubscribe on notification mail and only Auto-Submitted on transactional mail", async () => {
    const lead = await personWithClient(server, { locale: "en" });
    const member = await personWithClient(server, { locale: "en" });
    const g = await createGroupRow(db(), { leadId: lead.person.id });
    await addMember(db(), g.id, member.person.id);
    const handle = `h${Date.now().toString(36)}`;
    await db().updateTable("person").set({ handle }).where("id", "=", member.person.id).execute();
    await startTopic(lead.client, g.slug, "Hello", `Hi @${handle}`);
    const mention = await sink.waitFor((m) => m.envelopeTo.includes(member.person.email) && /mentioned/.test(m.parsed.subject ?? ""));
    expect(unfold(mention.raw)).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^>]+>\r?$/m);
    expect(mention.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    await db()
      .transaction()
      .execute((trx) =>
        enqueueMail(trx, { mail: server.mail.queue, config: server.config }, [
          { idempotencyKey: `verify:${member.person.id}`, to: member.person.email, locale: "en", template: "verify_email", params: { name: "M", token: "t" } },
        ]),
      );
    const verify = await sink.waitFor((m) => m.envelopeTo.includes(member.person.email) && !/mentioned/.test(m.parsed.subject ?? ""));
    expect(verify.raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(verify.raw).not.toMatch(/^List-Unsubscribe/im);
  });
});

describe("notifications raised by sign-ups and reminders (issue 13, item 2)", () => {
  it("tells an organisation's admins in-app, live and by mail when someone asks to join it", async () => {
    const org = await createOrg(db());
    const admin = await personWithClient(server, { organisation_id: org.id, org_role: "admin", locale: "en" });
    const socket = await connectSocket(server, admin.client);
    const live = new Promise((resolve) => socket.on("notification:new", resolve));
    const res = await server
      .client()
      .post(
        "/signup",
        { name: "Ilze Kalniņa", email: `ilze.${Date.now()}@approval.example`, password: "copper lantern orchard whistle", orgMode: "existing", orgId: org.id },
        { "accept-language": "lv" },
      );
    expect(res.status).toBe(200);
    expect(await live).toEqual({ kind: "approval_request" });
    socket.disconnect();
    const told = await notes(admin.person.id, "approval_request");
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ name: "Ilze Kalniņa", href: "/approvals" });
    const page = await (await admin.client.get("/notifications")).text();
    expect(page).toContain("Ilze Kalniņa");
    const open = await admin.client.post("/notifications", { intent: "open", id: told[0].id });
    expect(open.headers.get("location")).toBe("/approvals");
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(admin.person.email));
    expect(mail.parsed.subject).toContain("Ilze Kalniņa");
  });

  it("tells people going to an event in-app once per start time when its reminder is due, live", async () => {
    const organiser = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const { slug, row } = await createEvent(db(), organiser.client, { startDate: inDays(10), endDate: inDays(10), reminderHours: "24" });
    const going = await personWithClient(server, { locale: "en" });
    expect((await going.client.post(`/events/${slug}`, { intent: "rsvp", answer: "going" })).status).toBe(302);
    const socket = await connectSocket(server, going.client);
    const live = new Promise((resolve) => socket.on("notification:new", resolve));
    const at = new Date(row.starts_at.getTime() - 23 * 3600_000);
    expect(await sendDueReminders(ctx(), at)).toBe(1);
    expect(await live).toEqual({ kind: "rsvp_reminder" });
    socket.disconnect();
    expect(await sendDueReminders(ctx(), at)).toBe(0);
    const told = await notes(going.person.id, "rsvp_reminder");
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ href: `/events/${slug}` });
    expect(await (await going.client.get("/notifications")).text()).toContain("Reminder");
  });
});
