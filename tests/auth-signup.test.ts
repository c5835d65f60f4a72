import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, linkIn } from "./helpers/smtp-sink";
import { createOrg, createPerson } from "./helpers/factories";

// Sign-up does not reveal who is registered (the owner of a taken address is mailed instead) and is rate-limited
// per client and for the whole platform before any hashing or mail. X-Forwarded-For is trusted to vary the client.
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

const db = () => server.open.db;
let nextClient = 1;
const newClient = () => `198.51.100.${nextClient++}`;
const STRONG = "copper lantern orchard whistle";

function signupForm(over: Record<string, string>): Record<string, string> {
  return { name: "Anna Bērziņa", password: STRONG, orgMode: "existing", ...over };
}

function post(form: Record<string, string>, client = newClient(), lang = "en"): Promise<Response> {
  return server.client().post("/signup", form, { "x-forwarded-for": client, "accept-language": lang });
}

/** The page without what legitimately differs between two requests: the typed address and the per-response nonce. */
function normalised(html: string, email: string): string {
  return html
    .split(email)
    .join("<EMAIL>")
    .replace(/nonce="[^"]*"/g, 'nonce=""');
}

const count = async (table: "person" | "organisation", column: "email" | "name", value: string) =>
  Number((await db().selectFrom(table).select(db().fn.countAll<number>().as("n")).where(column, "=", value).executeTakeFirstOrThrow()).n);

describe("sign-up does not reveal registered addresses", () => {
  it("answers an existing address byte for byte like a new one, creates nothing, and mails the owner instead", async () => {
    const org = await createOrg(db());
    const owner = await createPerson(db(), { organisation_id: org.id, locale: "en" });
    const proposal = { orgMode: "new", newOrgName: "Proposed Twice Ltd", newOrgType: "manufacturer", newOrgSize: "sme", newOrgCity: "Rīga" };
    // The taken address typed differently (case), proposing a new organisation: nothing of it may be created …
    const takenTyped = owner.email.toUpperCase();
    const taken = await post(signupForm({ email: takenTyped, ...proposal }));
    // … so the same proposal with a new address still goes through.
    const freshEmail = "new.person@signup-neutral.example";
    const fresh = await post(signupForm({ email: freshEmail, ...proposal }));
    expect(taken.status).toBe(200);
    expect(fresh.status).toBe(200);
    expect([...taken.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
    const takenBody = normalised(await taken.text(), takenTyped);
    expect(takenBody).toBe(normalised(await fresh.text(), freshEmail));
    expect(takenBody).toContain("Check your email");

    const proposed = await db().selectFrom("organisation as o").innerJoin("person as p", "p.id", "o.proposed_by").select("p.email").where("o.name", "=", "Proposed Twice Ltd").execute();
    expect(proposed).toEqual([{ email: freshEmail }]);
    expect(await count("person", "email", owner.email)).toBe(1);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(owner.email));
    expect(mail.parsed.subject).toBe("Someone tried to sign up with your address");
    expect(mail.parsed.text).toContain("You already have an account");
    expect(new URL(linkIn(mail, "/login")).pathname).toBe("/login");
    expect(new URL(linkIn(mail, "/forgot-password")).pathname).toBe("/forgot-password");
    // No confirmation link went to the taken address.
    const outbox = await db().selectFrom("mail_outbox").select("template").where("to_address", "=", owner.email).execute();
    expect(outbox.map((r) => r.template)).toEqual(["signup_existing"]);
    // Sent again within the hour: the same answer, but no second mail.
    expect((await post(signupForm({ email: owner.email, orgId: org.id }))).status).toBe(200);
    expect(await db().selectFrom("mail_outbox").select("id").where("to_address", "=", owner.email).execute()).toHaveLength(1);
  });

  it("does comparable work for new and existing addresses (the password is hashed either way)", async () => {
    const org = await createOrg(db());
    const existing = await Promise.all(Array.from({ length: 6 }, () => createPerson(db(), { organisation_id: org.id })));
    const timeIt = async (email: string) => {
      const t = performance.now();
      const res = await post(signupForm({ email, orgId: org.id }));
      expect(res.status).toBe(200);
      await res.text();
      return performance.now() - t;
    };
    const fresh: number[] = [];
    const taken: number[] = [];
    for (let i = 0; i < 6; i++) {
      fresh.push(await timeIt(`timing-${i}@signup-timing.example`));
      taken.push(await timeIt(existing[i].email));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(taken) / median(fresh);
    // Without the hash an existing address would answer in a fraction of the time (argon2 dominates a sign-up).
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("sign-up limits", () => {
  it("allows 10 sign-ups per hour from one client, then 429 with Retry-After before any work", async () => {
    const org = await createOrg(db());
    const client = newClient();
    for (let i = 0; i < 10; i++) expect((await post(signupForm({ email: `burst-${i}@signup-limit.example`, orgId: org.id }), client)).status).toBe(200);
    const refused = await post(signupForm({ email: "burst-10@signup-limit.example", orgId: org.id }), client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many attempts");
    expect(await count("person", "email", "burst-10@signup-limit.example")).toBe(0);
    // Another client is not affected.
    expect((await post(signupForm({ email: "elsewhere@signup-limit.example", orgId: org.id }))).status).toBe(200);
  });

  it("allows 200 sign-ups per hour for the whole platform", async () => {
    const org = await createOrg(db());
    // The platform-wide counter stands at its limit (as after 200 sign-ups from 200 addresses this hour).
    await db()
      .insertInto("rate_limit")
      .values({ key: "signup:all", count: 200, reset_at: new Date(Date.now() + 3600_000) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ count: 200, reset_at: new Date(Date.now() + 3600_000) }))
      .execute();
    const client = newClient();
    const refused = await post(signupForm({ email: "one-too-many@signup-limit.example", orgId: org.id }), client);
    expect(refused.status).toBe(429);
    expect(await count("person", "email", "one-too-many@signup-limit.example")).toBe(0);
    // The refused request did not use up its client's allowance.
    const row = await db().selectFrom("rate_limit").select("count").where("key", "=", `signup:client:${client}`).executeTakeFirst();
    expect(row?.count ?? 0).toBe(0);
    await db().deleteFrom("rate_limit").where("key", "=", "signup:all").execute();
    expect((await post(signupForm({ email: "one-too-many@signup-limit.example", orgId: org.id }), client)).status).toBe(200);
  });

  it("a form with errors is not counted", async () => {
    const org = await createOrg(db());
    const client = newClient();
    for (let i = 0; i < 12; i++) expect((await post(signupForm({ email: "not-an-address", orgId: org.id }), client)).status).toBe(400);
    expect((await post(signupForm({ email: "after-errors@signup-limit.example", orgId: org.id }), client)).status).toBe(200);
  });
});
