// Live discussions under load (docs/performance.md "Reference numbers", "Fan-out harness", S3/S3c/S6; issue 3 "Benchmark").
//
// 1. Fan-out: N raw `ws` clients speaking Engine.IO v4 / Socket.IO v5 framing by hand (one process, one clock),
//    authenticated with a demo member's session cookie and joined to one thread with the app's room:join. Posts go
//    through the app's real HTTP action (session, authorisation, rate limit, Markdown, transaction with the per-thread
//    seq, push after commit, the Postgres adapter's NOTIFY) at 20 and 50 posts/s. Baseline: bench/baselines/sio.mjs, a
//    bare socket.io server that emits the same DTO on POST /post without a database. Rounds are interleaved
//    (baseline, app) at each rate. Reported: delivery p50/p99/max, fan-out-complete p50/p99 (time until the last
//    client has message k), lost deliveries, HTTP errors, server CPU and RSS, client CPU (validity: < ~70 %).
// 2. Data-scale flatness: the latest page of a 100,000-post thread vs a 1,000-post thread (wrk -t1 -c32, member
//    session), interleaved; seq_scan delta on `post` and the EXPLAIN of the page query.
//
//   node bench/fanout.mjs                                  # default: 1,000 clients, 20 and 50 posts/s, 3 rounds (~4-5 min)
//   node bench/fanout.mjs --clients 10000 --rates 2 --rounds 1 --no-pages   # S3c, 10k clients (fleets one at a time)
//   node bench/fanout.mjs --instances 2 --rates 100 --no-pages              # two app instances on one PostgreSQL
//   options: --clients N --rates a,b --seconds S --rounds R --instances N --connect-rate per-second (default 1000)
//            --no-pages --no-fanout --idle-wait ms
// From another bench: import { runFanout, table, Fleet, FleetGroup, measure, setupData } from "./fanout.mjs".
// Needs PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), a
// build (npm run build), and wrk for the page part. Results: bench/results/fanout-<timestamp>.json + a Markdown table.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import WebSocket from "ws";
import { createDatabase, dropDatabase, freePort, hasWrk, idleCheck, median, rssMb, sleep, startApp, stop, waitHealthy, wrk } from "./lib.mjs";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const flag = (name) => args.includes(`--${name}`);
/** The options (command line by default; runFanout(opts) overrides them). */
const cfg = {
  clients: Number(opt("clients", 1000)),
  rates: String(opt("rates", "20,50")).split(",").map(Number),
  seconds: Number(opt("seconds", 8)),
  rounds: Number(opt("rounds", 3)),
  idleWaitMs: Number(opt("idle-wait", process.env.BENCH_IDLE_WAIT_MS ?? 5000)),
  pages: !flag("no-pages"),
  fanout: !flag("no-fanout"),
  /** App instances on one PostgreSQL (the Postgres adapter between them): clients and posts are spread over them. */
  instances: Number(opt("instances", 1)),
  /** New WebSocket connections per second while a fleet joins (a reconnect storm spread by the clients' backoff). */
  connectRate: Number(opt("connect-rate", 1000)),
};
const SECRET = "bench";
const BODY_BYTES = 300;
const DRAIN_MS = 1500;
const CLK_TCK = 100;
const POST_EVENT = '42["post:new"';
/** Above this many clients the two fleets are connected one at a time (file descriptors, memory). */
const PARALLEL_FLEETS_MAX = 4000;

// ----- sessions ------------------------------------------------------------------------------------------------
/** A session row for a person and the signed cookie the app accepts (Remix createCookie, HMAC-SHA256). */
export async function sessionCookie(client, personId) {
  const id = crypto.randomBytes(32).toString("base64url");
  const hash = crypto.createHash("sha256").update(id).digest("hex");
  await client.query(`insert into session (id_hash, person_id, expires_at, user_agent, ip) values ($1, $2, now() + interval '1 day', 'bench', '127.0.0.1')`, [hash, personId]);
  const value = Buffer.from(JSON.stringify(id), "utf8").toString("base64");
  const sig = crypto.createHmac("sha256", SECRET).update(value).digest("base64").replace(/=+$/, "");
  return `session=${encodeURIComponent(`${value}.${sig}`)}`;
}

/** `count` sessions spread over these people (one per client, like separate browsers), signed cookies in order. */
async function sessionCookies(client, personIds, count) {
  const cookies = [];
  for (let start = 0; start < count; start += 1000) {
    const ids = [];
    const hashes = [];
    const people = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const id = crypto.randomBytes(32).toString("base64url");
      ids.push(id);
      hashes.push(crypto.createHash("sha256").update(id).digest("hex"));
      people.push(personIds[i % personIds.length]);
    }
    await client.query(
      `insert into session (id_hash, person_id, expires_at, user_agent, ip)
       select h, p, now() + interval '1 day', 'bench', '127.0.0.1' from unnest($1::text[], $2::uuid[]) as t(h, p)`,
      [hashes, people],
    );
    for (const id of ids) {
      const value = Buffer.from(JSON.stringify(id), "utf8").toString("base64");
      const sig = crypto.createHmac("sha256", SECRET).update(value).digest("base64").replace(/=+$/, "");
      cookies.push(`session=${encodeURIComponent(`${value}.${sig}`)}`);
    }
  }
  return cookies;
}

// ----- CPU ---------------------------------------------------------------------------------------------------
function procTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]); // utime + stime (fields 14, 15)
}

// ----- the client fleet --------------------------------------------------------------------------------------
/** N raw WebSocket clients, Engine.IO v4 / Socket.IO v5 framed by hand (docs/performance.md "Fan-out harness"). */
export class Fleet {
  constructor(name, origin, cookies, threadId) {
    this.name = name;
    this.origin = origin;
    this.cookies = Array.isArray(cookies) ? cookies : [cookies];
    this.retries = 0;
    this.threadId = threadId;
    this.sockets = [];
    this.joined = 0;
    this.errors = 0;
    this.closedUnexpectedly = 0;
    this.errorSamples = [];
    this.onPost = null;
  }

  connect(n, rate = cfg.connectRate) {
    const url = `${this.origin.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
    const join = `420${JSON.stringify(["room:join", { kind: "thread", id: this.threadId }])}`;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let opened = 0;
      const openOne = (i, attempt = 0) => {
        const ws = new WebSocket(url, { headers: { cookie: this.cookies[i % this.cookies.length], origin: this.origin }, perMessageDeflate: false });
        this.sockets.push(ws);
        let joined = false;
        // A refused or reset connection is retried like a browser would (backoff with jitter), up to 5 times.
        const retry = () => {
          if (joined || this.closing || ws.retried || attempt >= 5) return;
          ws.retried = true;
          this.retries++;
          setTimeout(() => openOne(i, attempt + 1), 200 * 2 ** attempt + Math.random() * 300);
        };
        ws.on("message", (data) => {
          // ws 7 hands text frames over as strings. Hot path first: 42["post:new",…] (other events are ignored).
          const s = typeof data === "string" ? data : data.toString();
          if (s.charCodeAt(0) === 0x34 && s.charCodeAt(1) === 0x32) {
            if (this.onPost && s.startsWith(POST_EVENT)) this.onPost(s);
            return;
          }
          if (s === "2") return ws.send("3"); // ping → pong
          if (s.startsWith("0{")) ws.send("40");
          else if (s.startsWith("40")) ws.send(join);
          else if (s.startsWith("430")) {
            if (s.includes('"ok":true')) {
              joined = true;
              this.joined++;
              if (this.joined === n) resolve(performance.now() - started);
            } else reject(new Error(`${this.name}: room:join refused: ${s}`));
          } else if (s.startsWith("44")) reject(new Error(`${this.name}: connect refused: ${s}`));
        });
        ws.on("error", (e) => {
          this.errors++;
          if (this.errorSamples.length < 5) this.errorSamples.push(String(e?.message ?? e));
          retry();
        });
        ws.on("close", () => {
          if (!this.closing && joined) this.closedUnexpectedly++;
          retry();
        });
      };
      // `rate` connections a second, opened every 10 ms.
      const t0 = performance.now();
      const timer = setInterval(() => {
        const due = Math.min(n, Math.ceil(((performance.now() - t0) / 1000) * rate));
        for (; opened < due; opened++) openOne(opened);
        if (opened >= n) clearInterval(timer);
      }, 10);
      setTimeout(() => reject(new Error(`${this.name}: only ${this.joined}/${n} joined in time (${this.errors} errors: ${this.errorSamples.join("; ")})`)), 60_000 + (n * 1000) / rate + n * 5).unref();
    });
  }

  async close() {
    this.closing = true;
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
    this.joined = 0;
    await sleep(300);
  }
}

/** Several fleets measured as one (one per app instance): `joined` adds up, a delivery on any of them counts. */
export class FleetGroup {
  constructor(fleets) {
    this.fleets = fleets;
  }
  get joined() {
    return this.fleets.reduce((s, f) => s + f.joined, 0);
  }
  set onPost(fn) {
    for (const f of this.fleets) f.onPost = fn;
  }
  get errors() {
    return this.fleets.reduce((s, f) => s + f.errors, 0);
  }
  get retries() {
    return this.fleets.reduce((s, f) => s + f.retries, 0);
  }
  get closedUnexpectedly() {
    return this.fleets.reduce((s, f) => s + f.closedUnexpectedly, 0);
  }
  get errorSamples() {
    return this.fleets.flatMap((f) => f.errorSamples).slice(0, 5);
  }
  /** n clients spread evenly, all fleets joining at once at `rate` connections a second in total. */
  async connect(n, rate = cfg.connectRate) {
    const k = this.fleets.length;
    const started = performance.now();
    await Promise.all(this.fleets.map((f, i) => f.connect(Math.floor(n / k) + (i < n % k ? 1 : 0), rate / k)));
    return performance.now() - started;
  }
  async close() {
    await Promise.all(this.fleets.map((f) => f.close()));
  }
}

// ----- one measured run ----------------------------------------------------------------------------------------
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}
const r1 = (x) => (x === null || !Number.isFinite(x) ? x : Math.round(x * 10) / 10);

let runCounter = 0;
const FILLER = "Klīniskā pētījuma protokola grozījumi un GMP audita plāns: lūdzu, pārskatiet pievienotās piezīmes līdz piektdienai. ".repeat(4);

export async function measure(target, fleet, rate, seconds) {
  const runId = ++runCounter;
  const posts = Math.round(rate * seconds);
  const n = fleet.joined;
  const t0 = new Float64Array(posts);
  const count = new Uint32Array(posts);
  const done = new Float64Array(posts).fill(Infinity);
  const lat = new Float64Array(posts * n);
  let latN = 0;
  let stray = 0;
  const mark = `bench-${runId}-`;
  fleet.onPost = (msg) => {
    const now = performance.now();
    const i = msg.indexOf(mark);
    if (i < 0) return void stray++;
    let k = 0;
    for (let j = i + mark.length; j < msg.length; j++) {
      const c = msg.charCodeAt(j);
      if (c < 0x30 || c > 0x39) break;
      k = k * 10 + (c - 0x30);
    }
    if (k >= posts) return void stray++;
    const l = now - t0[k];
    if (latN < lat.length) lat[latN++] = l;
    if (++count[k] === n) done[k] = l;
  };
  let httpErrors = 0;
  const statuses = {};
  const pids = target.pids ?? [target.pid];
  const ticks = () => pids.reduce((sum, pid) => sum + procTicks(pid), 0);
  const cpu0 = ticks();
  const client0 = process.cpuUsage();
  const wall0 = performance.now();
  const sends = [];
  for (let k = 0; k < posts; k++) {
    const due = wall0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const body = `bench-${runId}-${k}- ${FILLER}`.slice(0, BODY_BYTES);
    t0[k] = performance.now();
    sends.push(
      target.send(k, body).then(
        (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status !== 302) httpErrors++;
        },
        () => httpErrors++,
      ),
    );
  }
  await Promise.all(sends);
  const sentMs = performance.now() - wall0;
  await sleep(DRAIN_MS);
  const wallS = (performance.now() - wall0) / 1000;
  // Deliveries after the drain window are late, not lost: keep counting until complete or quiet for 3 s.
  const onTime = latN;
  for (let seen = latN, quietSince = performance.now(); latN < posts * n && performance.now() - quietSince < 3000;) {
    await sleep(100);
    if (latN !== seen) {
      seen = latN;
      quietSince = performance.now();
    }
  }
  const serverCpu = (ticks() - cpu0) / CLK_TCK / wallS;
  const c = process.cpuUsage(client0);
  const clientCpu = (c.user + c.system) / 1e6 / wallS;
  fleet.onPost = null;
  const sorted = lat.subarray(0, latN).sort();
  const fan = [...done].sort((a, b) => a - b);
  const expected = posts * n;
  return {
    target: target.name,
    rate,
    clients: n,
    posts,
    sendMs: Math.round(sentMs),
    p50: r1(percentile(sorted, 0.5)),
    p99: r1(percentile(sorted, 0.99)),
    max: r1(sorted.length ? sorted[sorted.length - 1] : null),
    fanoutP50: r1(percentile(fan, 0.5)),
    fanoutP99: r1(percentile(fan, 0.99)),
    delivered: latN,
    late: latN - onTime,
    lost: expected - latN,
    stray,
    httpErrors,
    statuses,
    deliveriesPerSec: Math.round(latN / wallS),
    serverCpuPct: Math.round(serverCpu * 100),
    // CPU time per post (HTTP + broadcast to every client): robust to a busy shared machine, unlike latency.
    serverCpuMsPerPost: Math.round(((serverCpu * wallS * 1000) / posts) * 10) / 10,
    clientCpuPct: Math.round(clientCpu * 100),
    // With several instances: the largest one (each is its own process with its own limit).
    serverRssMb: Math.max(...pids.map((pid) => rssMb(pid))),
  };
}

// ----- setup -------------------------------------------------------------------------------------------------
export async function setupData(dbUrl) {
  const c = new pg.Client({ connectionString: dbUrl });
  c.on("error", (e) => console.error(`[fanout] setup connection: ${e.message}`));
  await c.connect();
  const people = (
    await c.query(
      `select p.id, p.email from person p join organisation o on o.id = p.organisation_id
       where p.membership_status = 'approved' and o.status = 'approved' and p.email_verified_at is not null and p.deactivated_at is null
       order by p.email`,
    )
  ).rows;
  const lead = people.find((p) => p.email === "organiser@demo.example") ?? people[0];
  const listener = people.find((p) => p.email === "member@demo.example") ?? people[1];
  const slug = `bench-${crypto.randomBytes(3).toString("hex")}`;
  const g = (
    await c.query(
      `insert into working_group (slug, name_lv, name_en, visibility, join_policy, created_by, search_key)
       values ($1, 'Slodzes tests', 'Load test', 'public', 'open', $2, 'slodzes tests') returning id`,
      [slug, lead.id],
    )
  ).rows[0];
  for (const p of people) {
    await c.query(`insert into working_group_member (group_id, person_id, role, competition_ack_at) values ($1, $2, $3, now())`, [g.id, p.id, p.id === lead.id ? "lead" : "member"]);
  }
  const newThread = async (title, posts) => {
    const t = (
      await c.query(`insert into thread (subject_type, subject_id, title, created_by, last_seq, post_count, last_post_at) values ('group', $1, $2, $3, $4, $4, now()) returning id`, [
        g.id,
        title,
        lead.id,
        posts,
      ])
    ).rows[0];
    if (posts > 0) {
      await c.query(
        `insert into post (thread_id, seq, author_id, body_md, body_html, created_at)
         select $1, s, ($2::uuid[])[1 + s % array_length($2::uuid[], 1)],
                'Ieraksts ' || s || '. ' || $3, '<p>Ieraksts ' || s || '. ' || $3 || '</p>', now() - make_interval(secs => $4 - s)
         from generate_series(1, $4) s`,
        [t.id, people.map((p) => p.id), FILLER.slice(0, 200), posts],
      );
    }
    return t.id;
  };
  const live = await newThread("Tiešraides slodze", 1);
  const pages = cfg.pages ? { small: await newThread("1 000 ierakstu", 1000), big: await newThread("100 000 ierakstu", 100_000) } : null;
  await c.query("analyze post; analyze thread");
  const listenerCookie = await sessionCookie(c, listener.id);
  // The live clients: one session each (a handshake per session, as with separate browsers), over all demo people.
  const clientCookies = cfg.fanout
    ? await sessionCookies(
        c,
        people.map((p) => p.id),
        cfg.clients,
      )
    : [];
  const posterCookies = [];
  for (const p of people) posterCookies.push(await sessionCookie(c, p.id));
  return { c, slug, live, pages, listenerCookie, clientCookies, posterCookies, posters: people.length };
}

// ----- fan-out -----------------------------------------------------------------------------------------------
async function fanout(apps, base, data) {
  const threadPath = `/groups/${data.slug}/threads/${data.live}`;
  let clientSeq = 0;
  const appTarget = {
    name: "app",
    pid: apps[0].child.pid,
    pids: apps.map((a) => a.child.pid),
    origin: apps[0].origin,
    // Post k goes to instance k mod n: with two instances, half the posts reach the other half of the clients only
    // through the Postgres adapter.
    send: async (k, body) => {
      const origin = apps[k % apps.length].origin;
      const res = await fetch(`${origin}${threadPath}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: data.posterCookies[k % data.posterCookies.length], origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "reply", body, clientId: `bench${(++clientSeq).toString(36)}x${Date.now().toString(36)}` }),
      });
      await res.arrayBuffer();
      return res.status;
    },
  };
  const baseTarget = {
    name: "bare socket.io",
    pid: base.child.pid,
    origin: base.origin,
    send: async (k, body) => {
      const res = await fetch(`${base.origin}/post`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ body }),
      });
      await res.arrayBuffer();
      return res.status;
    },
  };
  const fleets = {
    app:
      apps.length === 1
        ? new Fleet("app", apps[0].origin, data.clientCookies, data.live)
        : new FleetGroup(
            apps.map(
              (a, i) =>
                new Fleet(
                  `app ${i + 1}`,
                  a.origin,
                  data.clientCookies.filter((_, j) => j % apps.length === i),
                  data.live,
                ),
            ),
          ),
    "bare socket.io": new Fleet("bare", base.origin, "", base.threadId),
  };
  // The posting limit (20 a minute per person) is a product rule; 33 demo posters at 50 posts/s exceed it within a
  // run, so the bench clears the counters before each app run (the check itself still runs on every post).
  const resetLimits = () => data.c.query(`delete from rate_limit where key like 'post:%'`);
  const parallel = cfg.clients <= PARALLEL_FLEETS_MAX;
  const connectMs = {};
  const rssIdle = { app: Math.max(...apps.map((a) => rssMb(a.child.pid))), "bare socket.io": rssMb(base.child.pid) };
  if (parallel) {
    for (const t of [baseTarget, appTarget]) connectMs[t.name] = Math.round(await fleets[t.name].connect(cfg.clients));
    await sleep(500);
    // Warm-up: a second of posts on each (JIT, statement caches).
    await resetLimits();
    for (const t of [baseTarget, appTarget]) await measure(t, fleets[t.name], Math.min(20, cfg.rates[0]), 1);
  }
  const runs = [];
  const idle = [];
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const t of [baseTarget, appTarget]) {
      if (!parallel) {
        connectMs[t.name] = Math.round(await fleets[t.name].connect(cfg.clients));
        await sleep(500);
      }
      for (const rate of cfg.rates) {
        idle.push(await idleCheck(cfg.idleWaitMs));
        if (t === appTarget) await resetLimits();
        const r = await measure(t, fleets[t.name], rate, cfg.seconds);
        r.round = round;
        r.idlePercentBefore = idle.at(-1);
        runs.push(r);
        console.error(
          `[fanout] round ${round} ${t.name} ${rate}/s: p50 ${r.p50} p99 ${r.p99} fan-out p99 ${r.fanoutP99} ms, lost ${r.lost}, http errors ${r.httpErrors}, server CPU ${r.serverCpuPct}% RSS ${r.serverRssMb} MB, client CPU ${r.clientCpuPct}%`,
        );
      }
      if (!parallel) await fleets[t.name].close();
    }
  }
  const errors = Object.fromEntries(Object.entries(fleets).map(([k, f]) => [k, { connectErrors: f.errors, retries: f.retries, droppedAfterJoin: f.closedUnexpectedly, samples: f.errorSamples }]));
  if (parallel) for (const f of Object.values(fleets)) await f.close();
  const summary = cfg.rates.map((rate) => {
    const of = (name) => runs.filter((r) => r.rate === rate && r.target === name);
    const a = of("app");
    const b = of("bare socket.io");
    const ratios = a.map((x, i) => (b[i]?.p99 ? x.p99 / b[i].p99 : null)).filter((x) => x !== null);
    const fanRatios = a.map((x, i) => (b[i]?.fanoutP99 ? x.fanoutP99 / b[i].fanoutP99 : null)).filter((x) => x !== null && Number.isFinite(x));
    const med = (name, key) => median(of(name).map((r) => r[key]));
    return {
      rate,
      clients: cfg.clients,
      app: {
        p50: med("app", "p50"),
        p99: med("app", "p99"),
        fanoutP99: med("app", "fanoutP99"),
        cpuMsPerPost: med("app", "serverCpuMsPerPost"),
        late: a.reduce((s, r) => s + r.late, 0),
        lost: a.reduce((s, r) => s + r.lost, 0),
        httpErrors: a.reduce((s, r) => s + r.httpErrors, 0),
        rssMb: Math.max(...a.map((r) => r.serverRssMb)),
        serverCpuPct: med("app", "serverCpuPct"),
        clientCpuPct: med("app", "clientCpuPct"),
      },
      bare: {
        p50: med("bare socket.io", "p50"),
        p99: med("bare socket.io", "p99"),
        fanoutP99: med("bare socket.io", "fanoutP99"),
        cpuMsPerPost: med("bare socket.io", "serverCpuMsPerPost"),
        late: b.reduce((s, r) => s + r.late, 0),
        lost: b.reduce((s, r) => s + r.lost, 0),
        rssMb: Math.max(...b.map((r) => r.serverRssMb)),
        serverCpuPct: med("bare socket.io", "serverCpuPct"),
        clientCpuPct: med("bare socket.io", "clientCpuPct"),
      },
      p99RatioMedian: ratios.length ? Number(median(ratios).toFixed(2)) : null,
      p99RatioBest: ratios.length ? Number(Math.min(...ratios).toFixed(2)) : null,
      p99RatioRange: ratios.length ? [Number(Math.min(...ratios).toFixed(2)), Number(Math.max(...ratios).toFixed(2))] : null,
      fanoutP99RatioMedian: fanRatios.length ? Number(median(fanRatios).toFixed(2)) : null,
      target: rate >= 50 ? 2.0 : 1.5,
    };
  });
  return { connectMs, rssIdleMb: rssIdle, connectionErrors: errors, runs, summary, idlePercent: idle, mode: parallel ? "both fleets connected, runs interleaved" : "one fleet at a time" };
}

// ----- data-scale flatness ---------------------------------------------------------------------------------------
async function pages(app, data) {
  if (!hasWrk()) return { skipped: "wrk is not installed (Debian: apt-get install wrk)" };
  const url = (tid) => `${app.origin}/groups/${data.slug}/threads/${tid}`;
  const headers = { cookie: data.listenerCookie };
  const check = await fetch(url(data.pages.big), { headers });
  if (check.status !== 200) throw new Error(`page answered ${check.status}`);
  const html = await check.text();
  const shown = (html.match(/data-seq="/g) ?? []).length;
  const stat = async () => (await data.c.query(`select seq_scan, idx_scan from pg_stat_user_tables where relname = 'post'`)).rows[0];
  for (const tid of [data.pages.small, data.pages.big]) wrk(url(tid), { seconds: 3, headers }); // warm-up
  await sleep(1500);
  const before = await stat();
  const res = { "1k": [], "100k": [] };
  const cpu = { "1k": [], "100k": [] };
  const idle = [];
  for (let r = 0; r < cfg.rounds; r++) {
    for (const [name, tid] of [
      ["1k", data.pages.small],
      ["100k", data.pages.big],
    ]) {
      idle.push(await idleCheck(cfg.idleWaitMs));
      const t0 = procTicks(app.child.pid);
      const w = wrk(url(tid), { seconds: cfg.seconds, headers });
      res[name].push(w);
      cpu[name].push(Math.round((((procTicks(app.child.pid) - t0) * 1000) / CLK_TCK / Math.max(1, w.rps * cfg.seconds)) * 100) / 100);
    }
  }
  await sleep(1500); // the statistics collector flushes about once a second
  const after = await stat();
  const plan = (
    await data.c.query(
      `explain select p.id, p.seq, a.name, o.name, p.body_html, q.seq from post p join person a on a.id = p.author_id
       join organisation o on o.id = a.organisation_id left join post q on q.id = p.quote_of
       where p.thread_id = $1 order by p.seq desc limit 51`,
      [data.pages.big],
    )
  ).rows.map((r) => r["QUERY PLAN"]);
  const rps = res["100k"].map((x, i) => x.rps / res["1k"][i].rps);
  const p99 = res["100k"].map((x, i) => x.p99 / res["1k"][i].p99);
  return {
    postsShown: shown,
    rps: { "1k": res["1k"].map((x) => Math.round(x.rps)), "100k": res["100k"].map((x) => Math.round(x.rps)) },
    p99Ms: { "1k": res["1k"].map((x) => x.p99), "100k": res["100k"].map((x) => x.p99) },
    cpuMsPerRequest: cpu,
    non2xx: res["1k"].concat(res["100k"]).reduce((s, x) => s + x.non2xx, 0),
    rpsRatioMedian: Number(median(rps).toFixed(2)),
    rpsRatioRange: [Number(Math.min(...rps).toFixed(2)), Number(Math.max(...rps).toFixed(2))],
    p99RatioMedian: Number(median(p99).toFixed(2)),
    p99RatioRange: [Number(Math.min(...p99).toFixed(2)), Number(Math.max(...p99).toFixed(2))],
    postSeqScans: Number(after.seq_scan) - Number(before.seq_scan),
    postIdxScans: Number(after.idx_scan) - Number(before.idx_scan),
    plan,
    idlePercent: idle,
    targets: { rpsRatio: 0.9, p99Ratio: 1.2, seqScans: 0 },
  };
}

// ----- report ------------------------------------------------------------------------------------------------
export function table(result) {
  const out = [];
  if (result.fanout) {
    const f = result.fanout;
    const conn = Object.entries(f.connectionErrors)
      .map(([k, e]) => `${k}: ${f.connectMs[k]} ms to join all, ${e.connectErrors} connect errors (${e.retries} retried), ${e.droppedAfterJoin} dropped after joining`)
      .join("; ");
    const inst = result.options?.instances > 1 ? `${result.options.instances} app instances on one PostgreSQL; ` : "";
    out.push(`### Post → ${cfg.clients} live clients (${inst}${f.mode}; one session per client; joining at ${cfg.connectRate}/s)`, "", `Connect: ${conn}.`, "");
    out.push("| posts/s | server | p50 ms | p99 ms | fan-out p99 ms | late (> drain) | lost | HTTP errors | server CPU | CPU ms/post | RSS MB | client CPU |");
    out.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of f.summary) {
      out.push(
        `| ${s.rate} | bare socket.io | ${s.bare.p50} | ${s.bare.p99} | ${s.bare.fanoutP99} | ${s.bare.late} | ${s.bare.lost} | – | ${s.bare.serverCpuPct}% | ${s.bare.cpuMsPerPost} | ${s.bare.rssMb} | ${s.bare.clientCpuPct}% |`,
      );
      out.push(
        `| ${s.rate} | app | ${s.app.p50} | ${s.app.p99} | ${s.app.fanoutP99} | ${s.app.late} | ${s.app.lost} | ${s.app.httpErrors} | ${s.app.serverCpuPct}% | ${s.app.cpuMsPerPost} | ${s.app.rssMb} | ${s.app.clientCpuPct}% |`,
      );
    }
    out.push("");
    out.push("| posts/s | p99 ratio app/bare (median, per-round range) | goal | fan-out p99 ratio (median) |");
    out.push("|---|---|---|---|");
    for (const s of f.summary) out.push(`| ${s.rate} | ${s.p99RatioMedian} (${s.p99RatioRange?.join("–")}) | ≤ ${s.target} | ${s.fanoutP99RatioMedian} |`);
    out.push("", `Medians over ${cfg.rounds} interleaved rounds; idle before runs: ${f.idlePercent.join(", ")} %.`, "");
  }
  if (result.pages && !result.pages.skipped) {
    const p = result.pages;
    out.push("### Latest page: 100,000-post thread vs 1,000-post thread (wrk -t1 -c32)", "");
    out.push("| thread | req/s per round | p99 ms per round | server CPU ms/request |", "|---|---|---|---|");
    out.push(`| 1,000 posts | ${p.rps["1k"].join(", ")} | ${p.p99Ms["1k"].join(", ")} | ${p.cpuMsPerRequest["1k"].join(", ")} |`);
    out.push(`| 100,000 posts | ${p.rps["100k"].join(", ")} | ${p.p99Ms["100k"].join(", ")} | ${p.cpuMsPerRequest["100k"].join(", ")} |`);
    out.push(
      "",
      `req/s ratio 100k/1k: ${p.rpsRatioMedian} (${p.rpsRatioRange.join("–")}), goal ≥ 0.9; p99 ratio ${p.p99RatioMedian} (${p.p99RatioRange.join("–")}), goal ≤ 1.2; seq scans on post during the runs: ${p.postSeqScans} (index scans ${p.postIdxScans}); ${p.postsShown} posts on the page; non-2xx ${p.non2xx}. Idle: ${p.idlePercent.join(", ")} %.`,
    );
    out.push(
      "",
      "Plan: " +
        p.plan
          .map((l) => l.trim())
          .filter((l) => /Scan|Limit/.test(l))
          .join(" · "),
    );
  } else if (result.pages?.skipped) out.push(`Page comparison skipped: ${result.pages.skipped}`);
  return out.join("\n");
}

/**
 * The whole benchmark (fan-out and page flatness) with these options (defaults: the command line); used by main()
 * below, by bench/run.mjs and by the mixed-load bench.
 *   runFanout({ clients?: number, rates?: number[], seconds?: number, rounds?: number, instances?: number,
 *               connectRate?: number, pages?: boolean, fanout?: boolean, idleWaitMs?: number }) → Promise<result>
 * result.fanout.summary: per rate { rate, clients, app: {p50, p99, fanoutP99, lost, rssMb, …}, bare: {…},
 * p99RatioMedian, target }; table(result) renders it as Markdown.
 */
export async function runFanout(opts = {}) {
  Object.assign(cfg, Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)));
  const started = Date.now();
  const name = `bench_fanout_${process.pid}`;
  const dbUrl = await createDatabase(name);
  const apps = [];
  const basePort = await freePort();
  const threadId = crypto.randomUUID();
  const baseChild = spawn(process.execPath, ["bench/baselines/sio.mjs", String(basePort), threadId], { stdio: ["ignore", "ignore", "inherit"] });
  const base = { child: baseChild, origin: `http://127.0.0.1:${basePort}`, threadId };
  let data;
  try {
    // Instances one after another: the first migrates and seeds, the others find the database ready.
    for (let i = 0; i < Math.max(1, cfg.instances); i++) apps.push(await startApp({ DATABASE_URL: dbUrl, MAIL_WORKERS: "1", SEED_DEMO: "always" }));
    await waitHealthy(`${base.origin}/healthz`);
    console.error(`[fanout] ${apps.length} app instance(s) and the bare socket.io server are up`);
    data = await setupData(dbUrl);
    console.error(`[fanout] data ready (${data.clientCookies.length} client sessions)`);
    const os = await import("node:os");
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load: os.loadavg().map((x) => Number(x.toFixed(2))) },
      options: {
        clients: cfg.clients,
        rates: cfg.rates,
        seconds: cfg.seconds,
        rounds: cfg.rounds,
        connectRate: cfg.connectRate,
        bodyBytes: BODY_BYTES,
        posters: data.posters,
        instances: apps.length,
        adapter: `@socket.io/postgres-adapter (${apps.length === 1 ? "single instance" : `${apps.length} instances, clients and posts spread over them`})`,
      },
    };
    if (cfg.fanout) result.fanout = await fanout(apps, base, data);
    if (cfg.pages && data.pages) result.pages = await pages(apps[0], data);
    result.appRssMbAtEnd = Math.max(...apps.map((a) => rssMb(a.child.pid)));
    result.machine.loadAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
    result.durationSeconds = Math.round((Date.now() - started) / 1000);
    return result;
  } finally {
    await data?.c.end().catch(() => {});
    baseChild.kill("SIGTERM");
    for (const a of apps) await stop(a.child);
    await dropDatabase(name).catch(() => {});
  }
}

/** The benchmark with the command line's options (bench/run.mjs). */
export function benchFanout() {
  return runFanout();
}

async function main() {
  const result = await benchFanout();
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/fanout-${result.date.replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(table(result));
  console.log(`\n(${result.durationSeconds} s; load average at start ${result.machine.load.join(" ")}, at end ${result.machine.loadAtEnd.join(" ")}; JSON: ${file})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
