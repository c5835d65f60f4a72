import { DatabaseLockedError } from "#db/client";
import { startServer } from "./start";

startServer(undefined, { installSignals: true }).catch((err) => {
  if (err instanceof DatabaseLockedError) {
    console.error(`\n${err.message}\n`);
    process.exit(2);
  }
  console.error(err?.stack ?? err);
  process.exit(1);
});
