import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, linkIn } from "./helpers/smtp-sink";
import { createPerson, PASSWORD } from "./helpers/factories";

// Login throttling (docs/decisions/0004-sessions.md): counted atomically before the password is verified, per account
// and client, with a per-account ceiling that slows attempts down instead of locking the account. The server trusts
// X-Forwarded-For here so that each test can speak from several clients.
let server: TestServer;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await new SmtpSink().start();
  server = await startTestServer({ smtpUrl: sink.url, env: { trustProxy: true } });
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});

let nextClient = 1;
/** A fresh client address (documentation range 198.51.100.0/24 and 203.0.113.0/24). */
function newClient(): string {
  const n = nextClient++;
  return n < 250 ? `198.51.100.${n}` : `203.0.113.${n - 249}`;
}

function attempt(email: string, password: string, client: string): Promise<Response> {
  return server.client().post("/login", { email, password }, { "x-forwarded-for": client });
}

describe("login throttling", () => {
  it("counts before verifying: of 25 parallel wrong attempts on one account from one client exactly 10 are verified", async () => {
    const p = await createPerson(server.open.db);
    const client = newClient();
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => attempt(p.email, `wrong guess number ${i}`, client)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    for (const r of responses.filter((x) => x.status === 429)) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    // The refused ones were not counted: the client's counter holds the 10 verified failures.
    const row = await server.open.db.selectFrom("rate_limit").select("count").where("key", "like", `login:acct-client:${p.email}|%`).executeTakeFirstOrThrow();
    expect(row.count).toBe(10);
  });

  it("an attacker on one client is refused after 10 failures; the owner on another client still logs in", async () => {
    const p = await createPerson(server.open.db);
    const attacker = newClient();
    for (let i = 0; i < 10; i++) expect((await attempt(p.email, `guess ${i} of the attacker`, attacker)).status).toBe(400);
    const refused = await attempt(p.email, PASSWORD, attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60); // this client waits for its window to end
    const owner = await attempt(p.email, PASSWORD, newClient());
    expect(owner.status).toBe(302);
    expect(owner.headers.get("set-cookie")).toMatch(/session=/);
  });

  it("beyond 20 failures from all clients the account is slowed down (429 for a few seconds), never locked", async () => {
    const p = await createPerson(server.open.db);
    // Two clients use up the account's full-speed allowance of 20 failures per hour.
    for (const client of [newClient(), newClient()]) {
      for (let i = 0; i < 10; i++) expect((await attempt(p.email, `distributed guess ${i}`, client)).status).toBe(400);
    }
    // The next attempt is verified and closes the account for 2 seconds …
    expect((await attempt(p.email, "one more guess", newClient())).status).toBe(400);
    // … so the owner, right after it, is asked to wait a few seconds rather than 15 minutes,
    const owner = newClient();
    const wait = await attempt(p.email, PASSWORD, owner);
    expect(wait.status).toBe(429);
    const seconds = Number(wait.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(2);
    expect(await wait.text()).toContain("error.429.body");
    // … and gets in after that wait.
    await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
    expect((await attempt(p.email, PASSWORD, owner)).status).toBe(302);
  });

  it("the delay grows with each slowed attempt (2, 4, 8 … at most 60 seconds), so an hour allows fewer than 100 guesses", async () => {
    const p = await createPerson(server.open.db);
    for (const client of [newClient(), newClient()]) {
      for (let i = 0; i < 10; i++) expect((await attempt(p.email, `distributed guess ${i}`, client)).status).toBe(400);
    }
    const seen: number[] = [];
    for (let n = 0; n < 7; n++) {
      expect((await attempt(p.email, `slowed guess ${n}`, newClient())).status).toBe(400);
      const waiting = await attempt(p.email, `too early ${n}`, newClient());
      expect(waiting.status).toBe(429);
      seen.push(Number(waiting.headers.get("retry-after")));
      // Time passes: the slot opens (the row's own clock, not a mock of it).
      await server.open.db
        .updateTable("rate_limit")
        .set({ reset_at: new Date(Date.now() - 1000) })
        .where("key", "=", `login:acct-slow:${p.email}`)
        .execute();
    }
    // Whole seconds until the slot opens, read a moment after it was set: the full delay or one less on a slow machine.
    const expected = [2, 4, 8, 16, 32, 60, 60];
    seen.forEach((s, i) => expect([expected[i] - 1, expected[i]]).toContain(s));
  });

  it("after 10 failures the owner gets one mail per window through the outbox, and an audit entry", async () => {
    const p = await createPerson(server.open.db, { locale: "en" });
    for (const client of [newClient(), newClient()]) {
      for (let i = 0; i < 7; i++) expect((await attempt(p.email, `guess ${i}`, client)).status).toBe(400);
    }
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email) && m.parsed.subject === "Failed attempts to log in to your account");
    expect(mail.parsed.text).toContain("repeated failed attempts to log in to your account");
    expect(new URL(linkIn(mail, "/forgot-password")).pathname).toBe("/forgot-password");
    const rows = await server.open.db.selectFrom("mail_outbox").select("id").where("template", "=", "login_failures").where("to_address", "=", p.email).execute();
    expect(rows).toHaveLength(1); // 14 failures, one mail
    const audit = await server.open.db.selectFrom("audit_log").select("details").where("action", "=", "login.failures").where("target_id", "=", p.id).execute();
    expect(audit).toHaveLength(1);
  });

  it("an unknown address is counted exactly like a known one (the limits do not reveal accounts)", async () => {
    const known = await createPerson(server.open.db);
    const client = newClient();
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i < 11; i++) out.push((await attempt(email, `guess ${i}`, client)).status);
      return out;
    };
    const a = await statuses(known.email);
    const b = await statuses("nobody-here@unknown.example");
    expect(a).toEqual(b);
    expect(a.at(-1)).toBe(429);
  });
});

describe("password reset requests", () => {
  const resetMails = (email: string) => sink.to(email).filter((m) => /Reset your password|Paroles atjaunošana/.test(m.parsed.subject ?? ""));
  const ask = (email: string, client: string) => server.client().post("/forgot-password", { email }, { "x-forwarded-for": client });

  it("someone asking from elsewhere never uses up the owner's requests; past the account's ceiling mail is spaced, not stopped", async () => {
    const p = await createPerson(server.open.db);
    const attacker = newClient();
    for (let i = 0; i < 8; i++) expect((await ask(p.email, attacker)).status).toBeLessThan(400);
    await server.mail.drained();
    expect(resetMails(p.email)).toHaveLength(5); // the attacker's client: 5 per hour
    // The owner, from their own client, still gets a link.
    expect((await ask(p.email, newClient())).status).toBeLessThan(400);
    await sink.waitFor((m) => m.envelopeTo.includes(p.email) && resetMails(p.email).length === 6);
    // Many clients together reach the account's ceiling (10 per hour): beyond it one mail per 5 minutes still goes out.
    for (let i = 0; i < 6; i++) await ask(p.email, newClient());
    await server.mail.drained();
    expect(resetMails(p.email)).toHaveLength(11);
    await server.open.db
      .updateTable("rate_limit")
      .set({ reset_at: new Date(Date.now() - 1000) })
      .where("key", "=", `reset:acct-slow:${p.email}`)
      .execute();
    await ask(p.email, newClient());
    await server.mail.drained();
    expect(resetMails(p.email)).toHaveLength(12);
  });
});
