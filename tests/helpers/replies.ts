import crypto from "node:crypto";
import nodemailer from "nodemailer";

// iTIP REPLY messages as the common calendar clients send them (RFC 5546 §3.2.3, RFC 6047), written from the RFCs and
// the clients' documented behaviour — never copied from real mail:
// - Outlook / Exchange: multipart/alternative with text/plain, text/html and `text/calendar; method=REPLY` (base64),
//   subject "Accepted: …", a VTIMEZONE block and X-MICROSOFT-* properties; Thread-Topic/Thread-Index headers.
// - Gmail (Google Calendar): multipart/mixed → multipart/alternative (text, html, text/calendar; method=REPLY) plus
//   an `application/ics; name="invite.ics"` attachment with the same object; ATTENDEE with CUTYPE and X-NUM-GUESTS.
// - Apple Calendar (macOS/iOS): the message is only the calendar part, `text/calendar; method=REPLY`,
//   quoted-printable.
// - Thunderbird: multipart/mixed → multipart/alternative (text/plain, text/calendar; method=REPLY) plus
//   `application/ics; name="invite.ics"`.

export type ReplyClient = "outlook" | "gmail" | "apple" | "thunderbird";

export interface ReplySpec {
  /** The From header's address (the person's mail account). */
  from: string;
  fromName?: string;
  /** The invitation's reply address (events+<token>@…). */
  to: string;
  uid: string;
  sequence?: number;
  /** The ATTENDEE address written into the reply (usually = from). */
  attendee?: string;
  partstat?: "ACCEPTED" | "TENTATIVE" | "DECLINED" | "DELEGATED" | "NEEDS-ACTION";
  method?: "REPLY" | "COUNTER";
  organizer?: string;
  summary?: string;
  messageId?: string;
  /** Extra header lines (e.g. "Auto-Submitted: auto-replied"). */
  headers?: string[];
  /** Replace the whole VCALENDAR text (bad-input tests). */
  ics?: string;
  /** DELEGATED-TO address. */
  delegatedTo?: string;
  dtstamp?: string;
}

const CRLF = "\r\n";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64").replace(/.{76}/g, `$&${CRLF}`);
const stamp = () => new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

function qp(s: string): string {
  // Enough quoted-printable for ASCII calendar text: escape '=', keep lines short with soft breaks.
  return s
    .split(CRLF)
    .map((line) => {
      const esc = line.replace(/=/g, "=3D");
      const out: string[] = [];
      for (let i = 0; i < esc.length; i += 70) out.push(esc.slice(i, i + 70));
      return out.join(`=${CRLF}`);
    })
    .join(CRLF);
}

export function replyIcs(spec: ReplySpec, client: ReplyClient): string {
  if (spec.ics) return spec.ics;
  const attendee = spec.attendee ?? spec.from;
  const partstat = spec.partstat ?? "ACCEPTED";
  const method = spec.method ?? "REPLY";
  const prodid = {
    outlook: "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    gmail: "-//Google Inc//Google Calendar 70.9054//EN",
    apple: "-//Apple Inc.//macOS 14.5//EN",
    thunderbird: "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
  }[client];
  const delegated = spec.delegatedTo ? `;DELEGATED-TO="mailto:${spec.delegatedTo}"` : "";
  const attendeeLine = {
    outlook: `ATTENDEE;PARTSTAT=${partstat}${delegated};CN=${spec.fromName ?? attendee}:mailto:${attendee}`,
    gmail: `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat}${delegated};CN=${spec.fromName ?? attendee};X-NUM-GUESTS=0:mailto:${attendee}`,
    apple: `ATTENDEE;CN="${spec.fromName ?? attendee}";CUTYPE=INDIVIDUAL;EMAIL=${attendee};PARTSTAT=${partstat}${delegated}:mailto:${attendee}`,
    thunderbird: `ATTENDEE;RSVP=TRUE;CN=${spec.fromName ?? attendee};PARTSTAT=${partstat};ROLE=REQ-PARTICIPANT${delegated}:mailto:${attendee}`,
  }[client];
  const lines = [
    "BEGIN:VCALENDAR",
    `PRODID:${prodid}`,
    "VERSION:2.0",
    `METHOD:${method}`,
    ...(client === "outlook"
      ? [
          "BEGIN:VTIMEZONE",
          "TZID:FLE Standard Time",
          "BEGIN:STANDARD",
          "DTSTART:16010101T040000",
          "TZOFFSETFROM:+0300",
          "TZOFFSETTO:+0200",
          "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
          "END:STANDARD",
          "BEGIN:DAYLIGHT",
          "DTSTART:16010101T030000",
          "TZOFFSETFROM:+0200",
          "TZOFFSETTO:+0300",
          "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
          "END:DAYLIGHT",
          "END:VTIMEZONE",
        ]
      : []),
    "BEGIN:VEVENT",
    attendeeLine,
    ...(spec.organizer ? [`ORGANIZER;CN=Organiser:mailto:${spec.organizer}`] : []),
    `UID:${spec.uid}`,
    `SEQUENCE:${spec.sequence ?? 0}`,
    `DTSTAMP:${spec.dtstamp ?? stamp()}`,
    ...(client === "outlook"
      ? [
          `SUMMARY;LANGUAGE=en-US:Accepted: ${spec.summary ?? "Event"}`,
          "DTSTART;TZID=FLE Standard Time:20301211T140000",
          "DTEND;TZID=FLE Standard Time:20301211T170000",
          "CLASS:PUBLIC",
          "PRIORITY:5",
          "TRANSP:OPAQUE",
          "STATUS:CONFIRMED",
          "X-MICROSOFT-CDO-APPT-SEQUENCE:0",
          "X-MICROSOFT-CDO-OWNERAPPTID:-1",
          "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
          "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
        ]
      : []),
    ...(client === "gmail" ? [`SUMMARY:${spec.summary ?? "Event"}`, "DTSTART:20301211T120000Z", "DTEND:20301211T150000Z", "STATUS:CONFIRMED", "TRANSP:OPAQUE"] : []),
    ...(client === "apple" ? ["DTSTART;TZID=Europe/Riga:20301211T140000", "DTEND;TZID=Europe/Riga:20301211T170000", "REQUEST-STATUS:2.0;Success", "TRANSP:OPAQUE"] : []),
    ...(client === "thunderbird" ? [`SUMMARY:${spec.summary ?? "Event"}`, "DTSTART;TZID=Europe/Riga:20301211T140000", "DTEND;TZID=Europe/Riga:20301211T170000"] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.join(CRLF) + CRLF;
}

function head(spec: ReplySpec, subject: string, extra: string[]): string[] {
  return [
    `From: "${spec.fromName ?? spec.from}" <${spec.from}>`,
    `To: "Organiser" <${spec.to}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${spec.messageId ?? `<${crypto.randomUUID()}@client.example>`}`,
    "MIME-Version: 1.0",
    ...(spec.headers ?? []),
    ...extra,
  ];
}

/** The raw message a client sends for `spec`. */
export function replyMessage(client: ReplyClient, spec: ReplySpec): string {
  const ics = replyIcs(spec, client);
  const word = { ACCEPTED: "Accepted", TENTATIVE: "Tentative", DECLINED: "Declined", DELEGATED: "Delegated", "NEEDS-ACTION": "Reply" }[spec.partstat ?? "ACCEPTED"];
  const method = spec.method ?? "REPLY";
  const subject = `${word}: ${spec.summary ?? "Event"}`;
  const b = `_000_${crypto.randomBytes(8).toString("hex")}_`;
  if (client === "outlook") {
    return [
      ...head(spec, subject, [
        `Thread-Topic: ${spec.summary ?? "Event"}`,
        "Thread-Index: AQHaxyzAbCdEfGhIjKlMnOpQrStUvA==",
        "Content-Language: en-US",
        `Content-Type: multipart/alternative; boundary="${b}"`,
      ]),
      "",
      `--${b}`,
      'Content-Type: text/plain; charset="us-ascii"',
      "Content-Transfer-Encoding: quoted-printable",
      "",
      `${word}`,
      "",
      `--${b}`,
      'Content-Type: text/html; charset="us-ascii"',
      "Content-Transfer-Encoding: quoted-printable",
      "",
      `<html><body><p>${word}</p></body></html>`,
      "",
      `--${b}`,
      `Content-Type: text/calendar; charset="utf-8"; method=${method}`,
      "Content-Transfer-Encoding: base64",
      "",
      b64(ics),
      "",
      `--${b}--`,
      "",
    ].join(CRLF);
  }
  if (client === "gmail") {
    const outer = `000000000000${crypto.randomBytes(6).toString("hex")}`;
    const inner = `000000000000${crypto.randomBytes(6).toString("hex")}`;
    return [
      ...head(spec, `${subject} @ Thu Dec 11, 2030 2pm - 5pm (EET)`, [`Content-Type: multipart/mixed; boundary="${outer}"`]),
      "",
      `--${outer}`,
      `Content-Type: multipart/alternative; boundary="${inner}"`,
      "",
      `--${inner}`,
      'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
      "",
      `${spec.from} has accepted this invitation.`,
      "",
      `--${inner}`,
      'Content-Type: text/html; charset="UTF-8"',
      "",
      `<p>${spec.from} has accepted this invitation.</p>`,
      "",
      `--${inner}`,
      `Content-Type: text/calendar; charset="UTF-8"; method=${method}`,
      "Content-Transfer-Encoding: 7bit",
      "",
      ics,
      `--${inner}--`,
      "",
      `--${outer}`,
      'Content-Type: application/ics; name="invite.ics"',
      'Content-Disposition: attachment; filename="invite.ics"',
      "Content-Transfer-Encoding: base64",
      "",
      b64(ics),
      `--${outer}--`,
      "",
    ].join(CRLF);
  }
  if (client === "apple") {
    return [...head(spec, subject, [`Content-Type: text/calendar; method=${method}; charset=utf-8`, "Content-Transfer-Encoding: quoted-printable"]), "", qp(ics)].join(CRLF);
  }
  const outer = `------------${crypto.randomBytes(8).toString("hex")}`;
  const inner = `------------${crypto.randomBytes(8).toString("hex")}`;
  return [
    ...head(spec, subject, ["User-Agent: Mozilla Thunderbird", `Content-Type: multipart/mixed; boundary="${outer}"`]),
    "",
    "This is a multi-part message in MIME format.",
    `--${outer}`,
    `Content-Type: multipart/alternative; boundary="${inner}"`,
    "",
    `--${inner}`,
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    `${spec.fromName ?? spec.from} has ${word.toLowerCase()} your event invitation.`,
    "",
    `--${inner}`,
    `Content-Type: text/calendar; charset=UTF-8; method=${method}`,
    "Content-Transfer-Encoding: 8bit",
    "",
    ics,
    `--${inner}--`,
    "",
    `--${outer}`,
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    "Content-Transfer-Encoding: base64",
    "",
    b64(ics),
    "",
    `--${outer}--`,
    "",
  ].join(CRLF);
}

/** Sends a raw message to an SMTP server (the inbound listener), as a mail server relaying it would. */
export async function sendRaw(port: number, raw: string | Buffer, envelope: { from: string; to: string[] }): Promise<void> {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, connectionTimeout: 10_000, socketTimeout: 60_000 });
  try {
    await t.sendMail({ envelope, raw });
  } finally {
    t.close();
  }
}
