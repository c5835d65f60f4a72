import readline from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { openDatabase } from "#db/client";
import { migrateToLatest, withStartLock } from "#db/migrate";
import { DEMO_LOGINS } from "~/seed/types";
import { hashPassword, passwordProblem } from "~/modules/auth/password.server";
import { AdminCreateError, adminInputProblem, createClusterAdmin } from "~/modules/admin/first-admin.server";
import { translate, type MessageKey } from "~/i18n";
import { readEnv } from "./config";
import { migrateAndSeed } from "./initialise";
import { startMail } from "./mail";

const USAGE = `usage: cli.js migrate
       cli.js init   (what a first start does: migrations, then the demo seed into an empty database per SEED_DEMO)
       cli.js worker (the mail worker alone, for PostgreSQL: delivers the outbox to SMTP_URL; servers then run without SMTP_URL)
       cli.js seed [--force]
       cli.js admin:create --email <address> --name "<full name>" [--org "<association name>"] [--locale lv|en]
                  (the password is read from standard input: a hidden prompt on a terminal, else the first line)`;

class UsageError extends Error {}

// npm run db:migrate | npm run db:seed [-- --force] | npm run admin:create -- --email … --name … --org …
async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const env = readEnv();
  if (command === "seed" && env.production && !rest.includes("--force")) {
    console.error("Refusing to reset demo data with NODE_ENV=production. Pass --force if you really mean it.");
    process.exit(2);
  }
  if (command === "init") return init(env);
  if (command === "worker") return worker(env);
  if (command !== "migrate" && command !== "seed" && command !== "admin:create") throw new UsageError(USAGE);
  // Everything is checked and the password read before the database is opened: a refusal touches nothing.
  const admin = command === "admin:create" ? await adminArgs(rest) : null;
  const open = await openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir });
  const log = (m: string) => console.log(`[db] ${m}`);
  try {
    await withStartLock(
      open,
      async () => {
        await migrateToLatest(open.db, log);
        if (command === "migrate") console.log("[db] migrations are up to date");
        else if (command === "seed") {
          const { resetDemo } = await import("~/seed");
          await resetDemo(open.db, { now: new Date(), appOrigin: env.appOrigin });
          console.log(`[db] demo data reset. Logins (password "${DEMO_LOGINS.password}"): ${DEMO_LOGINS.emails.join(", ")}`);
        } else if (admin) {
          const r = await createClusterAdmin(open.db, { ...admin, passwordHash: await hashPassword(admin.password) });
          console.log(
            `Created cluster admin ${admin.email.trim().toLowerCase()} in ${r.createdOrg ? "the new organisation" : "the organisation"} "${r.orgName}". ` + `Sign in at ${env.appOrigin}/login`,
          );
        }
      },
      { log },
    );
  } finally {
    await open.close();
  }
}

/** First-start initialisation. The server runs it as a child process on an empty PGlite folder (server/initialise.ts)
 * and reads its log lines and result over IPC; run by hand it prints them. */
async function init(env: ReturnType<typeof readEnv>) {
  const say = (m: string) => (process.send ? process.send({ log: m }) : console.log(m));
  const open = await openDatabase({ databaseUrl: env.databaseUrl, pgliteDir: env.pgliteDir });
  try {
    const initialised = await withStartLock(open, () => migrateAndSeed(open, env, say), { log: (m) => say(`[db] ${m}`) });
    if (process.send) await new Promise<void>((resolve) => process.send!({ initialised }, () => resolve()));
    else console.log(`[db] initialised: ${JSON.stringify(initialised)}`);
  } finally {
    await open.close();
  }
}

/**
 * `npm run worker`: the mail worker in its own process (issue 15 #4), so rendering messages and their ICS never
 * competes with requests for a server's event loop. Servers on the same database run without SMTP_URL (queue-only:
 * they enqueue, this delivers); several workers may run at once (pg-boss hands each job to one of them). Stops on
 * SIGTERM/SIGINT after the messages in flight.
 */
async function worker(env: ReturnType<typeof readEnv>) {
  if (!env.databaseUrl) throw new UsageError("npm run worker needs DATABASE_URL (PostgreSQL): an embedded PGlite folder belongs to one process, whose server delivers its mail itself");
  if (!env.smtpUrl) throw new UsageError("npm run worker needs SMTP_URL: it delivers the outbox to that SMTP server");
  const open = await openDatabase({ databaseUrl: env.databaseUrl, poolMax: 4, timeouts: env.dbTimeouts });
  const log = (m: string) => console.log(m);
  // Started before any server, it migrates like one would (the outbox table must exist).
  const start = async () => {
    await migrateToLatest(open.db, (m) => log(`[db] ${m}`));
    return startMail(open, { smtpUrl: env.smtpUrl, mailFrom: env.mailFrom, appOrigin: env.appOrigin, workers: env.mailWorkers, log });
  };
  const mail = await withStartLock(open, start, {
    log: (m) => log(`[db] ${m}`),
  });
  open.enforceTimeouts();
  const smtp = new URL(env.smtpUrl);
  log(`[worker] delivering the mail outbox to ${smtp.protocol}//${smtp.host} with ${env.mailWorkers} connection(s); stop with SIGTERM`);
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => resolve());
  });
  log("[worker] stopping after the messages in flight…");
  await mail.stop();
  await open.close();
  log("[worker] stopped");
}

/** Options of admin:create plus the password from stdin. A password on the command line is refused outright:
 * it would stay in the shell history and be visible to every user in the process list. */
async function adminArgs(args: string[]) {
  if (args.some((a) => /^-{1,2}(p|pw|pwd|pass|passwd|password)(=|$)/i.test(a))) {
    throw new UsageError(
      "Refusing a password on the command line (it would stay in the shell history and the process list). " + "Run without it and type the password at the prompt, or pipe it on standard input.",
    );
  }
  let values: { email?: string; name?: string; org?: string; locale?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: "string" }, name: { type: "string" }, org: { type: "string" }, locale: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (!values.email || !values.name) throw new UsageError(`--email and --name are required\n${USAGE}`);
  const locale = values.locale ?? "lv";
  if (locale !== "lv" && locale !== "en") throw new UsageError("--locale must be lv or en");
  const problem = adminInputProblem({ email: values.email, name: values.name, orgName: values.org });
  if (problem) throw new UsageError(problem);

  const password = await readPassword();
  const weak = passwordProblem(password);
  if (weak) throw new UsageError(`Password refused: ${translate("en", weak as MessageKey)}`);
  return { email: values.email, name: values.name, orgName: values.org, locale: locale as "lv" | "en", password };
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden("Password for the new cluster admin: ");
    const again = await promptHidden("Repeat the password: ");
    if (first !== again) throw new UsageError("The passwords do not match");
    return first;
  }
  const line = await firstLine(process.stdin);
  if (!line) throw new UsageError("No password on standard input (pipe it in, or run in a terminal to be prompted)");
  return line;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stdout.write(chunk, encoding);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.on("SIGINT", () => {
      process.stdout.write("\n");
      process.exit(130);
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

/** The first line of a piped stream, without its line ending (nothing else is trimmed: spaces can be part of it). */
async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  stream.setEncoding("utf8");
  let buffer = "";
  for await (const chunk of stream) {
    buffer += chunk;
    const end = buffer.indexOf("\n");
    if (end >= 0) return buffer.slice(0, end).replace(/\r$/, "");
  }
  return buffer.replace(/\r$/, "");
}

main().catch((err) => {
  if (err instanceof UsageError || err instanceof AdminCreateError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err?.message ?? err);
  process.exit(1);
});
