// S7 mixed load (issue 15 #4): on ONE app instance, at once,
//   - the member start page (server render) at a steady request rate (a fixed-rate client of our own: latency counts
//     from each request's scheduled time, so a stalled server cannot hide its queue — no coordinated omission),
//   - 1,000 live socket.io clients on one thread with 20 posts/s through the real post action (bench/fanout.mjs's
//     fleet and measure()),
//   - a 1,000-invitation drain: an organiser pastes 1,000 guests on the event's manage page; the mail worker renders
//     each message with its ICS and sends it to a counting SMTP sink (bench/baselines/count-sink.mjs).
// Each part is first measured alone in the same run (its "solo" figure), then all three together. Targets: each p99
// ≤ 2× its solo p99; event-loop delay p99 ≤ 30 ms (monitorEventLoopDelay inside the server, read from /metrics —
// prom-client resets it on each scrape, so a scrape before a phase and one after it give that phase's p99); 0 lost
// posts; exactly 1,000 invitations (one per recipient, distinct Message-IDs).
//   node bench/mixed.mjs            BENCH_QUICK=1 for a short smoke run; BENCH_MIXED_WORKER=1 runs the mail worker in
//   its own process (`npm run worker`) instead of inside the server. Options: BENCH_MIXED_SECONDS, BENCH_MIXED_SSR_RATE,
//   BENCH_MIXED_POST_RATE, BENCH_MIXED_CLIENTS, BENCH_MIXED_ROUNDS.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import crypto from "node:crypto";
import { createDatabase, dropDatabase, freePort, median, rssMb, sleep, startApp, stop } from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? (QUICK ? 6 : 15));
const SSR_RATE = Number(process.env.BENCH_MIXED_SSR_RATE ?? 20);
const POST_RATE = Number(process.env.BENCH_MIXED_POST_RATE ?? 20);
const CLIENTS = Number(process.env.BENCH_MIXED_CLIENTS ?? 1000);
const INVITES = Number(process.env.BENCH_MIXED_INVITES ?? 1000);
const ROUNDS = Number(process.env.BENCH_MIXED_ROUNDS ?? (QUICK ? 1 : 2));
const SEPARATE_WORKER = process.env.BENCH_MIXED_WORKER === "1";
const METRICS_TOKEN = crypto.randomBytes(12).toString("hex");
const TARGETS = { p99Ratio: 2, eventLoopP99Ms: 30, lostPosts: 0, invitations: INVITES };

const r1 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? x : Math.round(x * 10) / 10);
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] : null;
}

/** bench/fanout.mjs reads its options from argv at import: give it ours (no page-scale data, our client count). */
async function loadFanout() {
  const saved = process.argv;
  process.argv = [saved[0], saved[1], "--no-pages", "--clients", String(CLIENTS)];
  try {
    return await import("./fanout.mjs");
  } finally {
    process.argv = saved;
  }
}

async function startSink() {
  const smtp = await freePort();
  const httpPort = await freePort();
  const child = spawn(process.execPath, ["bench/baselines/count-sink.mjs", String(smtp), String(httpPort)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  return {
    url: `smtp://127.0.0.1:${smtp}`,
    child,
    count: async () => (await fetch(`http://127.0.0.1:${httpPort}/count`)).json(),
    reset: () => fetch(`http://127.0.0.1:${httpPort}/count`, { method: "DELETE" }).then((r) => r.text()),
  };
}

/** The server's event-loop delay p99 since the previous scrape (prom-client resets the histogram on collect). */
async function loopP99Ms(origin) {
  const r = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
  const v = /^nodejs_eventloop_lag_p99_seconds ([\d.e+-]+)/m.exec(text)?.[1];
  return v === undefined ? null : r1(Number(v) * 1000);
}

/** Fixed-rate GETs for `seconds`; latency from each request's scheduled send time. */
async function steadyGets(url, cookie, rate, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const n = Math.round(rate * seconds);
  const lat = [];
  let errors = 0;
  const statuses = {};
  const t0 = performance.now();
  const pending = [];
  for (let k = 0; k < n; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      new Promise((resolve) => {
        const req = http.get(url, { agent, headers: { cookie } }, (res) => {
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode !== 200) errors++;
          res.resume();
          res.on("end", () => {
            lat.push(performance.now() - due);
            resolve();
          });
        });
        req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
        req.on("error", () => {
          errors++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { requests: n, rate, p50: r1(percentile(lat, 0.5)), p99: r1(percentile(lat, 0.99)), max: r1(lat.at(-1)), errors, statuses };
}

async function insertEvent(c, organiserId, i) {
  const id = crypto.randomUUID();
  const slug = `mixed-${id.slice(0, 13)}`;
  const starts = new Date(Date.now() + (10 + i) * 86_400_000);
  await c.query(
    `insert into event (id, slug, uid, title_lv, title_en, description_lv, description_en, type, starts_at, ends_at, venue, status, created_by)
     values ($1, $2, $3, $4, $5, 'Darba kārtība: valdes ziņojums, darba plāns un budžets.', 'Agenda: board report, work plan and budget.', 'seminar', $6, $7,
             'Konferenču zāle, Rīga LV-1010', 'published', $8)`,
    [id, slug, `event-${id}@cluster.example`, `Seminārs Nr. ${i}: kvalitāte; eksports`, `Seminar no. ${i}: quality; export`, starts, new Date(starts.getTime() + 3 * 3600_000), organiserId],
  );
  return slug;
}

/** One organiser paste of INVITES guests; resolves when the sink has them all. p99 = time until 99 % arrived. */
async function inviteDrain(app, sink, organiserCookie, slug, run) {
  await sink.reset();
  const guests = [...Array(INVITES)].map((_, i) => `Viesis ${i} <mixed-${run}-${i}@bulk.example>`).join("\n");
  const t0 = performance.now();
  const res = await fetch(`${app.origin}/events/${slug}/manage`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: organiserCookie, origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "inviteGuests", guests, guestLocale: "lv" }),
  });
  const answer = await res.text();
  const enqueueMs = performance.now() - t0;
  const invited = Number(new URL(res.headers.get("location") ?? "/", app.origin).searchParams.get("invited"));
  if (res.status !== 302 || invited !== INVITES) {
    const why = /<h1[^>]*>(.*?)<\/h1>/s.exec(answer)?.[1] ?? answer.slice(0, 200);
    throw new Error(`invite answered ${res.status} after ${Math.round(enqueueMs)} ms (${why.replace(/<[^>]+>/g, "").trim()}), invited ${invited}`);
  }
  let p50 = null;
  let p99 = null;
  let c;
  const until = Date.now() + 300_000;
  for (;;) {
    c = await sink.count();
    const now = performance.now() - t0;
    if (p50 === null && c.total >= INVITES * 0.5) p50 = now;
    if (p99 === null && c.total >= INVITES * 0.99) p99 = now;
    if (c.total >= INVITES) break;
    if (Date.now() > until) throw new Error(`the sink has ${c.total} of ${INVITES} invitations`);
    await sleep(20);
  }
  const drainMs = performance.now() - t0;
  await sleep(1000); // a duplicate would arrive late
  const final = await sink.count();
  return {
    invitations: final.total,
    exactlyOneEach: final.total === INVITES && final.maxPerRecipient === 1 && final.messageIds === INVITES,
    enqueueMs: Math.round(enqueueMs),
    p50: Math.round(p50),
    p99: Math.round(p99),
    drainMs: Math.round(drainMs),
  };
}

export async function benchMixed() {
  const started = Date.now();
  const fan = await loadFanout();
  const name = `bench_mixed_${process.pid}`;
  const dbUrl = await createDatabase(name);
  const sink = await startSink();
  const appEnv = { DATABASE_URL: dbUrl, METRICS_TOKEN, MAIL_WORKERS: process.env.MAIL_WORKERS ?? "3" };
  let worker = null;
  let app = null;
  let data = null;
  let fleet = null;
  try {
    if (SEPARATE_WORKER) {
      // The server queues only (no SMTP_URL on PostgreSQL = queue-only); the worker process delivers.
      app = await startApp(appEnv, { timeoutMs: 300_000 });
      worker = spawn(process.execPath, ["dist/server/cli.js", "worker"], {
        env: { ...process.env, NODE_ENV: "production", DATABASE_URL: dbUrl, SMTP_URL: sink.url, APP_ORIGIN: app.origin, MAIL_WORKERS: appEnv.MAIL_WORKERS },
        stdio: ["ignore", "ignore", "inherit"],
      });
    } else app = await startApp({ ...appEnv, SMTP_URL: sink.url }, { timeoutMs: 300_000 });
    data = await fan.setupData(dbUrl);
    const organiser = (await data.c.query(`select id from person where email = 'organiser@demo.example'`)).rows[0];
    const organiserCookie = await fan.sessionCookie(data.c, organiser.id);
    const resetLimits = () => data.c.query(`delete from rate_limit where key like 'post:%'`);
    const threadPath = `/groups/${data.slug}/threads/${data.live}`;
    let clientSeq = 0;
    const target = {
      name: "app",
      pid: app.child.pid,
      origin: app.origin,
      send: async (k, body) => {
        const res = await fetch(`${app.origin}${threadPath}`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: data.posterCookies[k % data.posterCookies.length], origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "reply", body, clientId: `mixed${(++clientSeq).toString(36)}x${Date.now().toString(36)}` }),
        });
        await res.arrayBuffer();
        return res.status;
      },
    };
    const page = `${app.origin}/`;
    const check = await fetch(page, { headers: { cookie: data.listenerCookie } });
    await check.text();
    if (check.status !== 200) throw new Error(`start page answered ${check.status}`);

    fleet = new fan.Fleet("app", app.origin, data.clientCookies, data.live);
    const connectMs = Math.round(await fleet.connect(CLIENTS));
    // Warm-up: a little of each (JIT, statement caches, the mail transport's pool).
    await resetLimits();
    await fan.measure(target, fleet, Math.min(POST_RATE, 10), 1);
    await steadyGets(page, data.listenerCookie, SSR_RATE, 2);
    let eventNo = 0;
    {
      await sink.reset();
      const slug = await insertEvent(data.c, organiser.id, eventNo++);
      const res = await fetch(`${app.origin}/events/${slug}/manage`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: organiserCookie, origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "inviteGuests", guests: "Iesildīšana <warm-up@bulk.example>", guestLocale: "lv" }),
      });
      await res.arrayBuffer();
      for (let i = 0; i < 500 && (await sink.count()).total < 1; i++) await sleep(20);
    }

    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const r = { round, solo: {}, mixed: {}, loadBefore: os.loadavg()[0] };
      // Solo: each part alone (the fleet stays connected throughout: idle sockets are part of the steady state).
      await loopP99Ms(app.origin);
      r.solo.ssr = await steadyGets(page, data.listenerCookie, SSR_RATE, SECONDS);
      r.solo.ssrLoopP99Ms = await loopP99Ms(app.origin);
      await resetLimits();
      r.solo.posts = await fan.measure(target, fleet, POST_RATE, SECONDS);
      r.solo.postsLoopP99Ms = await loopP99Ms(app.origin);
      r.solo.invites = await inviteDrain(app, sink, organiserCookie, await insertEvent(data.c, organiser.id, eventNo++), `${round}s`);
      r.solo.invitesLoopP99Ms = await loopP99Ms(app.origin);
      // Mixed: all three at once; the paste lands a second in, while pages and posts are flowing.
      await resetLimits();
      const slug = await insertEvent(data.c, organiser.id, eventNo++);
      await loopP99Ms(app.origin);
      const cpu0 = process.cpuUsage();
      const [ssr, posts, invites] = await Promise.all([
        steadyGets(page, data.listenerCookie, SSR_RATE, SECONDS),
        fan.measure(target, fleet, POST_RATE, SECONDS),
        sleep(1000).then(() => inviteDrain(app, sink, organiserCookie, slug, `${round}m`)),
      ]);
      r.mixed = { ssr, posts, invites, loopP99Ms: await loopP99Ms(app.origin) };
      const c = process.cpuUsage(cpu0);
      r.benchClientCpuPct = Math.round(((c.user + c.system) / 1e6 / SECONDS) * 100);
      r.appRssMb = rssMb(app.child.pid);
      r.loadAfter = os.loadavg()[0];
      rounds.push(r);
      console.error(
        `[mixed] post statuses solo ${JSON.stringify(r.solo.posts.statuses)} mixed ${JSON.stringify(posts.statuses)}; SSR statuses ${JSON.stringify(ssr.statuses)}\n` +
          `[mixed] round ${round}: SSR p99 ${r.solo.ssr.p99} → ${ssr.p99} ms; post p99 ${r.solo.posts.p99} → ${posts.p99} ms (lost ${posts.lost}); invitations p99 ${r.solo.invites.p99} → ${invites.p99} ms (${invites.invitations}); loop p99 ${r.mixed.loopP99Ms} ms; load ${r.loadAfter.toFixed(2)}`,
      );
    }
    const med = (f) => r1(median(rounds.map(f)));
    const ratio = (f) => Math.round(median(rounds.map((r) => f(r.mixed) / Math.max(1, f(r.solo)))) * 100) / 100;
    const summary = {
      ssr: { solo: med((r) => r.solo.ssr.p99), mixed: med((r) => r.mixed.ssr.p99), ratio: ratio((x) => x.ssr.p99), errors: rounds.reduce((s, r) => s + r.mixed.ssr.errors + r.solo.ssr.errors, 0) },
      posts: {
        solo: med((r) => r.solo.posts.p99),
        mixed: med((r) => r.mixed.posts.p99),
        ratio: ratio((x) => x.posts.p99),
        lost: rounds.reduce((s, r) => s + r.mixed.posts.lost + r.solo.posts.lost, 0),
        httpErrors: rounds.reduce((s, r) => s + r.mixed.posts.httpErrors + r.solo.posts.httpErrors, 0),
      },
      invites: {
        solo: med((r) => r.solo.invites.p99),
        mixed: med((r) => r.mixed.invites.p99),
        ratio: ratio((x) => x.invites.p99),
        exactlyOneEach: rounds.every((r) => r.solo.invites.exactlyOneEach && r.mixed.invites.exactlyOneEach),
        invitationsPerRun: rounds.map((r) => r.mixed.invites.invitations),
      },
      loopP99Ms: { solo: med((r) => Math.max(r.solo.ssrLoopP99Ms, r.solo.postsLoopP99Ms, r.solo.invitesLoopP99Ms)), mixed: Math.max(...rounds.map((r) => r.mixed.loopP99Ms)) },
    };
    summary.met =
      summary.ssr.ratio <= TARGETS.p99Ratio &&
      summary.posts.ratio <= TARGETS.p99Ratio &&
      summary.invites.ratio <= TARGETS.p99Ratio &&
      summary.loopP99Ms.mixed <= TARGETS.eventLoopP99Ms &&
      summary.posts.lost === 0 &&
      summary.invites.exactlyOneEach;
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load: os.loadavg().map((x) => Number(x.toFixed(2))) },
      options: {
        quick: QUICK,
        seconds: SECONDS,
        ssrRate: SSR_RATE,
        postRate: POST_RATE,
        clients: CLIENTS,
        invites: INVITES,
        rounds: ROUNDS,
        mailWorker: SEPARATE_WORKER ? "separate process" : "in the server",
      },
      connectMs,
      summary,
      rounds,
      targets: TARGETS,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
  } catch (err) {
    console.error(`[mixed] failed: ${err?.stack ?? err}`);
    throw err;
  } finally {
    await fleet?.close().catch(() => {});
    await data?.c.end().catch(() => {});
    if (worker) await stop(worker);
    if (app) await stop(app.child);
    sink.child.kill("SIGTERM");
    await dropDatabase(name).catch(() => {});
  }
}

export function mixedTable(r) {
  const s = r.summary;
  return [
    `### S7 mixed load: start page at ${r.options.ssrRate} req/s + ${r.options.clients} live clients at ${r.options.postRate} posts/s + ${r.options.invites} invitations, one instance (mail worker ${r.options.mailWorker})`,
    "",
    "| part | solo p99 ms | mixed p99 ms | ratio | target |",
    "|---|---|---|---|---|",
    `| start page (SSR) | ${s.ssr.solo} | ${s.ssr.mixed} | ${s.ssr.ratio}× | ≤ 2× (errors ${s.ssr.errors}) |`,
    `| post → ${r.options.clients} clients | ${s.posts.solo} | ${s.posts.mixed} | ${s.posts.ratio}× | ≤ 2×, 0 lost (lost ${s.posts.lost}) |`,
    `| ${r.options.invites} invitations, 99 % at the sink | ${s.invites.solo} | ${s.invites.mixed} | ${s.invites.ratio}× | ≤ 2×, exactly ${r.options.invites} (${s.invites.invitationsPerRun.join(", ")}; one each: ${s.invites.exactlyOneEach}) |`,
    `| event-loop delay p99 | ${s.loopP99Ms.solo} | ${s.loopP99Ms.mixed} | – | ≤ 30 ms |`,
    "",
    `Medians over ${r.options.rounds} round(s) of ${r.options.seconds} s; load average ${r.machine.load.join(" / ")}; ${r.durationSeconds} s.`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchMixed();
  if (process.env.BENCH_JSON === "1") console.log(JSON.stringify(r));
  else {
    mkdirSync("bench/results", { recursive: true });
    const file = `bench/results/mixed-${r.date.replace(/[:.]/g, "-")}.json`;
    writeFileSync(file, JSON.stringify(r, null, 2));
    console.log(mixedTable(r));
    console.log(`(${file})`);
  }
  process.exit(0);
}
