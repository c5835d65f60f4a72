import type http from "node:http";
import { Server, type Socket } from "socket.io";
import pg from "pg";
import { createAdapter } from "@socket.io/postgres-adapter";
import { guardPool, type Db } from "#db/client";
import type { AppConfig, Realtime } from "~/context";
import { sessionIdFromCookieHeader, viewerFromSessionId, isActiveMember, type Viewer } from "~/modules/auth/session.server";
import { roomAuthorizers } from "~/realtime/rooms.server";

const RECHECK_MS = 30_000;
const JOINS_PER_MINUTE = 60;

export interface RealtimeServer {
  io: Server;
  realtime: Realtime;
  close(): Promise<void>;
}

export function originAllowed(origin: string | undefined, config: AppConfig): boolean {
  return !!origin && config.allowedOrigins.includes(origin);
}

export async function attachRealtime(
  httpServer: http.Server,
  opts: { db: Db; config: AppConfig; postgresUrl?: string; log: (m: string) => void },
): Promise<RealtimeServer> {
  const { db, config } = opts;
  const io = new Server(httpServer, {
    serveClient: false,
    perMessageDeflate: false, // collapses broadcast throughput (performance.md §6.6)
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: config.allowedOrigins, credentials: true },
    // cors alone does not stop cross-site WebSocket hijacking (reliability.md F6): check Origin on every
    // handshake and upgrade, polling and websocket alike.
    allowRequest: (req, cb) => cb(null, originAllowed(req.headers.origin, config)),
    // No connection-state recovery: it skips auth and restores rooms unchecked (F5). Clients catch up from the DB.
  });

  let adapterPool: pg.Pool | null = null;
  if (opts.postgresUrl) {
    adapterPool = new pg.Pool({ connectionString: opts.postgresUrl, max: 2 });
    guardPool(adapterPool, "[realtime]");
    io.adapter(createAdapter(adapterPool, { tableName: "socket_io_attachments", errorHandler: (e) => opts.log(`[realtime] adapter: ${e.message}`) }));
  }

  // Authenticate the handshake with the web session (RT-5).
  io.use(async (socket, next) => {
    try {
      const sessionId = await sessionIdFromCookieHeader(socket.handshake.headers.cookie, config);
      const viewer = sessionId ? await viewerFromSessionId(db, sessionId) : null;
      if (!viewer) return next(new Error("unauthorized"));
      socket.data.viewer = viewer;
      socket.data.sessionId = sessionId;
      socket.data.joins = { windowStart: Date.now(), count: 0 };
      next();
    } catch (err) {
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket: Socket) => {
    const viewer = socket.data.viewer as Viewer;
    // The handshake (with its headers) is built by now: drop the raw request to save memory per connection.
    (socket.conn as any).request = null;
    socket.join(`user:${viewer.id}`);
    socket.join(`session:${viewer.sessionHash}`);

    // Re-check the session periodically: an expired or revoked session loses its socket.
    const timer = setInterval(async () => {
      const v = await viewerFromSessionId(db, socket.data.sessionId).catch(() => null);
      if (!v) socket.disconnect(true);
      else socket.data.viewer = v;
    }, RECHECK_MS);
    socket.on("disconnect", () => clearInterval(timer));

    socket.on("room:join", async (msg: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const j = socket.data.joins as { windowStart: number; count: number };
      if (Date.now() - j.windowStart > 60_000) {
        j.windowStart = Date.now();
        j.count = 0;
      }
      if (++j.count > JOINS_PER_MINUTE) return reply({ ok: false, error: "rate_limited" });
      const kind = (msg as any)?.kind;
      const id = (msg as any)?.id;
      if (typeof kind !== "string" || typeof id !== "string" || id.length > 100) return reply({ ok: false, error: "bad_request" });
      const authorize = Object.prototype.hasOwnProperty.call(roomAuthorizers, kind) ? roomAuthorizers[kind] : undefined;
      const current = socket.data.viewer as Viewer;
      if (!authorize || !isActiveMember(current)) return reply({ ok: false, error: "not_found" });
      try {
        const room = await authorize(db, current, id);
        if (!room) return reply({ ok: false, error: "not_found" });
        await socket.join(room);
        reply({ ok: true });
      } catch {
        reply({ ok: false, error: "not_found" });
      }
    });
    socket.on("room:leave", (msg: unknown) => {
      const kind = (msg as any)?.kind;
      const id = (msg as any)?.id;
      if (typeof kind === "string" && typeof id === "string") socket.leave(`${kind}:${id}`);
    });
  });

  const realtime: Realtime = {
    toUser(personId, event, payload) {
      io.to(`user:${personId}`).emit(event, payload);
    },
    toRoom(room, event, payload) {
      io.to(room).emit(event, payload);
    },
    disconnectSessions(hashes) {
      for (const h of hashes) io.in(`session:${h}`).disconnectSockets(true);
    },
    leaveRoom(personId, room) {
      io.in(`user:${personId}`).socketsLeave(room);
    },
  };

  return {
    io,
    realtime,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((res) => io.close(() => res()));
      await adapterPool?.end().catch(() => {});
    },
  };
}
