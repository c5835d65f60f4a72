import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface SinkMessage {
  raw: string;
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives (tests read the wire format). */
export class SmtpSink {
  messages: SinkMessage[] = [];
  private server: SMTPServer | null = null;
  /** Connection errors smtp-server reported (a client that went away mid-message). */
  readonly connectionErrors: string[] = [];
  port = 0;
  /** When set, RCPT TO for matching addresses is refused with this SMTP code (e.g. 550, 451). */
  rejectRcpt: ((address: string) => number | null) | null = null;
  /** Open client connections now, and the most seen at once (a pooled client keeps it bounded). */
  connections = 0;
  maxConnections = 0;
  /** Called as each message is accepted, before the client gets the 250 reply (fault drills act here). */
  onMessage: ((m: SinkMessage) => void) | null = null;
  /** When set, the sink sits on a message this many ms (a slow server) before it records it and answers 250. */
  holdMs: ((raw: string) => number) | null = null;
  /** Benchmarks turn parsing off: the sink then only keeps the raw text and envelope. */
  constructor(private readonly parse = true) {}

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // stop() answers open connections with 421 after this long instead of smtp-server's 30 s
      closeTimeout: 300,
      onConnect: (_session, cb) => {
        this.connections++;
        this.maxConnections = Math.max(this.maxConnections, this.connections);
        cb();
      },
      onClose: () => {
        this.connections--;
      },
      onRcptTo: (address, _session, cb) => {
        const code = this.rejectRcpt?.(address.address);
        if (code) return cb(Object.assign(new Error(`rejected ${address.address}`), { responseCode: code }));
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const hold = this.holdMs?.(raw) ?? 0;
          if (hold > 0) await new Promise((r) => setTimeout(r, hold));
          const parsed = this.parse ? await simpleParser(raw) : ({} as ParsedMail);
          const m = {
            raw,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            parsed,
          };
          this.messages.push(m);
          this.onMessage?.(m);
          cb();
        });
      },
    });
    // A client killed mid-conversation (the kill -9 drills) resets its connection: smtp-server reports that as an
    // "error" event, which must not become an uncaught exception in the test process.
    this.server.on("error", (err: Error) => this.connectionErrors.push(err.message));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", () => resolve()));
    // smtp-server keeps its net.Server in an untyped field.
    this.port = ((this.server as unknown as { server: import("node:net").Server }).server.address() as import("node:net").AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): SinkMessage[] {
    return this.messages.filter((m) => m.envelopeTo.includes(address));
  }

  async waitFor(pred: (m: SinkMessage) => boolean, timeoutMs = 15_000): Promise<SinkMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      if (Date.now() > until) throw new Error("timed out waiting for a message at the SMTP sink");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

/** First http(s) link in a message's text part that contains `fragment`. */
export function linkIn(m: SinkMessage, fragment: string): string {
  const text = m.parsed.text ?? "";
  const found = text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(fragment));
  if (!found) throw new Error(`no link with ${fragment} in message "${m.parsed.subject}"`);
  return found;
}
