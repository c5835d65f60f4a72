import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { createPerson, PASSWORD } from "./helpers/factories";
import { addMember, createGroupRow, personWithClient, reply, startTopic } from "./helpers/groups";
import { insertEvent } from "./helpers/events";
import { loginReason } from "../app/modules/auth/redirect";

// Issue 12, items 13 and 14: why the login page was shown; the privacy notice, one's own data as JSON, and erasure
// (requested by the person, confirmed by a cluster admin, posts kept as written by a former member).

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
const EN = { "accept-language": "en-GB,en;q=0.9" };
const LV = { "accept-language": "lv-LV,lv;q=0.9" };

/** The text of every role=status element of a page. */
function notices(html: string): string[] {
  return [...html.matchAll(/<(\w+)[^>]*role="status"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2].replace(/<[^>]+>/g, "").trim());
}

describe("the login page says why the person is there", () => {
  it("derives the reason from the page they tried to reach, in the page's language", async () => {
    const c = server.client();
    const res = await c.get("/groups", EN);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toBe("/login?redirectTo=%2Fgroups");
    expect(notices(await (await c.get(location, EN)).text())).toContain("Log in to see working groups.");
    expect(notices(await (await c.get(location, LV)).text())).toContain("Piesakieties, lai redzētu darba grupas.");

    const events = (await c.get("/events/calendar", LV)).headers.get("location")!;
    expect(notices(await (await c.get(events, LV)).text())).toContain("Piesakieties, lai redzētu pasākumus.");
    const settings = (await c.get("/settings/privacy", EN)).headers.get("location")!;
    expect(notices(await (await c.get(settings, EN)).text())).toContain("Log in to see your settings.");
  });

  it("has a reason per area and a generic one; no notice without redirectTo; free text and foreign targets are ignored", async () => {
    expect(loginReason("/logistics/requests/x?y=1")).toBe("auth.login.reason.logistics");
    expect(loginReason("/admin/erasure")).toBe("auth.login.reason.admin");
    expect(loginReason("/directory/people")).toBe("auth.login.reason.directory");
    expect(loginReason("/notifications")).toBe("auth.login.reason.notifications");
    expect(loginReason("/campaigns/x")).toBe("auth.login.reason.campaigns");
    expect(loginReason("/something-else")).toBe("auth.login.reason.generic");
    expect(loginReason("/constructor")).toBe("auth.login.reason.generic");
    expect(loginReason("/")).toBeNull();

    const c = server.client();
    expect(notices(await (await c.get("/login", EN)).text())).toEqual([]);
    // Only the path travels; any other parameter is not shown.
    const tampered = await (await c.get("/login?redirectTo=%2Fevents&reason=Your+account+is+locked", EN)).text();
    expect(notices(tampered)).toEqual(["Log in to see events."]);
    expect(tampered).not.toContain("Your account is locked");
    // A foreign target becomes "/" (safeRedirect) and gets no reason.
    const foreign = await (await c.get("/login?redirectTo=%2F%2Fevil.example%2Fgroups", EN)).text();
    expect(notices(foreign)).toEqual([]);
    expect(foreign).toContain('name="redirectTo" value="/"');
    // An unknown area: the generic reason.
    expect(notices(await (await c.get("/login?redirectTo=%2Fapprovals", LV)).text())).toContain("Piesakieties, lai izskatītu dalības pieteikumus.");
    expect(notices(await (await c.get("/login?redirectTo=%2Fwhatever", EN)).text())).toContain("Log in to see the page you asked for.");
  });
});

describe("the privacy notice", () => {
  it("is public in both languages, names the controller and the rights, and is linked from the footer and the signup form", async () => {
    const c = server.client();
    const en = await (await c.get("/privacy", EN)).text();
    expect(en).toContain("Privacy notice");
    expect(en).toContain("Biedrība «Dzīvības zinātņu klasteris» (demo)");
    expect(en).toContain('href="mailto:privacy@cluster.example"');
    expect(en).toContain("Data State Inspectorate");
    expect(en).toContain("https://www.dvi.gov.lv");
    const lv = await (await c.get("/privacy", LV)).text();
    expect(lv).toContain("Privātuma paziņojums");
    expect(lv).toContain("Datu valsts inspekcijai");
    const signup = await (await c.get("/signup", EN)).text();
    expect(signup).toMatch(/By creating an account you accept[^<]*(<!-- -->)? <a[^>]*href="\/privacy"/);
    // The footer on any page: the notice and the contact address.
    const login = await (await c.get("/login", LV)).text();
    expect(login).toMatch(/<footer[\s\S]*href="\/privacy"[\s\S]*href="mailto:privacy@cluster.example"[\s\S]*<\/footer>/);
  });
});

describe("one's own data", () => {
  it("downloads as a JSON attachment with profile, memberships, posts, events, notifications and sessions, without secrets", async () => {
    const me = await personWithClient(server, { name: "Anna Datu", locale: "en" });
    const g = await createGroupRow(db(), { leadId: me.person.id, name: "Datu grupa" });
    const tid = await startTopic(me.client, g.slug, "Mana tēma", "Mans pirmais ieraksts");
    const ev = await insertEvent(db(), { createdBy: me.person.id, title: "Datu seminārs" });
    await db().insertInto("event_attendance").values({ event_id: ev.id, person_id: me.person.id, status: "going", responded_at: new Date() }).execute();
    await db()
      .insertInto("notification")
      .values({ person_id: me.person.id, kind: "test", payload: JSON.stringify({ hello: "world" }) })
      .execute();
    await db().insertInto("calendar_feed_token").values({ person_id: me.person.id, salt: "salt-secret", token_hash: "feed-hash-secret" }).execute();

    const page = await (await me.client.get("/settings/privacy")).text();
    expect(page).toContain(`href="/privacy/data/${me.person.id}.json"`);

    const res = await me.client.get(`/privacy/data/${me.person.id}.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data.profile).toMatchObject({ id: me.person.id, name: "Anna Datu", email: me.person.email, language: "en" });
    expect(data.membership.organisation.id).toBe(me.person.organisation_id);
    expect(data.workingGroups).toEqual([expect.objectContaining({ slug: g.slug, role: "lead" })]);
    expect(data.posts).toEqual([expect.objectContaining({ threadId: tid, thread: "Mana tēma", text: "Mans pirmais ieraksts" })]);
    expect(data.events).toEqual([expect.objectContaining({ slug: ev.slug, status: "going" })]);
    expect(data.notifications).toEqual([expect.objectContaining({ kind: "test", details: { hello: "world" } })]);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(Object.keys(data.sessions[0]).sort()).toEqual(["browser", "expiresAt", "ip", "lastUsedAt", "startedAt"]);
    // No secrets: password hash, session ids, feed tokens.
    const person = await db().selectFrom("person").select("password_hash").where("id", "=", me.person.id).executeTakeFirstOrThrow();
    const session = await db().selectFrom("session").select("id_hash").where("person_id", "=", me.person.id).executeTakeFirstOrThrow();
    expect(text).not.toContain(person.password_hash);
    expect(text).not.toContain(session.id_hash);
    expect(text).not.toContain("feed-hash-secret");
    expect(text).not.toContain("salt-secret");
    expect(text).not.toMatch(/password|token/i);
  });

  it("is only one's own: another person's id is 404, also for a cluster admin; signed out goes to the login page", async () => {
    const me = await personWithClient(server);
    const other = await createPerson(db());
    const admin = await personWithClient(server, { cluster_role: "admin" });
    expect((await me.client.get(`/privacy/data/${other.id}.json`)).status).toBe(404);
    expect((await admin.client.get(`/privacy/data/${other.id}.json`)).status).toBe(404);
    expect((await me.client.get(`/privacy/data/not-a-uuid.json`)).status).toBe(404);
    const out = await server.client().get(`/privacy/data/${me.person.id}.json`);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("erasure", () => {
  it("is requested by the person, confirmed by an admin, mails them first, keeps their posts as a former member's, and ends their login", async () => {
    const leaver = await createPerson(db(), { name: "Zane Aizgājēja", locale: "lv" });
    const leaverClient = server.client();
    await leaverClient.login(leaver.email, PASSWORD);
    const lead = await personWithClient(server, { locale: "en" });
    const g = await createGroupRow(db(), { leadId: lead.person.id });
    await addMember(db(), g.id, leaver.id);
    const tid = await startTopic(lead.client, g.slug, "Kopīga tēma", "Sākums");
    expect((await reply(leaverClient, g.slug, tid, "Mans ieguldījums diskusijā")).status).toBe(302);
    await db().insertInto("calendar_feed_token").values({ person_id: leaver.id, salt: "s", token_hash: "h" }).execute();

    // The request: pending, audited, shown on the person's page; a second one changes nothing.
    expect((await leaverClient.post("/settings/privacy", { intent: "erase" })).status).toBe(302);
    expect((await leaverClient.post("/settings/privacy", { intent: "erase" })).status).toBe(302);
    const requests = await db().selectFrom("erasure_request").selectAll().where("person_id", "=", leaver.id).execute();
    expect(requests.map((r) => r.status)).toEqual(["pending"]);
    expect(notices(await (await leaverClient.get("/settings/privacy")).text()).join(" ")).toContain("lūdzāt dzēst savu kontu");
    expect(await db().selectFrom("audit_log").select("actor_id").where("action", "=", "erasure.requested").where("target_id", "=", leaver.id).execute()).toEqual([{ actor_id: leaver.id }]);

    // Ordinary members may not see or confirm requests.
    expect((await lead.client.get("/admin/erasure")).status).toBe(403);
    expect((await lead.client.post("/admin/erasure", { intent: "confirm", requestId: requests[0].id })).status).toBe(403);
    expect((await db().selectFrom("person").select("erased_at").where("id", "=", leaver.id).executeTakeFirstOrThrow()).erased_at).toBeNull();

    // The admin sees it and confirms.
    const admin = await personWithClient(server, { cluster_role: "admin", locale: "en" });
    const list = await (await admin.client.get("/admin/erasure")).text();
    expect(list).toContain("Zane Aizgājēja");
    expect(list).toContain(leaver.email);
    const res = await admin.client.post("/admin/erasure", { intent: "confirm", requestId: requests[0].id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/erasure?done=1");
    // Confirming twice: the request is already decided.
    expect((await admin.client.post("/admin/erasure", { intent: "confirm", requestId: requests[0].id })).status).toBe(409);

    // The email went to the real address, in the person's language.
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(leaver.email));
    expect(mail.parsed.subject).toBe("Jūsu konts ir dzēsts");

    // Anonymised: name, email (unique, non-routable), password, profile; sessions and tokens gone.
    const after = await db().selectFrom("person").selectAll().where("id", "=", leaver.id).executeTakeFirstOrThrow();
    expect(after.name).not.toContain("Zane");
    expect(after.email).toBe(`erased-${leaver.id}@erased.invalid`);
    expect(after.erased_at).not.toBeNull();
    expect(after.deactivated_at).not.toBeNull();
    expect(after.phone).toBeNull();
    expect(after.job_title).toBe("");
    expect(await db().selectFrom("session").select("id_hash").where("person_id", "=", leaver.id).execute()).toEqual([]);
    expect(await db().selectFrom("calendar_feed_token").select("person_id").where("person_id", "=", leaver.id).execute()).toEqual([]);
    expect((await db().selectFrom("erasure_request").select("status").where("id", "=", requests[0].id).executeTakeFirstOrThrow()).status).toBe("confirmed");
    expect(await db().selectFrom("audit_log").select("actor_id").where("action", "=", "erasure.confirmed").where("target_id", "=", leaver.id).execute()).toEqual([{ actor_id: admin.person.id }]);

    // The post remains, written by a former member, in the viewer's language, without the old name or a profile link.
    const en = await (await lead.client.get(`/groups/${g.slug}/threads/${tid}`)).text();
    expect(en).toContain("Mans ieguldījums diskusijā");
    expect(en).toContain("Former member");
    expect(en).not.toContain("Zane Aizgājēja");
    expect(en).not.toContain(`/directory/people/${leaver.id}`);
    await db().updateTable("person").set({ locale: "lv" }).where("id", "=", lead.person.id).execute();
    const lv = await (await lead.client.get(`/groups/${g.slug}/threads/${tid}`)).text();
    expect(lv).toContain("Bijušais biedrs");

    // The old session is gone, and neither the old nor the placeholder address logs in.
    const stale = await leaverClient.get("/settings/privacy");
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/login/);
    for (const email of [leaver.email, after.email]) {
      const attempt = await server.client().post("/login", { email, password: PASSWORD });
      expect(attempt.status).toBe(400);
    }
  });

  it("can be withdrawn by the person while pending", async () => {
    const me = await personWithClient(server);
    await me.client.post("/settings/privacy", { intent: "erase" });
    expect((await me.client.post("/settings/privacy", { intent: "cancel" })).headers.get("location")).toBe("/settings/privacy?done=cancelled");
    const rows = await db().selectFrom("erasure_request").select("status").where("person_id", "=", me.person.id).execute();
    expect(rows.map((r) => r.status)).toEqual(["cancelled"]);
    const admin = await personWithClient(server, { cluster_role: "admin" });
    expect(await (await admin.client.get("/admin/erasure")).text()).not.toContain(me.person.email);
  });
});
