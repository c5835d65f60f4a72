import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { connectSocket, personWithClient } from "./helpers/groups";
import { enqueueMail } from "../app/modules/mail/outbox.server";

// Issue 15, item 6: /metrics in Prometheus text format for operators, only with the bearer token.

let server: TestServer;
let off: TestServer;
const TOKEN = "scrape-me-7f3a";
beforeAll(async () => {
  server = await startTestServer({ env: { metricsToken: TOKEN } });
  off = await startTestServer();
}, 300_000);
afterAll(async () => {
  await server?.close();
  await off?.close();
});

const scrape = (s: TestServer, auth?: string) => fetch(`${s.url}/metrics`, { headers: auth ? { authorization: auth } : {} });

/** The value of one sample line (name with its labels exactly as printed). */
function sample(text: string, line: string): number | null {
  const row = text.split("\n").find((l) => l.startsWith(`${line} `));
  return row ? Number(row.slice(line.length + 1)) : null;
}

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN, and answers 401 without the right bearer token, revealing nothing", async () => {
    const none = await scrape(off, `Bearer ${TOKEN}`);
    expect(none.status).toBe(404);
    expect(await none.text()).not.toContain("http_request_duration_seconds");
    for (const auth of [undefined, `Bearer wrong`, TOKEN, `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`]) {
      const r = await scrape(server, auth);
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
      expect(await r.text()).toBe("401");
    }
  });

  it("times requests by route id and counts sockets, the mail queue and the event loop", async () => {
    // Bodies read to the end: a response is timed when it has finished.
    const login = await fetch(`${server.url}/login`);
    await login.text();
    expect(login.status).toBe(200);
    const missing = await fetch(`${server.url}/no/such/page`);
    await missing.text();
    expect(missing.status).toBe(404);
    const member = await personWithClient(server);
    const events = await member.client.get("/events");
    await events.text();
    expect(events.status).toBe(200);
    const socket = await connectSocket(server, member.client);
    await server.open.db
      .transaction()
      .execute((trx) =>
        enqueueMail(trx, { mail: server.mail.queue, config: server.config }, [
          { idempotencyKey: `metrics:${Date.now()}`, to: "nobody@metrics.example", locale: "en", template: "verify_email", params: { name: "M", token: "t" } },
        ]),
      );

    const r = await scrape(server, `Bearer ${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    const text = await r.text();
    socket.disconnect();
    expect(sample(text, 'http_request_duration_seconds_count{route="routes/login",method="GET",status="2xx"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{route="routes/events._index",method="GET",status="2xx"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{route="routes/$",method="GET",status="4xx"}')).toBe(1);
    expect(sample(text, "socketio_clients")).toBe(1);
    expect(sample(text, "socketio_rooms")).toBeGreaterThanOrEqual(1);
    // Test servers queue mail without SMTP: the message stays queued, so the queue has depth and an age.
    expect(sample(text, "mail_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "mail_queue_oldest_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    if (server.open.kind === "postgres") {
      expect(sample(text, 'db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'db_pool_connections{state="waiting"}')).toBe(0);
    }
  });

  it("counts the runs of the reminder and digest passes, with the time of the last good one", async () => {
    // The passes first run 10–20 s after the start (server/periodic.ts): poll until reminders and digests both ran.
    const until = Date.now() + 60_000;
    let text = "";
    for (;;) {
      text = await (await scrape(server, `Bearer ${TOKEN}`)).text();
      const ran = ["event reminders", "digests"].every((t) => (sample(text, `periodic_runs_total{task="${t}",outcome="ok"}`) ?? 0) >= 1);
      if (ran || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const task of ["event reminders", "digests"]) {
      expect(sample(text, `periodic_runs_total{task="${task}",outcome="ok"}`)).toBeGreaterThanOrEqual(1);
      expect(sample(text, `periodic_run_duration_seconds_count{task="${task}"}`)).toBeGreaterThanOrEqual(1);
      const last = sample(text, `periodic_last_success_timestamp_seconds{task="${task}"}`)!;
      expect(Math.abs(Date.now() / 1000 - last)).toBeLessThan(90);
    }
    expect(text).not.toMatch(/outcome="failed"/);
  }, 90_000);
});
