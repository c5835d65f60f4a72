import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDateInput, formatDateTimeInput, formatTimeInput, parseDateInput, parseDateTimeInput, parseTimeInput } from "../app/lib/date-input";
import { parseEventForm } from "../app/modules/events/input.server";
import { parseRequestForm } from "../app/modules/logistics/input";
import { CampaignInputSchema } from "../app/modules/campaigns/campaigns.server";
import { eventForm, inDays } from "./helpers/events";

// Dates and times typed in forms (issue 12 item 11): plain text inputs in the page's format, read by one parser
// (app/lib/date-input.ts), never the browser's native pickers or validation bubbles (they follow the browser's
// language). The browser side is e2e/date-time-fields.spec.ts.

describe("parseDateInput", () => {
  it("reads the Latvian, English and ISO formats and digits only", () => {
    for (const s of ["14.10.2026.", "14.10.2026", " 14.10.2026. ", "14. 10. 2026.", "14/10/2026", "14-10-2026", "2026-10-14", "14102026"]) expect(parseDateInput(s), s).toBe("2026-10-14");
    expect(parseDateInput("1.2.2027.")).toBe("2027-02-01");
    expect(parseDateInput("2027-2-1")).toBe("2027-02-01");
    expect(parseDateInput("29.02.2028.")).toBe("2028-02-29");
  });
  it("refuses dates that do not exist, US order, two-digit years, words and other types", () => {
    for (const s of ["30.02.2026.", "29.02.2027.", "32.01.2026.", "14.13.2026.", "10/31/2026", "14.10.26", "14.10/2026", "2026-10-14T10:00", "rīt", "", "0.0.0000", "14.10.1969.", "1410202612"]) {
      expect(parseDateInput(s), s).toBeNull();
    }
    expect(parseDateInput(undefined)).toBeNull();
    expect(parseDateInput(20261014)).toBeNull();
  });
});

describe("parseTimeInput", () => {
  it("reads 24-hour times with a dot, a colon or digits only", () => {
    for (const [s, want] of [
      ["14.00", "14:00"],
      ["14:00", "14:00"],
      ["9.30", "09:30"],
      ["09:30", "09:30"],
      ["1400", "14:00"],
      ["0000", "00:00"],
      ["23.59", "23:59"],
      ["plkst. 14.00", "14:00"],
      [" 8:05 ", "08:05"],
    ]) {
      expect(parseTimeInput(s), s).toBe(want);
    }
  });
  it("refuses AM/PM, impossible times and fragments", () => {
    for (const s of ["2:00 PM", "2 PM", "14:00 AM", "24.00", "12.60", "14", "14.0", "930", "14:00:00", "", "noon"]) expect(parseTimeInput(s), s).toBeNull();
  });
});

describe("parseDateTimeInput", () => {
  it("reads a date and a time in one field in either language or ISO", () => {
    for (const s of [
      "14.10.2026. 14.00",
      "14.10.2026 14:00",
      "14.10.2026. plkst. 14.00",
      "14/10/2026 14:00",
      "14/10/2026, 14:00",
      "2026-10-14T14:00",
      "2026-10-14 14:00",
      "2026-10-14T14:00:00",
      "14102026 1400",
    ]) {
      expect(parseDateTimeInput(s), s).toBe("2026-10-14T14:00");
    }
  });
  it("refuses a date without a time, AM/PM and impossible values", () => {
    for (const s of ["14.10.2026.", "14.00", "10/14/2026 2:00 PM", "14.10.2026. 25.00", "31.11.2026. 10.00", "", "x".repeat(50)]) expect(parseDateTimeInput(s), s).toBeNull();
  });
});

describe("formatting for the inputs", () => {
  it("shows ISO values in the page's format and anything typed as it is", () => {
    expect(formatDateInput("2026-10-04", "lv")).toBe("04.10.2026.");
    expect(formatDateInput("2026-10-04", "en")).toBe("04/10/2026");
    expect(formatTimeInput("09:30", "lv")).toBe("09.30");
    expect(formatTimeInput("09:30", "en")).toBe("09:30");
    expect(formatDateTimeInput("2026-10-04T09:30", "lv")).toBe("04.10.2026. 09.30");
    expect(formatDateTimeInput("2026-10-04T09:30", "en")).toBe("04/10/2026 09:30");
    expect(formatDateInput("31.02.2026.", "lv")).toBe("31.02.2026.");
    expect(formatTimeInput("2 PM", "en")).toBe("2 PM");
    expect(formatDateInput(undefined, "lv")).toBe("");
  });
  it("round-trips: what is shown parses back to the same value", () => {
    for (const locale of ["lv", "en"] as const) {
      expect(parseDateInput(formatDateInput("2027-01-31", locale))).toBe("2027-01-31");
      expect(parseTimeInput(formatTimeInput("07:05", locale))).toBe("07:05");
      expect(parseDateTimeInput(formatDateTimeInput("2027-01-31T07:05", locale))).toBe("2027-01-31T07:05");
    }
  });
});

const lv = (iso: string) => formatDateInput(iso, "lv");
const en = (iso: string) => formatDateInput(iso, "en");

describe("the forms' schemas read the page's formats", () => {
  it("events: Latvian and English dates and times give the same event as ISO; a bad date is refused at its field", () => {
    const iso = parseEventForm(eventForm({ deadlineDate: inDays(20), deadlineTime: "12:00" }));
    const latvian = parseEventForm(eventForm({ startDate: lv(inDays(30)), startTime: "14.00", endDate: lv(inDays(30)), endTime: "17.00", deadlineDate: lv(inDays(20)), deadlineTime: "12.00" }));
    const english = parseEventForm(eventForm({ startDate: en(inDays(30)), startTime: "14:00", endDate: en(inDays(30)), endTime: "17:00", deadlineDate: en(inDays(20)), deadlineTime: "12:00" }));
    expect(iso.ok && latvian.ok && english.ok).toBe(true);
    if (!iso.ok || !latvian.ok || !english.ok) return;
    expect(latvian.data.startsAt.toISOString()).toBe(iso.data.startsAt.toISOString());
    expect(english.data.endsAt.toISOString()).toBe(iso.data.endsAt.toISOString());
    expect(latvian.data.registrationDeadline?.toISOString()).toBe(iso.data.registrationDeadline?.toISOString());

    const bad = parseEventForm(eventForm({ startDate: "31.02.2030.", startTime: "2:00 PM" }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.fields).toMatchObject({ startDate: "events.error.dateInvalid", startTime: "events.error.timeInvalid" });
    const usOrder = parseEventForm(eventForm({ startDate: "10/31/2030" }));
    expect(!usOrder.ok && usOrder.error.fields?.startDate).toBe("events.error.dateInvalid");
  });

  it("campaigns: dates in the page's format are stored as ISO", () => {
    const base = { titleLv: "Stends", titleEn: "Stand", type: "trade_fair", startsOn: lv(inDays(60)), endsOn: en(inDays(62)), applicationDeadline: inDays(40), maxOrgs: "6", coordinatorId: "" };
    const r = CampaignInputSchema.safeParse(base);
    if (r.success) {
      expect(r.data.startsOn).toBe(inDays(60));
      expect(r.data.endsOn).toBe(inDays(62));
    } else {
      // Other fields may be refused; the dates are not.
      const dateIssues = r.error.issues.filter((i) => ["startsOn", "endsOn", "applicationDeadline"].includes(String(i.path[0])));
      expect(dateIssues).toEqual([]);
    }
    const bad = CampaignInputSchema.safeParse({ ...base, startsOn: "30.02.2030." });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.find((i) => i.path[0] === "startsOn")?.message).toBe("campaigns.error.dateInvalid");
  });

  it("logistics: windows typed as 14.10.2026. 14.00 or 14/10/2026 14:00 are read in Riga time", () => {
    const now = new Date();
    const at = (days: number, hhmm: string, f: (iso: string) => string, sep: string) => `${f(inDays(days))} ${sep === "." ? hhmm.replace(":", ".") : hhmm}`;
    const form = {
      earliestPickup: at(3, "08:00", lv, "."),
      latestPickup: at(4, "17:00", lv, "."),
      latestDelivery: `${inDays(8)}T12:00`,
      earliestDelivery: at(6, "09:00", en, ":"),
    };
    const r = parseRequestForm(form, now);
    const errors = r.ok ? {} : r.errors;
    for (const k of Object.keys(form)) expect(errors[k], k).toBeUndefined();
    const bad = parseRequestForm({ ...form, earliestPickup: "10/31/2030 2:00 PM" }, now);
    expect(!bad.ok && bad.errors.earliestPickup).toBe("logistics.error.datetime");
  });
});

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsxFiles(p) : p.endsWith(".tsx") ? [p] : [];
  });
}

describe("no browser pickers or bubbles in the app", () => {
  const files = tsxFiles(join(__dirname, "..", "app")).map((p) => ({ p, s: readFileSync(p, "utf8") }));
  it("uses no native date/time inputs (they follow the browser's language, not the page's)", () => {
    const found = files.filter(({ s }) => /type=["{]+["']?(date|time|datetime-local|month|week)["']/.test(s)).map(({ p }) => p);
    expect(found).toEqual([]);
  });
  it("every form has noValidate (the app's translated messages, never the browser's)", () => {
    const missing: string[] = [];
    for (const { p, s } of files) {
      for (const m of s.matchAll(/<(Form|form)(?=[\s>])/g)) {
        // The opening tag runs to the first ">" outside braces.
        let depth = 0;
        let j = m.index + m[0].length;
        for (; j < s.length; j++) {
          if (s[j] === "{") depth++;
          else if (s[j] === "}") depth--;
          else if (s[j] === ">" && depth === 0) break;
        }
        if (!/\bnoValidate\b/.test(s.slice(m.index, j))) missing.push(`${p}:${s.slice(0, m.index).split("\n").length}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
