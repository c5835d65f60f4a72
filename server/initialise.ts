// First-start initialisation: migrations, then the demo seed when the policy allows it and the database has no people.
// On an empty PGlite folder it runs in a short-lived child process (`cli.js init`): PGlite's WebAssembly memory grows
// during initdb, the migrations and the seed and never shrinks, so a server that initialised its own folder stayed at
// ~850 MB resident against ~390 MB after a restart (issue 15 #7, docs/decisions/0014-first-start-child.md).
import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseLockedError, type OpenDatabase } from "#db/client";
import { isDatabaseEmpty, migrateToLatest } from "#db/migrate";
import { demoSeedPolicy, type ServerEnv } from "./config";

export interface Initialised {
  /** Any migration ran. */
  migrated: boolean;
  /** The demo was seeded. */
  seeded: boolean;
}

export async function migrateAndSeed(open: OpenDatabase, env: Pick<ServerEnv, "seed" | "production" | "appOrigin">, log: (m: string) => void): Promise<Initialised> {
  const policy = demoSeedPolicy(env);
  let migrated = false;
  await migrateToLatest(open.db, (m) => {
    migrated = true;
    log(`[db] ${m}`);
  });
  if (!(await isDatabaseEmpty(open.db))) return { migrated, seeded: false };
  if (!policy.seed) {
    log(`[db] empty database: demo data not seeded (${policy.reason}). Create the first cluster admin with: npm run admin:create -- --email … --name "…" --org "…"`);
    return { migrated, seeded: false };
  }
  // The seed is its own bundle (dist/server/seed.js), loaded only here and by the CLI: it stays out of the server.
  const { seedDemo } = await import("~/seed");
  await seedDemo(open.db, { now: new Date(), appOrigin: env.appOrigin });
  log(`[db] seeded the demo cluster (${policy.reason})`);
  return { migrated, seeded: true };
}

/** True when a PGlite data folder has never been initialised (no PG_VERSION yet): the first start's case. */
export function isFreshPgliteFolder(dir: string): boolean {
  return !fs.existsSync(path.join(dir, "PG_VERSION"));
}

/**
 * Runs `cli.js init` on the PGlite folder in a child process and waits for it; its log lines come through `log`.
 * From the bundle (dist/server/start is inlined in index.js) the sibling is dist/server/cli.js; from the TypeScript
 * sources (tests) it is server/cli.ts, run through tsx.
 */
export function initialiseInChild(env: Pick<ServerEnv, "pgliteDir" | "seed" | "production" | "appOrigin">, log: (m: string) => void): Promise<Initialised> {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith(".ts");
  const cli = path.join(path.dirname(here), fromSource ? "cli.ts" : "cli.js");
  const child = fork(cli, ["init"], {
    execArgv: fromSource ? ["--import", "tsx"] : [],
    env: {
      ...process.env,
      DATABASE_URL: "",
      PGLITE_DIR: env.pgliteDir ?? "",
      NODE_ENV: env.production ? "production" : "development",
      SEED_DEMO: env.seed,
      APP_ORIGIN: env.appOrigin,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let result: Initialised | null = null;
  let stderr = "";
  child.on("message", (m) => {
    const msg = m as { initialised?: Initialised; log?: string };
    if (msg.log) log(msg.log);
    if (msg.initialised) result = msg.initialised;
  });
  child.stdout!.resume();
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0 && result) resolve(result);
      // Another process holds the folder: the same clean refusal as when the server itself finds it locked.
      else if (stderr.includes("is in use by another process")) reject(new DatabaseLockedError(stderr.trim()));
      else reject(new Error(`first-start initialisation failed (${signal ?? `exit ${code}`}): ${stderr.trim() || "no output"}`));
    });
  });
}
