import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createOrg } from "./helpers/factories";
import { startTestServer } from "./helpers/server";
import { adminUrl } from "./setup/global";
import { openPglite, type OpenDatabase } from "../db/client";
import { translate } from "../app/i18n";

// Issue 10 item 2: a safe way to create the first real cluster admin of a production database — `npm run admin:create`
// reads the password from stdin (a hidden prompt on a terminal), never from the command line.

const root = path.resolve(__dirname, "..");
const PASSWORD = "tZ8#qLw2!vRk9@Pm-Ķemeri";
let t: TestDatabase | null = null;
let pgliteDir = "";

beforeAll(async () => {
  const r = spawnSync(process.execPath, [path.join(root, "scripts/ensure-build.mjs")], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}\n${r.stderr}`);
  // PostgreSQL: this file's own clone. PGlite: a throw-away data folder the CLI and the checks open in turn.
  if (adminUrl()) t = await createTestDatabase();
  else pgliteDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "admin-cli-")), "db");
}, 300_000);
afterAll(async () => {
  await t?.drop();
  if (pgliteDir) fs.rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
});

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete env.TEST_DATABASE_URL;
  if (t) env.DATABASE_URL = t.url;
  else {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = pgliteDir;
  }
  return env;
}

function cli(args: string[], stdin = "") {
  return spawnSync(process.execPath, [path.join(root, "dist/server/cli.js"), "admin:create", ...args], {
    cwd: root,
    env: childEnv(),
    input: stdin,
    encoding: "utf8",
    timeout: 120_000,
  });
}

async function withDb<T>(fn: (open: OpenDatabase) => Promise<T>): Promise<T> {
  if (t) return fn(t);
  const open = await openPglite(pgliteDir);
  try {
    return await fn(open);
  } finally {
    await open.close();
  }
}

const people = () =>
  withDb((o) =>
    o.db
      .selectFrom("person as p")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["p.email", "p.cluster_role", "p.org_role", "p.membership_status", "p.email_verified_at", "p.deactivated_at", "o.name as org", "o.legal_type", "o.status as org_status"])
      .orderBy("p.created_at")
      .execute(),
  );

describe("npm run admin:create", () => {
  it("refuses a password on the command line and touches nothing", async () => {
    for (const flag of [["--password", PASSWORD], [`--password=${PASSWORD}`], ["-p", PASSWORD], ["--pass", PASSWORD]]) {
      const r = cli(["--email", "anna@dzk.example", "--name", "Anna Bērziņa", "--org", "DZK", ...flag], `${PASSWORD}\n`);
      expect(r.status, flag.join(" ")).toBe(2);
      expect(r.stderr).toContain("Refusing a password on the command line");
      expect(r.stdout).not.toContain(PASSWORD);
    }
    if (!t) expect(fs.existsSync(pgliteDir)).toBe(false);
    else expect(await people()).toEqual([]);
  });

  it("refuses a password the signup rules refuse, with their message, and an empty stdin", async () => {
    const weak = cli(["--email", "anna@dzk.example", "--name", "Anna Bērziņa", "--org", "DZK"], "short1\n");
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain(`Password refused: ${translate("en", "auth.error.passwordShort")}`);
    const none = cli(["--email", "anna@dzk.example", "--name", "Anna Bērziņa", "--org", "DZK"], "");
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("No password on standard input");
    const bad = cli(["--email", "not-an-email", "--name", "Anna Bērziņa", "--org", "DZK"], `${PASSWORD}\n`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Not an email address: "not-an-email"');
    if (!t) expect(fs.existsSync(pgliteDir)).toBe(false);
    else expect(await people()).toEqual([]);
  });

  it("reads the password from stdin and creates the association and an active, verified cluster admin who can sign in", async () => {
    const r = cli(["--email", "Inese.Admin@DZK.example", "--name", "Inese Kalniņa", "--org", 'Biedrība "Dzīvības zinātņu klasteris"'], `${PASSWORD}\nignored\n`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Created cluster admin inese.admin@dzk.example in the new organisation "Biedrība "Dzīvības zinātņu klasteris""');
    expect(r.stdout).not.toContain(PASSWORD);
    const [p] = await people();
    expect(p).toMatchObject({
      email: "inese.admin@dzk.example",
      cluster_role: "admin",
      org_role: "admin",
      membership_status: "approved",
      deactivated_at: null,
      org: 'Biedrība "Dzīvības zinātņu klasteris"',
      legal_type: "association",
      org_status: "approved",
    });
    expect(p.email_verified_at).not.toBeNull();
    const audit = await withDb((o) => o.db.selectFrom("audit_log").select(["action", "actor_id"]).execute());
    expect(audit).toEqual([{ action: "admin.created", actor_id: null }]);

    const server = await startTestServer(t ? { databaseUrl: t.url } : { env: { pgliteDir } });
    try {
      const client = server.client();
      const login = await client.login("inese.admin@dzk.example", PASSWORD);
      expect(login.headers.get("location")).toBe("/");
      expect((await client.get("/admin")).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("attaches a further admin to the existing association, and refuses a registered email or a member organisation", async () => {
    const again = cli(["--email", "martins.ozols@dzk.example", "--name", "Mārtiņš Ozols", "--org", 'biedrība "dzīvības zinātņu klasteris"'], `${PASSWORD}\n`);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    const noOrg = cli(["--email", "elina.berzina@dzk.example", "--name", "Elīna Bērziņa", "--locale", "en"], `${PASSWORD}\n`);
    expect(noOrg.status).toBe(0);
    expect(noOrg.stdout).toContain('in the organisation "Biedrība "Dzīvības zinātņu klasteris""');
    const list = await people();
    expect(list.map((p) => [p.email, p.cluster_role, p.org_role, p.org])).toEqual([
      ["inese.admin@dzk.example", "admin", "admin", 'Biedrība "Dzīvības zinātņu klasteris"'],
      ["martins.ozols@dzk.example", "admin", "member", 'Biedrība "Dzīvības zinātņu klasteris"'],
      ["elina.berzina@dzk.example", "admin", "member", 'Biedrība "Dzīvības zinātņu klasteris"'],
    ]);
    expect(
      await withDb((o) =>
        o.db
          .selectFrom("organisation")
          .select(sql<number>`count(*)::int`.as("n"))
          .executeTakeFirstOrThrow(),
      ),
    ).toEqual({ n: 1 });

    const taken = cli(["--email", "INESE.admin@dzk.example", "--name", "Someone Else", "--org", 'Biedrība "Dzīvības zinātņu klasteris"'], `${PASSWORD}\n`);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain("inese.admin@dzk.example is already registered");

    await withDb((o) => createOrg(o.db, { name: "AS Daugavas Farmācija", legal_type: "manufacturer" }));
    const member = cli(["--email", "andris@daugavas.example", "--name", "Andris Liepiņš", "--org", "AS Daugavas Farmācija"], `${PASSWORD}\n`);
    expect(member.status).toBe(2);
    expect(member.stderr).toContain('"AS Daugavas Farmācija" is a member organisation (manufacturer), not the association');
    const typo = cli(["--email", "andris@daugavas.example", "--name", "Andris Liepiņš", "--org", "Dzīvības zinātņu klasteris"], `${PASSWORD}\n`);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('The association is already registered as "Biedrība "Dzīvības zinātņu klasteris""');
    expect(await people()).toHaveLength(3);
  }, 120_000);

  it("on a terminal prompts twice without echoing the password", async () => {
    const cmd = `exec ${JSON.stringify(process.execPath)} dist/server/cli.js admin:create --email tty.admin@dzk.example --name 'Tty Admin'`;
    // `script` gives the command a pseudo-terminal; its stdin is what we "type".
    const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: root, env: childEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let answered = 0;
    child.stdout.on("data", (d) => {
      out += d;
      if (answered === 0 && out.includes("Password for the new cluster admin: ")) {
        answered = 1;
        child.stdin.write(`${PASSWORD}\r`);
      } else if (answered === 1 && out.includes("Repeat the password: ")) {
        answered = 2;
        child.stdin.write(`${PASSWORD}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin.end();
    expect(out).toContain("Created cluster admin tty.admin@dzk.example");
    expect(out).not.toContain(PASSWORD);
    expect(code).toBe(0);
  }, 120_000);
});
