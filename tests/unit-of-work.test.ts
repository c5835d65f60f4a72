import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createOrg, createPerson } from "./helpers/factories";
import { startMail, type MailService } from "../server/mail";
import type { Realtime } from "../app/context";
import type { Viewer } from "../app/modules/policy/facts";
import { campaignAccess } from "../app/modules/campaigns/access.server";
import { unitOfWork, type UnitCtx } from "../app/modules/effects/unit-of-work.server";
import { activePeople, orgAdmins, peopleByIds, tell } from "../app/modules/notifications/tell.server";

// The unit of work on a real database: rows inside the transaction, pushes only after COMMIT, nothing after a rollback.

let db: TestDatabase;
let mail: MailService;
const config = { appOrigin: "http://cluster.test", allowedOrigins: [], secureCookies: false, sessionSecrets: ["x"], mailFrom: "K <k@cluster.test>", smtpConfigured: false, production: false };

/** A Realtime that records what it was asked to push (the transport is not what is tested here). */
function recorder(opts: { failUser?: string } = {}) {
  const pushed: string[] = [];
  const realtime: Realtime = {
    toUser(personId, event, payload) {
      if (personId === opts.failUser) throw new Error("socket adapter down");
      pushed.push(`user:${personId} ${event} ${JSON.stringify(payload)}`);
    },
    toRoom(room, event, payload) {
      pushed.push(`room:${room} ${event} ${JSON.stringify(payload)}`);
    },
    disconnectSessions() {},
    leaveRoom() {},
    async recheckRoom() {},
  };
  return { pushed, realtime };
}

function ctxWith(realtime: Realtime): UnitCtx {
  return { db: db.db, config, mail: mail.queue, realtime };
}

const notifications = (key: string) => db.db.selectFrom("notification").select(["person_id", "kind"]).where("dedupe_key", "=", key).execute();
const outbox = (keyPrefix: string) => db.db.selectFrom("mail_outbox").select(["id", "to_address", "idempotency_key"]).where("idempotency_key", "like", `${keyPrefix}%`).execute();
async function jobsFor(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where data->>'outboxId' in (${sql.join(ids)})`.execute(db.db);
  return r.rows[0].n;
}

let orgId: string;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let quiet: { id: string; email: string };

beforeAll(async () => {
  db = await createTestDatabase();
  mail = await startMail(db, { mailFrom: config.mailFrom, appOrigin: config.appOrigin, startWorkers: false });
  orgId = (await createOrg(db.db)).id;
  alice = await createPerson(db.db, { organisation_id: orgId, org_role: "admin", name: "Alise" });
  bob = await createPerson(db.db, { organisation_id: orgId, name: "Bobs" });
  quiet = await createPerson(db.db, { organisation_id: orgId, org_role: "admin", name: "Klusā" });
  await db.db.updateTable("person").set({ notify_email: false }).where("id", "=", quiet.id).execute();
  await createPerson(db.db, { organisation_id: orgId, membership_status: "pending", org_role: "admin" });
});
afterAll(async () => {
  await mail?.stop();
  await db?.drop();
});

describe("unitOfWork", () => {
  it("runs pushes and after-commit work only after COMMIT, in the order they were queued", async () => {
    const { pushed, realtime } = recorder();
    let seenAfterCommit: number | null = null;
    const result = await unitOfWork(ctxWith(realtime), async (trx, fx) => {
      await trx.updateTable("person").set({ job_title: "after-commit probe" }).where("id", "=", alice.id).execute();
      fx.push({ room: "thread:1" }, "post:new", { seq: 1 } as never);
      fx.afterCommit(async () => {
        // Runs once the change is committed: a fresh read outside the transaction sees it.
        const r = await db.db.selectFrom("person").select("id").where("job_title", "=", "after-commit probe").execute();
        seenAfterCommit = r.length;
        fx.push({ user: bob.id }, "notification:new", { kind: "late" } as never);
      });
      fx.push({ user: alice.id }, "notification:new", { kind: "mention" });
      expect(pushed).toEqual([]);
      return 42;
    });
    expect(result).toBe(42);
    expect(seenAfterCommit).toBe(1);
    expect(pushed).toEqual([`room:thread:1 post:new {"seq":1}`, `user:${alice.id} notification:new {"kind":"mention"}`, `user:${bob.id} notification:new {"kind":"late"}`]);
  });

  it("runs nothing queued and keeps no row after a rollback", async () => {
    const { pushed, realtime } = recorder();
    let ran = false;
    let outboxIds: string[] = [];
    await expect(
      unitOfWork(ctxWith(realtime), async (trx, fx) => {
        await fx.tell({ kind: "campaign_status", to: await peopleByIds(trx, [alice.id, bob.id]), key: "uow-rollback", payload: { n: 1 }, mail: { template: "campaign_status" } });
        outboxIds = await fx.mail([{ idempotencyKey: "uow-rollback-direct", to: "x@test.example", locale: "lv", template: "verify_email", params: {} }]);
        fx.push({ room: "thread:9" }, "post:new", {} as never);
        fx.afterCommit(() => {
          ran = true;
        });
        expect(outboxIds).toHaveLength(1);
        throw new Error("refused half-way");
      }),
    ).rejects.toThrow("refused half-way");
    expect(pushed).toEqual([]);
    expect(ran).toBe(false);
    expect(await notifications("uow-rollback")).toEqual([]);
    expect(await outbox("uow-rollback")).toEqual([]);
    expect(await jobsFor(outboxIds)).toBe(0);
  });

  it("writes notification and mail rows with their jobs in the same transaction, then pushes notification:new", async () => {
    const { pushed, realtime } = recorder();
    const people = await orgAdmins(db.db, [orgId]);
    expect(people.map((p) => p.id).sort()).toEqual([alice.id, quiet.id].sort()); // the pending admin is not active
    await unitOfWork(ctxWith(realtime), async (trx, fx) => {
      const told = await fx.tell({
        kind: "campaign_status",
        to: [...people, ...people, ...(await peopleByIds(trx, [bob.id, null]))],
        except: bob.id,
        key: "uow-commit",
        payload: { campaign: { lv: "Kampaņa", en: "Campaign" } },
        mail: { template: "campaign_status" },
      });
      expect(told.sort()).toEqual([alice.id, quiet.id].sort());
      // Visible inside the transaction already…
      const inside = await trx.selectFrom("notification").select("person_id").where("dedupe_key", "=", "uow-commit").execute();
      expect(inside).toHaveLength(2);
      const mails = await trx.selectFrom("mail_outbox").select("id").where("idempotency_key", "like", "uow-commit%").execute();
      const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where data->>'outboxId' in (${sql.join(mails.map((m) => m.id))})`.execute(trx);
      expect(jobs.rows[0].n).toBe(1);
      // …and not to anyone else before COMMIT (PostgreSQL: a second connection; PGlite has only one).
      if (db.kind === "postgres") expect(await notifications("uow-commit")).toEqual([]);
      expect(pushed).toEqual([]);
    });
    expect((await notifications("uow-commit")).map((n) => n.person_id).sort()).toEqual([alice.id, quiet.id].sort());
    // Mail only to people who keep email notifications on, keyed per person.
    const mails = await outbox("uow-commit");
    expect(mails.map((m) => [m.to_address, m.idempotency_key])).toEqual([[alice.email, `uow-commit:${alice.id}`]]);
    expect(await jobsFor(mails.map((m) => m.id))).toBe(1);
    expect(pushed.sort()).toEqual([`user:${alice.id} notification:new {"kind":"campaign_status"}`, `user:${quiet.id} notification:new {"kind":"campaign_status"}`].sort());
  });

  it("tells each person once per key: a repeat writes nothing, mails nothing and pushes nothing", async () => {
    const { pushed, realtime } = recorder();
    const msg = async (trx: Parameters<Parameters<typeof unitOfWork>[1]>[0]) => ({
      kind: "pool_status" as const,
      to: await peopleByIds(trx, [alice.id]),
      key: (r: { id: string }) => `uow-repeat:${r.id}`,
      payload: { status: "booked" },
      mail: { template: "pool_status", key: (r: { id: string }) => `uow-repeat:${r.id}` },
    });
    await unitOfWork(ctxWith(realtime), async (trx, fx) => void (await fx.tell(await msg(trx))));
    await unitOfWork(ctxWith(realtime), async (trx, fx) => expect(await fx.tell(await msg(trx))).toEqual([]));
    expect(await notifications(`uow-repeat:${alice.id}`)).toHaveLength(1);
    expect((await outbox("uow-repeat")).map((m) => m.idempotency_key)).toEqual([`uow-repeat:${alice.id}`]);
    expect(pushed).toHaveLength(1);
  });

  it("logs a push that throws and still answers, running the effects after it", async () => {
    const { pushed, realtime } = recorder({ failUser: alice.id });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const r = await unitOfWork(ctxWith(realtime), async (_trx, fx) => {
        fx.push({ user: alice.id }, "notification:new", { kind: "mention" });
        fx.push({ user: bob.id }, "notification:new", { kind: "mention" });
        return "answered";
      });
      expect(r).toBe("answered");
      expect(pushed).toEqual([`user:${bob.id} notification:new {"kind":"mention"}`]);
      expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).toContain("socket adapter down");
    } finally {
      errors.mockRestore();
    }
  });

  it("refuses an effect queued after the unit of work ended (a leaked fx)", async () => {
    const { realtime } = recorder();
    let leaked: Parameters<Parameters<typeof unitOfWork>[1]>[1] | null = null;
    await unitOfWork(ctxWith(realtime), async (_trx, fx) => {
      leaked = fx;
    });
    expect(() => leaked!.push({ room: "x" }, "presence", {} as never)).toThrow(/after the unit of work ended/);
  });
});

describe("tell() outside a unit of work", () => {
  it("writes rows in the caller's transaction and returns who is new (no push: the caller has none to make)", async () => {
    const ids = await db.db
      .transaction()
      .execute((trx) =>
        tell(
          trx,
          { config, mail: mail.queue },
          { kind: "campaign_deliverable_due", to: [alice, bob].map((p) => ({ ...p, name: "", locale: "en" as const, notify_email: true })), key: "uow-plain", payload: {} },
        ),
      );
    expect(ids.sort()).toEqual([alice.id, bob.id].sort());
    expect(await outbox("uow-plain")).toEqual([]); // no mail part: in-app only
  });

  it("activePeople leaves out pending, unconfirmed and deactivated people", async () => {
    const gone = await createPerson(db.db, { organisation_id: orgId });
    await db.db.updateTable("person").set({ deactivated_at: new Date() }).where("id", "=", gone.id).execute();
    const unconfirmed = await createPerson(db.db, { organisation_id: orgId, verified: false });
    const rows = await activePeople(db.db).where("p.organisation_id", "=", orgId).execute();
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(alice.id);
    expect(ids).not.toContain(gone.id);
    expect(ids).not.toContain(unconfirmed.id);
    expect(rows.find((r) => r.id === quiet.id)?.notify_email).toBe(false);
  });
});

describe("campaigns tell through the shared tell()", () => {
  it("an application tells the coordinator in-app and pushes after COMMIT, and mails only when the coordinator keeps email on", async () => {
    const { createCampaign, changeStatus, applyToCampaign, CampaignInputSchema } = await import("../app/modules/campaigns/campaigns.server");
    const { campaignForm } = await import("./helpers/campaigns");
    const asViewer = (p: { id: string; name: string; email: string }, org: { id: string; name: string }, over: Partial<Viewer> = {}): Viewer => ({
      id: p.id,
      name: p.name,
      email: p.email,
      locale: "lv",
      clusterRole: "member",
      orgRole: "member",
      orgId: org.id,
      orgName: org.name,
      orgStatus: "approved",
      membershipStatus: "approved",
      emailVerified: true,
      sessionHash: "h",
      ...over,
    });
    const orgA = await createOrg(db.db);
    const orgB = await createOrg(db.db);
    const coordinator = await createPerson(db.db, { organisation_id: orgA.id, cluster_role: "organiser" });
    await db.db.updateTable("person").set({ notify_email: false }).where("id", "=", coordinator.id).execute();
    const applicant = await createPerson(db.db, { organisation_id: orgB.id, org_role: "admin" });
    const { pushed, realtime } = recorder();
    const ctx = ctxWith(realtime);
    const coord = asViewer(coordinator, orgA, { clusterRole: "organiser" });
    const c = await createCampaign(ctx, coord, CampaignInputSchema.parse(campaignForm()));
    // The campaign functions take the access the page loaded for the viewer (campaigns/access.server.ts).
    const access = async (v: Viewer) => (await campaignAccess(db.db, v, { id: c.id }))!;
    await changeStatus(ctx, coord, await access(coord), "recruiting", "");
    const admin = asViewer(applicant, orgB, { orgRole: "admin" });
    await applyToCampaign(ctx, admin, await access(admin), { area: "10", delegates: "2", products: "Samples", note: "" });
    const told = await db.db.selectFrom("notification").select("kind").where("person_id", "=", coordinator.id).execute();
    expect(told.map((n) => n.kind)).toEqual(["campaign_application"]);
    expect(pushed).toEqual([`user:${coordinator.id} notification:new {"kind":"campaign_application"}`]);
    const mails = await db.db.selectFrom("mail_outbox").select("template").where("to_address", "=", coordinator.email).execute();
    expect(mails).toEqual([]);
  });
});
