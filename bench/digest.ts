// Digest run for N people (issue 13, target: 5,000 people ≤ 60 s on the 2-core machine, memory flat, exactly one
// digest per person at the sink). Each person is a member of one of 50 working groups (10 private) and has three
// notifications in yesterday's daily period: two in their group and one in a private group they are not in (dropped
// at send time). runDigest() builds and enqueues the digests in keyset batches; the app's mail worker sends them over
// pooled SMTP to a local sink. Reported: the run's time, the time until the last digest reached the sink, digests at
// the sink, distinct recipients, and the process RSS before/after (memory flat = RSS does not grow with N).
// Run: node --import tsx bench/digest.ts [N]
import { sql } from "kysely";
import { openPostgres } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { startMail } from "../server/mail";
import { digestPeriod, runDigest } from "../app/modules/notifications/digest.server";
import { SmtpSink } from "../tests/helpers/smtp-sink";
import { createDatabase, dropDatabase } from "./lib.mjs";

export async function benchDigest(n = Number(process.argv[2] ?? 5000)) {
  const dbName = "bench_digest";
  const url = await createDatabase(dbName);
  const open = await openPostgres(url, 10);
  await migrateToLatest(open.db);
  const db = open.db;
  const now = new Date();
  const p = digestPeriod("daily", now);
  const at = new Date(p.since.getTime() + 3600_000).toISOString();

  // Data: one organisation, N people, 50 groups (the first 10 private), each person in group (i % 50).
  await sql`insert into organisation (slug, name, legal_type, size, status) values ('bench', 'Bench', 'manufacturer', 'sme', 'approved')`.execute(db);
  await sql`
    insert into person (email, name, password_hash, email_verified_at, organisation_id, membership_status, locale)
    select 'p' || i || '@bench.test', 'Person ' || i, 'x', now(), (select id from organisation where slug = 'bench'), 'approved',
           case when i % 2 = 0 then 'lv' else 'en' end
    from generate_series(1, ${n}) i`.execute(db);
  await sql`
    insert into working_group (slug, name_lv, name_en, visibility, join_policy)
    select 'g' || i, 'Grupa ' || i, 'Group ' || i, case when i <= 10 then 'private' else 'public' end, case when i <= 10 then 'invite' else 'open' end
    from generate_series(1, 50) i`.execute(db);
  await sql`
    insert into working_group_member (group_id, person_id, role, competition_ack_at)
    select g.id, p.id, 'member', now()
    from (select id, row_number() over (order by id) as rn from person) p
    join (select id, row_number() over (order by slug) as gn from working_group) g on g.gn = (p.rn % 50) + 1`.execute(db);
  // Two notifications in their own group, one in a private group they are not a member of.
  await sql`
    insert into notification (person_id, kind, payload, dedupe_key, created_at, scope_type, scope_id)
    select m.person_id, 'thread_reply',
           jsonb_build_object('author', 'Anna', 'threadTitle', 'Tēma ' || k, 'subject', jsonb_build_object('lv', g.name_lv, 'en', g.name_en), 'href', '/groups/' || g.slug),
           'bench:' || m.person_id || ':' || k, ${at}::timestamptz + make_interval(secs => k), 'group', g.id
    from working_group_member m join working_group g on g.id = m.group_id, generate_series(1, 2) k`.execute(db);
  await sql`
    insert into notification (person_id, kind, payload, dedupe_key, created_at, scope_type, scope_id)
    select m.person_id, 'thread_reply', jsonb_build_object('author', 'Anna', 'threadTitle', 'Slēgta', 'subject', jsonb_build_object('lv', g.name_lv, 'en', g.name_en)),
           'bench:' || m.person_id || ':x', ${at}::timestamptz, 'group', g.id
    from working_group_member m join working_group g on g.slug = 'g1' where m.group_id <> g.id`.execute(db);
  await sql`analyze`.execute(db);

  const sink = await new SmtpSink(false).start();
  const config = {
    appOrigin: "https://bench.test",
    allowedOrigins: ["https://bench.test"],
    secureCookies: true,
    sessionSecrets: ["bench-secret"],
    mailFrom: "Bench <bench@cluster.test>",
    smtpConfigured: true,
    production: false,
  };
  const mail = await startMail(open, { smtpUrl: sink.url, mailFrom: config.mailFrom, appOrigin: config.appOrigin, workers: 5, pollingIntervalSeconds: 0.5 });
  const rss0 = Math.round(process.memoryUsage().rss / 1048576);
  let rssMax = rss0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, Math.round(process.memoryUsage().rss / 1048576))), 200);
  const t0 = performance.now();
  const run = await runDigest({ db, config, mail: mail.queue }, "daily", { now });
  const runMs = performance.now() - t0;
  while (sink.messages.length < n && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 50));
  const totalMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  // A second run (another instance, or a restart) sends nothing.
  const again = await runDigest({ db, config, mail: mail.queue }, "daily", { now });
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(sampler);
  const delivered = sink.messages.length;
  const unique = new Set(sink.messages.map((m) => m.envelopeTo[0])).size;
  const leaked = sink.messages.filter((m) => m.raw.includes("Sl=C4=93gta") || m.raw.includes("Slēgta")).length;
  await mail.stop();
  await sink.stop();
  await open.close();
  await dropDatabase(dbName);
  return {
    people: n,
    digestsEnqueued: run.sent,
    secondRunSent: again.sent,
    delivered,
    uniqueRecipients: unique,
    privateItemsLeaked: leaked,
    runMs: Math.round(runMs),
    untilLastAtSinkMs: Math.round(totalMs),
    rssStartMb: rss0,
    rssMaxMb: rssMax,
    target: { ms: 60_000 },
  };
}

if (process.argv[1]?.endsWith("digest.ts")) {
  benchDigest().then((r) => console.log(JSON.stringify(r, null, 2)));
}
