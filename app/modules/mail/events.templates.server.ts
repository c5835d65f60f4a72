import { translator, TIME_ZONE, type Locale, type MessageKey } from "~/i18n";
import { formatEventStart, formatEventWhen, zoneLabel } from "~/modules/events/format";
import { messageIcs } from "~/modules/events/ics.server";
import type { EventMailKind, EventMailParams } from "~/modules/events/mail.server";
import type { EventSnapshot } from "~/modules/events/snapshot";
import { plainSummary } from "~/modules/threads/markdown.server";
import { layout, type TemplateFn } from "./render.server";

// Event invitations, updates, cancellations, promotions from the waitlist and reminders (issue 4). One message per
// recipient in their language; the body carries what, when (Riga time, zone named; the event's local time too when
// it is elsewhere), where and the links, because Outlook shows the body rather than the ICS description
// (docs/requirements.md PEER-3). The iCalendar part goes to nodemailer's icalEvent with the same METHOD (F2); nodemailer adds
// the alternative text/calendar part and its own invite.ics copy (CAL-12), nothing else is attached.

const pick = (lv: string, en: string, locale: Locale) => (locale === "lv" ? lv || en : en || lv);

const SUBJECT: Record<EventMailKind, MessageKey> = {
  invitation: "events.mail.subject.invitation",
  update: "events.mail.subject.update",
  notice: "events.mail.subject.update",
  cancellation: "events.mail.subject.cancellation",
  uninvite: "events.mail.subject.uninvite",
  promoted: "events.mail.subject.promoted",
  reminder: "events.mail.subject.reminder",
  answer: "events.mail.subject.answer",
};

const INTRO: Record<EventMailKind, MessageKey> = {
  invitation: "events.mail.intro.invitation",
  update: "events.mail.intro.update",
  notice: "events.mail.intro.notice",
  cancellation: "events.mail.intro.cancellation",
  uninvite: "events.mail.intro.uninvite",
  promoted: "events.mail.intro.promoted",
  reminder: "events.mail.intro.reminder",
  answer: "events.mail.intro.answer.going",
};

/** Subject line: LV "Ielūgums: …, 11.12.2025. plkst. 14.00"; EN "Invitation: …, 11 Dec 2025, 14:00 (Riga time, EET)". */
export function eventSubject(kind: EventMailKind, ev: EventSnapshot, locale: Locale): string {
  const t = translator(locale);
  const start = formatEventStart(ev, locale, TIME_ZONE);
  const when = locale === "en" && !ev.allDay ? `${start} (${t("events.mail.rigaZone", { zone: zoneLabel(ev.startsAt, TIME_ZONE) })})` : start;
  return t(SUBJECT[kind], { title: pick(ev.titleLv, ev.titleEn, locale), when });
}

const eventMessage: TemplateFn<EventMailParams> = (p, locale, env) => {
  const t = translator(locale);
  const ev = p.event;
  const subject = eventSubject(p.kind, ev, locale);
  const title = pick(ev.titleLv, ev.titleEn, locale);
  const rigaText = (label: string) => t("events.mail.rigaZone", { zone: label });
  const facts = [
    `${t("events.mail.what")}: ${title}`,
    `${t("events.mail.when")}: ${formatEventWhen(ev, locale, TIME_ZONE, rigaText)}`,
    ...(ev.timeZone !== TIME_ZONE && !ev.allDay ? [`${t("events.mail.localTime", { zone: ev.timeZone })}: ${formatEventWhen(ev, locale, ev.timeZone)}`] : []),
    ...(ev.venue ? [`${t("events.mail.where")}: ${ev.venue}`] : []),
    ...(p.showOnline && ev.onlineUrl ? [`${t("events.mail.online")}: ${ev.onlineUrl}`] : []),
    `${t("events.mail.language")}: ${t(`events.language.${ev.language}`)}`,
    `${t("events.mail.organiser")}: ${p.organizer.name}`,
  ];
  const agenda = ev.agenda.length
    ? [
        `${t("events.agenda")}:\n${ev.agenda
          .map((a) => `${a.startsAt ? `${locale === "lv" ? a.startsAt.replace(":", ".") : a.startsAt} ` : ""}${pick(a.titleLv, a.titleEn, locale)}${a.speaker ? ` (${a.speaker})` : ""}`)
          .join("\n")}`,
      ]
    : [];
  const description = pick(ev.descriptionLv, ev.descriptionEn, locale);
  const request = p.method === "REQUEST";
  const url = `${env.appOrigin}${p.answerPath}`;
  const withdrawn = p.kind === "uninvite";
  const paragraphs = [
    t("mail.greeting"),
    p.kind === "answer" ? t(`events.mail.intro.answer.${p.attendee.status}`, { title, place: String(p.waitlistPlace ?? "") }) : t(INTRO[p.kind], { organiser: p.organizer.name, title }),
    facts.join("\n"),
    ...(request ? agenda : []),
    ...(request && description ? [plainSummary(description, 1500)] : []),
    request ? t(p.replyTo ? "events.mail.replyPolicy.calendar" : p.guest ? "events.mail.replyPolicy.guest" : "events.mail.replyPolicy") : t("events.mail.calendarRemoved"),
  ];
  const action = withdrawn && p.guest ? undefined : { label: t(request && p.kind !== "reminder" ? "events.mail.action.answer" : "events.mail.action.open"), url };
  const ics = messageIcs(ev, p.method, {
    locale,
    appOrigin: env.appOrigin,
    organizer: p.organizer,
    stamp: p.stamp,
    attendee: p.attendee,
    includeStatus: !withdrawn,
    showOnline: p.showOnline,
    answerUrl: p.guest && !withdrawn ? url : undefined,
  });
  return {
    subject,
    // A guest has no account: the footer must not say the mail comes "because of your account".
    ...layout({ locale, subject, paragraphs, action, footer: p.guest ? t("mail.footer.guest") : undefined }),
    icalEvent: { method: p.method, content: ics, filename: "invite.ics" },
    // Replies from mail programs that ignore the ORGANIZER go to the same invitation address.
    ...(p.replyTo ? { headers: { "Reply-To": p.replyTo } } : {}),
  };
};

/** Answer to a DELEGATED or COUNTER reply from a calendar (issue 16): how to do it on the platform; DECLINECOUNTER for a COUNTER. */
export interface ReplyNoticeParams {
  reason: "delegated" | "counter";
  event: EventSnapshot;
  stamp: string;
  attendee: { name: string; email: string; status: EventMailParams["attendee"]["status"] };
  organizer: { name: string; email: string };
  answerPath: string;
  replyTo?: string;
}

const replyNotice: TemplateFn<ReplyNoticeParams> = (p, locale, env) => {
  const t = translator(locale);
  const ev = p.event;
  const title = pick(ev.titleLv, ev.titleEn, locale);
  const subject = t("events.mail.subject.replyNotice", { title });
  const paragraphs = [
    t("mail.greeting"),
    t(p.reason === "delegated" ? "events.mail.reply.delegated" : "events.mail.reply.counter", { title, organiser: p.organizer.name }),
    t("events.mail.reply.unchanged", { status: t(`events.attendance.${p.attendee.status}`) }),
  ];
  const url = `${env.appOrigin}${p.answerPath}`;
  const rendered = { subject, ...layout({ locale, subject, paragraphs, action: { label: t("events.mail.action.open"), url } }), ...(p.replyTo ? { headers: { "Reply-To": p.replyTo } } : {}) };
  if (p.reason !== "counter") return rendered;
  // RFC 5546 §3.2.8: the organiser's answer to a COUNTER it does not accept.
  const ics = messageIcs(ev, "DECLINECOUNTER", { locale, appOrigin: env.appOrigin, organizer: p.organizer, stamp: p.stamp, attendee: p.attendee, showOnline: false });
  return { ...rendered, icalEvent: { method: "DECLINECOUNTER", content: ics, filename: "invite.ics" } };
};

export const eventTemplates = {
  event_message: eventMessage,
  event_reply_notice: replyNotice,
};
