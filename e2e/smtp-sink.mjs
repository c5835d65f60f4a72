// The e2e mail sink: a real SMTP server (the app sends to it over SMTP) plus a tiny HTTP API for the tests.
import http from "node:http";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const SMTP_PORT = Number(process.env.SINK_SMTP_PORT ?? 2625);
const HTTP_PORT = Number(process.env.SINK_HTTP_PORT ?? 2626);
let messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, cb) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const p = await simpleParser(raw);
      messages.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: p.subject ?? "",
        text: p.text ?? "",
        html: typeof p.html === "string" ? p.html : "",
        messageId: p.messageId ?? "",
        raw,
        receivedAt: Date.now(),
      });
      cb();
    });
  },
});
smtp.listen(SMTP_PORT, "127.0.0.1");

http
  .createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (req.method === "DELETE") {
      messages = [];
      res.end("[]");
      return;
    }
    if (url.pathname === "/messages") {
      const to = url.searchParams.get("to");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
      return;
    }
    res.statusCode = url.pathname === "/" ? 200 : 404;
    res.end("ok");
  })
  .listen(HTTP_PORT, "127.0.0.1", () => console.log(`[sink] smtp://127.0.0.1:${SMTP_PORT}, http://127.0.0.1:${HTTP_PORT}`));
