import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { adminUrl } from "../setup/global";
import { createTestDatabase } from "./db";

const root = path.resolve(__dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  exited: Promise<number | null>;
  output(): string;
  /** Kills the whole process group (npm, sh and node), whatever state it is in. */
  kill(): void;
  /** Drops the test's PostgreSQL database, if one was made. */
  cleanup(): Promise<void>;
}

/**
 * The real server as a separate process (`node dist/server/index.js`, or any command such as `npm start`) on a
 * free port with its own fresh database: a PostgreSQL clone when DATABASE_URL/TEST_DATABASE_URL is set, else a
 * PGlite folder in a temporary directory. Requires `npm run build` first.
 */
export async function startServerProcess(opts: { command?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const testDb = adminUrl() ? await createTestDatabase() : null;
  if (testDb) await testDb.close();
  const dbEnv = testDb ? { DATABASE_URL: testDb.url! } : { DATABASE_URL: "", PGLITE_DIR: path.join(mkdtempSync(path.join(os.tmpdir(), "srv-")), "pglite") };
  const [cmd, ...args] = opts.command ?? [process.execPath, "dist/server/index.js"];
  const child = spawn(cmd, args, {
    cwd: root,
    detached: true, // own process group: kill() reaches node even when a wrapper (npm, sh) does not pass signals on
    env: {
      ...process.env,
      TEST_DATABASE_URL: "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      SEED_DEMO: "never",
      SMTP_URL: "",
      ...dbEnv,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    url,
    exited,
    output: () => output,
    kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
    async cleanup() {
      if (testDb) await testDb.drop();
    },
  };
}

export async function waitHealthy(url: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`server at ${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
