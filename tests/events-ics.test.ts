import { describe, expect, it } from "vitest";
import { calendarText, downloadIcs, escapeText, foldLine, messageIcs, paramValue, veventText } from "../app/modules/events/ics.server";
import type { EventSnapshot } from "../app/modules/events/snapshot";
import { zonedInstant } from "../app/lib/zoned-time";
import { assertWellFormed, parseIcs, unescapeText } from "./helpers/ics";

// The iCalendar serializer on its own (docs/requirements.md CAL-1…CAL-10), every object round-tripped through ical.js.

const ORIGIN = "https://cluster.example";
const ORGANIZER = { name: "Renārs Lejnieks", email: "no-reply@cluster.example" };

function snap(over: Partial<EventSnapshot> = {}): EventSnapshot {
  const start = zonedInstant("2027-02-18", "14:00", "Europe/Riga").instant.toISOString();
  const end = zonedInstant("2027-02-18", "17:00", "Europe/Riga").instant.toISOString();
  return {
    id: "0f0e0d0c-0b0a-4000-8000-000000000001",
    uid: "event-0f0e0d0c-0b0a-4000-8000-000000000001@cluster.example",
    slug: "biedru-kopsapulce",
    sequence: 0,
    status: "published",
    titleLv: "Biedru kopsapulce un klastera stratēģijas sesija",
    titleEn: "General Assembly & Cluster Strategy Meeting",
    descriptionLv: "Darba kārtība: valdes ziņojums, darba plāns un budžets.",
    descriptionEn: "Agenda: board report, work plan and budget.",
    startsAt: start,
    endsAt: end,
    timeZone: "Europe/Riga",
    allDay: false,
    venue: "Konferenču zāle, Rīga LV-1010",
    onlineUrl: null,
    language: "lv",
    organiserName: "Inese Kalniņa",
    updatedAt: "2026-11-20T08:00:00.000Z",
    agenda: [],
    ...over,
  };
}

const attendee = { name: "Dace Zariņa", email: "dace.zarina@daugavas-farmacija.example", status: "invited" as const };

describe("TEXT escaping and folding (CAL-1, CAL-2)", () => {
  it("escapes backslash, semicolon, comma and line breaks, not colons", () => {
    expect(escapeText("Review; finance, ops\nline2 \\ backslash: ok")).toBe("Review\\; finance\\, ops\\nline2 \\\\ backslash: ok");
    expect(escapeText("a\r\nb\rc")).toBe("a\\nb\\nc");
    expect(escapeText("bell\u0007")).toBe("bell");
  });

  it("folds at 75 octets without splitting UTF-8 sequences or escape pairs, and round-trips through ical.js", () => {
    const alphabet = ["a", "ā", "š", "€", "🎉", "👩‍👩‍👧", "\n", "\\", ",", ";", " "];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const prefix = "x".repeat(60 + (round % 21));
      let s = prefix;
      for (let i = 0; i < 40; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const ics = messageIcs(snap({ titleLv: s.slice(0, 200), descriptionLv: s, venue: s.replace(/\n/g, " ") }), "REQUEST", {
        locale: "lv",
        appOrigin: ORIGIN,
        organizer: ORGANIZER,
        stamp: new Date(),
        attendee,
        showOnline: false,
      });
      expect(assertWellFormed(ics)).toEqual([]);
      const [ev] = parseIcs(ics).events;
      expect(ev.summary).toBe(s.slice(0, 200));
      expect(ev.description.startsWith(s.trim())).toBe(true);
      expect(ev.location).toBe(s.replace(/\n/g, " ").trim());
    }
    // A long line of 2-byte letters: every physical line ≤ 75 octets, continuation lines start with one space.
    const folded = foldLine(`SUMMARY:${"ž".repeat(100)}`);
    for (const l of folded.split("\r\n")) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split("\r\n")
        .slice(1)
        .every((l) => l.startsWith(" ") && !l.startsWith("  ")),
    ).toBe(true);
  });

  it("turns the Unicode line breaks U+0085, U+2028, U+2029 into \\n in TEXT and into spaces in parameters (issue 10 #12)", () => {
    const breaks = ["\u0085", "\u2028", "\u2029"];
    for (const b of breaks) {
      expect(escapeText(`one${b}X-INJECTED:yes`)).toBe("one\\nX-INJECTED:yes");
      expect(paramValue(`Anna${b}Bērziņa`)).toBe('"Anna Bērziņa"');
    }
    expect(escapeText("c1\u0080\u009f")).toBe("c1");
    const hostile = `Sapulce\u2028X-INJECTED:1\u0085BEGIN:VEVENT\u2029END`;
    const ics = messageIcs(snap({ titleLv: hostile, descriptionLv: hostile, venue: hostile }), "REQUEST", {
      locale: "lv",
      appOrigin: ORIGIN,
      organizer: { name: `Org\u2028X-EVIL:1`, email: "no-reply@cluster.example" },
      stamp: new Date(),
      attendee: { ...attendee, name: `Dace\u2029X-EVIL:2` },
      showOnline: false,
    });
    const feed = calendarText([veventText(snap(), { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: snap().updatedAt, showOnline: false }).text], ["Europe/Riga"], {
      name: hostile,
      description: hostile,
    });
    for (const text of [ics, feed]) {
      expect(assertWellFormed(text)).toEqual([]);
      expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
      // A parser that splits on any Unicode line break sees no new property or component either.
      const lines = text.split(/\r\n|[\u0085\u2028\u2029]/);
      expect(lines.filter((l) => /^(X-INJECTED|X-EVIL|BEGIN:VEVENT)/.test(l))).toEqual(["BEGIN:VEVENT"]);
    }
    const [ev] = parseIcs(ics).events;
    expect(ev.summary).toBe("Sapulce\nX-INJECTED:1\nBEGIN:VEVENT\nEND");
    expect(ev.attendees[0].cn).toBe("Dace X-EVIL:2");
    expect(ev.organizer?.cn).toBe("Org X-EVIL:1");
  });

  it("escapes the calendar-level NAME / X-WR-CALNAME / DESCRIPTION itself (F1: a group name cannot inject lines)", () => {
    const hostile = 'Budget; Q1, "draft"\r\nX-INJECTED:yes\r\nBEGIN:VEVENT';
    const v = veventText(snap(), { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: snap().updatedAt, showOnline: false });
    const feed = calendarText([v.text], [v.tzid], { name: hostile, description: hostile, refresh: true });
    expect(assertWellFormed(feed)).toEqual([]);
    expect(feed).not.toMatch(/^X-INJECTED/m);
    expect(feed.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    const parsed = parseIcs(feed);
    // ical.js keeps NAME and X-WR-CALNAME as written (it does not know them as TEXT): unescaped, they are the input.
    expect(unescapeText(parsed.name!)).toBe('Budget; Q1, "draft"\nX-INJECTED:yes\nBEGIN:VEVENT');
    expect(unescapeText(parsed.calName!)).toBe('Budget; Q1, "draft"\nX-INJECTED:yes\nBEGIN:VEVENT');
    expect(parsed.events).toHaveLength(1);
  });
});

describe("parameters (CAL-3)", () => {
  it("quotes CN and never lets a quote, CR/LF or caret break the parameter", () => {
    expect(paramValue('Smith, "Bob"; Jr.')).toBe(`"Smith, 'Bob'; Jr."`);
    expect(paramValue("a\r\nb")).toBe('"a b"');
    expect(paramValue("x^y")).toBe('"x^^y"');
    const ics = messageIcs(snap(), "REQUEST", {
      locale: "en",
      appOrigin: ORIGIN,
      organizer: { name: 'Org, "Chair"\r\nX-EVIL:1', email: "no-reply@cluster.example" },
      stamp: new Date(),
      attendee: { ...attendee, name: 'Smith, "Bob"; Jr.\nATTENDEE:mailto:evil@x.example' },
      showOnline: false,
    });
    expect(assertWellFormed(ics)).toEqual([]);
    expect(ics).not.toContain('\\"');
    expect(ics).not.toMatch(/^X-EVIL/m);
    const [ev] = parseIcs(ics).events;
    expect(ev.attendees).toHaveLength(1);
    expect(ev.attendees[0].cn).toBe("Smith, 'Bob'; Jr. ATTENDEE:mailto:evil@x.example");
    expect(ev.attendees[0].value).toBe(`mailto:${attendee.email}`);
    expect(ev.organizer?.cn).toBe("Org, 'Chair' X-EVIL:1");
  });
});

describe("iTIP objects (CAL-4, CAL-8, CAL-10, CAL-14)", () => {
  it("REQUEST: one event, stable UID, SEQUENCE, one ATTENDEE (RSVP=TRUE, NEEDS-ACTION, REQ-PARTICIPANT), ORGANIZER ≠ attendee, URL, STATUS", () => {
    const ics = messageIcs(snap({ sequence: 3 }), "REQUEST", { locale: "lv", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: new Date(), attendee, showOnline: false });
    expect(assertWellFormed(ics)).toEqual([]);
    const p = parseIcs(ics);
    expect(p.method).toBe("REQUEST");
    expect(p.events).toHaveLength(1);
    const [ev] = p.events;
    expect(ev.uid).toBe(snap().uid);
    expect(ev.sequence).toBe(3);
    expect(ev.attendees).toEqual([{ value: `mailto:${attendee.email}`, cn: "Dace Zariņa", partstat: "NEEDS-ACTION", rsvp: "TRUE", role: "REQ-PARTICIPANT" }]);
    expect(ev.organizer?.value).toBe("mailto:no-reply@cluster.example");
    expect(ev.url).toBe(`${ORIGIN}/events/biedru-kopsapulce`);
    expect(ev.status).toBe("CONFIRMED");
    expect(ev.location).toBe("Konferenču zāle, Rīga LV-1010");
    expect(ics).toContain("LOCATION:Konferenču zāle\\, Rīga LV-1010");
    expect(ev.summary).toBe("Biedru kopsapulce un klastera stratēģijas sesija");
  });

  it("CANCEL with STATUS:CANCELLED for the event, without STATUS for one removed invitee", () => {
    const whole = parseIcs(messageIcs(snap({ status: "cancelled", sequence: 4 }), "CANCEL", { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: new Date(), attendee, showOnline: false }));
    expect(whole.method).toBe("CANCEL");
    expect(whole.events[0].status).toBe("CANCELLED");
    expect(whole.events[0].sequence).toBe(4);
    const one = messageIcs(snap({ sequence: 2 }), "CANCEL", { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: new Date(), attendee, showOnline: false, includeStatus: false });
    expect(one).not.toMatch(/^STATUS/m);
    expect(parseIcs(one).events[0].attendees).toHaveLength(1);
  });

  it("download: PUBLISH, ORGANIZER, no ATTENDEE, DTSTAMP = updated_at; the online link only when allowed", () => {
    const s = snap({ onlineUrl: "https://teams.example/l/abc" });
    const ics = downloadIcs(s, { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: s.updatedAt, showOnline: false });
    expect(parseIcs(ics).method).toBe("PUBLISH");
    expect(ics).not.toMatch(/^ATTENDEE/m);
    expect(ics).toMatch(/^ORGANIZER/m);
    expect(ics).toContain("DTSTAMP:20261120T080000Z");
    expect(ics).not.toContain("teams.example");
    expect(downloadIcs(s, { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: s.updatedAt, showOnline: true })).toContain("teams.example");
  });
});

describe("times and zones (CAL-6)", () => {
  const ics = (s: EventSnapshot) => messageIcs(s, "REQUEST", { locale: "en", appOrigin: ORIGIN, organizer: ORGANIZER, stamp: new Date(), attendee, showOnline: false });

  it("Riga: TZID + the VTIMEZONE block of docs/domain.md “Time zones and calendar invitations”; absolute instants right on both sides of both changes", () => {
    const cases: [string, string, string][] = [
      ["2027-03-27", "10:00", "2027-03-27T08:00:00.000Z"], // EET, the day before the spring change
      ["2027-03-28", "10:00", "2027-03-28T07:00:00.000Z"], // EEST, the change day (last Sunday of March)
      ["2027-10-30", "22:00", "2027-10-30T19:00:00.000Z"], // EEST, the night before the autumn change
      ["2027-10-31", "06:00", "2027-10-31T04:00:00.000Z"], // EET after it
    ];
    for (const [date, time, iso] of cases) expect(zonedInstant(date, time, "Europe/Riga").instant.toISOString()).toBe(iso);
    const crossing = snap({ startsAt: "2027-10-30T19:00:00.000Z", endsAt: "2027-10-31T04:00:00.000Z" });
    const text = ics(crossing);
    expect(assertWellFormed(text)).toEqual([]);
    expect(text).toContain("DTSTART;TZID=Europe/Riga:20271030T220000");
    expect(text).toContain("DTEND;TZID=Europe/Riga:20271031T060000");
    expect(text.match(/^BEGIN:VTIMEZONE/gm)).toHaveLength(1);
    expect(text).toContain("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    const [ev] = parseIcs(text).events;
    expect(ev.start.toISOString()).toBe("2027-10-30T19:00:00.000Z");
    expect(ev.end.toISOString()).toBe("2027-10-31T04:00:00.000Z");
    const spring = parseIcs(ics(snap({ startsAt: "2027-03-28T07:00:00.000Z", endsAt: "2027-03-28T09:00:00.000Z" }))).events[0];
    expect(spring.start.toISOString()).toBe("2027-03-28T07:00:00.000Z");
  });

  it("a time inside the spring gap is reported as not existing", () => {
    expect(zonedInstant("2027-03-28", "03:30", "Europe/Riga").exists).toBe(false);
    expect(zonedInstant("2027-10-31", "03:30", "Europe/Riga")).toMatchObject({ exists: true });
  });

  it("other zones in UTC (never TZID=UTC, never floating); all-day events as dates", () => {
    const almaty = ics(snap({ timeZone: "Asia/Almaty", startsAt: "2027-01-25T04:00:00.000Z", endsAt: "2027-01-25T12:00:00.000Z" }));
    expect(assertWellFormed(almaty)).toEqual([]);
    expect(almaty).toContain("DTSTART:20270125T040000Z");
    expect(almaty).not.toContain("VTIMEZONE");
    const nyc = parseIcs(ics(snap({ timeZone: "America/New_York", startsAt: "2027-03-14T07:30:00.000Z", endsAt: "2027-03-14T09:00:00.000Z" }))).events[0];
    expect(nyc.start.toISOString()).toBe("2027-03-14T07:30:00.000Z");
    const allDay = ics(
      snap({
        allDay: true,
        timeZone: "Asia/Almaty",
        startsAt: zonedInstant("2027-01-25", "00:00", "Asia/Almaty").instant.toISOString(),
        endsAt: zonedInstant("2027-01-30", "00:00", "Asia/Almaty").instant.toISOString(),
      }),
    );
    expect(allDay).toContain("DTSTART;VALUE=DATE:20270125");
    expect(allDay).toContain("DTEND;VALUE=DATE:20270130");
    expect(parseIcs(allDay).events[0].startIsDate).toBe(true);
  });
});
