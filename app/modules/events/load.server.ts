import { sql } from "kysely";
import type { Executor } from "~/context";
import { snapshotOf, type EventSnapshot } from "./snapshot";

export async function agendaOf(exec: Executor, eventId: string) {
  return exec.selectFrom("event_agenda_item").select(["starts_at", "ends_at", "title_lv", "title_en", "speaker"]).where("event_id", "=", eventId).orderBy("position").execute();
}

/** The event at its current revision, for messages, downloads and feeds. */
export async function loadSnapshot(exec: Executor, eventId: string): Promise<EventSnapshot> {
  const e = await exec.selectFrom("event as e").leftJoin("person as p", "p.id", "e.created_by").selectAll("e").select("p.name as organiser_name").where("e.id", "=", eventId).executeTakeFirstOrThrow();
  return snapshotOf(e, e.organiser_name ?? "", await agendaOf(exec, eventId));
}

export interface EventCounts {
  going: number;
  maybe: number;
  waitlisted: number;
  invited: number;
  declined: number;
}

export async function countsOf(exec: Executor, eventId: string): Promise<EventCounts> {
  const rows = await exec
    .selectFrom("event_attendance")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .where("event_id", "=", eventId)
    .groupBy("status")
    .execute();
  const c: EventCounts = { going: 0, maybe: 0, waitlisted: 0, invited: 0, declined: 0 };
  for (const r of rows) c[r.status] = r.n;
  return c;
}

export async function goingCount(exec: Executor, eventId: string): Promise<number> {
  const r = await exec
    .selectFrom("event_attendance")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "going")
    .executeTakeFirstOrThrow();
  return r.n;
}
