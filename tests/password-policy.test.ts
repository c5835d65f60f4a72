import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { SmtpSink, linkIn } from "./helpers/smtp-sink";
import { createOrg, createPerson, PASSWORD } from "./helpers/factories";
import { passwordProblem, type PasswordProblem } from "../app/modules/auth/password.server";
import { translator } from "../app/i18n";

// Password policy (OWASP ASVS 2.1): 12–128 characters plus an offline zxcvbn strength estimate (score ≥ 3) that
// knows common passwords and the person's own details, on every form where a password is set.

describe("passwordProblem (the one rule other code calls)", () => {
  const person = { name: "Kārlis Bērziņš", email: "karlis.berzins@newcomer.example", organisation: 'SIA "Gauja Nutrition"' };

  it("refuses guessable passwords of allowed length, each with its reason", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("auth.error.passwordPattern");
    expect(passwordProblem("abcdefghijklmnop")).toBe("auth.error.passwordPattern");
    expect(passwordProblem("Password123!")).toBe("auth.error.passwordCommon");
    expect(passwordProblem("qwertyuiop12")).toBe("auth.error.passwordCommon");
    expect(passwordProblem("klasteris2026!")).toBe("auth.error.passwordWeak");
    expect(passwordProblem("Karlis Berzins 2026", person)).toBe("auth.error.passwordPersonal");
    expect(passwordProblem("karlisberzins1", person)).toBe("auth.error.passwordPersonal");
    expect(passwordProblem("gauja nutrition 1", person)).toBe("auth.error.passwordPersonal");
    expect(passwordProblem("newcomer.example", person)).toBe("auth.error.passwordPersonal");
    // The same strings are fine for someone else, as far as the personal rule goes.
    expect(passwordProblem("karlisberzins1", { name: "Anna Liepa" })).toBeNull();
  });

  it("keeps the length rule: 12 to 128 code points, runs of spaces count once, nothing truncated", () => {
    expect(passwordProblem("x7#kQ9!mZ2p")).toBe("auth.error.passwordShort");
    expect(passwordProblem("ab  cd  ef  gh")).toBe("auth.error.passwordShort"); // 11 after collapsing the runs
    expect(passwordProblem("copper lantern orchard whistle".padEnd(129, "q"))).toBe("auth.error.passwordLong");
    const longest = "čūska mēness ābols kafija 🦉🌲 " + "lapsa".repeat(18) + "ozols tīr";
    expect([...longest]).toHaveLength(128); // more UTF-16 units than that: counted in code points
    expect(longest.length).toBeGreaterThan(128);
    expect(passwordProblem(longest)).toBeNull();
  });

  it("accepts passphrases and Unicode", () => {
    for (const p of ["copper lantern orchard whistle", "zaļš kaķis dzer pienu", "ozols-mākonis-kafija", "日本語のパスフレーズ長い文章", "kārlis-long-passphrase"]) {
      expect(passwordProblem(p, person), p).toBeNull();
    }
  });

  it("has an LV and an EN message for every reason", () => {
    const reasons: PasswordProblem[] = ["auth.error.passwordWeak", "auth.error.passwordCommon", "auth.error.passwordPersonal", "auth.error.passwordPattern", "auth.error.passwordDates"];
    for (const key of reasons) {
      const en = translator("en")(key);
      const lv = translator("lv")(key);
      expect(en).not.toBe(key);
      expect(lv).not.toBe(key);
      expect(lv).not.toBe(en);
    }
  });

  it("bounds the estimator's time on pathological input (it runs on the event loop)", () => {
    passwordProblem("warm up the dictionaries");
    for (const p of ["1".repeat(128), "P@ssw0rd".repeat(16), "@4$5!1|0".repeat(16), "1990-01-01".repeat(12), "a1b2c3".repeat(21)]) {
      const t = performance.now();
      passwordProblem(p);
      expect(performance.now() - t, p.slice(0, 16)).toBeLessThan(500);
    }
  });
});

describe("the rule on every form that sets a password", () => {
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

  it("sign-up refuses 'aaaaaaaaaaaa' and a password made of the person's name, in Latvian and English, storing nothing", async () => {
    const org = await createOrg(server.open.db, { name: "Ozolu Laboratorija" });
    const form = { name: "Marta Ozoliņa", email: "marta.ozolina@policy.example", orgMode: "existing", orgId: org.id };
    const en = await server.client().post("/signup", { ...form, password: "aaaaaaaaaaaa" }, { "accept-language": "en" });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("Repeated characters, sequences such as abc or 1234");
    const lv = await server.client().post("/signup", { ...form, password: "aaaaaaaaaaaa" }, { "accept-language": "lv" });
    expect(lv.status).toBe(400);
    expect(await lv.text()).toContain("Atkārtotas rakstzīmes, virknes kā abc vai 1234");
    // The organisation's name counts as the person's own detail (looked up from the chosen organisation).
    const personal = await server.client().post("/signup", { ...form, password: "ozolu laboratorija 7" }, { "accept-language": "en" });
    expect(personal.status).toBe(400);
    expect(await personal.text()).toContain("made mostly of your name, email address or organisation");
    const n = await server.open.db.selectFrom("person").select("id").where("email", "=", form.email).execute();
    expect(n).toHaveLength(0);
    expect((await server.client().post("/signup", { ...form, password: "copper lantern orchard whistle" })).status).toBe(200);
  });

  it("password reset refuses a weak new password and keeps the link usable", async () => {
    const p = await createPerson(server.open.db, { locale: "en" });
    await server.client().post("/forgot-password", { email: p.email });
    const mail = await sink.waitFor((m) => m.envelopeTo.includes(p.email) && /Reset your password/.test(m.parsed.subject ?? ""));
    const path = new URL(linkIn(mail, "/reset-password/")).pathname;
    const c = server.client();
    const weak = await c.post(path, { password: "Password123!", confirm: "Password123!" }, { "accept-language": "en" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("This is a commonly used password");
    const ok = await c.post(path, { password: "copper lantern orchard whistle", confirm: "copper lantern orchard whistle" });
    expect(ok.status).toBe(302);
    await server.client().login(p.email, "copper lantern orchard whistle");
  });

  it("changing the password refuses a weak one and keeps the old password", async () => {
    const p = await createPerson(server.open.db, { name: "Jānis Kalniņš", locale: "en" });
    const c = server.client();
    await c.login(p.email, PASSWORD);
    for (const [next, text] of [
      ["aaaaaaaaaaaa", "Repeated characters"],
      ["janis kalnins 99", "made mostly of your name"],
    ]) {
      const res = await c.post("/settings/security", { intent: "password", current: PASSWORD, next, repeat: next });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(text);
    }
    const row = await server.open.db.selectFrom("person").select("password_hash").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(p.password_hash);
  });
});
