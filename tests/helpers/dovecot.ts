import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { freePort } from "./process";

/**
 * A real IMAP server for tests: Debian's Dovecot (`apt-get install dovecot-imapd`, done by .ci/run), started in the
 * foreground (-F) with its own configuration, base_dir, state and maildir in a temporary directory and its own port,
 * one test user with a plain password. Nothing of the machine's own Dovecot set-up is used or touched.
 */
export class Dovecot {
  port = 0;
  user = "replies@cluster.example";
  password = "imap-test-password";
  private dir = "";
  private child: ChildProcess | null = null;

  static available(): boolean {
    return spawnSync("dovecot", ["--version"], { stdio: "ignore" }).status === 0;
  }

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "dovecot-test-"));
    this.port = await freePort();
    const d = this.dir;
    // Dovecot's auth and login processes run as its own users: they must reach the directory (not list it).
    fs.chmodSync(d, 0o711);
    for (const sub of ["run", "state", "mail"]) fs.mkdirSync(path.join(d, sub));
    fs.writeFileSync(path.join(d, "passwd"), `${this.user}:{PLAIN}${this.password}::::::\n`);
    // Mail is stored as an unprivileged user (Dovecot refuses uid 0 for mail); running as root, hand it the maildir.
    const root = process.getuid?.() === 0;
    const uid = root ? 65534 : process.getuid!();
    const gid = root ? 65534 : process.getgid!();
    if (root) fs.chownSync(path.join(d, "mail"), uid, gid);
    fs.writeFileSync(
      path.join(d, "dovecot.conf"),
      `base_dir = ${d}/run
state_dir = ${d}/state
log_path = ${d}/dovecot.log
instance_name = test-${path.basename(d)}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${d}/mail/%u
${root ? "default_internal_user = dovecot\ndefault_login_user = dovenull" : `default_internal_user = ${os.userInfo().username}\ndefault_login_user = ${os.userInfo().username}`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${d}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${d}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
}
`,
    );
    this.child = spawn("dovecot", ["-F", "-c", path.join(d, "dovecot.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    this.child.stdout!.on("data", (c) => (out += c));
    this.child.stderr!.on("data", (c) => (out += c));
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        const c = await this.connect();
        await c.logout();
        return this;
      } catch (err) {
        if (Date.now() > until || this.child.exitCode !== null) throw new Error(`dovecot did not start: ${String(err)}\n${out}\n${this.log()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, "dovecot.log"), "utf8");
    } catch {
      return "";
    }
  }

  get url(): string {
    return `imap://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/INBOX`;
  }

  async connect(): Promise<ImapFlow> {
    const c = new ImapFlow({ host: "127.0.0.1", port: this.port, secure: false, auth: { user: this.user, pass: this.password }, logger: false });
    c.on("error", () => {});
    await c.connect();
    return c;
  }

  /** Delivers a message into a mailbox (IMAP APPEND, as a provider's delivery would put it there). */
  async deliver(raw: string, mailbox = "INBOX"): Promise<void> {
    const c = await this.connect();
    try {
      await c.append(mailbox, raw);
    } finally {
      await c.logout();
    }
  }

  /** Number of messages in a mailbox (0 if it does not exist). */
  async count(mailbox: string): Promise<number> {
    const c = await this.connect();
    try {
      const s = await c.status(mailbox, { messages: true });
      return s ? (s.messages ?? 0) : 0;
    } catch {
      return 0;
    } finally {
      await c.logout();
    }
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child!.once("exit", r));
      this.child.kill("SIGTERM");
      await exited;
    }
    this.child = null;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
