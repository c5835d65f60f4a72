import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type HttpClient, type TestServer } from "./helpers/server";
import { SmtpSink, linkIn } from "./helpers/smtp-sink";
import { createPerson, PASSWORD } from "./helpers/factories";
import { hashToken, sessionCookie } from "../app/modules/auth/session.server";

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

async function loggedIn(email: string, password = PASSWORD): Promise<HttpClient> {
  const c = server.client();
  await c.login(email, password);
  return c;
}

/** The session id_hash behind a client's cookie (what the sessions table and the revoke form use). */
async function sessionHashOf(c: HttpClient): Promise<string> {
  const id = await sessionCookie(server.config).parse(`session=${c.cookies.get("session")}`);
  return hashToken(id);
}

async function isLoggedIn(c: HttpClient): Promise<boolean> {
  const res = await c.get("/groups");
  if (res.status === 200) return true;
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toMatch(/^\/login/);
  return false;
}

function profileForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: "profile",
    name: "Ilze Kalniņa",
    jobTitle: "Kvalitātes vadītāja",
    languages: ["lv", "en", "de"],
    jobTitleEn: "Head of Quality",
    expertise: ["gmp-manufacturing", "regulatory-affairs", "gmp-manufacturing"],
    expertiseNewLv: "Augstefektīvā šķidrumu hromatogrāfija",
    expertiseNewEn: "HPLC",
    phone: "+371 20 000 001",
    showEmail: "1",
    notifyEmail: "1",
    locale: "en",
    ...overrides,
  };
}

describe("profile", () => {
  it("saves the profile, folds the search key and shows the saved values", async () => {
    const p = await createPerson(db(), { name: "Before Name" });
    const c = await loggedIn(p.email);
    const res = await c.post("/settings", profileForm({ showEmail: [] as string[], notifyEmail: [] as string[] }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings?saved=1");
    const row = await db().selectFrom("person").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: "Ilze Kalniņa",
      job_title: "Kvalitātes vadītāja",
      languages: ["lv", "en", "de"],
      job_title_en: "Head of Quality",
      expertise_tags: ["gmp-manufacturing", "regulatory-affairs", "hplc"],
      phone: "+371 20 000 001",
      show_email: false,
      notify_email: false,
      locale: "en",
    });
    expect(row.search_key).toBe(`ilze kalnina ${p.email}`);
    const page = await (await c.get("/settings?saved=1")).text();
    expect(page).toContain('value="Ilze Kalniņa"');
    expect(page).toContain('value="Head of Quality"');
    for (const key of ["gmp-manufacturing", "regulatory-affairs", "hplc"]) expect(page).toMatch(new RegExp(`checked="" value="${key}"`));
    expect(page).not.toMatch(/checked="" value="analytics"/);
    // the new term is now a choice, labelled in the reader's language (English)
    expect(page).toMatch(/checked="" value="hplc"\/>HPLC<\/label>/);
    expect(page).toContain("Your settings have been saved.");
  });

  it.each([
    ["a name over 120 characters", { name: "A".repeat(121) }, "auth.error.nameRequired"],
    ["an invalid phone", { phone: "call me maybe" }, "settings.error.phoneInvalid"],
    ["a phone with too few digits", { phone: "+371 12" }, "settings.error.phoneInvalid"],
    ["11 areas of expertise", { expertise: Array.from({ length: 11 }, (_, i) => `tag${i}`), expertiseNewLv: "", expertiseNewEn: "" }, "settings.error.tooManyTags"],
    [
      "10 areas of expertise and a new one",
      { expertise: ["analytics", "api-synthesis", "batch-release", "bioinformatics", "biotechnology", "brand-strategy", "business-development", "career-events", "catalysis", "central-asia"] },
      "settings.error.tooManyTags",
    ],
    ["an area of expertise that is not in the list", { expertise: ["no-such-term"] }, "vocabulary.error.unknown"],
    ["a new area of expertise over 40 characters", { expertiseNewEn: "x".repeat(41) }, "vocabulary.error.labelInvalid"],
    ["an English job title over 120 characters", { jobTitleEn: "j".repeat(121) }, "settings.error.jobTitleLong"],
    ["an unknown language", { languages: ["lv", "xx"] }, "settings.error.languageUnknown"],
    ["a job title over 120 characters", { jobTitle: "j".repeat(121) }, "settings.error.jobTitleLong"],
    ["a name with a line break", { name: "Eve\r\nBcc: attacker@evil.test" }, "auth.error.fieldInvalid"],
    ["an unknown locale", { locale: "de" }, "auth.error.fieldInvalid"],
  ])("refuses %s with 400 and saves nothing", async (_label, bad, key) => {
    const p = await createPerson(db(), { name: "Unchanged Name" });
    const before = await db().selectFrom("person").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    const c = await loggedIn(p.email);
    const res = await c.post("/settings", profileForm(bad as Record<string, string | string[]>));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(key);
    const after = await db().selectFrom("person").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("lets only active members edit the profile; people waiting for approval may set language and notifications", async () => {
    const p = await createPerson(db(), { name: "Waiting Person", membership_status: "pending", locale: "lv" });
    const c = await loggedIn(p.email);
    const page = await c.get("/settings");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('name="jobTitle"');
    expect(html).toContain('name="intent" value="preferences"');

    const refused = await c.post("/settings", profileForm({ name: "Sneaky Edit" }));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toBe("/pending");
    const row = await db().selectFrom("person").select(["name", "job_title", "locale"]).where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Waiting Person", job_title: "", locale: "lv" });

    const ok = await c.post("/settings", { intent: "preferences", locale: "en" });
    expect(ok.status).toBe(302);
    const prefs = await db().selectFrom("person").select(["locale", "notify_email"]).where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(prefs).toEqual({ locale: "en", notify_email: false });
  });

  it("sends anonymous visitors to the login page and changes nothing for them", async () => {
    const anon = server.client();
    const get = await anon.get("/settings/security");
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe("/login?redirectTo=%2Fsettings%2Fsecurity");
    const post = await anon.post("/settings", profileForm());
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
  });

  it("switches the page language from the person's setting (next page has <html lang=en>)", async () => {
    const p = await createPerson(db(), { locale: "lv" });
    const c = await loggedIn(p.email);
    expect(await (await c.get("/groups")).text()).toMatch(/<html lang="lv"/);
    const res = await c.post("/settings", profileForm({ name: p.name, locale: "en" }));
    expect(res.status).toBe(302);
    expect(c.cookies.get("lang")).toBeTruthy();
    const next = await (await c.get("/groups")).text();
    expect(next).toMatch(/<html lang="en"/);
    expect(next).toContain("Working groups");
    // The person's setting wins over a cookie and Accept-Language saying otherwise.
    const other = await c.get("/groups", { "accept-language": "lv-LV,lv;q=0.9" });
    expect(await other.text()).toMatch(/<html lang="en"/);
  });
});

describe("password change", () => {
  it("refuses a wrong current password, a short one and a mismatch with 400 and keeps the old password", async () => {
    const p = await createPerson(db());
    const c = await loggedIn(p.email);
    const next = "a brand new passphrase";
    const wrong = await c.post("/settings/security", { intent: "password", current: "not my password!", next, repeat: next });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("auth.error.currentPassword");
    const short = await c.post("/settings/security", { intent: "password", current: PASSWORD, next: "short", repeat: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("auth.error.passwordShort");
    const mismatch = await c.post("/settings/security", { intent: "password", current: PASSWORD, next, repeat: `${next}!` });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("auth.error.passwordMismatch");
    const row = await db().selectFrom("person").select("password_hash").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(p.password_hash);
    await loggedIn(p.email); // the old password still works
  });

  it("ends every other session, keeps this one, and mails a notice", async () => {
    const p = await createPerson(db(), { locale: "en" });
    const here = await loggedIn(p.email);
    const elsewhere = await loggedIn(p.email);
    const next = "a brand new passphrase";
    const res = await here.post("/settings/security", { intent: "password", current: PASSWORD, next, repeat: next });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/security?done=password");
    expect(await isLoggedIn(elsewhere)).toBe(false);
    expect(await isLoggedIn(here)).toBe(true);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email) && m.parsed.subject === "Your password was changed");
    expect(mail.parsed.text).toContain("password of your account was changed");
    expect((await server.client().post("/login", { email: p.email, password: PASSWORD })).status).toBe(400);
    await loggedIn(p.email, next);
  });

  it("stops the calendar feed addresses too, and the security and calendar pages say so", async () => {
    const p = await createPerson(db(), { locale: "en" });
    const c = await loggedIn(p.email);
    expect((await c.post("/settings/calendar", { intent: "regenerate" })).status).toBe(302);
    const calendar = await (await c.get("/settings/calendar")).text();
    const token = calendar.match(/\/feeds\/([A-Za-z0-9_-]{43})\/mine\.ics/)![1];
    expect(calendar).toContain("The addresses also stop working when you change or reset your password or log out everywhere");
    expect((await fetch(`${server.url}/feeds/${token}/mine.ics`)).status).toBe(200);
    const security = await (await c.get("/settings/security")).text();
    expect(security).toContain("your calendar subscription addresses stop working");
    const next = "a brand new passphrase";
    expect((await c.post("/settings/security", { intent: "password", current: PASSWORD, next, repeat: next })).status).toBe(302);
    expect((await fetch(`${server.url}/feeds/${token}/mine.ics`)).status).toBe(404);
    expect(await (await c.get("/settings/calendar")).text()).not.toContain("/feeds/");
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email) && m.parsed.subject === "Your password was changed");
    expect(mail.parsed.text).toContain("calendar subscription addresses stopped working");
  });

  it("limits guesses of the current password per person (429 with Retry-After)", async () => {
    const p = await createPerson(db());
    const c = await loggedIn(p.email);
    const next = "a brand new passphrase";
    for (let i = 0; i < 10; i++) {
      const r = await c.post("/settings/security", { intent: "password", current: `wrong guess ${i}`, next, repeat: next });
      expect(r.status).toBe(400);
    }
    const locked = await c.post("/settings/security", { intent: "password", current: PASSWORD, next, repeat: next });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    const row = await db().selectFrom("person").select("password_hash").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(p.password_hash);
  });
});

describe("re-entering the password", () => {
  it("is counted before it is verified: of 25 parallel wrong guesses exactly 10 are checked, the rest get 429", async () => {
    const p = await createPerson(db());
    const c = await loggedIn(p.email);
    const next = "a brand new passphrase";
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => c.post("/settings/security", { intent: "password", current: `parallel guess ${i}`, next, repeat: next })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });
});

describe("email change", () => {
  it("mails a link to the new address and a notice to the old one; confirming switches the login email", async () => {
    const p = await createPerson(db(), { locale: "en" });
    const c = await loggedIn(p.email);
    const newEmail = `moved-${p.id.slice(0, 8)}@new.example`;
    const res = await c.post("/settings/security", { intent: "email", newEmail: ` ${newEmail.toUpperCase()} `, password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/security?done=email");
    expect(await (await c.get("/settings/security?done=email")).text()).toContain("Check the new mailbox");

    const confirm = await sink.waitFor((m) => m.envelopeTo.includes(newEmail));
    const notice = await sink.waitFor((m) => m.envelopeTo.includes(p.email) && m.parsed.subject === "Your email address is being changed");
    expect(notice.parsed.text).toContain(newEmail);
    expect(notice.parsed.text).not.toContain("/verify-email/");
    const path = new URL(linkIn(confirm, "/verify-email/")).pathname;

    // Nothing changes before the new mailbox confirms.
    const still = await db().selectFrom("person").select("email").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(still.email).toBe(p.email);

    expect((await server.client().post(path, {})).status).toBe(200);
    const after = await db().selectFrom("person").select(["email", "search_key"]).where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(after.email).toBe(newEmail);
    expect(after.search_key).toContain(newEmail);
    expect((await server.client().post("/login", { email: p.email, password: PASSWORD })).status).toBe(400);
    await loggedIn(newEmail);
  });

  it("refuses an invalid address, one taken by someone else, the current one and a wrong password, sending nothing", async () => {
    const p = await createPerson(db());
    const other = await createPerson(db());
    const c = await loggedIn(p.email);
    const cases: [Record<string, string>, string][] = [
      [{ newEmail: "not-an-address", password: PASSWORD }, "auth.error.emailInvalid"],
      [{ newEmail: other.email.toUpperCase(), password: PASSWORD }, "settings.error.emailTaken"],
      [{ newEmail: p.email, password: PASSWORD }, "settings.error.emailSame"],
      [{ newEmail: "fresh@new.example", password: "not my password" }, "auth.error.currentPassword"],
    ];
    for (const [form, key] of cases) {
      const res = await c.post("/settings/security", { intent: "email", ...form });
      expect(res.status, key).toBe(400);
      expect(await res.text()).toContain(key);
    }
    const tokens = await db().selectFrom("email_token").select("token_hash").where("person_id", "=", p.id).where("purpose", "=", "change_email").execute();
    expect(tokens).toHaveLength(0);
    const mails = await db()
      .selectFrom("mail_outbox")
      .select("id")
      .where("template", "in", ["change_email", "email_change_notice"])
      .where("to_address", "in", [p.email, "fresh@new.example", other.email])
      .execute();
    expect(mails).toHaveLength(0);
  });
});

describe("sessions", () => {
  it("lists this person's sessions with a 'this device' marker", async () => {
    const p = await createPerson(db(), { locale: "en" });
    const other = await createPerson(db());
    await loggedIn(other.email);
    const a = server.client();
    const login = await a.post("/login", { email: p.email, password: PASSWORD }, { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" });
    expect(login.status).toBe(302);
    const b = await loggedIn(p.email);
    const html = await (await a.get("/settings/security")).text();
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + 2 sessions, not the other person's
    expect(html.match(/This device/g)?.length).toBe(1);
    expect(html).toContain("Firefox on Linux");
    expect(html).toContain(`value="${await sessionHashOf(b)}"`);
    expect(html).not.toContain(`name="session" value="${await sessionHashOf(a)}"`);
    expect(html).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/); // Riga time, English format
  });

  it("revokes one other session while the rest stay", async () => {
    const p = await createPerson(db());
    const a = await loggedIn(p.email);
    const b = await loggedIn(p.email);
    const c = await loggedIn(p.email);
    const res = await a.post("/settings/security", { intent: "revoke", session: await sessionHashOf(b) });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/security?done=revoked");
    expect(await isLoggedIn(b)).toBe(false);
    expect(await isLoggedIn(a)).toBe(true);
    expect(await isLoggedIn(c)).toBe(true);
    const audit = await db().selectFrom("audit_log").select("details").where("actor_id", "=", p.id).where("action", "=", "sessions.revoked").execute();
    expect(audit).toHaveLength(1);
  });

  it("cannot revoke another person's session (404, no effect)", async () => {
    const mallory = await createPerson(db());
    const victim = await createPerson(db());
    const m = await loggedIn(mallory.email);
    const v = await loggedIn(victim.email);
    const res = await m.post("/settings/security", { intent: "revoke", session: await sessionHashOf(v) });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("settings.sessions.notFound");
    expect(await isLoggedIn(v)).toBe(true);
    const garbage = await m.post("/settings/security", { intent: "revoke", session: "' or 1=1 --" });
    expect(garbage.status).toBe(404);
    expect(await isLoggedIn(m)).toBe(true);
    expect(await isLoggedIn(v)).toBe(true);
  });

  it("log out everywhere ends every session of the person, and only theirs", async () => {
    const p = await createPerson(db());
    const bystander = await createPerson(db());
    const a = await loggedIn(p.email);
    const b = await loggedIn(p.email);
    const x = await loggedIn(bystander.email);
    expect(await (await a.get("/settings/security")).text()).toContain('action="/logout"');
    const res = await a.post("/logout", { everywhere: "1" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?loggedOut=1");
    expect(await isLoggedIn(a)).toBe(false);
    expect(await isLoggedIn(b)).toBe(false);
    expect(await isLoggedIn(x)).toBe(true);
    const left = await db().selectFrom("session").select("id_hash").where("person_id", "=", p.id).execute();
    expect(left).toHaveLength(0);
  });
});
