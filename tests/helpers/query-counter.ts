import pg from "pg";
import { PGlite } from "@electric-sql/pglite";

/**
 * Counts the statements the app sends to the database (each one a round trip on PostgreSQL; on PGlite a call into
 * the embedded engine): wraps pg's Client#query and PGlite#query/#exec for every client in this process. Install it
 * before the server opens its pool (a connection binds its query method when it connects). A count, not a timing.
 */
export interface QueryCounter {
  /** Starts recording (clears what was recorded). */
  start(): void;
  /** Stops recording and returns the statements seen since start(). */
  stop(): string[];
  uninstall(): void;
}

export function installQueryCounter(): QueryCounter {
  let recording: string[] | null = null;
  const restore: (() => void)[] = [];
  const wrap = (owner: object, name: string) => {
    const o = owner as Record<string, unknown>;
    const original = o[name] as (...args: unknown[]) => unknown;
    o[name] = function (this: unknown, ...args: unknown[]) {
      if (recording) {
        const q = args[0];
        recording.push(typeof q === "string" ? q : String((q as { text?: string })?.text ?? q));
      }
      return original.apply(this, args);
    };
    restore.push(() => (o[name] = original));
  };
  wrap(pg.Client.prototype, "query");
  // PGlite#query and #exec live on a base class.
  for (const name of ["query", "exec"]) {
    let proto: object | null = PGlite.prototype;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, name)) proto = Object.getPrototypeOf(proto);
    if (proto) wrap(proto, name);
  }
  return {
    start() {
      recording = [];
    },
    stop() {
      const seen = recording ?? [];
      recording = null;
      return seen;
    },
    uninstall() {
      for (const r of restore.reverse()) r();
    },
  };
}
