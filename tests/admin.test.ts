import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink } from "./helpers/smtp-sink";
import { createOrg, createPerson, PASSWORD } from "./helpers/factories";

// Approvals, roles, the audit log and the outbox viewer, through the real server and a real SMTP sink.

async function auditRows(server: TestServer, action: string, targetId: string) {
  return server.open.db.selectFrom("audit_log").selectAll().where("action", "=", action).where("target_id", "=", targetId).execute();
}

/** The cursor of the "next page" link (<a … rel="next" href="?after=…">). */
function cursorFrom(html: string, param = "after"): string | null {
  const link = html.match(/<a\b[^>]*\brel="next"[^>]*>/)?.[0] ?? "";
  const m = link.match(new RegExp(`[?&](?:amp;)?${param}=([A-Za-z0-9_-]+)`));
  return m ? m[1] : null;
}

describe("with SMTP", () => {
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

  it("sends anonymous visitors to the login page", async () => {
    for (const path of ["/approvals", "/admin", "/admin/people", "/admin/audit", "/admin/outbox", "/organisation/members"]) {
      const res = await server.client().get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const post = await server.client().post("/approvals", { intent: "approvePerson", id: "00000000-0000-4000-8000-000000000000" });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
  });

  it("refuses plain members and organisers with 403 on approvals and every admin page", async () => {
    const db = server.open.db;
    const member = await createPerson(db);
    const organiser = await createPerson(db, { cluster_role: "organiser" });
    const target = await createPerson(db, { membership_status: "pending", organisation_id: member.organisation_id });
    const message = await db
      .insertInto("mail_outbox")
      .values({ idempotency_key: `t-403-${target.id}`, to_address: "x@test.example", template: "password_changed", params: {}, message_id: "<x@test>", status: "captured" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const who of [member, organiser]) {
      const c = server.client();
      await c.login(who.email, PASSWORD);
      for (const path of ["/approvals", "/admin", "/admin/people", "/admin/audit", "/admin/outbox", `/admin/outbox/${message.id}`, "/organisation/members"]) {
        expect((await c.get(path)).status, `${who.cluster_role} ${path}`).toBe(403);
      }
      expect((await c.post("/approvals", { intent: "approvePerson", id: target.id })).status).toBe(403);
      expect((await c.post("/admin/people", { intent: "clusterRole", personId: who.id, role: "admin" })).status).toBe(403);
      expect((await c.post("/organisation/members", { intent: "orgRole", personId: who.id, role: "admin" })).status).toBe(403);
    }
    const after = await db.selectFrom("person").select(["membership_status"]).where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(after.membership_status).toBe("pending");
    const roles = await db.selectFrom("person").select("cluster_role").where("id", "in", [member.id, organiser.id]).execute();
    expect(roles.map((r) => r.cluster_role).sort()).toEqual(["member", "organiser"]);
    // A pending person sees only the waiting page, not the approvals.
    const pending = server.client();
    await pending.login(target.email, PASSWORD);
    expect((await pending.get("/approvals")).headers.get("location")).toBe("/pending");
  });

  it("lets a cluster admin approve a proposed organisation: organisation and proposer approved, mail sent, audit written, idempotent", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin", name: "Inese Kalniņa" });
    const signup = await server.client().post("/signup", {
      name: "Kārlis Liepiņš",
      email: "karlis.liepins@baltic-biotech.example",
      password: "a long enough passphrase",
      orgMode: "new",
      newOrgName: "Baltic Biotech Lab",
      newOrgType: "research_institute",
      newOrgSize: "sme",
      newOrgCity: "Jelgava",
    });
    expect(signup.status).toBe(200);
    const org = await db.selectFrom("organisation").selectAll().where("name", "=", "Baltic Biotech Lab").executeTakeFirstOrThrow();
    const proposer = await db.selectFrom("person").selectAll().where("email", "=", "karlis.liepins@baltic-biotech.example").executeTakeFirstOrThrow();
    expect(org.status).toBe("pending");
    expect(proposer.membership_status).toBe("pending");

    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const page = await c.get("/approvals");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Baltic Biotech Lab");
    expect(html).toContain("Kārlis Liepiņš");
    expect(html).toContain('value="approveOrg"');

    const res = await c.post("/approvals", { intent: "approveOrg", id: org.id });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("approvals.done.orgApproved");

    const orgAfter = await db.selectFrom("organisation").selectAll().where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(orgAfter.status).toBe("approved");
    expect(orgAfter.approved_by).toBe(admin.id);
    expect(orgAfter.approved_at).not.toBeNull();
    const proposerAfter = await db.selectFrom("person").selectAll().where("id", "=", proposer.id).executeTakeFirstOrThrow();
    expect(proposerAfter.membership_status).toBe("approved");
    expect(proposerAfter.org_role).toBe("admin");

    const mail = await sink.waitFor((m) => m.envelopeTo.includes(proposer.email) && /dalība ir apstiprināta|membership is approved/i.test(m.parsed.subject ?? ""));
    expect(mail.parsed.text).toContain("Baltic Biotech Lab");

    const audits = await auditRows(server, "org.approved", org.id);
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_id).toBe(admin.id);
    expect(await auditRows(server, "membership.approved", proposer.id)).toHaveLength(1);

    // A second click (or a second admin) changes nothing and sends nothing more.
    const again = await c.post("/approvals", { intent: "approveOrg", id: org.id });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("approvals.done.unchanged");
    await server.mail.drained();
    expect(await auditRows(server, "org.approved", org.id)).toHaveLength(1);
    const mails = await db.selectFrom("mail_outbox").select("id").where("to_address", "=", proposer.email).where("template", "=", "membership_approved").execute();
    expect(mails).toHaveLength(1);
    expect(sink.to(proposer.email).filter((m) => /apstiprināta|approved/i.test(m.parsed.subject ?? ""))).toHaveLength(1);

    // The audit log shows it, translated, with the actor's name.
    const log = await (await c.get("/admin/audit")).text();
    expect(log).toContain("Organisation approved");
    expect(log).toContain("Inese Kalniņa");
    expect(log).toContain("Baltic Biotech Lab");
  });

  it("lets a cluster admin reject a proposed organisation; the proposer is rejected and told", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin" });
    const org = await createOrg(db, { status: "pending", name: "Ghost Pharma" });
    const proposer = await createPerson(db, { organisation_id: org.id, membership_status: "pending", org_role: "admin" });
    await db.updateTable("organisation").set({ proposed_by: proposer.id }).where("id", "=", org.id).execute();
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    expect((await c.post("/approvals", { intent: "rejectOrg", id: org.id })).status).toBe(200);
    const o = await db.selectFrom("organisation").select("status").where("id", "=", org.id).executeTakeFirstOrThrow();
    const p = await db.selectFrom("person").select("membership_status").where("id", "=", proposer.id).executeTakeFirstOrThrow();
    expect(o.status).toBe("rejected");
    expect(p.membership_status).toBe("rejected");
    await sink.waitFor((m) => m.envelopeTo.includes(proposer.email) && /membership request|pieteikums/i.test(m.parsed.subject ?? ""));
    expect(await auditRows(server, "org.rejected", org.id)).toHaveLength(1);
    // The rejected person is told so on the waiting page.
    const pc = server.client();
    await pc.login(proposer.email, PASSWORD);
    const pendingPage = await pc.get("/pending");
    expect(await pendingPage.text()).toContain("Your request was not approved");
  });

  it("lets an org admin approve people of their own organisation only (404 for another organisation)", async () => {
    const db = server.open.db;
    const org = await createOrg(db, { name: "Daugava Pharma" });
    const other = await createOrg(db, { name: "Venta Chemicals" });
    const orgAdmin = await createPerson(db, { organisation_id: org.id, org_role: "admin" });
    const joiner = await createPerson(db, { organisation_id: org.id, membership_status: "pending", name: "Anna Ozola" });
    const stranger = await createPerson(db, { organisation_id: other.id, membership_status: "pending", name: "Pēteris Kalējs" });

    const jc = server.client();
    await jc.login(joiner.email, PASSWORD);
    expect((await jc.get("/groups")).headers.get("location")).toBe("/pending");

    const c = server.client();
    await c.login(orgAdmin.email, PASSWORD);
    const page = await (await c.get("/approvals")).text();
    expect(page).toContain("Anna Ozola");
    expect(page).not.toContain("Pēteris Kalējs");
    expect(page).not.toContain('value="approveOrg"');

    // Another organisation's applicant: not found, and nothing changes.
    expect((await c.post("/approvals", { intent: "approvePerson", id: stranger.id })).status).toBe(404);
    expect((await c.post("/approvals", { intent: "rejectPerson", id: stranger.id })).status).toBe(404);
    expect((await db.selectFrom("person").select("membership_status").where("id", "=", stranger.id).executeTakeFirstOrThrow()).membership_status).toBe("pending");
    // Deciding on organisations is for cluster admins.
    const pendingOrg = await createOrg(db, { status: "pending" });
    expect((await c.post("/approvals", { intent: "approveOrg", id: pendingOrg.id })).status).toBe(403);
    // Bad input: 400 with a translated message key.
    const bad = await c.post("/approvals", { intent: "approvePerson", id: "not-a-uuid" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("admin.error.badRequest");
    expect((await c.post("/approvals", { intent: "promote", id: joiner.id })).status).toBe(400);

    const res = await c.post("/approvals", { intent: "approvePerson", id: joiner.id });
    expect(res.status).toBe(200);
    expect((await db.selectFrom("person").select("membership_status").where("id", "=", joiner.id).executeTakeFirstOrThrow()).membership_status).toBe("approved");
    expect((await jc.get("/groups")).status).toBe(200);
    await sink.waitFor((m) => m.envelopeTo.includes(joiner.email) && /approved|apstiprināta/i.test(m.parsed.subject ?? ""));
    const audits = await auditRows(server, "membership.approved", joiner.id);
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_id).toBe(orgAdmin.id);

    // Rejecting works the same way within the organisation.
    const second = await createPerson(db, { organisation_id: org.id, membership_status: "pending" });
    expect((await c.post("/approvals", { intent: "rejectPerson", id: second.id })).status).toBe(200);
    expect((await db.selectFrom("person").select("membership_status").where("id", "=", second.id).executeTakeFirstOrThrow()).membership_status).toBe("rejected");
    expect(await auditRows(server, "membership.rejected", second.id)).toHaveLength(1);
    await sink.waitFor((m) => m.envelopeTo.includes(second.email));
    // Approving a rejected request is not a silent re-approval.
    expect(await (await c.post("/approvals", { intent: "approvePerson", id: second.id })).text()).toContain("approvals.done.unchanged");

    // Two admins deciding at the same moment: one decision, one audit entry, one email.
    const racer = await createPerson(db, { organisation_id: org.id, membership_status: "pending" });
    const other2 = server.client();
    await other2.login(orgAdmin.email, PASSWORD);
    const both = await Promise.all([c.post("/approvals", { intent: "approvePerson", id: racer.id }), other2.post("/approvals", { intent: "approvePerson", id: racer.id })]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const texts = await Promise.all(both.map((r) => r.text()));
    expect(texts.filter((x) => x.includes("approvals.done.personApproved"))).toHaveLength(1);
    expect(texts.filter((x) => x.includes("approvals.done.unchanged"))).toHaveLength(1);
    expect(await auditRows(server, "membership.approved", racer.id)).toHaveLength(1);
    expect(await db.selectFrom("mail_outbox").select("id").where("to_address", "=", racer.email).execute()).toHaveLength(1);

    // The cluster admin sees applicants of every organisation.
    const admin = await createPerson(db, { cluster_role: "admin" });
    const ac = server.client();
    await ac.login(admin.email, PASSWORD);
    expect(await (await ac.get("/approvals")).text()).toContain("Pēteris Kalējs");
  });

  it("keyset-paginates the pending people, 25 a page, without overlap", async () => {
    const db = server.open.db;
    const org = await createOrg(db);
    const orgAdmin = await createPerson(db, { organisation_id: org.id, org_role: "admin" });
    const names: string[] = [];
    for (let i = 0; i < 27; i++) {
      const p = await createPerson(db, { organisation_id: org.id, membership_status: "pending", name: `Applicant ${String(i).padStart(2, "0")}` });
      names.push(p.name);
    }
    const c = server.client();
    await c.login(orgAdmin.email, PASSWORD);
    const first = await (await c.get("/approvals")).text();
    const onFirst = names.filter((n) => first.includes(`>${n}<`));
    expect(onFirst).toHaveLength(25);
    const cursor = cursorFrom(first);
    expect(cursor).toBeTruthy();
    const second = await (await c.get(`/approvals?after=${cursor}`)).text();
    const onSecond = names.filter((n) => second.includes(`>${n}<`));
    expect(onSecond).toHaveLength(2);
    expect(onSecond.filter((n) => onFirst.includes(n))).toHaveLength(0);
    // A forged cursor is just the first page.
    expect((await c.get("/approvals?after=%%%garbage")).status).toBe(200);
  });

  it("changes cluster roles: recorded in the audit log and effective at once; bad input refused", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin" });
    const member = await createPerson(db, { name: "Jānis Bērziņš" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);

    const list = await (await c.get(`/admin/people?q=${encodeURIComponent("janis berzins")}`)).text();
    expect(list).toContain("Jānis Bērziņš");

    const mc = server.client();
    await mc.login(member.email, PASSWORD);
    expect((await mc.get("/admin")).status).toBe(403);

    const res = await c.post("/admin/people", { intent: "clusterRole", personId: member.id, role: "admin" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("admin.saved.clusterRole");
    const rows = await auditRows(server, "role.changed", member.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBe(admin.id);
    expect(rows[0].details).toMatchObject({ from: "member", to: "admin" });
    // Effective immediately, in the member's existing session.
    expect((await mc.get("/admin")).status).toBe(200);
    expect((await mc.get("/admin/audit")).status).toBe(200);

    expect((await c.post("/admin/people", { intent: "clusterRole", personId: member.id, role: "organiser" })).status).toBe(200);
    expect((await mc.get("/admin")).status).toBe(403);
    const log = await (await c.get("/admin/audit")).text();
    expect(log).toContain("Cluster role changed");

    const badRole = await c.post("/admin/people", { intent: "clusterRole", personId: member.id, role: "superuser" });
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).toContain("admin.error.roleInvalid");
    expect((await c.post("/admin/people", { intent: "clusterRole", personId: "nope", role: "member" })).status).toBe(400);
    expect((await c.post("/admin/people", { intent: "clusterRole", personId: "00000000-0000-4000-8000-000000000000", role: "member" })).status).toBe(404);
    const pending = await createPerson(db, { membership_status: "pending" });
    const notActive = await c.post("/admin/people", { intent: "clusterRole", personId: pending.id, role: "organiser" });
    expect(notActive.status).toBe(409);
    expect(await notActive.text()).toContain("admin.error.notActive");
    expect((await db.selectFrom("person").select("cluster_role").where("id", "=", member.id).executeTakeFirstOrThrow()).cluster_role).toBe("organiser");
  });

  it("never demotes the last cluster admin", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin" });
    // Make this the only admin of the cluster.
    await db.updateTable("person").set({ cluster_role: "member" }).where("cluster_role", "=", "admin").where("id", "!=", admin.id).execute();
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const res = await c.post("/admin/people", { intent: "clusterRole", personId: admin.id, role: "member" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("admin.error.lastAdmin");
    expect((await db.selectFrom("person").select("cluster_role").where("id", "=", admin.id).executeTakeFirstOrThrow()).cluster_role).toBe("admin");
    expect(await auditRows(server, "role.changed", admin.id)).toHaveLength(0);

    // With a second admin, stepping down is allowed.
    const second = await createPerson(db);
    expect((await c.post("/admin/people", { intent: "clusterRole", personId: second.id, role: "admin" })).status).toBe(200);
    const stepDown = await c.post("/admin/people", { intent: "clusterRole", personId: admin.id, role: "member" });
    expect(stepDown.status).toBe(302);
    expect(stepDown.headers.get("location")).toBe("/");
    expect((await db.selectFrom("person").select("cluster_role").where("id", "=", admin.id).executeTakeFirstOrThrow()).cluster_role).toBe("member");
    expect(await auditRows(server, "role.changed", admin.id)).toHaveLength(1);
    expect((await c.get("/admin")).status).toBe(403);
  });

  it("changes org roles: org admins within their organisation (404 outside), keeping at least one org admin", async () => {
    const db = server.open.db;
    const org = await createOrg(db);
    const other = await createOrg(db);
    const orgAdmin = await createPerson(db, { organisation_id: org.id, org_role: "admin" });
    const colleague = await createPerson(db, { organisation_id: org.id });
    const outsider = await createPerson(db, { organisation_id: other.id });
    const c = server.client();
    await c.login(orgAdmin.email, PASSWORD);

    const page = await (await c.get("/organisation/members")).text();
    expect(page).toContain(colleague.name);
    expect(page).not.toContain(outsider.name);

    const last = await c.post("/organisation/members", { intent: "orgRole", personId: orgAdmin.id, role: "member" });
    expect(last.status).toBe(409);
    expect(await last.text()).toContain("admin.error.lastOrgAdmin");
    expect((await c.post("/organisation/members", { intent: "orgRole", personId: outsider.id, role: "admin" })).status).toBe(404);
    expect((await db.selectFrom("person").select("org_role").where("id", "=", outsider.id).executeTakeFirstOrThrow()).org_role).toBe("member");

    expect((await c.post("/organisation/members", { intent: "orgRole", personId: colleague.id, role: "admin" })).status).toBe(200);
    const rows = await auditRows(server, "org_role.changed", colleague.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toMatchObject({ from: "member", to: "admin" });
    // The colleague can now approve applicants of the organisation.
    const cc = server.client();
    await cc.login(colleague.email, PASSWORD);
    expect((await cc.get("/approvals")).status).toBe(200);
    // And the first org admin may now step down.
    const stepDown = await c.post("/organisation/members", { intent: "orgRole", personId: orgAdmin.id, role: "member" });
    expect(stepDown.status).toBe(302);
    expect(stepDown.headers.get("location")).toBe("/");
    expect((await c.get("/approvals")).status).toBe(403);

    // A cluster admin changes org roles in any organisation from /admin/people.
    const admin = await createPerson(db, { cluster_role: "admin" });
    const ac = server.client();
    await ac.login(admin.email, PASSWORD);
    expect((await ac.post("/admin/people", { intent: "orgRole", personId: outsider.id, role: "admin" })).status).toBe(200);
    expect((await db.selectFrom("person").select("org_role").where("id", "=", outsider.id).executeTakeFirstOrThrow()).org_role).toBe("admin");
  });

  it("pages the audit log newest first by (created_at, id)", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin" });
    // 30 entries with the same timestamp: only the id orders them, so the cursor must carry both.
    const at = new Date(Date.now() + 60_000);
    await db
      .insertInto("audit_log")
      .values(Array.from({ length: 30 }, (_, i) => ({ actor_id: admin.id, action: "login.locked", target_type: "person", target_id: admin.id, details: { ip: `10.0.0.${i}` }, created_at: at })))
      .execute();
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const ips = (html: string) => [...html.matchAll(/10\.0\.0\.(\d+)</g)].map((m) => Number(m[1]));
    const first = await (await c.get("/admin/audit")).text();
    expect(ips(first)).toEqual(Array.from({ length: 25 }, (_, i) => 29 - i));
    const cursor = cursorFrom(first);
    expect(cursor).toBeTruthy();
    const second = await (await c.get(`/admin/audit?after=${cursor}`)).text();
    expect(ips(second).slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
    expect(second).toContain("Login locked after failed attempts");
  });
});

describe("without SMTP (outbox viewer)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("captures a message and shows it to admins: list, headers, text body, sandboxed HTML and raw source", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin", locale: "en" });
    const org = await createOrg(db, { name: "Gauja Nutrition" });
    const joiner = await createPerson(db, { organisation_id: org.id, membership_status: "pending", name: "Līga Ābele", locale: "lv" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    expect((await c.post("/approvals", { intent: "approvePerson", id: joiner.id })).status).toBe(200);
    await server.mail.drained();
    const row = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", joiner.email).executeTakeFirstOrThrow();
    expect(row.status).toBe("captured");

    const list = await c.get("/admin/outbox");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("Jūsu dalība ir apstiprināta");
    expect(listHtml).toContain(joiner.email);
    expect(listHtml).toContain("Kept (not sent)");
    expect(listHtml).toContain(`/admin/outbox/${row.id}`);

    const detail = await c.get(`/admin/outbox/${row.id}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain("Jūsu dalība ir apstiprināta"); // subject, decoded
    expect(html).toContain("Gauja Nutrition"); // body text
    expect(html).toContain("Labdien!");
    expect(html).toMatch(/<iframe[^>]*sandbox=""[^>]*srcDoc=|<iframe[^>]*srcDoc=[^>]*sandbox=""/i);
    expect(html).toContain("Message-ID");
    expect(html).toContain(row.message_id.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(html).toContain("MIME-Version: 1.0"); // raw source
  });

  it("renders a hostile HTML body only inside the sandbox and lists attachments", async () => {
    const db = server.open.db;
    const admin = await createPerson(db, { cluster_role: "admin", locale: "en" });
    const raw = [
      "From: Klasteris <no-reply@cluster.example>",
      "To: someone@test.example",
      "Subject: Hostile test",
      "Message-ID: <hostile@test>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      'Content-Type: multipart/alternative; boundary="b2"',
      "",
      "--b2",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Plain body here",
      "--b2",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>Hi</p><script>window.pwned=1</script><img src=x onerror="window.pwned=2">',
      "--b2--",
      "--b1",
      "Content-Type: text/calendar; charset=utf-8; method=REQUEST",
      'Content-Disposition: attachment; filename="invite.ics"',
      "",
      "BEGIN:VCALENDAR",
      "END:VCALENDAR",
      "--b1--",
      "",
    ].join("\r\n");
    const row = await db
      .insertInto("mail_outbox")
      .values({ idempotency_key: "hostile-1", to_address: "someone@test.example", template: "manual", params: {}, message_id: "<hostile@test>", status: "captured", raw, subject: "Hostile test" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const html = await (await c.get(`/admin/outbox/${row.id}`)).text();
    expect(html).toContain("Plain body here");
    expect(html).not.toContain("<script>window.pwned");
    expect(html).not.toContain('<img src=x onerror="window.pwned');
    expect(html).toContain("&lt;script&gt;window.pwned=1&lt;/script&gt;");
    expect(html).toContain("invite.ics");
    expect(html).toContain("text/calendar");
    expect(html).toContain("BEGIN:VCALENDAR");

    // Unknown or malformed ids are 404; members may not look.
    expect((await c.get("/admin/outbox/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await c.get("/admin/outbox/not-an-id")).status).toBe(404);
    const member = await createPerson(db);
    const mc = server.client();
    await mc.login(member.email, PASSWORD);
    expect((await mc.get(`/admin/outbox/${row.id}`)).status).toBe(403);
  });
});
