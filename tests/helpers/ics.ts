import ICAL from "ical.js";

/** Parses an iCalendar text with ical.js (an independent parser) and registers its VTIMEZONEs. */
export function parseIcs(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const vevents = comp.getAllSubcomponents("vevent");
  return {
    comp,
    method: comp.getFirstPropertyValue("method") as string | null,
    calName: comp.getFirstPropertyValue("x-wr-calname") as string | null,
    name: comp.getFirstPropertyValue("name") as string | null,
    events: vevents.map((v) => {
      const ev = new ICAL.Event(v);
      const attendees = v.getAllProperties("attendee").map((p) => ({
        value: String(p.getFirstValue()),
        cn: p.getParameter("cn") as string | undefined,
        partstat: p.getParameter("partstat") as string | undefined,
        rsvp: p.getParameter("rsvp") as string | undefined,
        role: p.getParameter("role") as string | undefined,
      }));
      const organizer = v.getFirstProperty("organizer");
      return {
        v,
        uid: ev.uid,
        sequence: Number(v.getFirstPropertyValue("sequence") ?? 0),
        summary: ev.summary,
        description: ev.description,
        location: ev.location,
        status: (v.getFirstPropertyValue("status") as string | null) ?? null,
        url: String(v.getFirstPropertyValue("url") ?? ""),
        start: ev.startDate.toJSDate(),
        end: ev.endDate.toJSDate(),
        startIsDate: ev.startDate.isDate,
        dtstamp: String(v.getFirstPropertyValue("dtstamp")),
        attendees,
        organizer: organizer ? { value: String(organizer.getFirstValue()), cn: organizer.getParameter("cn") as string | undefined } : null,
      };
    }),
  };
}

/** Raw structural checks every generated object must pass (CAL-1, CAL-2, CAL-6, CAL-7). */
export function assertWellFormed(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith("\r\n")) problems.push("does not end in CRLF");
  const lines = text.split("\r\n").slice(0, -1);
  for (const l of lines) {
    if (Buffer.byteLength(l) > 75) problems.push(`line over 75 octets: ${l}`);
    if (/[\r\n]/.test(l)) problems.push(`bare CR/LF in: ${JSON.stringify(l)}`);
  }
  // Unfold and check each content line.
  const unfolded = text.replace(/\r\n[ \t]/g, "");
  const bytes = Buffer.from(unfolded, "utf8");
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    problems.push("invalid UTF-8 after unfolding");
  }
  const content = unfolded.split("\r\n").filter(Boolean);
  for (const c of content) {
    if (!/^[A-Z][A-Z0-9-]*(;[A-Z0-9-]+=("[^"\r\n]*"|[^";:,\r\n]*)(,("[^"\r\n]*"|[^";:,\r\n]*))*)*:/.test(c)) problems.push(`malformed content line: ${c}`);
    if (/\\"/.test(c.split(":")[0])) problems.push(`backslash-quote in parameters: ${c}`);
  }
  const tzids = new Set([...unfolded.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1]));
  for (const tz of tzids) {
    if (tz === "UTC") problems.push("TZID=UTC");
    if (!unfolded.includes(`\r\nTZID:${tz}\r\n`)) problems.push(`no VTIMEZONE for ${tz}`);
  }
  // Inside VTIMEZONE, DTSTART is local by definition; in events a time without Z or TZID would float.
  const outsideTz = unfolded.replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/g, "").split("\r\n");
  for (const c of outsideTz) if (/^DT(START|END)(;(?!VALUE=DATE)[^:]*)?:\d{8}T\d{6}$/.test(c) && !/TZID=/.test(c)) problems.push(`floating time: ${c}`);
  for (const c of content) if (c.startsWith("DTSTAMP") && !/^DTSTAMP:\d{8}T\d{6}Z$/.test(c)) problems.push(`DTSTAMP not UTC: ${c}`);
  return problems;
}

/** RFC 5545 §3.3.11 TEXT unescaping (for properties ical.js leaves as written, such as X-WR-CALNAME). */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c) => (c === "n" || c === "N" ? "\n" : c));
}
