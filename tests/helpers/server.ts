import path from "node:path";
import { startServer, type RunningServer } from "../../server/start";
import type { ServerEnv } from "../../server/config";
import { createTestDatabase } from "./db";

export interface TestServer extends RunningServer {
  client(): HttpClient;
  close(): Promise<void>;
}

/**
 * Starts the real app (the built Remix app, express, socket.io, mail worker) on a random port with its own
 * fresh database: a PostgreSQL clone when DATABASE_URL/TEST_DATABASE_URL is set, else in-memory PGlite.
 * `databaseUrl` starts a further instance on an existing PostgreSQL database instead (several instances on one
 * database; that database is not dropped on close). Requires `npm run build` first (npm test does it).
 */
export async function startTestServer(opts: { smtpUrl?: string; seed?: boolean; env?: Partial<ServerEnv>; databaseUrl?: string; log?: (m: string) => void } = {}): Promise<TestServer> {
  const testDb = !opts.databaseUrl && (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) ? await createTestDatabase() : null;
  // PostgreSQL: the server opens the clone itself; we keep the handle only to drop it afterwards.
  if (testDb) await testDb.close();
  const env: ServerEnv = {
    port: 0,
    host: "127.0.0.1",
    databaseUrl: opts.databaseUrl ?? testDb?.url,
    pgliteDir: null,
    smtpUrl: opts.smtpUrl,
    mailFrom: "Klasteris <no-reply@cluster.example>",
    appOrigin: "http://127.0.0.1:0",
    sessionSecrets: ["test-secret-one"],
    production: false,
    seed: opts.seed ? "auto" : "never",
    trustProxy: false,
    mailWorkers: 2,
    // Without SMTP the test server keeps mail in its outbox on either engine (tests read it there).
    mailCapture: opts.smtpUrl ? undefined : true,
    ...opts.env,
  };
  // The origin must carry the real port: listen first on a free port, then use it.
  const port = await freePort();
  env.port = port;
  env.appOrigin = opts.env?.appOrigin ?? `http://127.0.0.1:${port}`;
  const running = await startServer(env, { root: path.resolve(__dirname, "../.."), log: opts.log ?? (() => {}) });
  return {
    ...running,
    client: () => new HttpClient(running.url),
    async close() {
      await running.stop();
      if (testDb) await testDb.drop();
    },
  };
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as import("node:net").AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** A tiny browser-like HTTP client: keeps cookies, sends a same-origin Origin header on POST, never follows redirects. */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + path, { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(res);
    return res;
  }

  async post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await fetch(this.base + path, {
      method: "POST",
      redirect: "manual",
      body,
      headers: { cookie: this.cookieHeader(), origin: new URL(this.base).origin, "content-type": "application/x-www-form-urlencoded", ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Logs in through the real form; throws unless the app redirects. */
  async login(email: string, password: string): Promise<Response> {
    const res = await this.post("/login", { email, password });
    if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
    return res;
  }
}
