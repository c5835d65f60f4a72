import type { AttendanceStatus, EventLanguage, EventStatus, EventType, EventVisibility } from "#db/schema";

// Shared by server and browser code (no server imports here).

/** The database enums routes and components need (routes import no #db/*). */
export type { AttendanceStatus, EventLanguage, EventStatus, EventType, EventVisibility };

/** docs/domain.md "Event types", in the order the form lists them. */
export const EVENT_TYPES: readonly EventType[] = [
  "seminar",
  "webinar",
  "workshop",
  "conference",
  "b2b_matchmaking",
  "trade_mission",
  "inbound_mission",
  "experience_exchange",
  "general_assembly",
  "strategy_meeting",
  "wg_meeting",
  "career_day",
  "training",
  "fair_participation",
];
export const EVENT_LANGUAGES: readonly EventLanguage[] = ["lv", "en", "lv+en", "ru"];
export const EVENT_VISIBILITIES: readonly EventVisibility[] = ["all_members", "group_members", "invitees_only"];
export const EVENT_STATUSES: readonly EventStatus[] = ["draft", "published", "cancelled"];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ["going", "maybe", "waitlisted", "invited", "declined"];
export const RSVP_ANSWERS = ["going", "maybe", "declined"] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export const DEFAULT_TIME_ZONE = "Europe/Riga";

export const EVENT_LIMITS = {
  titleMin: 3,
  titleMax: 200,
  /** Characters (code points) per description language. */
  descriptionMax: 10_000,
  venueMax: 300,
  urlMax: 500,
  agendaItemsMax: 50,
  agendaLineMax: 400,
  capacityMax: 100_000,
  reminderHoursMax: 336,
  /** Addresses per pasted guest list. */
  guestsPerPaste: 1_000,
  guestNameMax: 120,
  pageSize: 20,
  attendeesPerPage: 100,
  /** Events in a personal or group feed (newest first beyond this are dropped). */
  feedMax: 2_000,
};

/** Slugs that are routes under /events. */
export const RESERVED_EVENT_SLUGS = new Set(["new", "calendar", "mine"]);

/** iCalendar PARTSTAT for an attendance status (RFC 5545 §3.2.12). */
export const PARTSTAT: Record<AttendanceStatus, "NEEDS-ACTION" | "ACCEPTED" | "TENTATIVE" | "DECLINED"> = {
  invited: "NEEDS-ACTION",
  going: "ACCEPTED",
  maybe: "TENTATIVE",
  waitlisted: "TENTATIVE",
  declined: "DECLINED",
};
