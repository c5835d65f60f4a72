// Start to healthy, compiled build: PGlite (existing data folder) and PostgreSQL. Target ≤ 3 s / ≤ 1 s.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp, stop, createDatabase, dropDatabase, median } from "./lib.mjs";

export async function benchStartup({ runs = 5 } = {}) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-start-")), "pglite");
  // First start creates, migrates and seeds; it is reported apart.
  const first = await startApp({ DATABASE_URL: "", PGLITE_DIR: dir });
  await stop(first.child);
  const pglite = [];
  for (let i = 0; i < runs; i++) {
    const s = await startApp({ DATABASE_URL: "", PGLITE_DIR: dir });
    pglite.push(s.startMs);
    await stop(s.child);
  }
  const db = "bench_startup";
  const url = await createDatabase(db);
  const seeded = await startApp({ DATABASE_URL: url });
  await stop(seeded.child);
  const postgres = [];
  for (let i = 0; i < runs; i++) {
    const s = await startApp({ DATABASE_URL: url });
    postgres.push(s.startMs);
    await stop(s.child);
  }
  await dropDatabase(db);
  return {
    pgliteFirstStartMs: Math.round(first.startMs),
    pgliteMedianMs: Math.round(median(pglite)),
    postgresMedianMs: Math.round(median(postgres)),
    targets: { pgliteMs: 3000, postgresMs: 1000 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStartup(), null, 2));
}
