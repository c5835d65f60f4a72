import type { Socket } from "socket.io-client";
import type { PresenceEvent, TypingEvent } from "./events";
import type { ThreadEventName, ThreadSync } from "./thread-sync";

const THREAD_EVENTS: ThreadEventName[] = ["post:new", "post:edited", "post:deleted", "post:hidden", "thread:updated"];

export interface ChannelHooks {
  onTyping?: (e: TypingEvent) => void;
  onPresence?: (e: PresenceEvent) => void;
  /** Any post:new (to clear that author's typing indicator, announce it). */
  onPost?: (e: { author: { id: string; name: string }; seq: number }) => void;
  /** room:join refused: the viewer may not (or no longer) see the thread. */
  onDenied?: () => void;
}

/**
 * Connects a ThreadSync to a socket: on every (re)connect it joins the thread's room (the server authorises it
 * like the page) and then catches up from the database, so nothing committed while disconnected is missed —
 * posts committed before the join come from the fetch, later ones from the room (duplicates fold by seq).
 * Returns the function that detaches (and leaves the room).
 */
export function attachThreadChannel(socket: Socket, sync: ThreadSync, threadId: string, hooks: ChannelHooks = {}): () => void {
  let detached = false;
  const join = async () => {
    try {
      const r = (await socket.timeout(10_000).emitWithAck("room:join", { kind: "thread", id: threadId })) as { ok: boolean; error?: string };
      if (detached) return;
      if (!r.ok && r.error === "not_found") {
        hooks.onDenied?.();
        return;
      }
    } catch {
      // ack timed out (the connection dropped again): the next "connect" joins again; catch up anyway.
    }
    if (!detached) await sync.catchUp();
  };
  const handlers = THREAD_EVENTS.map((event) => {
    const h = (payload: unknown) => {
      sync.apply(event, payload);
      if (event === "post:new" && payload && (payload as { threadId?: string }).threadId === threadId) {
        hooks.onPost?.(payload as { author: { id: string; name: string }; seq: number });
      }
    };
    socket.on(event, h);
    return [event, h] as const;
  });
  const onTyping = (e: TypingEvent) => {
    if (e?.threadId === threadId) hooks.onTyping?.(e);
  };
  const onPresence = (e: PresenceEvent) => {
    if (e?.threadId === threadId) hooks.onPresence?.(e);
  };
  socket.on("typing", onTyping);
  socket.on("presence", onPresence);
  socket.on("connect", join);
  if (socket.connected) void join();
  return () => {
    detached = true;
    for (const [event, h] of handlers) socket.off(event, h);
    socket.off("typing", onTyping);
    socket.off("presence", onPresence);
    socket.off("connect", join);
    if (socket.connected) socket.emit("room:leave", { kind: "thread", id: threadId });
  };
}

/** At most one "typing" signal per interval while the person types. */
export function typingNotifier(socket: () => Socket | null, threadId: string, everyMs = 2000): () => void {
  let last = 0;
  return () => {
    const s = socket();
    const now = Date.now();
    if (!s?.connected || now - last < everyMs) return;
    last = now;
    s.emit("thread:typing", { threadId });
  };
}
