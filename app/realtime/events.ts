// The socket.io event maps, shared by the server (server/realtime.ts, ctx.realtime) and the browser (app/realtime/*).
// Types only, no server imports: the browser bundle imports this file.
import type { ThreadEvents } from "~/modules/threads/dto";

export interface PersonRef {
  id: string;
  name: string;
}

/** To `thread:<id>` (everyone but the typist's own tabs) while someone types a reply. */
export interface TypingEvent {
  threadId: string;
  person: PersonRef;
}

/** To `thread:<id>` after anyone joins or leaves: who is viewing now (one entry per person, every instance). */
export interface PresenceEvent {
  threadId: string;
  /** Sorted by name; at most 30. */
  people: PersonRef[];
  /** Everyone viewing (may exceed people.length). */
  total: number;
}

/** To `user:<id>` after a notification row for that person committed (the bell re-reads its count). */
export interface NotificationEvent {
  kind: string;
}

/** A room a client asks to join or leave; the server authorises it (app/realtime/rooms.server.ts). */
export interface RoomRef {
  kind: string;
  id: string;
}

export type JoinAck = { ok: true } | { ok: false; error: "rate_limited" | "bad_request" | "not_found" };

/** Server → client: event name → payload. */
export interface ServerEvents extends ThreadEvents {
  presence: PresenceEvent;
  typing: TypingEvent;
  "notification:new": NotificationEvent;
}

export type ServerEventName = keyof ServerEvents;

/** socket.io's form of ServerEvents (one listener argument per event). */
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEvents[E]) => void };

/**
 * Client → server. The server still validates every message at runtime (a client may send anything): its handlers
 * take `unknown` and check the shape.
 */
export interface ClientToServerEvents {
  "room:join": (room: RoomRef, ack?: (r: JoinAck) => void) => void;
  "room:leave": (room: RoomRef) => void;
  "thread:typing": (msg: { threadId: string }) => void;
}

/** Between app instances (through the Postgres adapter). */
export interface InterServerEvents {
  /** Re-authorise every local socket in this room now (e.g. a group turned private on another instance). */
  "recheck-room": (room: string) => void;
}

/** What socket.data carries. With the Postgres adapter, fetchSockets() ships it to other instances: keep it small and
 * free of secrets (never the session id or the email). */
export interface SocketData {
  person: PersonRef;
}
