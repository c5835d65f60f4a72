import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createPerson } from "./helpers/factories";
import { purgeBatchSql, purgeExpired, purgeTargets } from "../app/modules/housekeeping/purge.server";
import { appTasks } from "../server/periodic";
import { readEnv as readProcessEnv, RETENTION_DEFAULTS } from "../server/config";

const envOf = (vars: Record<string, string>) => readProcessEnv(vars as NodeJS.ProcessEnv);

// Issue 10 item 13: expired sessions, rate-limit rows, used tokens and old outbox rows were never deleted.

let t: TestDatabase;
let personId: string;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const now = new Date();
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
const retention = { sessionDays: 7, tokenDays: 7, mailDays: 90 };

beforeAll(async () => {
  t = await createTestDatabase();
  personId = (await createPerson(t.db)).id;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await sql`truncate session, email_token, rate_limit, mail_outbox`.execute(t.db);
});

async function session(id: string, expires: number, lastSeen: number) {
  await t.db
    .insertInto("session")
    .values({ id_hash: id, person_id: personId, expires_at: at(expires), last_seen_at: at(lastSeen), created_at: at(-40 * DAY) })
    .execute();
}
async function token(id: string, expires: number, used: number | null) {
  await t.db
    .insertInto("email_token")
    .values({ token_hash: id, person_id: personId, purpose: "reset_password", expires_at: at(expires), used_at: used === null ? null : at(used) })
    .execute();
}
async function rate(key: string, reset: number) {
  await t.db
    .insertInto("rate_limit")
    .values({ key, count: 3, reset_at: at(reset) })
    .execute();
}
async function mail(key: string, status: "queued" | "sending" | "sent" | "captured" | "failed", created: number) {
  await t.db
    .insertInto("mail_outbox")
    .values({ idempotency_key: key, to_address: "a@test.example", template: "verify_email", params: "{}", message_id: `<${key}@test>`, status, created_at: at(created) })
    .execute();
}

async function remaining() {
  const [s, tk, r, m] = await Promise.all([
    t.db.selectFrom("session").select("id_hash as k").orderBy("k").execute(),
    t.db.selectFrom("email_token").select("token_hash as k").orderBy("k").execute(),
    t.db.selectFrom("rate_limit").select("key as k").orderBy("k").execute(),
    t.db.selectFrom("mail_outbox").select("idempotency_key as k").orderBy("k").execute(),
  ]);
  return { sessions: s.map((x) => x.k), tokens: tk.map((x) => x.k), rateLimits: r.map((x) => x.k), mail: m.map((x) => x.k) };
}

async function fixture() {
  // Sessions: 30 days absolute, 14 days idle; kept 7 days after either ends.
  for (let i = 0; i < 5; i++) await session(`gone-absolute-${i}`, -8 * DAY - i * HOUR, -9 * DAY);
  await session("gone-idle", 8 * DAY, -22 * DAY); // idle since 22 days: idle-expired 8 days ago
  await session("keep-live", 20 * DAY, -HOUR);
  await session("keep-expired-recently", -DAY, -2 * DAY);
  await session("keep-idle-recently", 15 * DAY, -15 * DAY); // idle-expired one day ago
  // Tokens: kept 7 days after use or expiry.
  await token("gone-used", -6 * DAY, -8 * DAY);
  await token("gone-expired", -8 * DAY, null);
  await token("keep-used-recently", -DAY, -DAY - HOUR);
  await token("keep-live", DAY, null);
  await token("keep-expired-recently", -2 * DAY, null);
  // Rate limits: a window that ended more than an hour ago is gone.
  await rate("gone-ended", -2 * HOUR);
  await rate("keep-ended-just-now", -10 * 60_000);
  await rate("keep-open", 5 * 60_000);
  // Mail: finished rows older than 90 days; never a row still to be delivered.
  await mail("gone-sent", "sent", -91 * DAY);
  await mail("gone-captured", "captured", -100 * DAY);
  await mail("gone-failed", "failed", -95 * DAY);
  await mail("keep-sent-recently", "sent", -10 * DAY);
  await mail("keep-queued-old", "queued", -120 * DAY);
  await mail("keep-sending-old", "sending", -120 * DAY);
}

const KEPT = {
  sessions: ["keep-expired-recently", "keep-idle-recently", "keep-live"],
  tokens: ["keep-expired-recently", "keep-live", "keep-used-recently"],
  rateLimits: ["keep-ended-just-now", "keep-open"],
  mail: ["keep-queued-old", "keep-sending-old", "keep-sent-recently"],
};

describe("housekeeping purge", () => {
  it("deletes expired sessions, used and expired tokens, ended rate-limit windows and old finished mail; keeps the rest", async () => {
    await fixture();
    const counts = await purgeExpired(t.db, retention, { now, batchSize: 2 });
    expect(counts).toEqual({ sessions: 6, tokens: 2, rateLimits: 1, mail: 3, stagedFiles: 0 });
    expect(await remaining()).toEqual(KEPT);
    expect(await purgeExpired(t.db, retention, { now })).toEqual({ sessions: 0, tokens: 0, rateLimits: 0, mail: 0, stagedFiles: 0 });
  });

  it("deletes in bounded batches: one pass takes at most batchSize × maxBatches rows per table, the next continues", async () => {
    await fixture();
    const first = await purgeExpired(t.db, retention, { now, batchSize: 2, maxBatches: 1 });
    expect(first).toEqual({ sessions: 2, tokens: 2, rateLimits: 1, mail: 2, stagedFiles: 0 });
    const second = await purgeExpired(t.db, retention, { now, batchSize: 2, maxBatches: 1 });
    expect(second).toEqual({ sessions: 2, tokens: 0, rateLimits: 0, mail: 1, stagedFiles: 0 });
    await purgeExpired(t.db, retention, { now, batchSize: 2, maxBatches: 1 });
    expect(await remaining()).toEqual(KEPT);
  });

  it("honours the retention settings: 0 days purges as soon as a row has expired, longer keeps more", async () => {
    await fixture();
    await purgeExpired(t.db, { sessionDays: 30, tokenDays: 30, mailDays: 365 }, { now });
    const longer = await remaining();
    expect(longer.sessions).toHaveLength(9);
    expect(longer.tokens).toHaveLength(5);
    expect(longer.mail).toHaveLength(6);
    await purgeExpired(t.db, { sessionDays: 0, tokenDays: 0, mailDays: 0 }, { now });
    const none = await remaining();
    expect(none.sessions).toEqual(["keep-live"]);
    expect(none.tokens).toEqual(["keep-live"]);
    expect(none.mail).toEqual(["keep-queued-old", "keep-sending-old"]);
  });

  it("runs as the server's hourly periodic task with the configured retention", async () => {
    await fixture();
    const logs: string[] = [];
    const task = appTasks({ db: t.db } as unknown as Parameters<typeof appTasks>[0], (m) => logs.push(m), { retention }).find((x) => x.name === "housekeeping");
    expect(task?.everyMs).toBe(3600_000);
    await task!.run();
    expect(await remaining()).toEqual(KEPT);
    expect(logs.join("\n")).toContain("housekeeping deleted 6 session(s), 2 token(s), 1 rate-limit row(s), 3 old mail row(s)");
  });

  it("an index serves every purge batch (no table scan)", async () => {
    const plans = await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const out: Record<string, string> = {};
      for (const target of purgeTargets(retention, now)) {
        const r = await sql<Record<string, string>>`explain ${purgeBatchSql(target, 1000)}`.execute(trx);
        out[target.name] = r.rows.map((row) => Object.values(row)[0]).join("\n");
      }
      return out;
    });
    for (const plan of Object.values(plans)) expect(plan).not.toMatch(/Seq Scan/);
    expect(plans.sessions).toMatch(/session_expires_idx/);
    expect(plans.sessions).toMatch(/session_last_seen_idx/);
    expect(plans.tokens).toMatch(/email_token_expires_idx/);
    expect(plans.tokens).toMatch(/email_token_used_idx/);
    expect(plans.rateLimits).toMatch(/rate_limit_reset_idx/);
    expect(plans.mail).toMatch(/mail_outbox_status_idx/);
    expect(plans.stagedFiles).toMatch(/file_staged_idx/);
  });
});

describe("retention settings", () => {
  it("read RETENTION_SESSION_DAYS, RETENTION_TOKEN_DAYS and RETENTION_MAIL_DAYS with defaults, and refuse nonsense", () => {
    expect(envOf({}).retention).toEqual(RETENTION_DEFAULTS);
    expect(RETENTION_DEFAULTS).toEqual({ sessionDays: 7, tokenDays: 7, mailDays: 90 });
    expect(envOf({ RETENTION_SESSION_DAYS: "1", RETENTION_TOKEN_DAYS: "0", RETENTION_MAIL_DAYS: "365" }).retention).toEqual({
      sessionDays: 1,
      tokenDays: 0,
      mailDays: 365,
    });
    expect(() => envOf({ RETENTION_MAIL_DAYS: "-1" })).toThrow(/RETENTION_MAIL_DAYS must be a number of days/);
    expect(() => envOf({ RETENTION_SESSION_DAYS: "a week" })).toThrow(/RETENTION_SESSION_DAYS/);
  });
});
