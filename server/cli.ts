import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { resetDemo, DEMO_LOGINS } from "#db/seed";
import { readEnv } from "./config";

// npm run db:migrate | npm run db:seed [-- --force]
async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const env = readEnv();
  if (command === "seed" && env.production && !rest.includes("--force")) {
    console.error("Refusing to reset demo data with NODE_ENV=production. Pass --force if you really mean it.");
    process.exit(2);
  }
  const open = await openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir });
  try {
    await migrateToLatest(open.db, (m) => console.log(`[db] ${m}`));
    if (command === "migrate") console.log("[db] migrations are up to date");
    else if (command === "seed") {
      await resetDemo(open.db, { now: new Date(), appOrigin: env.appOrigin });
      console.log(`[db] demo data reset. Logins (password "${DEMO_LOGINS.password}"): ${DEMO_LOGINS.emails.join(", ")}`);
    } else {
      console.error("usage: cli.js migrate|seed [--force]");
      process.exitCode = 2;
    }
  } finally {
    await open.close();
  }
}

main().catch((err) => {
  console.error(err?.message ?? err);
  process.exit(1);
});
