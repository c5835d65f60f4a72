// Start to healthy, compiled build: PGlite (existing data folder) and PostgreSQL. Target ≤ 3 s / ≤ 1 s.
// Memory on the embedded database (issue 15 #7): resident memory one minute after a first start on an empty PGlite
// folder against one minute after a restart on the same folder. Target: the first start settles at the restart
// figure, ≤ 400 MB (before: ~850 MB, as PGlite's memory grew during initdb, migrations and seed and never shrank).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp, stop, createDatabase, dropDatabase, median, rssMb, sleep } from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";

export async function benchStartup({ runs = QUICK ? 2 : 5, settleMs = QUICK ? 15_000 : 60_000 } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
  const dir = path.join(tmp, "pglite");
  const db = "bench_startup";
  try {
    // First start creates, migrates and seeds; it is reported apart (a busy machine needs more than a minute).
    const first = await startApp({ DATABASE_URL: "", PGLITE_DIR: dir }, { timeoutMs: 300_000 });
    const firstRssAtHealthyMb = rssMb(first.child.pid);
    await sleep(settleMs);
    const firstRssMb = rssMb(first.child.pid);
    await stop(first.child);
    const pglite = [];
    let restartRssMb = null;
    for (let i = 0; i < runs; i++) {
      const s = await startApp({ DATABASE_URL: "", PGLITE_DIR: dir });
      pglite.push(s.startMs);
      if (i === 0) {
        await sleep(settleMs);
        restartRssMb = rssMb(s.child.pid);
      }
      await stop(s.child);
    }
    const url = await createDatabase(db);
    const seeded = await startApp({ DATABASE_URL: url }, { timeoutMs: 300_000 });
    await stop(seeded.child);
    const postgres = [];
    let postgresRssMb = null;
    for (let i = 0; i < runs; i++) {
      const s = await startApp({ DATABASE_URL: url });
      postgres.push(s.startMs);
      if (i === 0) {
        await sleep(settleMs);
        postgresRssMb = rssMb(s.child.pid);
      }
      await stop(s.child);
    }
    return {
      pgliteFirstStartMs: Math.round(first.startMs),
      pgliteMedianMs: Math.round(median(pglite)),
      postgresMedianMs: Math.round(median(postgres)),
      settleSeconds: settleMs / 1000,
      firstRssAtHealthyMb,
      firstRssMb,
      restartRssMb,
      postgresRssMb,
      targets: { pgliteMs: 3000, postgresMs: 1000, firstRssMb: 400 },
    };
  } finally {
    await dropDatabase(db).catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStartup(), null, 2));
}
