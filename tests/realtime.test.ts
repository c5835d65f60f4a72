import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { startTestServer, type TestServer } from "./helpers/server";
import { createPerson, PASSWORD } from "./helpers/factories";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function socketFor(cookie: string | undefined, origin = server.url): Socket {
  return connect(server.url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { ...(cookie ? { cookie } : {}), origin },
  });
}

function outcome(s: Socket): Promise<"connected" | string> {
  return new Promise((resolve) => {
    s.once("connect", () => resolve("connected"));
    s.once("connect_error", (e) => resolve(e.message));
  });
}

async function loggedIn() {
  const p = await createPerson(server.open.db);
  const c = server.client();
  await c.login(p.email, PASSWORD);
  return { p, c, cookie: c.cookieHeader() };
}

describe("socket.io handshake", () => {
  it("refuses a handshake without a session", async () => {
    const s = socketFor(undefined);
    expect(await outcome(s)).toBe("unauthorized");
    s.close();
  });

  it("refuses a forged session cookie", async () => {
    const s = socketFor("session=forged.value");
    expect(await outcome(s)).toBe("unauthorized");
    s.close();
  });

  it("accepts the web session from the same origin", async () => {
    const { cookie } = await loggedIn();
    const s = socketFor(cookie);
    expect(await outcome(s)).toBe("connected");
    s.close();
  });

  it("rejects a WebSocket from a foreign Origin even with a valid cookie (no cross-site hijacking)", async () => {
    const { cookie } = await loggedIn();
    const wsUrl = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket";
    const result = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers: { cookie, origin: "https://evil.example" } });
      ws.on("message", (d) => resolve(`message:${d.toString()}`));
      ws.on("unexpected-response", (_req, res) => resolve(`http:${res.statusCode}`));
      ws.on("error", () => resolve("error"));
      ws.on("close", () => resolve("closed"));
    });
    expect(result).not.toMatch(/^message/);
    // polling with a foreign Origin is refused too
    const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin: "https://evil.example" } });
    expect(poll.status).toBe(403);
  });

  it("closes the socket when its session logs out, and refuses reconnecting with it", async () => {
    const { c, cookie } = await loggedIn();
    const s = socketFor(cookie);
    expect(await outcome(s)).toBe("connected");
    const disconnected = new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason)));
    await c.post("/logout", {});
    expect(await disconnected).toBe("io server disconnect");
    const again = socketFor(cookie);
    expect(await outcome(again)).toBe("unauthorized");
    again.close();
  });

  it("refuses joining unknown room kinds", async () => {
    const { cookie } = await loggedIn();
    const s = socketFor(cookie);
    await outcome(s);
    const reply = await s.timeout(5000).emitWithAck("room:join", { kind: "user", id: "someone-else" });
    expect(reply).toEqual({ ok: false, error: "not_found" });
    s.close();
  });
});
