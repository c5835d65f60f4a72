import { z } from "zod";
import type { EventLanguage, EventType, EventVisibility } from "#db/schema";
import { FormInvalid } from "~/modules/errors";
import { parseForm, type FormValues, type ParseResult } from "~/modules/forms";
import { isUuid } from "~/lib/ids";
import { normaliseDate, normaliseTime } from "~/lib/date-input";
import { DEFAULT_TIME_ZONE, EVENT_LANGUAGES, EVENT_LIMITS, EVENT_TYPES, EVENT_VISIBILITIES } from "./constants";
import { addDays, isValidTimeZone, localDate, parseHhmm, parseIsoDate, zonedInstant } from "~/lib/zoned-time";

// The event form (create and edit): zod for the shape, then the time rules, each refusal a message key next to
// its field (docs/conventions.md "Forms").

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const len = (s: string) => [...s].length;

const title = z
  .string({ message: "events.error.titleRequired" })
  .transform((s) => s.replace(/^[ \t]+|[ \t]+$/g, ""))
  .refine((s) => !LINE_BREAK_OR_CONTROL.test(s), "events.error.titleInvalid")
  .refine((s) => len(s) >= EVENT_LIMITS.titleMin, "events.error.titleRequired")
  .refine((s) => len(s) <= EVENT_LIMITS.titleMax, "events.error.titleTooLong");

const description = z
  .string()
  .default("")
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .refine((s) => len(s) <= EVENT_LIMITS.descriptionMax, "events.error.descriptionTooLong")
  .refine((s) => !CONTROL.test(s), "events.error.descriptionInvalid");

const optional = (s: unknown) => (typeof s === "string" && s.trim() === "" ? undefined : s);
// Dates and times as typed in the page's format (14.10.2026., 14.00) or ISO → ISO (~/lib/date-input).
const optionalDate = (s: unknown) => normaliseDate(optional(s));
const optionalTime = (s: unknown) => normaliseTime(optional(s));

export const EventFormSchema = z.object({
  titleLv: title,
  titleEn: title,
  descriptionLv: description,
  descriptionEn: description,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]], { message: "events.error.typeInvalid" }),
  allDay: z.preprocess((v) => v === "yes" || v === "on" || v === "true", z.boolean()),
  startDate: z.preprocess(
    normaliseDate,
    z.string({ message: "events.error.dateInvalid" }).refine((s) => parseIsoDate(s) !== null, "events.error.dateInvalid"),
  ),
  startTime: z.preprocess(
    optionalTime,
    z
      .string()
      .refine((s) => parseHhmm(s) !== null, "events.error.timeInvalid")
      .optional(),
  ),
  endDate: z.preprocess(
    normaliseDate,
    z.string({ message: "events.error.dateInvalid" }).refine((s) => parseIsoDate(s) !== null, "events.error.dateInvalid"),
  ),
  endTime: z.preprocess(
    optionalTime,
    z
      .string()
      .refine((s) => parseHhmm(s) !== null, "events.error.timeInvalid")
      .optional(),
  ),
  timeZone: z.preprocess((v) => (typeof v === "string" && v.trim() ? v.trim() : DEFAULT_TIME_ZONE), z.string().refine(isValidTimeZone, "events.error.timeZoneInvalid")),
  venue: z
    .string()
    .default("")
    .transform((s) => s.trim())
    .refine((s) => !LINE_BREAK_OR_CONTROL.test(s), "events.error.venueInvalid")
    .refine((s) => len(s) <= EVENT_LIMITS.venueMax, "events.error.venueTooLong"),
  onlineUrl: z.preprocess(
    optional,
    z
      .string()
      .trim()
      .max(EVENT_LIMITS.urlMax, "events.error.onlineUrlInvalid")
      .refine((s) => {
        if (LINE_BREAK_OR_CONTROL.test(s) || /\s/.test(s)) return false;
        try {
          const u = new URL(s);
          return (u.protocol === "https:" || u.protocol === "http:") && !!u.hostname;
        } catch {
          return false;
        }
      }, "events.error.onlineUrlInvalid")
      .optional(),
  ),
  capacity: z.preprocess(
    optional,
    z
      .string()
      .regex(/^\d{1,6}$/, "events.error.capacityInvalid")
      .transform(Number)
      .refine((n) => n >= 1 && n <= EVENT_LIMITS.capacityMax, "events.error.capacityInvalid")
      .optional(),
  ),
  deadlineDate: z.preprocess(
    optionalDate,
    z
      .string()
      .refine((s) => parseIsoDate(s) !== null, "events.error.dateInvalid")
      .optional(),
  ),
  deadlineTime: z.preprocess(
    optionalTime,
    z
      .string()
      .refine((s) => parseHhmm(s) !== null, "events.error.timeInvalid")
      .optional(),
  ),
  language: z.enum(EVENT_LANGUAGES as [EventLanguage, ...EventLanguage[]], { message: "events.error.languageInvalid" }),
  hostGroupId: z.preprocess(optional, z.string().refine(isUuid, "events.error.hostGroupInvalid").optional()),
  visibility: z.enum(EVENT_VISIBILITIES as [EventVisibility, ...EventVisibility[]], { message: "events.error.visibilityInvalid" }),
  reminderHours: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? "24" : (v ?? "24")),
    z
      .string()
      .regex(/^\d{1,3}$/, "events.error.reminderInvalid")
      .transform(Number)
      .refine((n) => n <= EVENT_LIMITS.reminderHoursMax, "events.error.reminderInvalid"),
  ),
  agenda: z
    .string()
    .default("")
    .refine((s) => s.length <= EVENT_LIMITS.agendaItemsMax * EVENT_LIMITS.agendaLineMax, "events.error.agendaTooLong"),
});

export type EventForm = z.infer<typeof EventFormSchema>;

export interface AgendaItem {
  startsAt: string | null;
  endsAt: string | null;
  titleLv: string;
  titleEn: string;
  speaker: string;
}

export interface EventInput {
  titleLv: string;
  titleEn: string;
  descriptionLv: string;
  descriptionEn: string;
  type: EventType;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  venue: string;
  onlineUrl: string | null;
  capacity: number | null;
  registrationDeadline: Date | null;
  language: EventLanguage;
  hostGroupId: string | null;
  visibility: EventVisibility;
  reminderHours: number;
  agenda: AgendaItem[];
}

/**
 * Agenda text, one item per line: `14.00 Atklāšana | Opening | Speaker` or `14:00–14:30 …`; the English title and
 * the speaker are optional. Returns the items or the number of the first bad line.
 */
export function parseAgenda(text: string): { items: AgendaItem[] } | { badLine: number } {
  const items: AgendaItem[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (CONTROL.test(line) || len(line) > EVENT_LIMITS.agendaLineMax) return { badLine: i + 1 };
    const m = /^(?:(\d{1,2}[:.]\d{2})(?:\s*[–—-]\s*(\d{1,2}[:.]\d{2}))?\s+)?(.+)$/.exec(line);
    if (!m) return { badLine: i + 1 };
    const norm = (t: string | undefined) => {
      if (!t) return null;
      const p = parseHhmm(t.padStart(5, "0"));
      return p ? `${String(p.h).padStart(2, "0")}:${String(p.min).padStart(2, "0")}` : undefined;
    };
    const startsAt = norm(m[1]);
    const endsAt = norm(m[2]);
    if (startsAt === undefined || endsAt === undefined) return { badLine: i + 1 };
    const [lvRaw, enRaw = "", speaker = ""] = m[3].split("|").map((x) => x.trim());
    if (!lvRaw) return { badLine: i + 1 };
    items.push({ startsAt, endsAt, titleLv: lvRaw, titleEn: enRaw || lvRaw, speaker });
  }
  if (items.length > EVENT_LIMITS.agendaItemsMax) return { badLine: EVENT_LIMITS.agendaItemsMax + 1 };
  return { items };
}

export function agendaText(items: { starts_at: string | null; ends_at: string | null; title_lv: string; title_en: string; speaker: string }[]): string {
  return items
    .map((a) => {
      const time = a.starts_at ? `${a.starts_at}${a.ends_at ? `–${a.ends_at}` : ""} ` : "";
      const en = a.title_en && a.title_en !== a.title_lv ? ` | ${a.title_en}` : a.speaker ? ` | ${a.title_en}` : "";
      return `${time}${a.title_lv}${en}${a.speaker ? ` | ${a.speaker}` : ""}`;
    })
    .join("\n");
}

type FieldErrors = Record<string, string>;

/**
 * Validates the whole form (parseForm with EventFormSchema, then the time rules): the event's input, or a
 * FormInvalid with every field's message key for `actionError()`. `previousStart` (editing): a start already in
 * the past may stay as it is; a new or changed start must be in the future.
 */
export function parseEventForm(values: FormData | FormValues, opts: { now?: Date; previousStart?: Date | null } = {}): ParseResult<EventInput> {
  const parsed = parseForm(values, EventFormSchema);
  if (!parsed.ok) return parsed;
  const f = parsed.data;
  const errors: FieldErrors = {};
  const invalid = (): ParseResult<EventInput> => ({ ok: false, error: new FormInvalid(errors) });
  const tz = f.timeZone;
  const now = opts.now ?? new Date();

  let startsAt: Date;
  let endsAt: Date;
  if (f.allDay) {
    startsAt = zonedInstant(f.startDate, "00:00", tz).instant;
    endsAt = zonedInstant(addDays(f.endDate, 1), "00:00", tz).instant;
  } else {
    if (!f.startTime) errors.startTime = "events.error.timeInvalid";
    if (!f.endTime) errors.endTime = "events.error.timeInvalid";
    if (!f.startTime || !f.endTime) return invalid();
    const s = zonedInstant(f.startDate, f.startTime, tz);
    const e = zonedInstant(f.endDate, f.endTime, tz);
    if (!s.exists) errors.startTime = "events.error.timeGap";
    if (!e.exists) errors.endTime = "events.error.timeGap";
    startsAt = s.instant;
    endsAt = e.instant;
  }
  if (endsAt.getTime() <= startsAt.getTime()) errors.endDate ??= "events.error.endBeforeStart";
  const changedStart = !opts.previousStart || opts.previousStart.getTime() !== startsAt.getTime();
  // All-day events may start today (their start is this morning's midnight).
  const earliest = f.allDay ? zonedInstant(localDate(now, tz), "00:00", tz).instant.getTime() : now.getTime();
  if (changedStart && startsAt.getTime() < earliest) errors.startDate ??= "events.error.startInPast";

  let registrationDeadline: Date | null = null;
  if (f.deadlineDate) {
    const d = zonedInstant(f.deadlineDate, f.deadlineTime ?? "23:59", tz);
    if (!d.exists) errors.deadlineTime = "events.error.timeGap";
    registrationDeadline = d.instant;
    if (registrationDeadline.getTime() > endsAt.getTime()) errors.deadlineDate = "events.error.deadlineAfterEnd";
  } else if (f.deadlineTime) {
    errors.deadlineDate = "events.error.dateInvalid";
  }

  if (f.visibility === "group_members" && !f.hostGroupId) errors.hostGroupId = "events.error.hostGroupRequired";

  const agenda = parseAgenda(f.agenda);
  if ("badLine" in agenda) errors.agenda = "events.error.agendaInvalid";

  if (Object.keys(errors).length) return invalid();
  return {
    ok: true,
    data: {
      titleLv: f.titleLv,
      titleEn: f.titleEn,
      descriptionLv: f.descriptionLv,
      descriptionEn: f.descriptionEn,
      type: f.type,
      startsAt,
      endsAt,
      timeZone: tz,
      allDay: f.allDay,
      venue: f.venue,
      onlineUrl: f.onlineUrl ?? null,
      capacity: f.capacity ?? null,
      registrationDeadline,
      language: f.language,
      hostGroupId: f.hostGroupId ?? null,
      visibility: f.visibility,
      reminderHours: f.reminderHours,
      agenda: "items" in agenda ? agenda.items : [],
    },
  };
}

/** Form values of a stored event (the edit form's defaults). */
export function formValuesOf(
  e: {
    title_lv: string;
    title_en: string;
    description_lv: string;
    description_en: string;
    type: string;
    starts_at: Date | string;
    ends_at: Date | string;
    time_zone: string;
    all_day: boolean;
    venue: string;
    online_url: string | null;
    capacity: number | null;
    registration_deadline: Date | string | null;
    language: string;
    host_group_id: string | null;
    visibility: string;
    reminder_hours: number;
  },
  agenda: string,
): Record<string, string> {
  const tz = e.time_zone;
  const lt = (d: Date | string) => {
    const x = new Date(d);
    const w = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(x);
    return w;
  };
  return {
    titleLv: e.title_lv,
    titleEn: e.title_en,
    descriptionLv: e.description_lv,
    descriptionEn: e.description_en,
    type: e.type,
    allDay: e.all_day ? "yes" : "",
    startDate: localDate(e.starts_at, tz),
    startTime: e.all_day ? "" : lt(e.starts_at),
    endDate: e.all_day ? addDays(localDate(e.ends_at, tz), -1) : localDate(e.ends_at, tz),
    endTime: e.all_day ? "" : lt(e.ends_at),
    timeZone: tz,
    venue: e.venue,
    onlineUrl: e.online_url ?? "",
    capacity: e.capacity === null ? "" : String(e.capacity),
    deadlineDate: e.registration_deadline ? localDate(e.registration_deadline, tz) : "",
    deadlineTime: e.registration_deadline ? lt(e.registration_deadline) : "",
    language: e.language,
    hostGroupId: e.host_group_id ?? "",
    visibility: e.visibility,
    reminderHours: String(e.reminder_hours),
    agenda,
  };
}

/** Publish and cancel, from the edit page or the draft's own page (docs/conventions.md "Forms"). */
export const LifecycleSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("cancel"), confirm: z.preprocess((v) => v === "yes", z.boolean()) }),
]);
export type LifecycleForm = z.infer<typeof LifecycleSchema>;

/** The edit page's forms: save the fields (checked by parseEventForm), publish, cancel. */
export const EditIntentSchema = z.discriminatedUnion("intent", [...LifecycleSchema.options, z.object({ intent: z.literal("save"), notify: z.preprocess((v) => v === "yes", z.boolean()) })]);
