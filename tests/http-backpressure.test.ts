import http from "node:http";
import net from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { pipeBody } from "../server/http";

// A response body goes to the socket only as fast as the client takes it (a file download of 25 MB must not pile up
// in the server's memory for a slow phone), and a client that goes away stops the body from being read further.

const MB = 1024 * 1024;
let server: http.Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A body of `count` chunks of 1 MB that counts how many were read from it, and whether it was cancelled. */
function countingBody(count: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === count) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(MB));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, state };
}

async function serve(body: ReadableStream<Uint8Array>): Promise<{ port: number; done: Promise<unknown> }> {
  let done!: Promise<unknown>;
  const app = express();
  app.get("/big", (_req, res) => {
    res.setHeader("Content-Type", "application/octet-stream");
    done = pipeBody(body, res).catch((e) => e);
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server!.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get done() {
      return done;
    },
  } as { port: number; done: Promise<unknown> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("response bodies respect backpressure", () => {
  it("reads no further than the socket can hold while the client is not reading", async () => {
    const { stream, state } = countingBody(100);
    const { port } = await serve(stream);
    const socket = net.connect(port, "127.0.0.1");
    socket.pause(); // a client that does not read
    socket.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(1000);
    // Socket buffers on both sides hold a few MB at most; without backpressure all 100 MB were read at once.
    expect(state.pulled).toBeGreaterThan(0);
    expect(state.pulled).toBeLessThan(20);
    // Reading resumes the body, and every byte arrives.
    let bytes = 0;
    socket.on("data", (c: Buffer) => (bytes += c.length));
    socket.resume();
    for (let i = 0; i < 100 && state.pulled < 100; i++) await sleep(50);
    for (let i = 0; i < 100 && bytes < 100 * MB; i++) await sleep(50);
    expect(state.pulled).toBe(100);
    expect(bytes).toBeGreaterThan(100 * MB);
    socket.destroy();
  });

  it("stops reading the body and cancels it when the client goes away", async () => {
    const { stream, state } = countingBody(100);
    const handle = await serve(stream);
    const socket = net.connect(handle.port, "127.0.0.1");
    socket.pause();
    socket.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(500);
    socket.destroy();
    await handle.done;
    const seen = state.pulled;
    await sleep(300);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(seen);
    expect(seen).toBeLessThan(100);
  });
});
