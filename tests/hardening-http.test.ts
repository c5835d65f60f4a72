import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { startTestServer, type TestServer } from "./helpers/server";
import { startServerProcess, waitHealthy, type ServerProcess } from "./helpers/process";
import { createPerson, PASSWORD } from "./helpers/factories";
import { safeRedirect } from "../app/modules/auth/redirect";
import { limitRepeats } from "../app/lib/log";
import { requestGate } from "../server/http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Request body bytes written before the answer came. */
  sent: number;
}

/**
 * A POST through node:http, where Host and the body's pacing are ours to choose: `body` is written after
 * `delayMs`; `stream` writes that many bytes (chunked, no Content-Length) in 64 KiB pieces until the server answers.
 */
function post(url: string, opts: { headers?: Record<string, string | number>; body?: string | Buffer; delayMs?: number; stream?: number }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: opts.headers, agent: false });
    let sent = 0;
    let answered = false;
    let timer: NodeJS.Timeout | undefined;
    req.on("response", (res) => {
      answered = true;
      clearTimeout(timer);
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString("utf8"), sent }));
      res.on("error", reject);
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    if (opts.stream) {
      const piece = Buffer.alloc(64 * 1024, "a");
      req.write("x=");
      const pump = async () => {
        while (!answered && sent < opts.stream! && !req.destroyed) {
          sent += piece.length;
          if (!req.write(piece)) await new Promise((r) => req.once("drain", r));
          await sleep(2); // paced, so the answer is read before the server closes the connection
        }
        if (!answered && !req.destroyed) req.end();
      };
      void pump().catch(() => {});
      return;
    }
    req.flushHeaders();
    timer = setTimeout(() => {
      if (answered) return;
      if (opts.body !== undefined) {
        req.write(opts.body);
        sent += Buffer.byteLength(opts.body);
      }
      req.end();
    }, opts.delayMs ?? 0);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("socket.io and Express never answer the same request (process stays up)", () => {
  let p: ServerProcess | undefined;
  afterAll(async () => {
    p?.kill();
    await p?.cleanup();
  });

  it("keeps /socket.io/ requests for socket.io only: the audit's polling sequences leave the server serving", async () => {
    p = await startServerProcess();
    await waitHealthy(p.url);
    const origin = p.url;
    const sio = (q: string) => `${p!.url}/socket.io/?EIO=4&transport=polling${q}`;

    const handshake = await fetch(sio(""), { headers: { origin } });
    expect(handshake.status).toBe(200);
    const { sid } = JSON.parse((await handshake.text()).slice(1));

    // Poll again with the sid: socket.io holds it open. Remix used to answer it with its 404 page at once, and
    // socket.io's later write crashed the process (ERR_HTTP_HEADERS_SENT).
    const poll = fetch(sio(`&sid=${sid}`), { headers: { origin } });
    expect(await Promise.race([poll.then((r) => `answered ${r.status}`), sleep(800).then(() => "pending")])).toBe("pending");

    // A polling POST whose body arrives two seconds after its headers.
    const slow = await post(sio(`&sid=${sid}`), {
      headers: { origin, "content-type": "text/plain;charset=UTF-8", "content-length": 2 },
      body: "40",
      delayMs: 2000,
    });
    expect(slow.status).toBe(200);
    expect(slow.body).toBe("ok");
    // The held poll is answered by socket.io (an anonymous client's connect is refused), never by an HTML page.
    const answered = await poll;
    expect(answered.status).toBe(200);
    const packet = await answered.text();
    expect(packet).toMatch(/^4/);
    expect(packet).not.toContain("<html");

    // A session opened and posted to with the other spelling of the local origin.
    const twin = `http://localhost:${p.port}`;
    const hs2 = await fetch(sio(""), { headers: { origin: twin } });
    const sid2 = JSON.parse((await hs2.text()).slice(1)).sid;
    const post2 = await post(sio(`&sid=${sid2}`), { headers: { origin: twin, "content-type": "text/plain;charset=UTF-8", "content-length": 2 }, body: "40" });
    expect(post2.status).toBe(200);

    await sleep(500);
    expect(p.child.exitCode).toBeNull();
    const health = await fetch(`${p.url}/healthz`);
    expect(health.status).toBe(200);
    expect(p.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|Content-Type cannot be set to an Array/);
  }, 120_000);
});

describe("requests", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const headers = () => ({ origin: server.url, "accept-language": "en" });

  it("answers a malformed path with 400 and a message, not a 500 (URIError)", async () => {
    const res = await fetch(`${server.url}/%E0%A4%A`, { headers: { "accept-language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The address is malformed");
    const lv = await fetch(`${server.url}/groups/%E0%A4%A`, { headers: { "accept-language": "lv" } });
    expect(lv.status).toBe(400);
    expect(await lv.text()).toContain("Adrese ir bojāta");
  });

  describe("open redirects", () => {
    const hostile = ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/x/..//evil.example", "/%2E%2E//evil.example", "//evil.example", "/\\evil.example", "https://evil.example"];

    it("safeRedirect checks the normalised URL, not the raw string", () => {
      for (const to of hostile) expect(safeRedirect(to), to).toBe("/");
      expect(safeRedirect("/groups/a?b=1#c")).toBe("/groups/a?b=1#c");
      expect(safeRedirect("/x/../events")).toBe("/events");
    });

    it("never sends a signed-in person, or a login form post, to another host", async () => {
      const person = await createPerson(server.open.db);
      const c = server.client();
      for (const to of hostile) {
        const res = await c.post("/login", { email: person.email, password: PASSWORD, redirectTo: to });
        expect(res.status, to).toBe(302);
        expect(res.headers.get("location"), to).toBe("/");
      }
      // already signed in: the login page redirects at once
      const res = await c.get(`/login?redirectTo=${encodeURIComponent("/.//evil.example")}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
      const lang = await c.post("/lang", { lang: "en", redirectTo: "/%2e//evil.example" });
      expect(lang.headers.get("location")).toBe("/");
    });
  });

  describe("request bodies", () => {
    it("refuses a chunked body over the cap while it streams (413), on a form route, /logout and /lang, without echoing it", async () => {
      const rssBefore = process.memoryUsage().rss;
      for (const path of ["/login", "/logout", "/lang"]) {
        const res = await post(`${server.url}${path}`, {
          headers: { ...headers(), "content-type": "application/x-www-form-urlencoded" },
          stream: 10 * 1024 * 1024,
        });
        expect(res.status, path).toBe(413);
        expect(res.sent, path).toBeLessThan(10 * 1024 * 1024); // answered before the upload was finished
        expect(res.body.length, path).toBeLessThan(64 * 1024);
        expect(res.body, path).not.toContain("aaaaaaaaaaaaaaaa");
        expect(res.body, path).toMatch(/more data than this page accepts/);
      }
      // The audit saw RSS grow by ~400 MB after three such bodies.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    });

    it("refuses a declared Content-Length over the cap before reading any of it, on every route", async () => {
      const res = await post(`${server.url}/logout`, {
        headers: { ...headers(), "content-type": "application/x-www-form-urlencoded", "content-length": 50 * 1024 * 1024 },
        delayMs: 60_000, // the body never comes: the answer must not wait for it
      });
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe("close");
    });

    it("answers non-form bodies with 415 or 400 and a message, never 500", async () => {
      const cases: Array<[string, Record<string, string>, string, number, string]> = [
        ["/login", { "content-type": "application/json" }, '{"email":"a@b.c"}', 415, "accepts only web forms"],
        ["/login", { "content-type": "text/plain" }, "email=a@b.c", 415, "accepts only web forms"],
        ["/lang", {}, "lang=en", 415, "accepts only web forms"],
        ["/signup", { "content-type": "multipart/form-data; boundary=XYZ" }, "--XYZ\r\nthis is not a part", 400, "could not be read"],
        ["/logout", { "content-type": "multipart/form-data" }, "garbage", 400, "could not be read"],
      ];
      for (const [path, h, body, status, text] of cases) {
        const res = await post(`${server.url}${path}`, { headers: { ...headers(), ...h, "content-length": Buffer.byteLength(body) }, body });
        expect(res.status, `${path} ${JSON.stringify(h)}`).toBe(status);
        expect(res.body, path).toContain(text);
      }
      // An empty POST with no Content-Type still works where nothing is needed.
      const out = await post(`${server.url}/logout`, { headers: { ...headers(), "content-length": 0 } });
      expect(out.status).toBe(302);
    });
  });

  describe("behind a proxy that rewrites Host (APP_ORIGIN is the public origin)", () => {
    it("accepts a same-origin form whatever Host or X-Forwarded-Host the proxy sends", async () => {
      const person = await createPerson(server.open.db);
      const body = form({ email: person.email, password: PASSWORD });
      const proxied: Record<string, string>[] = [{ host: "10.0.0.7:8080" }, { "x-forwarded-host": "internal-lb.local" }, { host: "app:3000", "x-forwarded-host": "a.example, b.example" }];
      for (const extra of proxied) {
        const res = await post(`${server.url}/login`, {
          headers: { ...headers(), "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), ...extra },
          body,
        });
        expect(res.status, JSON.stringify(extra)).toBe(302);
        expect(res.headers.location).toBe("/");
      }
    });

    it("refuses a form from an origin that is not APP_ORIGIN with 403 and the reason, never 500", async () => {
      const body = form({ email: "x@test.example", password: "whatever whatever" });
      const res = await post(`${server.url}/login`, {
        headers: {
          origin: "https://cluster.example",
          "accept-language": "en",
          host: "cluster.example",
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
        body,
      });
      expect(res.status).toBe(403);
      expect(res.body).toContain("https://cluster.example");
      expect(res.body).toContain(server.url);
      // a garbage Origin with a same-origin fetch-metadata header must not reach Remix's URL parser (500)
      const odd = await post(`${server.url}/login`, {
        headers: { origin: "not a url", "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
        body,
      });
      expect(odd.status).toBe(400);
      const opaque = await post(`${server.url}/login`, {
        headers: { origin: "null", "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
        body,
      });
      expect(opaque.status).toBe(400);
    });
  });
});

describe("stopping (docker stop sends SIGTERM to `npm start`)", () => {
  let p: ServerProcess | undefined;
  afterAll(async () => {
    p?.kill();
    await p?.cleanup();
  });

  it("npm start passes SIGTERM to node: idle keep-alive connections close at once, the request in flight finishes, exit code 0", async () => {
    p = await startServerProcess({ command: ["npm", "start"] });
    await waitHealthy(p.url);

    // An idle keep-alive connection.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = await new Promise<{ status: number; closed: Promise<number> }>((resolve, reject) => {
      const req = http.get(`${p!.url}/login`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, closed: new Promise((r) => req.socket!.once("close", () => r(Date.now()))) }));
      });
      req.on("error", reject);
    });
    expect(idle.status).toBe(200);

    // A request in flight: headers and half of its body sent.
    const body = "lang=en&redirectTo=%2Fevents";
    const inflight = new Promise<RawResponse>((resolve, reject) => {
      const req = http.request(`${p!.url}/lang`, {
        method: "POST",
        agent: false,
        headers: { origin: p!.url, "content-type": "application/x-www-form-urlencoded", "content-length": body.length },
      });
      req.on("response", (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString(), sent: body.length }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 8));
      setTimeout(() => {
        stopAt = Date.now();
        process.kill(p!.child.pid!, "SIGTERM"); // to npm, as `docker stop` does to the container's first process
        setTimeout(() => req.end(body.slice(8)), 1000);
      }, 300);
    });
    let stopAt = 0;

    const closedAt = await idle.closed;
    expect(closedAt - stopAt).toBeLessThan(1000);
    const res = await inflight;
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/events");
    expect(res.headers.connection).toBe("close");
    const code = await Promise.race([p.exited, sleep(15_000).then(() => "still running")]);
    expect(code, p.output()).toBe(0);
    expect(p.output()).toMatch(/\[server\] stopped/);
    agent.destroy();
  }, 120_000);
});

describe("the request listener", () => {
  it("turns a throw inside a handler into a logged 500 and keeps serving", async () => {
    const server = http.createServer();
    const logged: string[] = [];
    const gate = requestGate(server, (m) => logged.push(m));
    let calls = 0;
    gate.use((_req, res) => {
      if (++calls === 1) throw new Error("boom in a handler");
      res.end("fine");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      const first = await fetch(url);
      expect(first.status).toBe(500);
      expect(logged.join("\n")).toContain("boom in a handler");
      const second = await fetch(url);
      expect(await second.text()).toBe("fine");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("repeat-limited log", () => {
  it("writes the first of identical lines, counts the rest, and summarises them once per window", () => {
    let t = 0;
    const out: string[] = [];
    const log = limitRepeats((l) => out.push(l), { windowMs: 60_000, now: () => t });
    for (let i = 0; i < 1000; i++) log("[db] unavailable: timeout exceeded when trying to connect\n    at stack");
    log("[http] something else");
    expect(out).toEqual(["[db] unavailable: timeout exceeded when trying to connect\n    at stack", "[http] something else"]);
    t = 61_000;
    log("[db] unavailable: timeout exceeded when trying to connect\n    at stack");
    expect(out.slice(2)).toEqual([
      "[db] unavailable: timeout exceeded when trying to connect (repeated 999 more times in 60 s)",
      "[db] unavailable: timeout exceeded when trying to connect\n    at stack",
    ]);
    log("[db] unavailable: timeout exceeded when trying to connect\n    at stack");
    log.flush();
    expect(out.at(-1)).toBe("[db] unavailable: timeout exceeded when trying to connect (repeated 1 more time in 60 s)");
  });

  it("forgets the oldest line beyond its key limit instead of growing", () => {
    const out: string[] = [];
    const log = limitRepeats((l) => out.push(l), { maxKeys: 3, now: () => 0 });
    for (let i = 0; i < 10; i++) log(`line ${i}`);
    log("line 0"); // forgotten, so written again
    expect(out).toHaveLength(11);
    log.flush();
  });
});
