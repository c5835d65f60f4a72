import type http from "node:http";
import { Server, type Socket as IoSocket } from "socket.io";
import { createAdapter } from "@socket.io/postgres-adapter";
import type { Db } from "#db/client";
import type { AppConfig, Realtime } from "~/context";
import { sessionIdFromCookieHeader, viewerFromSessionId } from "~/modules/auth/session.server";
import { isActiveMember, type Viewer } from "~/modules/policy/facts";
import { mayPostInRoom, roomAuthorizers } from "~/realtime/rooms.server";
import type { ClientToServerEvents, InterServerEvents, JoinAck, PresenceEvent, RoomRef, ServerToClientEvents, SocketData, TypingEvent } from "~/realtime/events";
import { createAdapterPool, type AdapterPool } from "./realtime-pool";

/** How often every socket's session and rooms are re-authorised (RT-4/RT-5/RT-7). */
export const RECHECK_MS = 30_000;
const JOINS_PER_MINUTE = 60;
/** Inbound events per socket (RT-9): a token bucket; over the limit the event is dropped, a flood disconnects. */
/** The adapter's connections show under this name in pg_stat_activity, its LISTEN connection under this + "-listen". */
export const ADAPTER_APPLICATION_NAME = "cluster-realtime";
export const EVENT_LIMITS = { perSecond: 5, burst: 10, maxStrikes: 30 };
/** Presence is recomputed at most this often per room and instance (joins during a reconnect storm coalesce). */
const PRESENCE_THROTTLE_MS = 250;
/** Names listed in a presence event (the count covers everyone). */
const PRESENCE_MAX_NAMES = 30;
/** How long a handshake trusts a session looked up moments ago (see handshakeViewer). */
export const HANDSHAKE_SESSION_TTL_MS = 2000;
const HANDSHAKE_CACHE_MAX = 20_000;

/** socket.io typed with the shared event maps (app/realtime/events.ts). */
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type Socket = IoSocket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeServer {
  io: IoServer;
  realtime: Realtime;
  /** Runs one re-authorisation pass over this instance's sockets now (tests, and the periodic timer). */
  recheckAll(): Promise<void>;
  close(): Promise<void>;
}

export function originAllowed(origin: string | undefined, config: AppConfig): boolean {
  return !!origin && config.allowedOrigins.includes(origin);
}

/**
 * State that stays on this instance. socket.data only carries {person:{id,name}}: with the Postgres adapter,
 * fetchSockets() ships socket.data to other instances through the database, and the raw session id (a bearer
 * secret) or the viewer's email must not travel there.
 */
interface LocalState {
  sessionId: string;
  viewer: Viewer;
  joins: { windowStart: number; count: number };
  bucket: { tokens: number; at: number };
  strikes: { value: number; at: number };
  /** room → may post (cached for typing; cleared on every re-check). */
  posters: Map<string, boolean>;
}

function parseRoom(room: string): { kind: string; id: string } | null {
  const i = room.indexOf(":");
  if (i <= 0) return null;
  const kind = room.slice(0, i);
  if (!Object.prototype.hasOwnProperty.call(roomAuthorizers, kind)) return null;
  return { kind, id: room.slice(i + 1) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A client's {kind, id}, or null when the message is not one (clients may send anything). */
function roomRef(msg: unknown, maxId = Infinity): RoomRef | null {
  if (typeof msg !== "object" || msg === null) return null;
  const { kind, id } = msg as Record<string, unknown>;
  return typeof kind === "string" && typeof id === "string" && id.length <= maxId ? { kind, id } : null;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function attachRealtime(httpServer: http.Server, opts: { db: Db; config: AppConfig; postgresUrl?: string; log: (m: string) => void; recheckMs?: number }): Promise<RealtimeServer> {
  const { db, config, log } = opts;
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    perMessageDeflate: false, // collapses broadcast throughput (docs/performance.md pitfall 6)
    maxHttpBufferSize: 64 * 1024, // RT-8: an oversize frame closes only its own connection
    cors: { origin: config.allowedOrigins, credentials: true },
    // cors alone does not stop cross-site WebSocket hijacking (docs/requirements.md F6): check Origin on every
    // handshake and upgrade, polling and websocket alike.
    allowRequest: (req, cb) => cb(null, originAllowed(req.headers.origin, config)),
    // No connection-state recovery: it skips auth and restores rooms unchecked (F5), and the Postgres adapter does
    // not support it. Clients catch up from the database by per-thread seq (docs/decisions/0005-realtime.md).
  });

  let adapterPool: AdapterPool | null = null;
  if (opts.postgresUrl) {
    // Survives losing the database: the LISTEN connection is replaced after any loss (server/realtime-pool.ts).
    adapterPool = createAdapterPool({
      connectionString: opts.postgresUrl,
      applicationName: ADAPTER_APPLICATION_NAME,
      log,
      // While this instance was not listening it missed what other instances sent, including "leave this room" after
      // a removal: re-authorise its sockets now rather than at the next periodic pass. (Missed posts are caught up
      // by the clients at the next post's seq gap or reconnect.)
      onListenerRestored: () => void recheckAll().catch((e) => log(`[realtime] re-check: ${e?.message ?? e}`)),
    });
    io.adapter(createAdapter(adapterPool.pool, { tableName: "socket_io_attachments", errorHandler: (e) => log(`[realtime] adapter: ${e.message}`) }));
  }

  const locals = new WeakMap<Socket, LocalState>();
  const state = (s: Socket) => locals.get(s)!;

  /**
   * Identical lookups running at the same moment share one query (a reconnect storm after a restart: many tabs of one
   * session, many people joining the same thread). Nothing is cached beyond the query itself, so a revocation that
   * committed before the lookup started is always seen.
   */
  const inflight = new Map<string, Promise<unknown>>();
  function shared<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = inflight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run().finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return p;
  }

  // ----- presence -------------------------------------------------------------------------------------------
  const presenceTimers = new Map<string, NodeJS.Timeout>();
  /** The last presence this instance computed per room: re-sent only when the people change (a 10,000-viewer room
   * would otherwise get 10,000 identical messages per join); a joining socket gets it directly. */
  const lastPresence = new Map<string, { key: string; payload: PresenceEvent }>();
  let closing = false;
  function schedulePresence(room: string): void {
    if (closing || presenceTimers.has(room) || !room.startsWith("thread:")) return;
    presenceTimers.set(
      room,
      setTimeout(() => {
        presenceTimers.delete(room);
        void emitPresence(room);
      }, PRESENCE_THROTTLE_MS),
    );
  }
  async function emitPresence(room: string): Promise<void> {
    try {
      // Every instance's sockets in the room (the Postgres adapter asks the others), one entry per person.
      const sockets = await io.in(room).fetchSockets();
      const people = new Map<string, { id: string; name: string }>();
      for (const s of sockets) {
        const p = s.data?.person;
        if (p && !people.has(p.id)) people.set(p.id, { id: p.id, name: p.name });
      }
      const list = [...people.values()].sort((a, b) => a.name.localeCompare(b.name, "lv"));
      const payload: PresenceEvent = { threadId: room.slice("thread:".length), people: list.slice(0, PRESENCE_MAX_NAMES), total: list.length };
      const key = JSON.stringify(payload);
      if (list.length === 0) lastPresence.delete(room);
      else if (lastPresence.get(room)?.key === key) return;
      else lastPresence.set(room, { key, payload });
      io.to(room).emit("presence", payload);
    } catch (err) {
      if (!closing) log(`[realtime] presence: ${errorText(err)}`);
    }
  }

  // ----- re-authorisation -----------------------------------------------------------------------------------
  /** Leaves every room the socket's person may no longer see; returns the rooms left. */
  async function recheckSockets(sockets: Socket[], onlyRoom?: string): Promise<void> {
    // One session lookup per session, one authorisation per (person, room): 10,000 sockets of one person in
    // one thread cost two queries, not 20,000.
    const bySession = new Map<string, Socket[]>();
    for (const s of sockets) {
      const l = locals.get(s);
      if (!l) continue;
      const list = bySession.get(l.sessionId) ?? [];
      list.push(s);
      bySession.set(l.sessionId, list);
    }
    const alive: Socket[] = [];
    await inBatches([...bySession], 4, async ([sessionId, group]) => {
      let v: Viewer | null;
      try {
        v = await viewerFromSessionId(db, sessionId);
      } catch (err) {
        log(`[realtime] re-check skipped: ${errorText(err)}`);
        return; // a database blip keeps things as they are until the next pass
      }
      for (const s of group) {
        if (!v)
          s.disconnect(true); // logged out elsewhere, expired, deactivated
        else {
          const l = state(s);
          l.viewer = v;
          l.posters.clear();
          alive.push(s);
        }
      }
    });
    const checks = new Map<string, { viewer: Viewer; room: string; kind: string; id: string; sockets: Socket[] }>();
    for (const s of alive) {
      const viewer = state(s).viewer;
      for (const room of s.rooms) {
        if (onlyRoom && room !== onlyRoom) continue;
        const r = parseRoom(room);
        if (!r) continue;
        const key = `${viewer.id}|${room}`;
        const c = checks.get(key) ?? { viewer, room, ...r, sockets: [] };
        c.sockets.push(s);
        checks.set(key, c);
      }
    }
    await inBatches([...checks.values()], 4, async (c) => {
      let allowed: boolean;
      try {
        allowed = isActiveMember(c.viewer) && (await roomAuthorizers[c.kind](db, c.viewer, c.id)) === c.room;
      } catch (err) {
        log(`[realtime] room re-check skipped: ${errorText(err)}`);
        return;
      }
      if (allowed) return;
      for (const s of c.sockets) s.leave(c.room);
      schedulePresence(c.room);
    });
  }

  let sweeping: Promise<void> | null = null;
  function recheckAll(): Promise<void> {
    joinGrants.clear();
    return (sweeping ??= recheckSockets([...io.of("/").sockets.values()]).finally(() => (sweeping = null)));
  }
  async function recheckLocalRoom(room: string): Promise<void> {
    dropGrants((_, r) => r === room);
    const ids = io.of("/").adapter.rooms.get(room);
    if (!ids) return;
    const sockets = [...ids].map((id) => io.of("/").sockets.get(id)).filter((s): s is Socket => !!s);
    await recheckSockets(sockets, room).catch((e) => log(`[realtime] re-check: ${e?.message ?? e}`));
  }
  const recheckMs = opts.recheckMs ?? RECHECK_MS;
  const recheckTimer = setInterval(() => void recheckAll().catch((e) => log(`[realtime] re-check: ${e?.message ?? e}`)), recheckMs);
  recheckTimer.unref();
  // Other instances ask this one to re-check a room (a group turned private there).
  io.on("recheck-room", (room) => {
    if (typeof room === "string") void recheckLocalRoom(room);
  });

  // ----- handshake ------------------------------------------------------------------------------------------
  // Authenticate the handshake with the web session (RT-5).
  // A handshake is cheap for a session seen moments ago (a reconnect storm, several tabs): the cookie's signature
  // check is remembered per cookie header, the session's viewer for HANDSHAKE_SESSION_TTL_MS. Logout, password change
  // and "log out everywhere" drop the session's entry on this instance at once (disconnectSessions); on another
  // instance the entry lives at most the TTL, and the periodic re-check covers anything later.
  const verifiedCookies = new Map<string, string | null>();
  // The same for joins: a person's right to a room, granted moments ago, is trusted for the TTL (a reconnect storm of
  // one person's tabs, or many viewers of one thread). A removal (leaveRoom), a re-check of the room (recheckRoom, also
  // when another instance asks) and the periodic pass drop the grants they concern.
  const joinGrants = new Map<string, { room: string; until: number }>();
  const dropGrants = (match: (key: string, room: string) => boolean) => {
    for (const [k, g] of joinGrants) if (match(k, g.room)) joinGrants.delete(k);
  };
  const sessionViewers = new Map<string, { viewer: Viewer; until: number }>();
  async function handshakeViewer(cookie: string | undefined): Promise<{ sessionId: string; viewer: Viewer } | null> {
    if (!cookie) return null;
    let sessionId = verifiedCookies.get(cookie);
    if (sessionId === undefined) {
      sessionId = await sessionIdFromCookieHeader(cookie, config);
      if (verifiedCookies.size >= HANDSHAKE_CACHE_MAX) verifiedCookies.delete(verifiedCookies.keys().next().value!);
      verifiedCookies.set(cookie, sessionId);
    }
    if (!sessionId) return null;
    const now = Date.now();
    const hit = sessionViewers.get(sessionId);
    if (hit && hit.until > now) return { sessionId, viewer: hit.viewer };
    const id = sessionId;
    const viewer = await shared(`session:${id}`, () => viewerFromSessionId(db, id));
    if (!viewer) return null;
    if (sessionViewers.size >= HANDSHAKE_CACHE_MAX) sessionViewers.delete(sessionViewers.keys().next().value!);
    sessionViewers.set(id, { viewer, until: Date.now() + HANDSHAKE_SESSION_TTL_MS });
    return { sessionId: id, viewer };
  }

  io.use(async (socket, next) => {
    try {
      const found = await handshakeViewer(socket.handshake.headers.cookie);
      const sessionId = found?.sessionId;
      const viewer = found?.viewer;
      if (!sessionId || !viewer) return next(new Error("unauthorized"));
      const now = Date.now();
      locals.set(socket, {
        sessionId,
        viewer,
        joins: { windowStart: now, count: 0 },
        bucket: { tokens: EVENT_LIMITS.burst, at: now },
        strikes: { value: 0, at: now },
        posters: new Map(),
      });
      socket.data.person = { id: viewer.id, name: viewer.name };
      next();
    } catch {
      next(new Error("unauthorized"));
    }
  });

  /** Token bucket per socket (RT-9). False = drop this event; a socket that keeps flooding is disconnected. */
  function allowEvent(socket: Socket): boolean {
    const l = state(socket);
    const now = Date.now();
    const b = l.bucket;
    b.tokens = Math.min(EVENT_LIMITS.burst, b.tokens + ((now - b.at) / 1000) * EVENT_LIMITS.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    const st = l.strikes;
    st.value = Math.max(0, st.value - (now - st.at) / 1000) + 1; // strikes decay by one per second
    st.at = now;
    if (st.value > EVENT_LIMITS.maxStrikes) {
      log(`[realtime] disconnecting a flooding socket of person ${l.viewer.id}`);
      socket.disconnect(true);
    }
    return false;
  }

  io.on("connection", (socket: Socket) => {
    const l = state(socket);
    const viewer = l.viewer;
    // The handshake (with its headers) is built by now: drop the raw request to save memory per connection.
    (socket.conn as { request: unknown }).request = null;
    socket.join(`user:${viewer.id}`);
    socket.join(`session:${viewer.sessionHash}`);

    socket.use((packet, next) => {
      if (allowEvent(socket)) return next();
      const ack = packet[packet.length - 1];
      if (typeof ack === "function") ack({ ok: false, error: "rate_limited" });
    });

    socket.on("room:join", async (msg: unknown, ack?: (r: JoinAck) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const j = l.joins;
      if (Date.now() - j.windowStart > 60_000) {
        j.windowStart = Date.now();
        j.count = 0;
      }
      if (++j.count > JOINS_PER_MINUTE) return reply({ ok: false, error: "rate_limited" });
      const ref = roomRef(msg, 100);
      if (!ref) return reply({ ok: false, error: "bad_request" });
      const { kind, id } = ref;
      const authorize = Object.prototype.hasOwnProperty.call(roomAuthorizers, kind) ? roomAuthorizers[kind] : undefined;
      const current = l.viewer;
      if (!authorize || !isActiveMember(current)) return reply({ ok: false, error: "not_found" });
      try {
        const key = `${current.id}|${kind}:${id}`;
        const granted = joinGrants.get(key);
        let room: string | null;
        if (granted && granted.until > Date.now()) room = granted.room;
        else {
          room = await shared(`join:${current.id}:${kind}:${id}`, () => authorize(db, current, id));
          if (room) {
            if (joinGrants.size >= HANDSHAKE_CACHE_MAX) joinGrants.delete(joinGrants.keys().next().value!);
            joinGrants.set(key, { room, until: Date.now() + HANDSHAKE_SESSION_TTL_MS });
          }
        }
        if (!room || !socket.connected) return reply({ ok: false, error: "not_found" });
        await socket.join(room);
        reply({ ok: true });
        // The newcomer gets the last known presence now; everyone gets a new one if the people changed.
        const known = lastPresence.get(room);
        if (known) socket.emit("presence", known.payload);
        schedulePresence(room);
      } catch {
        reply({ ok: false, error: "not_found" });
      }
    });

    socket.on("room:leave", (msg: unknown) => {
      const ref = roomRef(msg);
      if (!ref) return;
      const room = `${ref.kind}:${ref.id}`;
      if (!socket.rooms.has(room) || !parseRoom(room)) return;
      socket.leave(room);
      l.posters.delete(room);
      schedulePresence(room);
    });

    // "X is typing…": only from a socket already in the thread's room whose person may post there; to the room's
    // other people (not the sender's own other tabs).
    socket.on("thread:typing", async (msg: unknown) => {
      const threadId = typeof msg === "object" && msg !== null ? (msg as Record<string, unknown>).threadId : undefined;
      if (typeof threadId !== "string" || threadId.length > 100) return;
      const room = `thread:${threadId}`;
      if (!socket.rooms.has(room)) return;
      let may = l.posters.get(room);
      if (may === undefined) {
        may = await mayPostInRoom(db, l.viewer, room).catch(() => false);
        l.posters.set(room, may);
      }
      if (!may || !socket.rooms.has(room)) return;
      const payload: TypingEvent = { threadId, person: { id: l.viewer.id, name: l.viewer.name } };
      socket.to(room).except(`user:${l.viewer.id}`).emit("typing", payload);
    });

    let roomsAtExit: string[] = [];
    socket.on("disconnecting", () => {
      roomsAtExit = [...socket.rooms].filter((r) => r.startsWith("thread:"));
    });
    socket.on("disconnect", () => {
      for (const room of roomsAtExit) schedulePresence(room);
    });
  });

  // socket.io cannot relate a generic event name to its parameter list, so the emit below is seen through a plain
  // (name, payload) signature; Realtime's own signature keeps every caller's payload checked against ServerEvents.
  const emitTo = (room: string | string[]): { emit(event: string, payload: unknown): boolean } => io.to(room);
  // Pushes to people are gathered for the rest of this turn of the event loop and sent as one broadcast per event
  // and payload to all their rooms: a post that tells 30 followers is one packet encoded once (and, with the Postgres
  // adapter, one NOTIFY), not 30.
  const userBatches = new Map<string, { event: string; payload: unknown; rooms: Set<string> }>();
  let userFlush: NodeJS.Immediate | null = null;
  const flushUsers = () => {
    userFlush = null;
    const batches = [...userBatches.values()];
    userBatches.clear();
    for (const b of batches) emitTo([...b.rooms]).emit(b.event, b.payload);
  };
  const realtime: Realtime = {
    toUser(personId, event, payload) {
      const key = `${event}\u0000${JSON.stringify(payload)}`;
      let b = userBatches.get(key);
      if (!b) userBatches.set(key, (b = { event, payload, rooms: new Set() }));
      b.rooms.add(`user:${personId}`);
      userFlush ??= setImmediate(flushUsers);
    },
    toRoom(room, event, payload) {
      emitTo(room).emit(event, payload);
    },
    disconnectSessions(hashes) {
      const ended = new Set(hashes);
      for (const [id, v] of sessionViewers) if (ended.has(v.viewer.sessionHash)) sessionViewers.delete(id);
      for (const h of hashes) io.in(`session:${h}`).disconnectSockets(true);
    },
    leaveRoom(personId, room) {
      dropGrants((k) => k.startsWith(`${personId}|`));
      io.in(`user:${personId}`).socketsLeave(room);
      schedulePresence(room);
    },
    async recheckRoom(room) {
      if (adapterPool) io.serverSideEmit("recheck-room", room);
      await recheckLocalRoom(room);
    },
  };

  return {
    io,
    realtime,
    recheckAll,
    async close() {
      closing = true;
      clearInterval(recheckTimer);
      if (userFlush) {
        clearImmediate(userFlush);
        flushUsers();
      }
      verifiedCookies.clear();
      sessionViewers.clear();
      joinGrants.clear();
      for (const t of presenceTimers.values()) clearTimeout(t);
      presenceTimers.clear();
      lastPresence.clear();
      // Close the transports without a disconnect packet: clients see "transport close" and reconnect (to this
      // instance after a restart, or to another one), then catch up from the database. A disconnect packet would
      // tell them the server ended the session on purpose, and they would not come back.
      await new Promise<void>((res) => io.close(() => res()));
      await adapterPool?.close();
    },
  };
}
