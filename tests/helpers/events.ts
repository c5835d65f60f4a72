import type { Kysely } from "kysely";
import { decode } from "turbo-stream";
import { expect } from "vitest";
import type { Database, EventType } from "../../db/schema";
import { addDays, localDate } from "../../app/lib/zoned-time";
import type { HttpClient } from "./server";
import type { SinkMessage } from "./smtp-sink";
import { assertWellFormed, parseIcs } from "./ics";

/** "YYYY-MM-DD" n days from today in Riga. */
export function inDays(n: number): string {
  return addDays(localDate(new Date(), "Europe/Riga"), n);
}

/** The next last Sunday of March (month 3) or October (10) at least `minDays` from today: Riga's clock changes. */
export function nextClockChange(month: 3 | 10, minDays = 2): string {
  for (let n = minDays; n < 800; n++) {
    const d = inDays(n);
    const x = new Date(`${d}T12:00:00Z`);
    if (x.getUTCMonth() + 1 === month && x.getUTCDay() === 0 && x.getUTCDate() + 7 > 31) return d;
  }
  throw new Error("no clock change found");
}

export function eventForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    titleLv: "Biedru kopsapulce",
    titleEn: "General Assembly",
    descriptionLv: "Valdes ziņojums un **budžets**.",
    descriptionEn: "Board report and **budget**.",
    type: "general_assembly",
    startDate: inDays(30),
    startTime: "14:00",
    endDate: inDays(30),
    endTime: "17:00",
    timeZone: "Europe/Riga",
    venue: "Konferenču zāle, Rīga LV-1010",
    onlineUrl: "",
    capacity: "",
    deadlineDate: "",
    deadlineTime: "",
    language: "lv",
    hostGroupId: "",
    visibility: "all_members",
    reminderHours: "24",
    agenda: "",
    ...over,
  };
}

/** Creates (and by default publishes) an event through the real form; returns its slug and id. */
export async function createEvent(db: Kysely<Database>, client: HttpClient, over: Record<string, string> = {}, intent = "publish") {
  const res = await client.post("/events/new", { ...eventForm(over), intent });
  if (res.status !== 302) throw new Error(`create event failed: ${res.status} ${(await res.text()).slice(0, 2000)}`);
  const slug = res.headers.get("location")!.split("?")[0].split("/").pop()!;
  const row = await db.selectFrom("event").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  return { slug, id: row.id, row };
}

export async function editEvent(client: HttpClient, slug: string, values: Record<string, string>) {
  return client.post(`/events/${slug}/edit`, { intent: "save", ...values });
}

/** The current form values of an event (its edit page's defaults), as the edit form would submit them. */
export async function formValues(db: Kysely<Database>, slug: string): Promise<Record<string, string>> {
  const { formValuesOf, agendaText } = await import("../../app/modules/events/input.server");
  const e = await db.selectFrom("event").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  const agenda = await db.selectFrom("event_agenda_item").selectAll().where("event_id", "=", e.id).orderBy("position").execute();
  return formValuesOf(e, agendaText(agenda));
}

/**
 * The iCalendar of a message from the sink, after checking the iMIP structure (CAL-12): exactly one text/calendar
 * part, charset utf-8, its method= equal to the METHOD inside, and no attachment other than nodemailer's own
 * invite.ics copy of the same object.
 */
export function icsOf(m: SinkMessage) {
  const parts = m.parsed.attachments;
  const cal = parts.filter((a) => a.contentType === "text/calendar");
  expect(cal, "one text/calendar part").toHaveLength(1);
  const ct = cal[0].headers.get("content-type") as { value: string; params: Record<string, string> };
  const text = cal[0].content.toString("utf8");
  const parsed = parseIcs(text);
  expect(ct.params.method).toBe(parsed.method);
  expect(ct.params.charset?.toLowerCase()).toBe("utf-8");
  const others = parts.filter((a) => a.contentType !== "text/calendar");
  expect(others.map((a) => [a.contentType, a.filename])).toEqual([["application/ics", "invite.ics"]]);
  expect(others[0].content.toString("utf8")).toBe(text);
  expect(assertWellFormed(text)).toEqual([]);
  expect(m.envelopeTo).toHaveLength(1);
  expect(parsed.events).toHaveLength(1);
  return { text, ...parsed, event: parsed.events[0] };
}

/** Inserts a published event directly (setup for tests that are not about the form). */
export async function insertEvent(
  db: Kysely<Database>,
  o: {
    createdBy: string;
    title?: string;
    daysAhead?: number;
    type?: EventType;
    language?: "lv" | "en" | "lv+en" | "ru";
    visibility?: "all_members" | "group_members" | "invitees_only";
    hostGroupId?: string | null;
    status?: "draft" | "published" | "cancelled";
    capacity?: number | null;
    deadline?: Date | null;
    onlineUrl?: string | null;
    hour?: number;
  },
) {
  const crypto = await import("node:crypto");
  const id = crypto.randomUUID();
  const title = o.title ?? `Pasākums ${id.slice(0, 6)}`;
  const day = inDays(o.daysAhead ?? 20);
  const { zonedInstant } = await import("../../app/lib/zoned-time");
  const starts = zonedInstant(day, `${String(o.hour ?? 10).padStart(2, "0")}:00`, "Europe/Riga").instant;
  const row = await db
    .insertInto("event")
    .values({
      id,
      slug: `e-${id.slice(0, 12)}`,
      uid: `event-${id}@127.0.0.1`,
      title_lv: title,
      title_en: `${title} (EN)`,
      type: o.type ?? "seminar",
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 2 * 3600_000),
      venue: "Rīga",
      online_url: o.onlineUrl ?? null,
      capacity: o.capacity ?? null,
      registration_deadline: o.deadline ?? null,
      language: o.language ?? "lv",
      host_group_id: o.hostGroupId ?? null,
      visibility: o.visibility ?? "all_members",
      status: o.status ?? "published",
      created_by: o.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto("thread").values({ subject_type: "event", subject_id: id, title, created_by: o.createdBy }).execute();
  return row;
}

/** What an action answered, as the browser receives it (the single-fetch stream): its status and data. */
export async function actionData(client: HttpClient, path: string, form: Record<string, string>): Promise<{ status: number; data: Record<string, unknown> }> {
  const res = await client.post(`${path}.data`, form);
  const { value } = await decode(res.body!);
  return { status: res.status, data: (value as { data: Record<string, unknown> }).data };
}
