import fs from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { ImapFlow } from "imapflow";
import { handleInbound, recordRefused, type InboundCtx } from "~/modules/events/replies.server";
import { describeError } from "~/lib/log";
import type { InboundEnv } from "./config";

/**
 * The two receivers of calendar replies (issue 16; docs/events.md "Calendar replies"), one handler
 * (app/modules/events/replies.server.ts):
 * - an SMTP listener for deployments that route a subdomain's MX (or a forwarding rule) to the platform: it accepts
 *   mail only for the INBOUND_ADDRESS domain and mailbox, caps the size (SIZE is announced; a larger message is
 *   refused with 552 and logged), offers STARTTLS only when a certificate is configured, and answers 250 only after the
 *   reply was handled and committed (a database fault gives 451, so the sender retries later);
 * - an IMAP poller for a mailbox with a hosted provider: IDLE where the server has it (imapflow starts it by itself and
 *   falls back to NOOP polling), a poll every INBOUND_IMAP_POLL_SECONDS as a safety net; each handled message is moved
 *   to INBOUND_IMAP_DONE_MAILBOX (or, where moving fails, flagged \Seen + $ClusterProcessed and skipped from then on).
 *   A message is moved only after it was handled, and handling is idempotent (Message-ID + reply hash), so a crash
 *   between the two never applies a reply twice.
 */

export interface InboundService {
  /** The SMTP listener's port (tests start it on port 0). */
  smtpPort: number | null;
  /** Resolves when the IMAP poller has finished one pass over the mailbox after this call (tests). */
  imapPass(): Promise<void>;
  stop(): Promise<void>;
}

export const PROCESSED_KEYWORD = "$ClusterProcessed";

export async function startInbound(ctx: InboundCtx, env: InboundEnv, opts: { host: string; log: (line: string) => void }): Promise<InboundService> {
  const { log } = opts;
  const smtp = env.smtpPort !== undefined ? await startSmtp(ctx, env, env.smtpHost ?? opts.host, log) : null;
  const imap = env.imapUrl ? startImap(ctx, env, log) : null;
  return {
    smtpPort: smtp?.port ?? null,
    imapPass: () => (imap ? imap.pass() : Promise.resolve()),
    async stop() {
      await Promise.all([smtp?.stop(), imap?.stop()]);
    },
  };
}

async function startSmtp(ctx: InboundCtx, env: InboundEnv, host: string, log: (line: string) => void) {
  const domain = env.address.slice(env.address.lastIndexOf("@") + 1);
  const local = env.address.slice(0, env.address.lastIndexOf("@"));
  const tls = env.tlsKeyFile && env.tlsCertFile ? { key: fs.readFileSync(env.tlsKeyFile), cert: fs.readFileSync(env.tlsCertFile) } : null;
  const options: SMTPServerOptions = {
    banner: "calendar replies",
    logger: false,
    size: env.maxBytes,
    maxClients: 100,
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    // A slow or stuck client cannot hold a connection for long.
    socketTimeout: 30_000,
    closeTimeout: 1_000,
    onRcptTo(address, _session, cb) {
      const a = address.address.toLowerCase();
      const at = a.lastIndexOf("@");
      const base = a.slice(0, at).split("+")[0];
      if (a.slice(at + 1) !== domain || base !== local) {
        return cb(Object.assign(new Error("5.1.1 No such mailbox here: this server only takes calendar replies"), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (c: Buffer) => {
        bytes += c.length;
        // Past the limit the rest is read and thrown away (the client is answered 552 at the end).
        if (bytes <= env.maxBytes) chunks.push(c);
      });
      stream.on("error", () => {});
      stream.on("end", () => {
        const exceeded = (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || bytes > env.maxBytes;
        const done = async () => {
          if (exceeded) {
            await recordRefused(ctx, "smtp", `message too large (${bytes} bytes, limit ${env.maxBytes})`, log).catch(() => {});
            return cb(Object.assign(new Error(`5.3.4 Message too large (limit ${env.maxBytes} bytes)`), { responseCode: 552 }));
          }
          try {
            await handleInbound(ctx, { raw: Buffer.concat(chunks), via: "smtp", recipients: session.envelope.rcptTo.map((r) => r.address) }, log);
            cb();
          } catch (err) {
            // Not handled (the database is unreachable, …): the sender keeps the message and tries again.
            log(`[inbound] smtp: could not handle a message: ${describeError(err)}`);
            cb(Object.assign(new Error("4.3.0 Temporary failure, please try again later"), { responseCode: 451 }));
          }
        };
        void done();
      });
    },
  };
  const server = new SMTPServer(options);
  server.on("error", (err) => log(`[inbound] smtp error: ${describeError(err)}`));
  const port = env.smtpPort ?? 0;
  await new Promise<void>((resolve, reject) => {
    const net = (server as unknown as { server: Server }).server;
    net.once("error", reject);
    server.listen(port, host, () => {
      net.off("error", reject);
      resolve();
    });
  });
  const bound = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  log(`[inbound] smtp: listening on ${host}:${bound} for ${local}+…@${domain} (limit ${Math.round(env.maxBytes / 1024)} KB, STARTTLS ${tls ? "on" : "off"})`);
  return {
    port: bound,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startImap(ctx: InboundCtx, env: InboundEnv, log: (line: string) => void) {
  const url = new URL(env.imapUrl!);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX";
  let stopped = false;
  let client: ImapFlow | null = null;
  let wake: (() => void) | null = null;
  let passWaiters: (() => void)[] = [];
  let pending = false;

  const connect = async () => {
    const c = new ImapFlow({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "imaps:" ? 993 : 143),
      secure: url.protocol === "imaps:",
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
      // IDLE soon after each pass (imapflow's default waits 15 s), so new replies are seen within a second or two.
      autoIdleDelay: 2000,
      // STARTTLS is used when the server offers it; a plain imap:// URL to a server without it stays plain (local tests).
      tls: { rejectUnauthorized: url.searchParams.get("tls") !== "insecure" },
    });
    c.on("error", (err: Error) => log(`[inbound] imap error: ${describeError(err)}`));
    // New mail while IDLE (or seen by imapflow's NOOP polling on servers without IDLE).
    c.on("exists", () => {
      pending = true;
      wake?.();
    });
    await c.connect();
    try {
      await c.mailboxCreate(env.imapDoneMailbox);
    } catch {
      // exists already, or the account may not create folders: flagging is the fallback
    }
    return c;
  };

  const pass = async (c: ImapFlow) => {
    const lock = await c.getMailboxLock(mailbox);
    try {
      const uids = (await c.search({ unKeyword: PROCESSED_KEYWORD }, { uid: true })) || [];
      for (const uid of uids) {
        if (stopped) break;
        const msg = await c.fetchOne(String(uid), { source: true }, { uid: true });
        if (!msg || !msg.source) continue;
        if (msg.source.length > env.maxBytes) {
          await recordRefused(ctx, "imap", `message too large (${msg.source.length} bytes, limit ${env.maxBytes})`, log);
        } else {
          // A throw (database down) leaves the message where it is for the next pass.
          await handleInbound(ctx, { raw: msg.source, via: "imap" }, log);
        }
        const moved = await c.messageMove(String(uid), env.imapDoneMailbox, { uid: true }).catch(() => false);
        if (!moved) await c.messageFlagsAdd(String(uid), ["\\Seen", PROCESSED_KEYWORD], { uid: true });
      }
    } finally {
      lock.release();
    }
  };

  const loop = async () => {
    let delay = 1000;
    while (!stopped) {
      try {
        client ??= await connect();
        pending = false;
        // Waiters that arrive during this pass wait for the next one (it sees what they appended).
        const waiters = passWaiters;
        passWaiters = [];
        try {
          await pass(client);
        } catch (err) {
          passWaiters.unshift(...waiters);
          throw err;
        }
        delay = 1000;
        for (const w of waiters) w();
        if (stopped) break;
        if (!pending) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, env.imapPollSeconds * 1000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      } catch (err) {
        if (stopped) break;
        log(`[inbound] imap: ${describeError(err)}; reconnecting in ${delay / 1000} s`);
        await client?.logout().catch(() => {});
        client?.close();
        client = null;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(60_000, delay * 2);
      }
    }
  };
  const running = loop();
  log(`[inbound] imap: watching ${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}/${mailbox} (handled mail moved to ${env.imapDoneMailbox})`);
  return {
    pass: () =>
      new Promise<void>((resolve) => {
        passWaiters.push(resolve);
        pending = true;
        wake?.();
      }),
    async stop() {
      stopped = true;
      wake?.();
      for (const w of passWaiters) w();
      await client?.logout().catch(() => {});
      client?.close();
      await running;
    },
  };
}
