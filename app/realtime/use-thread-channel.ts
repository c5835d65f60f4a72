import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { PostDto, ThreadDto } from "~/modules/threads/dto";
import type { PersonRef, PresenceEvent } from "./events";
import { useRealtime, type LiveStatus } from "./socket-context";
import { attachThreadChannel, typingNotifier } from "./thread-channel";
import { browserFetchAfter, ThreadSync } from "./thread-sync";

/** How long "X is typing…" stays after the last signal. */
export const TYPING_SHOW_MS = 4000;

export interface LiveThread {
  /** The posts to render: the server-rendered page plus everything pushed or caught up since. */
  posts: PostDto[];
  thread: ThreadDto;
  lastSeq: number;
  /** People typing now (not the viewer). */
  typing: PersonRef[];
  presence: PresenceEvent | null;
  status: LiveStatus;
  /** The latest post that arrived live from someone else (for a polite screen-reader announcement). */
  arrived: { seq: number; name: string } | null;
  /** Call on input in the reply box (throttled to one signal per 2 s). */
  notifyTyping: () => void;
}

/**
 * Keeps a thread page live: joins the thread's room on every (re)connect, applies pushes, and fetches
 * /threads/:id/posts?after=<lastSeq> on reconnects and gaps, so the list ends equal to the database's.
 * `page` is the loader's data: the server-rendered HTML stays the source of truth (first render = SSR), and each
 * revalidation (e.g. after the viewer's own post) is merged by seq, never doubled.
 */
export function useThreadChannel(threadId: string, page: { posts: PostDto[]; thread: ThreadDto; live: boolean; viewerId: string }): LiveThread {
  const { socket, status } = useRealtime();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // One ThreadSync per thread and live mode, kept in state; another thread (or mode) swaps in a new one while
  // rendering (React's "adjust state when a prop changes"), and the replaced one is stopped once the swap is committed.
  const key = `${threadId}:${page.live}`;
  const start = () => ({
    key,
    sync: new ThreadSync({ threadId, live: page.live, fetchAfter: browserFetchAfter(threadId), onChange: rerender }, page.posts, page.thread),
  });
  const [current, setCurrent] = useState(start);
  let sync = current.sync;
  if (current.key !== key) {
    const next = start();
    setCurrent(next);
    sync = next.sync;
  }
  const previous = useRef<ThreadSync | null>(null);
  useEffect(() => {
    // Not on unmount: StrictMode's test unmount would stop a sync that is then used again.
    if (previous.current && previous.current !== sync) previous.current.stop();
    previous.current = sync;
  }, [sync]);

  // Loader data changed (revalidation after an action, or a navigation within the thread): merge it.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    sync.reset(page.posts, page.thread);
  }, [sync, page.posts, page.thread]);

  const [typing, setTyping] = useState<PersonRef[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const stopTyping = useCallback((id: string) => {
    const t = timers.current.get(id);
    if (t) clearTimeout(t);
    timers.current.delete(id);
    setTyping((list) => (list.some((p) => p.id === id) ? list.filter((p) => p.id !== id) : list));
  }, []);
  const [presence, setPresence] = useState<PresenceEvent | null>(null);
  const [arrived, setArrived] = useState<{ seq: number; name: string } | null>(null);

  useEffect(() => {
    if (!socket) return;
    const detach = attachThreadChannel(socket, sync, threadId, {
      onTyping: (e) => {
        if (e.person.id === page.viewerId) return;
        const old = timers.current.get(e.person.id);
        if (old) clearTimeout(old);
        timers.current.set(
          e.person.id,
          setTimeout(() => stopTyping(e.person.id), TYPING_SHOW_MS),
        );
        setTyping((list) => (list.some((p) => p.id === e.person.id) ? list : [...list, e.person]));
      },
      onPresence: setPresence,
      onPost: (p) => {
        stopTyping(p.author.id);
        if (p.author.id !== page.viewerId) setArrived({ seq: p.seq, name: p.author.name });
      },
    });
    return () => {
      detach();
      setPresence(null);
    };
  }, [socket, sync, threadId, page.viewerId, stopTyping]);

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const t of all.values()) clearTimeout(t);
      all.clear();
    };
  }, []);

  // Posts that arrived live while the page was visible count as read (unread counts, "new since your last visit").
  // `marked` starts at the seq this sync was first rendered with (the page load marked those read on the server).
  const marked = useRef<{ sync: ThreadSync; seq: number } | null>(null);
  const lastSeq = sync.lastSeq;
  useEffect(() => {
    if (marked.current?.sync !== sync) marked.current = { sync, seq: lastSeq };
    if (!page.live) return;
    const send = () => {
      const m = marked.current;
      if (!m || m.sync !== sync || sync.lastSeq <= m.seq || document.visibilityState !== "visible") return;
      const seq = sync.lastSeq;
      m.seq = seq;
      void fetch(`/threads/${encodeURIComponent(threadId)}/posts`, {
        method: "POST",
        credentials: "same-origin",
        body: new URLSearchParams({ read: String(seq) }),
      }).catch(() => {
        if (m.seq === seq) m.seq = seq - 1; // try again with the next post or the next visit of the tab
      });
    };
    const timer = setTimeout(send, 1500);
    document.addEventListener("visibilitychange", send);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", send);
    };
  }, [sync, lastSeq, threadId, page.live]);

  // A new socket (after a reconnect that replaced it) gets a new notifier; its throttle starts afresh.
  const notifyTyping = useMemo(() => typingNotifier(() => socket, threadId), [socket, threadId]);

  return {
    posts: sync.posts,
    thread: sync.thread,
    lastSeq: sync.lastSeq,
    typing,
    presence: status === "connected" ? presence : null,
    status,
    arrived,
    notifyTyping,
  };
}
