// The member's start page (issue 13, item 1) for a busy member: 50 groups, 200 upcoming events and 10,000 unread posts
// across their groups', events' threads, in a cluster with many more groups, events, threads and posts than theirs.
// Measures the server time of GET / (the whole loader + render, sequential requests on a warm cache) on PostgreSQL.
// Target: p95 ≤ 50 ms. Run: npm run build && node bench/start-page-hub.mjs
import pg from "pg";
import { startApp, stop, createDatabase, dropDatabase, sleep } from "./lib.mjs";

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function fill(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const one = async (q, params = []) => (await c.query(q, params)).rows[0];
  const me = await one(`select id, organisation_id from person where email = 'member@demo.example'`);
  const author = await one(`select id from person where email = 'organiser@demo.example'`);
  const started = performance.now();
  await c.query("begin");
  // 1,000 other people, 500 groups (the member in 50), 20 threads each; 2,000 events (the member at 200).
  await c.query(
    `insert into person (email, name, password_hash, organisation_id, email_verified_at)
    select 'bench' || i || '@bench.example', 'Bench Person ' || i, 'x', $1, now() from generate_series(1, 1000) i`,
    [me.organisation_id],
  );
  await c.query(`insert into working_group (slug, name_lv, name_en, search_key)
    select 'bench-' || i, 'Darba grupa ' || i, 'Working group ' || i, 'darba grupa ' || i from generate_series(1, 500) i`);
  await c.query(`insert into working_group_member (group_id, person_id, competition_ack_at)
    select g.id, p.id, now() - interval '60 days' from (select id, row_number() over (order by id) n from working_group where slug like 'bench-%') g
    join (select id, row_number() over (order by id) n from person where email like '%@bench.example') p on p.n % 50 = g.n % 50`);
  await c.query(
    `insert into working_group_member (group_id, person_id, competition_ack_at)
    select id, $1, now() from working_group where slug like 'bench-%' order by slug limit 50`,
    [me.id],
  );
  await c.query(
    `insert into thread (subject_type, subject_id, title, created_by, last_seq, post_count, last_post_at)
    select 'group', g.id, 'Tēma ' || i, $1, 10, 10, now() - ((g.n * 20 + i) || ' minutes')::interval
    from (select id, row_number() over (order by id) n from working_group where slug like 'bench-%') g join generate_series(1, 20) i on true`,
    [author.id],
  );
  await c.query(
    `insert into event (id, slug, uid, title_lv, title_en, type, starts_at, ends_at, created_by, status)
    select gen_random_uuid(), 'bench-e-' || i, 'bench-e-' || i || '@bench', 'Pasākums ' || i, 'Event ' || i, 'seminar',
      now() + (i || ' hours')::interval, now() + (i || ' hours')::interval + interval '2 hours', $1, 'published' from generate_series(1, 2000) i`,
    [author.id],
  );
  await c.query(
    `insert into event_attendance (event_id, person_id, status, responded_at)
    select id, $1, 'going', now() from event where slug like 'bench-e-%' order by random() limit 200`,
    [me.id],
  );
  await c.query(
    `insert into thread (subject_type, subject_id, title, created_by, last_seq, post_count, last_post_at)
    select 'event', id, 'Diskusija', $1, 10, 10, now() - interval '1 day' from event where slug like 'bench-e-%'`,
    [author.id],
  );
  // Posts of every thread (10 each): 10,000 threads × 10 = 100,000 posts + the events' 20,000.
  await c.query(
    `insert into post (thread_id, seq, author_id, body_md, body_html)
    select t.id, s, $1, 'Ziņa ' || s, '<p>Ziņa ' || s || '</p>' from thread t join generate_series(1, 10) s on true
    where t.title like 'Tēma %' or t.title = 'Diskusija'`,
    [author.id],
  );
  // The member read nothing in 1,000 of their 1,000 group threads except 10: unread = 10,000 posts across subjects
  // (990 group threads × 10 = 9,900 + 50 event threads × 2 = 100); the rest of their event threads are read.
  await c.query(
    `insert into thread_read (person_id, thread_id, last_read_seq)
    select $1, t.id, 10 from thread t join working_group_member m on m.group_id = t.subject_id and m.person_id = $1
    where t.subject_type = 'group' order by t.id limit 10`,
    [me.id],
  );
  await c.query(
    `insert into thread_read (person_id, thread_id, last_read_seq)
    select $1, t.id, case when row_number() over (order by t.id) <= 50 then 8 else 10 end from thread t join event_attendance a on a.event_id = t.subject_id and a.person_id = $1
    where t.subject_type = 'event'`,
    [me.id],
  );
  // Others read too (thread_read grows with the cluster).
  await c.query(`insert into thread_read (person_id, thread_id, last_read_seq)
    select p.id, t.id, 5 from (select id from person where email like '%@bench.example' limit 100) p join (select id from thread where title like 'Tēma %' limit 500) t on true`);
  await c.query("commit");
  await c.query("analyze");
  const unread = await one(
    `select count(*)::int threads, sum(t.last_seq - coalesce(r.last_read_seq, 0))::int posts from thread t
     left join thread_read r on r.thread_id = t.id and r.person_id = $1
     where ((t.subject_type = 'group' and t.subject_id in (select group_id from working_group_member where person_id = $1))
        or (t.subject_type = 'event' and t.subject_id in (select event_id from event_attendance where person_id = $1)))
       and t.last_seq > coalesce(r.last_read_seq, 0)`,
    [me.id],
  );
  const totals = await one(
    `select (select count(*)::int from post) posts, (select count(*)::int from thread) threads, (select count(*)::int from event) events,
    (select count(*)::int from working_group) groups, (select count(*)::int from working_group_member where person_id = $1) my_groups,
    (select count(*)::int from event_attendance where person_id = $1) my_events`,
    [me.id],
  );
  await c.end();
  return { fillMs: Math.round(performance.now() - started), unread, totals };
}

export async function benchStartPageHub({ requests = Number(process.env.BENCH_REQUESTS ?? 400), warmup = 50 } = {}) {
  const db = "bench_start_page_hub";
  const url = await createDatabase(db);
  const app = await startApp({ DATABASE_URL: url, SEED_DEMO: "always" });
  const data = await fill(url);
  const login = await fetch(`${app.origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
    body: "email=member%40demo.example&password=demo-password",
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith("session="))
    ?.split(";")[0];
  if (!cookie) throw new Error("bench login failed");
  const get = async () => {
    const t = performance.now();
    const r = await fetch(`${app.origin}/`, { headers: { cookie } });
    const body = await r.text();
    if (r.status !== 200 || (!body.includes("Unread discussions") && !body.includes("Nelasītas diskusijas"))) throw new Error(`start page answered ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < warmup; i++) await get();
  await sleep(200);
  const times = [];
  for (let i = 0; i < requests; i++) times.push(await get());
  await stop(app.child);
  if (!process.env.BENCH_KEEP) await dropDatabase(db);
  return {
    data,
    requests,
    p50Ms: Number(pct(times, 50).toFixed(1)),
    p95Ms: Number(pct(times, 95).toFixed(1)),
    p99Ms: Number(pct(times, 99).toFixed(1)),
    maxMs: Number(Math.max(...times).toFixed(1)),
    target: { p95Ms: 50 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStartPageHub(), null, 2));
}
