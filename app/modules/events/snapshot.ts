import type { EventLanguage, EventStatus } from "#db/schema";

/**
 * What a message, download or feed entry needs to know about an event, frozen at one revision. Mail params carry
 * it (the outbox renders at delivery time, so a retry after a later edit still sends exactly the revision it was
 * enqueued for: the same SEQUENCE, times and place).
 */
export interface EventSnapshot {
  id: string;
  uid: string;
  slug: string;
  sequence: number;
  status: EventStatus;
  titleLv: string;
  titleEn: string;
  descriptionLv: string;
  descriptionEn: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  venue: string;
  onlineUrl: string | null;
  language: EventLanguage;
  organiserName: string;
  updatedAt: string;
  agenda: SnapshotAgendaItem[];
}

export interface SnapshotAgendaItem {
  startsAt: string | null;
  endsAt: string | null;
  titleLv: string;
  titleEn: string;
  speaker: string;
}

export interface EventRowForSnapshot {
  id: string;
  uid: string;
  slug: string;
  sequence: number;
  status: EventStatus;
  title_lv: string;
  title_en: string;
  description_lv: string;
  description_en: string;
  starts_at: Date | string;
  ends_at: Date | string;
  time_zone: string;
  all_day: boolean;
  venue: string;
  online_url: string | null;
  language: EventLanguage;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function snapshotOf(
  e: EventRowForSnapshot,
  organiserName: string,
  agenda: { starts_at: string | null; ends_at: string | null; title_lv: string; title_en: string; speaker: string }[] = [],
): EventSnapshot {
  return {
    id: e.id,
    uid: e.uid,
    slug: e.slug,
    sequence: e.sequence,
    status: e.status,
    titleLv: e.title_lv,
    titleEn: e.title_en,
    descriptionLv: e.description_lv,
    descriptionEn: e.description_en,
    startsAt: iso(e.starts_at),
    endsAt: iso(e.ends_at),
    timeZone: e.time_zone,
    allDay: e.all_day,
    venue: e.venue,
    onlineUrl: e.online_url,
    language: e.language,
    organiserName,
    updatedAt: iso(e.updated_at),
    agenda: agenda.map((a) => ({ startsAt: a.starts_at, endsAt: a.ends_at, titleLv: a.title_lv, titleEn: a.title_en, speaker: a.speaker })),
  };
}
