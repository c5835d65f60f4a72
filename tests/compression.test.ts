import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";

// Issue 15, item 7: pages and static assets are sent compressed when the browser accepts it.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A raw GET (fetch would decompress and hide the encoding): status, headers, and the bytes as they crossed the wire. */
function rawGet(path: string, encoding: string | null): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { headers: encoding ? { "accept-encoding": encoding } : {} }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    });
    req.on("error", reject);
  });
}

describe("compression", () => {
  it("compresses a page and its script when asked, and leaves them alone when not", async () => {
    const page = await rawGet("/login", "gzip, deflate, br");
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br"); // brotli (quality 4) when the browser accepts it
    expect(page.headers["vary"]).toMatch(/Accept-Encoding/i);
    const plain = await rawGet("/login", null);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(page.bytes).toBeLessThan(plain.bytes / 2);

    // Every script the page loads: those over compression's 1 KB threshold go out compressed, all are immutable.
    const html = await (await fetch(`${server.url}/login`)).text();
    const scripts = [...new Set([...html.matchAll(/"(\/build\/[^"]+\.js)"/g)].map((m) => m[1]))];
    expect(scripts.length).toBeGreaterThan(2);
    let compressed = 0;
    for (const path of scripts) {
      const js = await rawGet(path, "gzip");
      const plainJs = await rawGet(path, null);
      expect(js.status).toBe(200);
      expect(js.headers["cache-control"]).toContain("immutable");
      if (plainJs.bytes > 1024) {
        expect(js.headers["content-encoding"], path).toBe("gzip");
        compressed++;
      }
    }
    expect(compressed).toBeGreaterThan(0);
  });
});
