import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { createPerson } from "./helpers/factories";
import { addMember, clientFor, createGroupRow, personWithClient } from "./helpers/groups";
import { createEvent, inDays } from "./helpers/events";
import { parseGuestList } from "../app/modules/events/invitations.server";

// Issue 16 #6, small mail fixes, read back from a real SMTP sink: Auto-Submitted on every message; a guest's footer
// does not speak of an account; each guest's invitation language is chosen in the form (proposed from the list's
// language column, else the event's language, never the organiser's page language); inviting a group or an
// organisation does not invite the organiser to their own event.

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
const settle = () => server.mail.drained(60_000);

describe("guest language, per guest", () => {
  it("reads a language column at the end of a line (spreadsheet tab, comma, semicolon or space), in both languages' words", () => {
    const p = parseGuestList(
      'Anna Berga <anna@x.example>\ten\nbruno@x.example, LV\n"Ceplis, Jānis" <janis@x.example>; English\ndace@x.example\neva@x.example latviešu\nfrank@x.example; gustavs@x.example; en',
    );
    expect(p.invalid).toEqual([]);
    expect(p.guests).toEqual([
      { email: "anna@x.example", name: "Anna Berga", locale: "en" },
      { email: "bruno@x.example", name: "", locale: "lv" },
      { email: "janis@x.example", name: "Ceplis, Jānis", locale: "en" },
      { email: "dace@x.example", name: "" },
      { email: "eva@x.example", name: "", locale: "lv" },
      { email: "frank@x.example", name: "", locale: "en" },
      { email: "gustavs@x.example", name: "", locale: "en" },
    ]);
    // An address that merely ends in .lv is an address, not a language.
    expect(parseGuestList("someone@example.lv").guests).toEqual([{ email: "someone@example.lv", name: "" }]);
  });

  it("the review step proposes the column's language or the event's, not the organiser's page language; the choices made there are what is sent", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const { slug, id } = await createEvent(db(), client, { language: "lv", startDate: inDays(33), endDate: inDays(33) });
    const member = await createPerson(db(), { locale: "en", email: `member-${Date.now()}@lang.example` });
    const list = `Anna <col-en@lang.example>\ten\nno-col@lang.example\nchange-me@lang.example; lv\n${member.email}`;

    const review = await client.post(`/events/${slug}/manage`, { intent: "previewGuests", guests: list });
    expect(review.status).toBe(200);
    const html = await review.text();
    const selected = (email: string) => new RegExp(`name="lang:${email}"[^>]*>(?:(?!</select>).)*<option value="(lv|en)" selected`, "s").exec(html)?.[1];
    expect(selected("col-en@lang.example")).toBe("en");
    expect(selected("no-col@lang.example")).toBe("lv"); // the event's language; the organiser's page is English
    expect(selected("change-me@lang.example")).toBe("lv");
    expect(html).not.toContain(`name="lang:${member.email}"`); // a member gets their own language
    expect(html).toContain("A member: invited in their own language");
    expect(html).toContain("Invitation language for col-en@lang.example");
    // Nothing was written by the review.
    expect(await db().selectFrom("event_attendance").select("id").where("event_id", "=", id).execute()).toEqual([]);

    const sent = await client.post(`/events/${slug}/manage`, {
      intent: "inviteGuests",
      guests: list,
      "lang:col-en@lang.example": "en",
      "lang:no-col@lang.example": "lv",
      "lang:change-me@lang.example": "en",
    });
    expect(sent.status).toBe(302);
    await settle();
    expect(sink.to("col-en@lang.example")[0].parsed.subject).toMatch(/^Invitation: /);
    expect(sink.to("no-col@lang.example")[0].parsed.subject).toMatch(/^Ielūgums: /);
    expect(sink.to("change-me@lang.example")[0].parsed.subject).toMatch(/^Invitation: /);
    expect(sink.to(member.email)[0].parsed.subject).toMatch(/^Invitation: /);
    const rows = await db().selectFrom("event_attendance").select(["guest_email", "guest_locale"]).where("event_id", "=", id).where("person_id", "is", null).orderBy("guest_email").execute();
    expect(rows).toEqual([
      { guest_email: "change-me@lang.example", guest_locale: "en" },
      { guest_email: "col-en@lang.example", guest_locale: "en" },
      { guest_email: "no-col@lang.example", guest_locale: "lv" },
    ]);
  });

  it("the review refuses a bad list with a message in the page's language and writes nothing", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const { slug, id } = await createEvent(db(), client, { startDate: inDays(34), endDate: inDays(34) });
    const bad = await client.post(`/events/${slug}/manage`, { intent: "previewGuests", guests: "nav-adrese\nlabs@lang.example" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Šīs adreses nav derīgas: nav-adrese");
    const empty = await client.post(`/events/${slug}/manage`, { intent: "previewGuests", guests: "  en " });
    expect(empty.status).toBe(400);
    expect(await db().selectFrom("event_attendance").select("id").where("event_id", "=", id).execute()).toEqual([]);
  });
});

describe("guest footer and Auto-Submitted", () => {
  it("a guest's mail does not say 'because of your account', in either language; members' mail still does; every message is Auto-Submitted", async () => {
    const { client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const { slug } = await createEvent(db(), client, { startDate: inDays(35), endDate: inDays(35) });
    const member = await createPerson(db(), { locale: "lv" });
    await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: member.id });
    await client.post(`/events/${slug}/manage`, { intent: "inviteGuests", guests: "footer-en@guest.example\ten\nfooter-lv@guest.example\tlv" });
    await settle();
    await client.post(`/events/${slug}/edit`, { intent: "cancel", confirm: "yes" });
    await settle();
    const en = sink.to("footer-en@guest.example");
    const lv = sink.to("footer-lv@guest.example");
    expect(en).toHaveLength(2);
    expect(lv).toHaveLength(2);
    for (const m of en) {
      expect(m.parsed.text).toContain("You receive this message because you were invited to an event as a guest; you have no account on the platform.");
      expect(m.parsed.text).not.toContain("because of your account");
      expect(m.parsed.html).not.toContain("because of your account");
    }
    for (const m of lv) {
      expect(m.parsed.text).toContain("Jūs saņemat šo ziņu, jo jums kā viesim ir nosūtīts ielūgums uz pasākumu; konta platformā jums nav.");
      expect(m.parsed.text).not.toContain("konta dēļ");
    }
    const mm = sink.to(member.email);
    expect(mm).toHaveLength(2);
    for (const m of mm) expect(m.parsed.text).toContain("Jūs saņemat šo ziņu sava platformas konta dēļ.");
    // Every message this file's server sent, whatever its kind, carries Auto-Submitted (RFC 3834).
    expect(sink.messages.length).toBeGreaterThanOrEqual(6);
    for (const m of sink.messages) expect(m.raw, m.parsed.subject).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
  });
});

describe("inviting a group or an organisation", () => {
  it("does not invite the organiser (nor the event's creator when another organiser invites) to their own event", async () => {
    const { person: creator, client } = await personWithClient(server, { cluster_role: "organiser", locale: "lv" });
    const { slug, id } = await createEvent(db(), client, { startDate: inDays(36), endDate: inDays(36) });
    const other = await createPerson(db(), { locale: "lv" });
    const group = await createGroupRow(db(), { leadId: creator.id });
    await addMember(db(), group.id, other.id);
    const res = await client.post(`/events/${slug}/manage`, { intent: "inviteGroup", groupId: group.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("invited=1&skipped=0");
    await settle();
    const invited = await db().selectFrom("event_attendance").select("person_id").where("event_id", "=", id).execute();
    expect(invited.map((r) => r.person_id)).toEqual([other.id]);
    expect(sink.to(creator.email)).toHaveLength(0);
    expect(sink.to(other.email)).toHaveLength(1);

    // An administrator invites the creator's organisation: the creator and the administrator stay out.
    const admin = await createPerson(db(), {
      cluster_role: "admin",
      locale: "lv",
      organisation_id: (await db().selectFrom("person").select("organisation_id").where("id", "=", creator.id).executeTakeFirstOrThrow()).organisation_id,
    });
    const adminClient = await clientFor(server, admin.id);
    const colleague = await createPerson(db(), { locale: "en", organisation_id: admin.organisation_id });
    const org = await adminClient.post(`/events/${slug}/manage`, { intent: "inviteOrg", orgId: admin.organisation_id! });
    expect(org.status).toBe(302);
    const after = await db().selectFrom("event_attendance").select("person_id").where("event_id", "=", id).execute();
    const ids = after.map((r) => r.person_id);
    expect(ids).toContain(colleague.id);
    expect(ids).not.toContain(creator.id);
    expect(ids).not.toContain(admin.id);
    // Inviting oneself by name is still possible (a deliberate choice, not a side effect of a group).
    expect((await client.post(`/events/${slug}/manage`, { intent: "invitePeople", personId: creator.id })).status).toBe(302);
  });
});
