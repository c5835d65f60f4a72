// Invitations and calendar feeds (docs/performance.md S4, S4b, S5), measured side by side with baselines in one run:
//   S4  1,000 invitations through the app's durable queue (outbox rows + pg-boss jobs in one transaction, then the
//       worker renders each message and its ICS and sends through pooled nodemailer) vs raw pooled nodemailer
//       sending the same rendered messages to the same sink. Goal ≥ 0.5× (stretch 0.7×); exactly 1,000 at the sink.
//   S4b enqueueing those 1,000 in one transaction (the app's invite(): lookups, attendance rows, outbox rows, jobs)
//       vs a raw multi-row INSERT of the same attendance and outbox rows. Goal ≤ 3×, ≤ 100 ms.
//   S5  a personal feed of 1,000 events (query + per-event cached VEVENT text + ETag) vs the same query and a
//       minimal hand serializer. Goal ≤ 2×, ≤ 25 ms. ical-generator 10.2 is timed on the same events for reference.
// Run: node --import tsx bench/invitations.mjs   (PostgreSQL from BENCH_DATABASE_URL / DATABASE_URL, else local)
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import ical from "ical-generator";
import { dropDatabase, freePort, idleCheck, median, sleep } from "./lib.mjs";
import { BENCH_ORIGIN, eventBenchDomain } from "./event-domain.mjs";
import { startMail } from "../server/mail.ts";
import { invite } from "../app/modules/events/invitations.server.ts";
import { buildFeed, clearFeedCache } from "../app/modules/events/feeds.server.ts";
import { templates } from "../app/modules/mail/templates.server.ts";
import { peopleAsViewers } from "../app/modules/auth/viewers.server.ts";

const N = Number(process.env.BENCH_INVITES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FEED_EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 1000);
const MAIL_FROM = "Klasteris <no-reply@cluster.example>";

async function startSink() {
  const smtp = await freePort();
  const httpPort = await freePort();
  const child = spawn(process.execPath, ["bench/baselines/count-sink.mjs", String(smtp), String(httpPort)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  const count = async () => (await fetch(`http://127.0.0.1:${httpPort}/count`)).json();
  const reset = async () => fetch(`http://127.0.0.1:${httpPort}/count`, { method: "DELETE" });
  return { url: `smtp://127.0.0.1:${smtp}`, child, count, reset };
}

async function waitTotal(sink, total, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await sink.count();
    if (c.total >= total) return c;
    if (Date.now() > until) throw new Error(`sink has ${c.total} of ${total}`);
    await sleep(20);
  }
}

async function insertEvent(db, organiserId, appOrigin, i) {
  const id = crypto.randomUUID();
  const starts = new Date(Date.now() + (10 + (i % 300)) * 86_400_000);
  await db
    .insertInto("event")
    .values({
      id,
      slug: `bench-${id.slice(0, 13)}`,
      uid: `event-${id}@${new URL(appOrigin).hostname}`,
      title_lv: `Seminārs Nr. ${i}: laba ražošanas prakse, kvalitāte; eksports`,
      title_en: `Seminar no. ${i}: GMP, quality; export`,
      description_lv: "Darba kārtība: valdes ziņojums, darba plāns un budžets, biedru nauda, jaunu biedru uzņemšana.",
      description_en: "Agenda: board report, work plan and budget, membership fees, admission of new members.",
      type: "seminar",
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3 * 3600_000),
      venue: "Konferenču zāle, Rīga LV-1010",
      status: "published",
      created_by: organiserId,
    })
    .execute();
  return id;
}

export async function benchInvitations() {
  const dbName = "bench_invitations";
  const { open, db, config, organiserId, person } = await eventBenchDomain(dbName, { mailFrom: MAIL_FROM });
  const appOrigin = BENCH_ORIGIN;
  const [organiser] = await peopleAsViewers(db, [organiserId]);

  const sink = await startSink();
  const workers = Number(process.env.MAIL_WORKERS ?? 3);
  const mail = await startMail(open, { smtpUrl: sink.url, mailFrom: MAIL_FROM, appOrigin, workers });
  const ctx = { db, config, mail: mail.queue, realtime: { toUser() {}, toRoom() {}, disconnectSessions() {}, leaveRoom() {} } };
  const transport = nodemailer.createTransport(sink.url, { pool: true, maxConnections: 5, maxMessages: 1000 });

  const s4 = { app: [], appEndToEnd: [], raw: [], enqueue: [], insert: [], sinkOk: true };
  for (let r = 0; r < ROUNDS; r++) {
    await idleCheck(30_000);
    await sink.reset();
    // App: one transaction enqueues all 1,000, then the worker delivers.
    const eventId = await insertEvent(db, organiserId, appOrigin, r);
    const guests = [...Array(N)].map((_, i) => `Viesis ${i} <app-${r}-${i}@bulk.example>`).join("\n");
    const t0 = performance.now();
    const res = await invite(ctx, organiser, eventId, { guests, guestLocale: "lv" });
    const t1 = performance.now();
    if (res.invited !== N) throw new Error(`invited ${res.invited}`);
    const got = await waitTotal(sink, N);
    const t2 = performance.now();
    await mail.drained(60_000);
    if (got.total !== N || got.maxPerRecipient !== 1 || got.messageIds !== N) s4.sinkOk = false;
    s4.enqueue.push(t1 - t0);
    s4.app.push((N / (t2 - t1)) * 1000);
    s4.appEndToEnd.push((N / (t2 - t0)) * 1000);

    // S4b baseline: the same attendance and outbox rows, one multi-row INSERT each, one transaction, no queue.
    const rows = await db.selectFrom("event_attendance").selectAll().where("event_id", "=", eventId).execute();
    const outbox = await db.selectFrom("mail_outbox").selectAll().where("idempotency_key", "like", `event:${eventId}:%`).execute();
    const copyEvent = await insertEvent(db, organiserId, appOrigin, 100 + r);
    const t3 = performance.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("event_attendance")
        .values(rows.map(({ id: _id, created_at: _c, event_id: _e, guest_token_hash, ...x }) => ({ ...x, event_id: copyEvent, guest_token_hash: `${guest_token_hash}-copy` })))
        .execute();
      await trx
        .insertInto("mail_outbox")
        .values(
          outbox.map((o) => ({
            idempotency_key: `${o.idempotency_key}:copy`,
            to_address: o.to_address,
            to_name: o.to_name,
            locale: o.locale,
            template: o.template,
            params: JSON.stringify(o.params),
            message_id: `<copy-${o.message_id.slice(1)}`,
            status: "sent",
          })),
        )
        .execute();
    });
    s4.insert.push(performance.now() - t3);

    // S4 baseline: raw pooled nodemailer, the same messages rendered (template + ICS) per send, same sink.
    await sink.reset();
    const t4 = performance.now();
    await Promise.all(
      outbox.map(async (o) => {
        const rendered = templates[o.template](o.params, o.locale, { appOrigin });
        await transport.sendMail({
          from: MAIL_FROM,
          to: { name: o.to_name, address: o.to_address.replace("app-", "raw-") },
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId: `<raw-${o.message_id.slice(1)}`,
          icalEvent: { method: rendered.icalEvent.method, filename: "invite.ics", content: rendered.icalEvent.content },
        });
      }),
    );
    s4.raw.push((N / (performance.now() - t4)) * 1000);
    const rawCount = await sink.count();
    if (rawCount.total !== N) s4.sinkOk = false;
  }

  // S5: a personal feed of 1,000 events the person is going to.
  const viewerId = await person("member@bench.example", "member");
  const [viewer] = await peopleAsViewers(db, [viewerId]);
  const ids = [];
  for (let i = 0; i < FEED_EVENTS; i++) ids.push(await insertEvent(db, organiserId, appOrigin, 1000 + i));
  await db
    .insertInto("event_attendance")
    .values(ids.map((event_id) => ({ event_id, person_id: viewerId, status: "going" })))
    .execute();
  clearFeedCache();
  const c0 = performance.now();
  const cold = await buildFeed(db, config, viewer, { kind: "mine" });
  const coldMs = performance.now() - c0;
  const warm = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const f = await buildFeed(db, config, viewer, { kind: "mine" });
    warm.push(performance.now() - t);
    if (f.body !== cold.body) throw new Error("feed not byte-identical");
  }
  const baseline = [];
  let baseBody = "";
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const rows = await db
      .selectFrom("event as e")
      .innerJoin("event_attendance as a", (j) => j.onRef("a.event_id", "=", "e.id").on("a.person_id", "=", viewerId))
      .select(["e.uid", "e.sequence", "e.title_lv", "e.venue", "e.starts_at", "e.ends_at", "e.updated_at", "e.slug"])
      .where("a.status", "in", ["going", "invited", "waitlisted", "maybe"])
      .orderBy("e.starts_at")
      .execute();
    baseBody = handSerialize(rows, appOrigin);
    baseline.push(performance.now() - t);
  }
  const igRuns = [];
  for (let i = 0; i < 3; i++) {
    const rows = await db.selectFrom("event").selectAll().where("id", "in", ids).execute();
    const t = performance.now();
    const cal = ical({ name: "Mani pasākumi" });
    for (const e of rows)
      cal.createEvent({ id: e.uid, sequence: e.sequence, start: e.starts_at, end: e.ends_at, stamp: e.updated_at, summary: e.title_lv, location: e.venue, url: `${appOrigin}/events/${e.slug}` });
    cal.toString();
    igRuns.push(performance.now() - t);
  }

  transport.close();
  await mail.stop();
  await open.close();
  sink.child.kill("SIGTERM");
  await dropDatabase(dbName);

  const r2 = (x) => Math.round(x * 100) / 100;
  return {
    invites: N,
    rounds: ROUNDS,
    mailWorkers: workers,
    s4: {
      appMsgsPerSec: s4.app.map(Math.round),
      appEndToEndMsgsPerSec: s4.appEndToEnd.map(Math.round),
      rawMsgsPerSec: s4.raw.map(Math.round),
      ratioMedian: r2(median(s4.app.map((a, i) => a / s4.raw[i]))),
      exactlyOneEach: s4.sinkOk,
    },
    s4b: {
      enqueueMs: s4.enqueue.map(Math.round),
      rawInsertMs: s4.insert.map(Math.round),
      ratioMedian: r2(median(s4.enqueue.map((a, i) => a / s4.insert[i]))),
    },
    s5: {
      events: FEED_EVENTS,
      feedBytes: cold.body.length,
      coldMs: r2(coldMs),
      warmMedianMs: r2(median(warm)),
      handSerializerMedianMs: r2(median(baseline)),
      ratioMedian: r2(median(warm) / median(baseline)),
      icalGenerator10Ms: r2(median(igRuns)),
      handBytes: baseBody.length,
    },
  };
}

/** The minimal baseline: escaped TEXT, UTC times, naive 75-octet folding; no zones, marks or cache. */
function handSerialize(rows, appOrigin) {
  const esc = (s) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  const utc = (d) =>
    new Date(d)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
  const fold = (l) => {
    if (Buffer.byteLength(l) <= 75) return l;
    const out = [];
    let cur = "";
    let n = 0;
    for (const ch of l) {
      const b = Buffer.byteLength(ch);
      if (n + b > (out.length ? 74 : 75)) {
        out.push(cur);
        cur = "";
        n = 0;
      }
      cur += ch;
      n += b;
    }
    out.push(cur);
    return out.join("\r\n ");
  };
  let s = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n";
  for (const e of rows) {
    s +=
      [
        "BEGIN:VEVENT",
        `UID:${e.uid}`,
        `DTSTAMP:${utc(e.updated_at)}`,
        `SEQUENCE:${e.sequence}`,
        `DTSTART:${utc(e.starts_at)}`,
        `DTEND:${utc(e.ends_at)}`,
        fold(`SUMMARY:${esc(e.title_lv)}`),
        fold(`LOCATION:${esc(e.venue)}`),
        `URL:${appOrigin}/events/${e.slug}`,
        "END:VEVENT",
      ].join("\r\n") + "\r\n";
  }
  return `${s}END:VCALENDAR\r\n`;
}

function table(r) {
  const rows = [
    ["S4 app delivery (msgs/s, after commit)", r.s4.appMsgsPerSec.join(" / "), ""],
    ["S4 app end to end incl. enqueue (msgs/s)", r.s4.appEndToEndMsgsPerSec.join(" / "), ""],
    ["S4 raw pooled nodemailer (msgs/s)", r.s4.rawMsgsPerSec.join(" / "), ""],
    ["S4 ratio app / raw (median)", String(r.s4.ratioMedian), "≥ 0.5 (stretch 0.7)"],
    ["S4 exactly one message each at the sink", String(r.s4.exactlyOneEach), "true"],
    ["S4b enqueue 1,000 in one transaction (ms)", r.s4b.enqueueMs.join(" / "), "≤ 100"],
    ["S4b raw multi-row INSERT (ms)", r.s4b.rawInsertMs.join(" / "), ""],
    ["S4b ratio (median)", String(r.s4b.ratioMedian), "≤ 3"],
    [`S5 feed of ${r.s5.events} events, warm (ms, median)`, String(r.s5.warmMedianMs), "≤ 25"],
    ["S5 feed, cold cache (ms)", String(r.s5.coldMs), ""],
    ["S5 query + hand serializer (ms, median)", String(r.s5.handSerializerMedianMs), ""],
    ["S5 ratio warm / hand (median)", String(r.s5.ratioMedian), "≤ 2"],
    ["S5 ical-generator 10.2, same events (ms)", String(r.s5.icalGenerator10Ms), "(reference)"],
  ];
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), 20];
  return rows.map((x) => `${x[0].padEnd(w[0])}  ${x[1].padStart(w[1])}  ${x[2]}`).join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchInvitations();
  if (process.env.BENCH_JSON === "1") console.log(JSON.stringify(r));
  else {
    console.log(table(r));
    console.log(JSON.stringify(r));
  }
  process.exit(0);
}
