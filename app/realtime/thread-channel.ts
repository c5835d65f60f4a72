import type { PostDto, ThreadDto } from "~/modules/threads/dto";
import type { PresenceEvent, TypingEvent } from "./events";
import type { ClientSocket } from "./socket-context";
import type { ThreadSync } from "./thread-sync";

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
export function attachThreadChannel(socket: ClientSocket, sync: ThreadSync, threadId: string, hooks: ChannelHooks = {}): () => void {
  let detached = false;
  const join = async () => {
    try {
      const r = await socket.timeout(10_000).emitWithAck("room:join", { kind: "thread", id: threadId });
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
  const onNew = (p: PostDto) => {
    sync.apply("post:new", p);
    if (p?.threadId === threadId) hooks.onPost?.(p);
  };
  const onEdited = (p: PostDto) => sync.apply("post:edited", p);
  const onDeleted = (p: PostDto) => sync.apply("post:deleted", p);
  const onHidden = (p: PostDto) => sync.apply("post:hidden", p);
  const onThread = (t: ThreadDto) => sync.apply("thread:updated", t);
  const onTyping = (e: TypingEvent) => {
    if (e?.threadId === threadId) hooks.onTyping?.(e);
  };
  const onPresence = (e: PresenceEvent) => {
    if (e?.threadId === threadId) hooks.onPresence?.(e);
  };
  socket.on("post:new", onNew);
  socket.on("post:edited", onEdited);
  socket.on("post:deleted", onDeleted);
  socket.on("post:hidden", onHidden);
  socket.on("thread:updated", onThread);
  socket.on("typing", onTyping);
  socket.on("presence", onPresence);
  socket.on("connect", join);
  if (socket.connected) void join();
  return () => {
    detached = true;
    socket.off("post:new", onNew);
    socket.off("post:edited", onEdited);
    socket.off("post:deleted", onDeleted);
    socket.off("post:hidden", onHidden);
    socket.off("thread:updated", onThread);
    socket.off("typing", onTyping);
    socket.off("presence", onPresence);
    socket.off("connect", join);
    if (socket.connected) socket.emit("room:leave", { kind: "thread", id: threadId });
  };
}

/** At most one "typing" signal per interval while the person types. */
export function typingNotifier(socket: () => ClientSocket | null, threadId: string, everyMs = 2000): () => void {
  let last = 0;
  return () => {
    const s = socket();
    const now = Date.now();
    if (!s?.connected || now - last < everyMs) return;
    last = now;
    s.emit("thread:typing", { threadId });
  };
}
