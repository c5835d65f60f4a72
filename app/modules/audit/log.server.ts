import { sql } from "kysely";
import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { assertCan } from "~/modules/policy/authorize.server";
import { PAGE_SIZE } from "~/modules/admin/keyset.server";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";

export interface AuditEntry {
  id: string;
  action: string;
  createdAt: string;
  actor: { id: string; name: string } | null;
  targetType: string;
  targetId: string | null;
  /** The target's current name when it is a person or an organisation that still exists. */
  targetName: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit log, newest first, keyset on (created_at, id) served by audit_log_created_idx. The cursor keeps
 * created_at as PostgreSQL text (microseconds), since a JS Date would round it to milliseconds and skip rows.
 */
export async function listAudit(db: Executor, viewer: Viewer | null, after: string | null): Promise<{ items: AuditEntry[]; next: string | null }> {
  assertCan(viewer, { action: "audit.view" });
  const cursor = decodeCursor(after, 2, [isTimestampText, (p) => typeof p === "string" && /^\d{1,19}$/.test(p)]);
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("person as p", "p.id", "a.actor_id")
    .select(["a.id", "a.action", "a.created_at", sql<string>`a.created_at::text`.as("created_key"), "a.target_type", "a.target_id", "a.details", "a.actor_id", "p.name as actor_name"])
    .$if(!!cursor, (q) => q.where(sql<boolean>`(a.created_at, a.id) < (${cursor![0]}::timestamptz, ${cursor![1]}::bigint)`))
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  const { items, next } = keysetPage(rows, PAGE_SIZE, (r) => [r.created_key, String(r.id)]);

  // Names of the targets in one query each (not a join on a text column per row).
  const personIds = [...new Set(items.filter((r) => r.target_type === "person" && isUuid(r.target_id)).map((r) => r.target_id!))];
  const orgIds = [...new Set(items.filter((r) => r.target_type === "organisation" && isUuid(r.target_id)).map((r) => r.target_id!))];
  const [people, orgs] = await Promise.all([
    personIds.length ? db.selectFrom("person").select(["id", "name"]).where("id", "in", personIds).execute() : Promise.resolve([]),
    orgIds.length ? db.selectFrom("organisation").select(["id", "name"]).where("id", "in", orgIds).execute() : Promise.resolve([]),
  ]);
  const names = new Map<string, string>([...people, ...orgs].map((r) => [r.id, r.name]));

  return {
    next,
    items: items.map((r) => ({
      id: String(r.id),
      action: r.action,
      createdAt: new Date(r.created_at).toISOString(),
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? "" } : null,
      targetType: r.target_type,
      targetId: r.target_id,
      targetName: r.target_id ? (names.get(r.target_id) ?? null) : null,
      details: r.details && typeof r.details === "object" && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {},
    })),
  };
}
