// B-sio baseline for the fan-out benchmark (docs/performance.md "Reference numbers", "Fan-out harness", S3): a bare socket.io server with the app's
// transport settings (websocket only, perMessageDeflate off, 64 KiB frames, raw request dropped) and no database.
// POST /post (form field `body`) → io.to("thread:<id>").emit("post:new", dto) with the same DTO shape the app pushes
// (app/modules/threads/dto.ts), then 302 like the app's action. Clients join with the app's own
// room:join {kind:"thread", id} + ack, so the load harness is identical for both servers.
import http from "node:http";
import crypto from "node:crypto";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 0);
const THREAD = process.argv[3] ?? "00000000-0000-4000-8000-000000000001";
const AUTHOR = { id: crypto.randomUUID(), name: "Laila Sproģe", org: "SIA Gaujas Nutrition" };
let seq = 0;

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/post") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const body = form.get("body") ?? "";
      const dto = {
        id: crypto.randomUUID(),
        threadId: THREAD,
        seq: ++seq,
        author: AUTHOR,
        bodyHtml: `<p>${escape(body)}</p>`,
        createdAt: new Date().toISOString(),
        editedAt: null,
        state: "visible",
        quoteOf: null,
      };
      io.to(`thread:${THREAD}`).emit("post:new", dto);
      res.writeHead(302, { location: "/" });
      res.end();
    });
    return;
  }
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "ok", rssMb: Math.round(process.memoryUsage().rss / 1048576) }));
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(server, { serveClient: false, transports: ["websocket"], perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });
io.engine.on("connection", (raw) => {
  raw.request = null;
});
io.on("connection", (socket) => {
  socket.on("room:join", (msg, ack) => {
    if (msg?.kind === "thread" && msg.id === THREAD) socket.join(`thread:${THREAD}`);
    if (typeof ack === "function") ack({ ok: true });
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
