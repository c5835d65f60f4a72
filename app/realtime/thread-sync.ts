import type { PostDto, ThreadDto, ThreadEvents } from "~/modules/threads/dto";

// The client's copy of one thread, kept equal to the database (docs/requirements.md RT-1/RT-2). Socket pushes are an
// at-most-once hint; the per-thread seq tells what is missing, and GET /threads/:id/posts?after=<seq> fills it.
// No React and no socket here: the hook (use-thread-channel.ts) and the tests drive the same code.

export interface CatchUpPage {
  thread: ThreadDto;
  posts: PostDto[];
  more: boolean;
}

/** Fetches posts with seq > after; null means stop (no access any more). Throws on network errors. */
export type FetchAfter = (after: number) => Promise<CatchUpPage | null>;

export type ThreadEventName = keyof ThreadEvents;

export interface ThreadSyncOptions {
  threadId: string;
  /** Append new posts (the latest page); false on older pages, which only apply changes to the posts they show. */
  live: boolean;
  fetchAfter: FetchAfter;
  onChange?: () => void;
  /** A catch-up failed (offline); it is retried on the next reconnect or gap. */
  onError?: (err: unknown) => void;
  /** The server answered 401/404: this viewer may no longer read the thread. */
  onDenied?: () => void;
}

/**
 * Which of two versions of the same post to keep when the fresher one is unknown (the page's loader data after a
 * revalidation against what the socket already told us): a deletion is final, a later edit wins, else the incoming.
 */
export function newerPost(local: PostDto, incoming: PostDto): PostDto {
  if (local.state === "deleted") return local;
  if (incoming.state === "deleted") return incoming;
  if ((local.editedAt ?? "") > (incoming.editedAt ?? "")) return local;
  return incoming;
}

export class ThreadSync {
  /** Known posts by seq (contiguous from the first shown up to lastSeq when live). */
  private bySeq = new Map<number, PostDto>();
  /** Posts pushed ahead of a gap, waiting for the missing ones. */
  private ahead = new Map<number, PostDto>();
  /** Event counter and the counter value when each seq was last changed by a push (catch-up must not undo it). */
  private clock = 0;
  private touched = new Map<number, number>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private cached: PostDto[] | null = null;
  lastSeq: number;
  thread: ThreadDto;

  constructor(
    private opts: ThreadSyncOptions,
    initial: PostDto[],
    thread: ThreadDto,
  ) {
    for (const p of initial) this.bySeq.set(p.seq, p);
    this.lastSeq = initial.reduce((m, p) => Math.max(m, p.seq), 0);
    this.thread = thread;
  }

  /** The posts to render, in seq order. The same array until something changes. */
  get posts(): PostDto[] {
    return (this.cached ??= [...this.bySeq.values()].sort((a, b) => a.seq - b.seq));
  }

  get ids(): string[] {
    return this.posts.map((p) => p.id);
  }

  stop(): void {
    this.stopped = true;
  }

  private changed(): void {
    this.cached = null;
    this.opts.onChange?.();
  }

  /** Moves pushed-ahead posts into the list while they continue it without a gap. */
  private drainAhead(): void {
    for (let p = this.ahead.get(this.lastSeq + 1); p; p = this.ahead.get(this.lastSeq + 1)) {
      this.ahead.delete(p.seq);
      this.bySeq.set(p.seq, p);
      this.lastSeq = p.seq;
    }
    for (const seq of this.ahead.keys()) if (seq <= this.lastSeq) this.ahead.delete(seq);
  }

  /** Applies one pushed event. Returns true when it revealed a gap (a catch-up was started). */
  apply(event: ThreadEventName, payload: unknown): boolean {
    if (this.stopped) return false;
    if (event === "thread:updated") {
      const t = payload as ThreadDto;
      if (!t || t.id !== this.opts.threadId) return false;
      this.thread = { ...t, lastSeq: Math.max(t.lastSeq, this.thread.lastSeq) };
      this.changed();
      if (this.opts.live && t.lastSeq > this.lastSeq) {
        void this.catchUp();
        return true;
      }
      return false;
    }
    const p = payload as PostDto;
    if (!p || p.threadId !== this.opts.threadId || !Number.isInteger(p.seq)) return false;
    this.clock++;
    const known = this.bySeq.get(p.seq);
    if (known) {
      // A repeated post:new (the poster's own post, pushed and also in the revalidated page) changes nothing.
      if (event === "post:new") return false;
      // The post count covers visible posts: keep it in step with deletions, hides and un-hides.
      const delta = (p.state === "visible" ? 1 : 0) - (known.state === "visible" ? 1 : 0);
      if (delta !== 0) this.thread = { ...this.thread, postCount: Math.max(0, this.thread.postCount + delta) };
      this.bySeq.set(p.seq, p);
      this.touched.set(p.seq, this.clock);
      this.changed();
      return false;
    }
    if (!this.opts.live || p.seq <= this.lastSeq) return false; // not on this page
    this.touched.set(p.seq, this.clock);
    const pending = this.ahead.get(p.seq);
    this.ahead.set(p.seq, pending && event === "post:new" ? pending : p);
    const before = this.lastSeq;
    this.drainAhead();
    this.thread = {
      ...this.thread,
      lastSeq: Math.max(this.thread.lastSeq, this.lastSeq),
      postCount: this.thread.postCount + (this.lastSeq > this.thread.lastSeq ? this.lastSeq - this.thread.lastSeq : 0),
    };
    if (this.lastSeq !== before) this.changed();
    if (this.ahead.size > 0) {
      // seq != last + 1: something was missed; fetch it.
      void this.catchUp();
      return true;
    }
    return false;
  }

  /**
   * The page's loader data after a revalidation (e.g. after the viewer's own post): merged by seq, never doubled.
   * A page that no longer joins up with what we hold (we were far behind) replaces it.
   */
  reset(initial: PostDto[], thread: ThreadDto): void {
    if (this.stopped) return;
    const first = initial.reduce((m, p) => Math.min(m, p.seq), Infinity);
    if (this.opts.live && initial.length > 0 && first > this.lastSeq + 1) {
      this.bySeq.clear();
      this.ahead.clear();
    }
    for (const p of initial) {
      const known = this.bySeq.get(p.seq);
      this.bySeq.set(p.seq, known ? newerPost(known, p) : p);
      if (this.opts.live && p.seq > this.lastSeq) this.ahead.delete(p.seq);
    }
    if (this.opts.live) {
      const contiguousTop = (() => {
        let s = this.lastSeq;
        while (this.bySeq.has(s + 1)) s++;
        return s;
      })();
      this.lastSeq = Math.max(this.lastSeq, contiguousTop);
      this.drainAhead();
    }
    this.thread = { ...thread, lastSeq: Math.max(thread.lastSeq, this.lastSeq) };
    this.changed();
  }

  /**
   * Fetches everything after lastSeq until caught up. Runs once at a time; a request while running runs it again
   * afterwards (a gap seen mid-way is not lost). Resolves when caught up (or failed: the error goes to onError).
   */
  catchUp(): Promise<void> {
    if (!this.opts.live || this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.catchUpOnce();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.opts.onError?.(err);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async catchUpOnce(): Promise<void> {
    for (;;) {
      const startedAt = this.clock;
      const page = await this.opts.fetchAfter(this.lastSeq);
      if (this.stopped) return;
      if (!page) {
        this.stop();
        this.opts.onDenied?.();
        return;
      }
      let changed = false;
      for (const p of page.posts) {
        if (p.threadId !== this.opts.threadId) continue;
        const known = this.bySeq.get(p.seq);
        // A push that arrived while this request was in flight is newer than the response.
        if (known && (this.touched.get(p.seq) ?? 0) > startedAt) continue;
        if (known || p.seq === this.lastSeq + 1) {
          this.bySeq.set(p.seq, p);
          if (p.seq === this.lastSeq + 1) this.lastSeq = p.seq;
          changed = true;
        } else if (p.seq > this.lastSeq) {
          this.ahead.set(p.seq, p);
        }
        this.drainAhead();
      }
      const t = page.thread;
      if (t && t.id === this.opts.threadId) {
        this.thread = { ...t, lastSeq: Math.max(t.lastSeq, this.lastSeq) };
        changed = true;
      }
      if (changed) this.changed();
      if (!page.more || page.posts.length === 0) return;
    }
  }
}

/** The browser's catch-up request (same origin, the session cookie). */
export function browserFetchAfter(threadId: string): FetchAfter {
  return async (after) => {
    const res = await fetch(`/threads/${encodeURIComponent(threadId)}/posts?after=${after}`, {
      credentials: "same-origin",
      headers: { accept: "application/json" },
      cache: "no-store",
    });
    if (res.status === 401 || res.status === 403 || res.status === 404) return null;
    if (!res.ok) throw new Error(`catch-up failed: ${res.status}`);
    return (await res.json()) as CatchUpPage;
  };
}
