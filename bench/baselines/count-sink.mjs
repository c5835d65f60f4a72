// A counting SMTP sink for the invitation benchmark (its own process, so it does not share the measured one's CPU):
// accepts every message, counts messages per recipient and distinct Message-IDs, and answers GET /count.
// Usage: node bench/baselines/count-sink.mjs <smtpPort> <httpPort>
import http from "node:http";
import { SMTPServer } from "smtp-server";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
let perRecipient = new Map();
let total = 0;
let ids = new Set();

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, cb) {
    let head = "";
    stream.on("data", (c) => {
      if (head.length < 4096) head += c.toString("latin1");
    });
    stream.on("end", () => {
      total++;
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1];
      if (id) ids.add(id);
      for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
      cb();
    });
  },
});
smtp.listen(smtpPort, "127.0.0.1");

http
  .createServer((req, res) => {
    if (req.method === "DELETE") {
      perRecipient = new Map();
      total = 0;
      ids = new Set();
      return res.end("{}");
    }
    let max = 0;
    for (const n of perRecipient.values()) max = Math.max(max, n);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ total, recipients: perRecipient.size, maxPerRecipient: max, messageIds: ids.size }));
  })
  .listen(httpPort, "127.0.0.1", () => console.log("ready"));
