import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, linkIn } from "./helpers/smtp-sink";
import { createOrg, createPerson, PASSWORD } from "./helpers/factories";

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

describe("login", () => {
  it("sets an HttpOnly SameSite=Lax signed session cookie carrying only an id, and rotates it at login", async () => {
    const p = await createPerson(server.open.db);
    const c = server.client();
    const res = await c.post("/login", { email: p.email, password: PASSWORD });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith("session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const first = c.cookies.get("session");
    await c.post("/login", { email: p.email, password: PASSWORD });
    expect(c.cookies.get("session")).not.toBe(first);
    // the pre-login session ended: replaying the old cookie is anonymous
    const replay = await fetch(`${server.url}/groups`, { redirect: "manual", headers: { cookie: `session=${first}` } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const p = await createPerson(server.open.db);
    const a = await server.client().post("/login", { email: p.email, password: "wrong password 123" });
    const b = await server.client().post("/login", { email: "nobody@test.example", password: "wrong password 123" });
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(await a.text()).toContain("auth.login.failed");
  });

  it("refuses a client after 10 failures on one account with 429 and Retry-After", async () => {
    const p = await createPerson(server.open.db);
    const c = server.client();
    for (let i = 0; i < 10; i++) expect((await c.post("/login", { email: p.email, password: "not the password" })).status).toBe(400);
    const locked = await c.post("/login", { email: p.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses a POST from a foreign origin", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.c&password=x",
    });
    expect(res.status).toBe(403);
  });

  it("ignores a tampered cookie", async () => {
    const p = await createPerson(server.open.db);
    const c = server.client();
    await c.login(p.email, PASSWORD);
    const value = c.cookies.get("session")!;
    const tampered = value.slice(0, 5) + (value[5] === "A" ? "B" : "A") + value.slice(6);
    const res = await fetch(`${server.url}/groups`, { redirect: "manual", headers: { cookie: `session=${tampered}` } });
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("sign-up", () => {
  it("creates a pending member, mails a verification link over SMTP, and the link confirms only on POST", async () => {
    const org = await createOrg(server.open.db, { name: "Gauja Nutrition" });
    const c = server.client();
    const res = await c.post("/signup", {
      name: "Līga Ābele",
      email: "liga.abele@signup.example",
      password: "a long enough passphrase",
      orgMode: "existing",
      orgId: org.id,
    });
    expect(res.status).toBe(200);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes("liga.abele@signup.example"));
    const link = linkIn(mail, "/verify-email/");
    const path = new URL(link).pathname;
    await c.get(path); // a GET (mail scanner) changes nothing
    const before = await server.open.db.selectFrom("person").select("email_verified_at").where("email", "=", "liga.abele@signup.example").executeTakeFirstOrThrow();
    expect(before.email_verified_at).toBeNull();
    expect((await c.post(path, {})).status).toBe(200);
    const after = await server.open.db.selectFrom("person").select(["email_verified_at", "membership_status"]).where("email", "=", "liga.abele@signup.example").executeTakeFirstOrThrow();
    expect(after.email_verified_at).not.toBeNull();
    expect(after.membership_status).toBe("pending");
  });

  it("rejects a short password with a clear message and stores nothing (a taken address: tests/auth-signup.test.ts)", async () => {
    const org = await createOrg(server.open.db);
    const short = await server.client().post("/signup", { name: "A B", email: "short@x.example", password: "short", orgMode: "existing", orgId: org.id });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("auth.error.passwordShort");
    const n = await server.open.db.selectFrom("person").select(server.open.db.fn.countAll<number>().as("n")).where("email", "=", "short@x.example").executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});

describe("health", () => {
  it("reports the database", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
