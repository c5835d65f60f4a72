import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Locale } from "~/i18n";
import { audit } from "~/modules/audit/audit.server";
import { deleteSessions } from "~/modules/auth/session.server";
import type { Viewer } from "~/modules/policy/facts";
import { unitOfWork, type UnitCtx } from "~/modules/effects/unit-of-work.server";
import { ActionError } from "~/modules/errors";
import { assertCan, demand } from "~/modules/policy/authorize.server";
import { searchKey } from "~/modules/text";

// The right to erasure (GDPR art. 17), issue 12 item 14. A signed-in person asks; a cluster admin confirms on
// /admin/erasure. Confirming anonymises the person in one unit of work: a last email to their real address (written
// to the outbox before the address is replaced), then name, email, password, profile, sessions and tokens go. Posts
// stay, shown as written by a former member (person.erased_at; the name below is only the fallback where a page
// shows the stored name, in both languages).

export const FORMER_MEMBER_NAME = "Bijušais biedrs / Former member";

/** A unique address that can never receive mail (.invalid is reserved, RFC 2606). */
export function erasedEmail(personId: string): string {
  return `erased-${personId}@erased.invalid`;
}

export async function pendingErasure(db: Executor, personId: string): Promise<{ id: string; createdAt: Date } | null> {
  const row = await db.selectFrom("erasure_request").select(["id", "created_at"]).where("person_id", "=", personId).where("status", "=", "pending").executeTakeFirst();
  return row ? { id: row.id, createdAt: row.created_at } : null;
}

/** Records the person's request (once: a second request while one is pending changes nothing). */
export async function requestErasure(ctx: UnitCtx, viewer: Viewer | null, personId: string): Promise<{ created: boolean }> {
  demand(viewer, { action: "person.requestErasure", personId });
  return unitOfWork(ctx, async (trx) => {
    const row = await trx
      .insertInto("erasure_request")
      .values({ person_id: personId })
      .onConflict((oc) => oc.column("person_id").where("status", "=", "pending").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { created: false };
    await audit(trx, { actorId: viewer.id, action: "erasure.requested", targetType: "person", targetId: personId, details: { request: row.id } });
    return { created: true };
  });
}

/** The person changed their mind before an admin confirmed. */
export async function cancelErasure(ctx: UnitCtx, viewer: Viewer | null, personId: string): Promise<void> {
  demand(viewer, { action: "person.requestErasure", personId });
  await unitOfWork(ctx, async (trx) => {
    const rows = await trx
      .updateTable("erasure_request")
      .set({ status: "cancelled", decided_by: viewer.id, decided_at: new Date() })
      .where("person_id", "=", personId)
      .where("status", "=", "pending")
      .returning("id")
      .execute();
    for (const r of rows) await audit(trx, { actorId: viewer.id, action: "erasure.cancelled", targetType: "person", targetId: personId, details: { request: r.id } });
  });
}

export interface ErasureRequestItem {
  id: string;
  personId: string;
  name: string;
  email: string;
  orgName: string;
  createdAt: Date;
}

/** Pending requests, oldest first (few at any time: the admin page shows up to PENDING_SHOWN). */
const PENDING_SHOWN = 200;
export async function listPendingErasures(db: Executor, viewer: Viewer | null): Promise<ErasureRequestItem[]> {
  assertCan(viewer, { action: "erasure.confirm" });
  const rows = await db
    .selectFrom("erasure_request as r")
    .innerJoin("person as p", "p.id", "r.person_id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["r.id", "r.person_id", "p.name", "p.email", "o.name as org_name", "r.created_at"])
    .where("r.status", "=", "pending")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(PENDING_SHOWN)
    .execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id, name: r.name, email: r.email, orgName: r.org_name, createdAt: r.created_at }));
}

/**
 * Confirms a pending request: tells the person by email (to the address they have now), then anonymises them.
 * Their posts, event attendance and organisation stay (other members' discussions and records keep their shape).
 */
export async function confirmErasure(ctx: UnitCtx, viewer: Viewer | null, requestId: string): Promise<void> {
  demand(viewer, { action: "erasure.confirm" });
  await unitOfWork(ctx, async (trx, fx) => {
    const req = await trx
      .selectFrom("erasure_request as r")
      .innerJoin("person as p", "p.id", "r.person_id")
      .select(["r.id", "r.status", "r.person_id", "p.email", "p.name", "p.locale"])
      .where("r.id", "=", requestId)
      .forUpdate("r")
      .executeTakeFirst();
    if (!req) throw new ActionError(404, "privacy.error.requestGone");
    if (req.status !== "pending") throw new ActionError(409, "privacy.error.requestDecided");
    const personId = req.person_id;

    // The confirmation goes to the real address: the outbox row keeps it until delivered (then housekeeping purges it).
    await fx.mail([{ idempotencyKey: `erasure-confirmed:${req.id}`, to: req.email, toName: req.name, locale: req.locale as Locale, template: "erasure_confirmed", params: {} }]);

    await trx.updateTable("erasure_request").set({ status: "confirmed", decided_by: viewer.id, decided_at: new Date() }).where("id", "=", req.id).execute();
    await trx
      .updateTable("person")
      .set({
        name: FORMER_MEMBER_NAME,
        email: erasedEmail(personId),
        // Not an argon2 hash: no password ever verifies against it.
        password_hash: "!erased",
        job_title: "",
        job_title_en: "",
        languages: [],
        expertise_tags: [],
        phone: null,
        show_email: false,
        notify_email: false,
        handle: null,
        search_key: searchKey(FORMER_MEMBER_NAME),
        deactivated_at: sql`coalesce(deactivated_at, now())`,
        erased_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("id", "=", personId)
      .execute();
    const ended = await deleteSessions(trx, personId);
    await trx.deleteFrom("email_token").where("person_id", "=", personId).execute();
    await trx.deleteFrom("calendar_feed_token").where("person_id", "=", personId).execute();
    await trx.deleteFrom("notification").where("person_id", "=", personId).execute();
    await trx.deleteFrom("thread_read").where("person_id", "=", personId).execute();
    await trx.deleteFrom("rate_limit").where("key", "like", `%:${personId}`).execute();
    // Earlier mail to the old address that was already delivered, given up or superseded (the new confirmation stays queued).
    await trx
      .deleteFrom("mail_outbox")
      .where(sql<string>`lower(to_address)`, "=", req.email.toLowerCase())
      .where("status", "in", ["sent", "captured", "failed", "superseded"])
      .where("idempotency_key", "!=", `erasure-confirmed:${req.id}`)
      .execute();
    await audit(trx, { actorId: viewer.id, action: "erasure.confirmed", targetType: "person", targetId: personId, details: { request: req.id } });
    fx.afterCommit(() => ctx.realtime.disconnectSessions(ended));
  });
}
