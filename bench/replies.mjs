// Calendar replies over SMTP (issue 16 target): 1,000 REPLY messages (Outlook-style multipart/alternative with a
// base64 text/calendar part) sent by 10 pooled SMTP connections to the inbound listener. Each is answered 250 only
// after it was parsed (mailparser + ical.js), checked, applied through the RSVP transaction (event row lock, capacity,
// waitlist) and committed, with the waiting-list mail queued in the same transaction — so "all 250s received" is end
// to end. The event has room for 900: the last 100 Accepts are waitlisted and each gets a mail in the durable queue.
// Two rounds on fresh events; memory (heap after GC, RSS) is sampled after each round to show it stays flat.
// Goal: ≥ 100 replies/s. Run: node --expose-gc --import tsx bench/replies.mjs   (PostgreSQL from BENCH_DATABASE_URL /
// DATABASE_URL, else local)
import crypto from "node:crypto";
import os from "node:os";
import nodemailer from "nodemailer";
import { dropDatabase, idleCheck } from "./lib.mjs";
import { BENCH_ORIGIN, eventBenchDomain } from "./event-domain.mjs";
import { startMail } from "../server/mail.ts";
import { startInbound } from "../server/inbound.ts";
import { replyAddressesFor } from "../app/modules/events/reply-address.server.ts";
import { replyMessage } from "../tests/helpers/replies.ts";

const N = Number(process.env.BENCH_REPLIES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CAPACITY = Math.round(N * 0.9);
const INBOUND = "events@cluster.example";
const MAIL_FROM = "Klasteris <no-reply@cluster.example>";

const mb = (n) => Math.round(n / 1024 / 1024);

async function setupEvent(db, secrets, organiserId, round) {
  const id = crypto.randomUUID();
  const uid = `event-${id}@cluster.example`;
  const starts = new Date(Date.now() + 30 * 86_400_000);
  await db
    .insertInto("event")
    .values({
      id,
      slug: `bench-replies-${round}-${id.slice(0, 8)}`,
      uid,
      title_lv: "Biedru kopsapulce",
      title_en: "General Assembly",
      type: "general_assembly",
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3 * 3600_000),
      venue: "Rīga",
      capacity: CAPACITY,
      language: "lv",
      visibility: "all_members",
      status: "published",
      created_by: organiserId,
    })
    .execute();
  await db.insertInto("thread").values({ subject_type: "event", subject_id: id, title: "Biedru kopsapulce", created_by: organiserId }).execute();
  // Invited guests who were sent their invitation (last_mail_key), as after invite().
  const guests = Array.from({ length: N }, (_, i) => {
    const email = `guest${round}-${i}@guests.example`;
    return {
      event_id: id,
      guest_email: email,
      guest_name: `Viesis ${i}`,
      guest_token_salt: crypto.randomBytes(16).toString("base64url"),
      guest_token_hash: crypto.randomBytes(32).toString("hex"),
      status: "invited",
      invited_at: new Date(),
      last_mail_key: `event:${id}:guest:${email}:0:REQUEST`,
    };
  });
  const rows = [];
  for (let i = 0; i < guests.length; i += 500)
    rows.push(
      ...(await db
        .insertInto("event_attendance")
        .values(guests.slice(i, i + 500))
        .returning(["id", "guest_email"])
        .execute()),
    );
  const addresses = await replyAddressesFor(
    db,
    secrets,
    INBOUND,
    { id, uid },
    rows.map((r) => ({ attendanceId: r.id, email: r.guest_email })),
  );
  return { id, uid, people: rows.map((r) => ({ email: r.guest_email, to: addresses.get(r.id) })) };
}

export async function benchReplies() {
  const dbName = "bench_replies";
  const { open, db, config, organiserId } = await eventBenchDomain(dbName, { mailFrom: MAIL_FROM, config: { smtpConfigured: false, inboundAddress: INBOUND } });
  const appOrigin = BENCH_ORIGIN;
  // Mail is queued (outbox row + pg-boss job in the reply's transaction), not delivered: delivery is S4's subject.
  const mail = await startMail(open, { mailFrom: MAIL_FROM, appOrigin, startWorkers: false });
  const ctx = { db, config, mail: mail.queue, realtime: { toUser() {}, toRoom() {}, disconnectSessions() {}, leaveRoom() {}, async recheckRoom() {} } };
  const inbound = await startInbound(
    ctx,
    { address: INBOUND, smtpPort: 0, maxBytes: 2048 * 1024, imapDoneMailbox: "Processed", imapPollSeconds: 60 },
    { host: "127.0.0.1", log: (l) => (l.includes("could not") ? console.error(l) : undefined) },
  );

  const idle = await idleCheck();
  const results = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ev = await setupEvent(db, config.sessionSecrets, organiserId, round);
    const messages = ev.people.map((p) => ({ envelope: { from: p.email, to: [p.to] }, raw: replyMessage("outlook", { from: p.email, to: p.to, uid: ev.uid, summary: "General Assembly" }) }));
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: inbound.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 10, maxMessages: Infinity });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(messages.map((m) => transport.sendMail(m)));
    const seconds = (performance.now() - t0) / 1000;
    // CPU of this process (listener, handler and the sending client) per reply: what the app costs apart from waiting.
    const cpu = process.cpuUsage(cpu0);
    transport.close();
    const counts = await db
      .selectFrom("event_attendance")
      .select(["status", (eb) => eb.fn.countAll().as("n")])
      .where("event_id", "=", ev.id)
      .groupBy("status")
      .execute();
    const queued = await db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("idempotency_key", "like", `event:${ev.id}:%`)
      .executeTakeFirstOrThrow();
    global.gc?.();
    const mem = process.memoryUsage();
    results.push({
      round,
      perSecond: Math.round(N / seconds),
      cpuMsPerReply: Math.round(((cpu.user + cpu.system) / 1000 / N) * 100) / 100,
      seconds: Math.round(seconds * 100) / 100,
      counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      mailsQueued: Number(queued.n),
      heapMb: mb(mem.heapUsed),
      rssMb: mb(mem.rss),
    });
  }
  await inbound.stop();
  await mail.stop();
  await open.close();
  await dropDatabase(dbName);
  return { idle, load: os.loadavg().map((l) => Math.round(l * 100) / 100), replies: N, capacity: CAPACITY, rounds: results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReplies();
  console.log(JSON.stringify(r, null, 2));
  const worst = Math.min(...r.rounds.map((x) => x.perSecond));
  console.log(
    `replies over SMTP, end to end: ${r.rounds.map((x) => `${x.perSecond}/s`).join(", ")} (goal ≥ 100/s: ${worst >= 100 ? "met" : "MISSED"}); heap after GC ${r.rounds.map((x) => `${x.heapMb} MB`).join(" → ")}`,
  );
}
