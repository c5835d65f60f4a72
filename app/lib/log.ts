/**
 * Log lines with repeats folded: the first occurrence of a line is written at once; identical lines within the
 * window are only counted, and one summary line with the count follows ("… ×N in 60 s"). During an outage every
 * request fails the same way, and thousands of identical stack traces a minute would bury everything else.
 */
export interface RepeatLimitOptions {
  windowMs?: number;
  /** Distinct lines tracked at once; beyond this the oldest is summarised and forgotten. */
  maxKeys?: number;
  now?: () => number;
}

export type LineLog = ((line: string) => void) & { flush(): void };

export function limitRepeats(sink: (line: string) => void, opts: RepeatLimitOptions = {}): LineLog {
  const windowMs = opts.windowMs ?? 60_000;
  const maxKeys = opts.maxKeys ?? 500;
  const now = opts.now ?? Date.now;
  const seen = new Map<string, { since: number; repeats: number }>();
  let timer: NodeJS.Timeout | null = null;

  const summary = (line: string, repeats: number) => {
    const head = line.split("\n", 1)[0];
    sink(`${head} (repeated ${repeats} more time${repeats === 1 ? "" : "s"} in ${Math.round(windowMs / 1000)} s)`);
  };
  const sweep = (all: boolean) => {
    const t = now();
    for (const [line, s] of seen) {
      if (!all && t - s.since < windowMs) continue;
      if (s.repeats > 0) summary(line, s.repeats);
      seen.delete(line);
    }
    if (seen.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  const log = ((line: string) => {
    const t = now();
    const s = seen.get(line);
    if (s && t - s.since < windowMs) {
      s.repeats++;
      return;
    }
    if (s) {
      if (s.repeats > 0) summary(line, s.repeats);
      seen.delete(line);
    }
    if (seen.size >= maxKeys) {
      const [oldest, o] = seen.entries().next().value!;
      if (o.repeats > 0) summary(oldest, o.repeats);
      seen.delete(oldest);
    }
    seen.set(line, { since: t, repeats: 0 });
    sink(line);
    if (!timer) {
      timer = setInterval(() => sweep(false), windowMs);
      timer.unref?.();
    }
  }) as LineLog;
  log.flush = () => sweep(true);
  return log;
}

const SHARED = Symbol.for("cluster-platform.errorLog");

/** One repeat-limited error log for the process (shared by the server bundle and the Remix build). */
export function errorLog(line: string): void {
  const g = globalThis as unknown as Record<symbol, LineLog | undefined>;
  (g[SHARED] ??= limitRepeats((l) => console.error(l)))(line);
}

/** An error as one log entry: its stack when it has one. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
