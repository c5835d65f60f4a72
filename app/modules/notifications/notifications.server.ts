import { sql } from "kysely";
import type { Executor } from "~/context";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";
import { UNREAD_CAP } from "./constants";
import type { NotificationPayload } from "./describe";

import type { NotificationKind } from "./kinds";

export type { NotificationKind };

export interface NewNotification {
  personId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  /** One logical notification per person and key (retries and re-edits never notify twice). */
  dedupeKey?: string;
  /** false: in-app off for its type: kept (read, hidden) only for the digest. */
  inApp?: boolean;
  scope?: { type: string; id: string } | null;
}

/** Inserts notifications in the caller's transaction; returns the rows that are new (not already there by dedupe key). */
export async function insertNotifications(exec: Executor, rows: NewNotification[]): Promise<{ personId: string; dedupeKey: string | null }[]> {
  if (rows.length === 0) return [];
  const inserted = await exec
    .insertInto("notification")
    .values(
      rows.map((r) => ({
        person_id: r.personId,
        kind: r.kind,
        payload: JSON.stringify(r.payload),
        dedupe_key: r.dedupeKey ?? null,
        in_app: r.inApp ?? true,
        read_at: r.inApp === false ? sql<Date>`now()` : null,
        scope_type: r.scope?.type ?? null,
        scope_id: r.scope?.id ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(["person_id", "dedupe_key"]).where("dedupe_key", "is not", null).doNothing())
    .returning(["person_id", "dedupe_key"])
    .execute();
  return inserted.map((r) => ({ personId: r.person_id, dedupeKey: r.dedupe_key }));
}

/** Unread count for the header badge: one index-only probe, capped (never counts more than CAP + 1 rows). */
export async function unreadCount(exec: Executor, personId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from (
      select 1 from notification where person_id = ${personId} and read_at is null limit ${UNREAD_CAP + 1}
    ) x`.execute(exec);
  return r.rows[0]?.n ?? 0;
}

export type { NotificationPayload };

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  payload: NotificationPayload;
  createdAt: string;
  read: boolean;
}

const NOTIFICATIONS_PAGE = 30;

/** Newest first, keyset on (created_at, id); the cursor carries the full-precision timestamp. */
export async function listNotifications(exec: Executor, personId: string, after: string | null): Promise<{ items: NotificationItem[]; next: string | null }> {
  const cur = decodeCursor(after, 2, [isTimestampText, isUuid]);
  const rows = await exec
    .selectFrom("notification")
    .select(["id", "kind", "payload", "created_at", "read_at", sql<string>`created_at::text`.as("ts")])
    .where("person_id", "=", personId)
    .where("in_app", "=", true)
    .$if(!!cur, (q) => q.where(sql<boolean>`(created_at, id) < (${cur![0]}::timestamptz, ${cur![1]}::uuid)`))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(NOTIFICATIONS_PAGE + 1)
    .execute();
  const { items, next } = keysetPage(rows, NOTIFICATIONS_PAGE, (r) => [r.ts, r.id]);
  return {
    items: items.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    })),
    next,
  };
}

/** Marks one of the person's notifications read; returns where it points (its payload's href, unchecked: pass it through safeRedirect). */
export async function markNotificationRead(exec: Executor, personId: string, id: string): Promise<string | undefined> {
  await exec
    .updateTable("notification")
    .set({ read_at: sql`now()` })
    .where("person_id", "=", personId)
    .where("id", "=", id)
    .where("read_at", "is", null)
    .execute();
  const row = await exec.selectFrom("notification").select("payload").where("id", "=", id).where("person_id", "=", personId).executeTakeFirst();
  const payload: unknown = row ? (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) : null;
  const href = payload && typeof payload === "object" ? (payload as NotificationPayload).href : undefined;
  return typeof href === "string" ? href : undefined;
}

export async function markAllNotificationsRead(exec: Executor, personId: string): Promise<void> {
  await exec
    .updateTable("notification")
    .set({ read_at: sql`now()` })
    .where("person_id", "=", personId)
    .where("read_at", "is", null)
    .execute();
}

/** The person's master email switch (profile settings): off = no notification email and no digest. */
export async function notifyEmailOn(exec: Executor, personId: string): Promise<boolean> {
  const row = await exec.selectFrom("person").select("notify_email").where("id", "=", personId).executeTakeFirst();
  return !!row?.notify_email;
}
