import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import pg from "pg";
import { startTestServer } from "./helpers/server";
import { adminUrl } from "./setup/global";

const root = path.resolve(__dirname, "..");
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ["dist/server/index.js"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", TEST_DATABASE_URL: "", NODE_ENV: "production", HOST: "127.0.0.1", SEED_DEMO: "never", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  return { child, exited, output: () => output };
}

async function healthy(port: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return;
    } catch {}
    if (Date.now() > until) throw new Error("server did not become healthy");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("embedded database folder", () => {
  it("refuses a second process on the same PGlite folder, shuts down cleanly on SIGTERM, and keeps the data", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "lock-test-")), "pglite");
    // A person made by the CLI, a session made by the first server: both must be there after the restart.
    const created = spawnSync(process.execPath, ["dist/server/cli.js", "admin:create", "--email", "keeper@example.org", "--name", "Ilze Glabāja", "--org", "Klasteris"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", TEST_DATABASE_URL: "", PGLITE_DIR: dir },
      input: "a-long-enough-passphrase-1\n",
      encoding: "utf8",
    });
    expect(created.status, created.stderr).toBe(0);

    const port = await freePort();
    const a = startProcess({ PGLITE_DIR: dir, PORT: String(port), APP_ORIGIN: `http://127.0.0.1:${port}` });
    await healthy(port);
    const login = await fetch(`http://127.0.0.1:${port}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: `http://127.0.0.1:${port}` },
      body: new URLSearchParams({ email: "keeper@example.org", password: "a-long-enough-passphrase-1", redirectTo: "/settings" }),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const signedIn = (p: number) => fetch(`http://127.0.0.1:${p}/settings`, { headers: { cookie }, redirect: "manual" });
    const before = await signedIn(port);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain("Ilze Glabāja");

    const b = startProcess({ PGLITE_DIR: dir, PORT: String(await freePort()) });
    expect(await b.exited).toBe(2);
    expect(b.output()).toMatch(/in use by another process/);

    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(a.output()).toMatch(/stopped/);
    expect(existsSync(`${dir}.lock`)).toBe(false);

    // Restart on the same folder: migrations already applied, the person, the session and its secret still there.
    const port2 = await freePort();
    const c = startProcess({ PGLITE_DIR: dir, PORT: String(port2), APP_ORIGIN: `http://127.0.0.1:${port2}` });
    await healthy(port2);
    expect(c.output()).not.toMatch(/\[db\] migrated/);
    const after = await signedIn(port2);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Ilze Glabāja");
    c.child.kill("SIGTERM");
    expect(await c.exited).toBe(0);
  }, 120_000);

  it("takes over a lock left by a process that died", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "stale-lock-")), "pglite");
    writeFileSync(`${dir}.lock`, "999999"); // no such pid
    const port = await freePort();
    const p = startProcess({ PGLITE_DIR: dir, PORT: String(port) });
    await healthy(port);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  }, 120_000);
});

describe("HTTP basics", () => {
  it("serves security headers with a fresh CSP nonce per response, kept out of loader data", async () => {
    const server = await startTestServer();
    try {
      const a = await fetch(`${server.url}/login`);
      const b = await fetch(`${server.url}/login`);
      const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonceOf(a)).toBeTruthy();
      expect(nonceOf(a)).not.toBe(nonceOf(b));
      expect(a.headers.get("x-content-type-options")).toBe("nosniff");
      expect(a.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(a.headers.get("content-type")).toContain("charset=utf-8");
      const html = await a.text();
      const context = /window\.__remixContext = (.*?);<\/script>/s.exec(html)?.[1] ?? "";
      expect(context).not.toContain(nonceOf(a)!);
      // a real 404 for unknown URLs, in the page's language
      const missing = await fetch(`${server.url}/no/such/page`, { headers: { "accept-language": "en" } });
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Page not found");
    } finally {
      await server.close();
    }
  });

  it.skipIf(!adminUrl())(
    "answers 503 on /healthz when PostgreSQL is unreachable (PostgreSQL only: PGlite is in-process)",
    async () => {
      const base = adminUrl()!;
      const name = `health_${Date.now()}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const u = new URL(base);
      u.pathname = `/${name}`;
      const port = await freePort();
      const p = startProcess({ DATABASE_URL: u.toString(), PORT: String(port) });
      await healthy(port);
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch((e) => {
        throw new Error(`server gone after the database was dropped: ${e.message}\n${p.output()}`);
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ database: "unreachable" });
      p.child.kill("SIGKILL");
    },
    120_000,
  );
});
