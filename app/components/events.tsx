import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Field, useErrorText } from "~/components/forms";
import { formatNumber } from "~/i18n/format";
import { TIME_ZONE, type Locale } from "~/i18n/types";
import { EVENT_LANGUAGES, EVENT_LIMITS, EVENT_TYPES, EVENT_VISIBILITIES } from "~/modules/events/constants";
import { formatEventWhen, type EventTimes } from "~/modules/events/format";
import type { AttendanceStatus, EventStatus, EventType } from "#db/schema";

export function pickTitle(locale: Locale, lv: string, en: string): string {
  return locale === "lv" ? lv || en : en || lv;
}

/** "11.12.2026. plkst. 14.00–17.00 (EET)" in the viewer's zone, plus the event's own local time when it differs. */
export function EventWhen({ e }: { e: EventTimes }) {
  const t = useT();
  const locale = useLocale();
  const main = formatEventWhen(e, locale, TIME_ZONE);
  const local = !e.allDay && e.timeZone !== TIME_ZONE ? formatEventWhen(e, locale, e.timeZone) : null;
  return (
    <>
      <time dateTime={new Date(e.startsAt).toISOString()}>{main}</time>
      {local ? (
        <span className="muted">
          {" "}
          · {t("events.localTime", { zone: e.timeZone })}: {local}
        </span>
      ) : null}
    </>
  );
}

/** "19 / 50" (or just "19" without a limit). */
export function Places({ going, capacity }: { going: number; capacity: number | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="places" aria-label={capacity ? t("events.places.label", { going, capacity }) : t("events.places.labelOpen", { going })}>
      {capacity ? `${formatNumber(going, locale)} / ${formatNumber(capacity, locale)}` : formatNumber(going, locale)}
    </span>
  );
}

export interface EventCardItem {
  slug: string;
  titleLv: string;
  titleEn: string;
  type: EventType;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  venue: string;
  online: boolean;
  status: EventStatus;
  capacity: number | null;
  going: number;
  attendance: AttendanceStatus | null;
  hostGroup: { slug: string; nameLv: string; nameEn: string } | null;
}

export function EventListEntry({ e, headingLevel = 2 }: { e: EventCardItem; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="event-item" data-event={e.slug}>
      <H className="event-title">
        <Link to={`/events/${e.slug}`}>{pickTitle(locale, e.titleLv, e.titleEn)}</Link>
      </H>
      <p className="event-when">
        <EventWhen e={e} />
      </p>
      <p className="button-row">
        <span className="badge">{t(`events.type.${e.type}`)}</span>
        {e.status !== "published" ? <span className={`badge status-${e.status}`}>{t(`events.status.${e.status}`)}</span> : null}
        {e.attendance ? <span className="badge mine">{t(`events.attendance.${e.attendance}`)}</span> : null}
        {e.hostGroup ? (
          <Link className="tag" to={`/groups/${e.hostGroup.slug}`}>
            {pickTitle(locale, e.hostGroup.nameLv, e.hostGroup.nameEn)}
          </Link>
        ) : null}
      </p>
      <p className="muted">
        {e.venue ? e.venue : e.online ? t("events.onlineOnly") : null}
        {e.venue || e.online ? " · " : ""}
        {t("events.going")}: <Places going={e.going} capacity={e.capacity} />
      </p>
    </li>
  );
}

const COMMON_ZONES = ["Europe/Riga", "Europe/Berlin", "Europe/London", "Europe/Vilnius", "Europe/Tallinn", "Europe/Helsinki", "Europe/Paris", "Asia/Almaty", "Asia/Tashkent", "Asia/Dubai", "America/New_York", "UTC"];

export interface EventFormValues {
  [k: string]: string | undefined;
}

/** The fields of the create and edit forms (every input labelled; errors next to their field). */
export function EventFields({
  values,
  errors,
  groups,
}: {
  values: EventFormValues;
  errors: Record<string, string | undefined>;
  groups: { id: string; name: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const v = (k: string) => values[k] ?? "";
  const select = (name: string, label: string, options: { value: string; label: string }[], hint?: string) => {
    const id = `f-${name}`;
    const e = err(errors[name]);
    return (
      <div className={`field${e ? " has-error" : ""}`}>
        <label htmlFor={id}>{label}</label>
        <select id={id} name={name} defaultValue={v(name)} aria-invalid={e ? true : undefined} aria-describedby={[hint ? `${id}-hint` : "", e ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {e ? (
          <p className="field-error" id={`${id}-error`}>
            {e}
          </p>
        ) : null}
      </div>
    );
  };
  const visibility = v("visibility") || "all_members";
  const allDayError = err(errors.allDay);
  return (
    <>
      <fieldset>
        <legend>{t("events.form.what")}</legend>
        <Field name="titleLv" label={t("events.form.titleLv")} required maxLength={EVENT_LIMITS.titleMax} defaultValue={v("titleLv")} error={errors.titleLv} />
        <Field name="titleEn" label={t("events.form.titleEn")} required maxLength={EVENT_LIMITS.titleMax} defaultValue={v("titleEn")} error={errors.titleEn} />
        {select(
          "type",
          t("events.form.type"),
          EVENT_TYPES.map((x) => ({ value: x, label: t(`events.type.${x}`) })),
        )}
        <Field name="descriptionLv" label={t("events.form.descriptionLv")} multiline defaultValue={v("descriptionLv")} error={errors.descriptionLv} hint={t("events.form.descriptionHint", { max: formatNumber(EVENT_LIMITS.descriptionMax, locale) })} />
        <Field name="descriptionEn" label={t("events.form.descriptionEn")} multiline defaultValue={v("descriptionEn")} error={errors.descriptionEn} />
      </fieldset>
      <fieldset>
        <legend>{t("events.form.when")}</legend>
        <label className="checkbox" htmlFor="f-allDay">
          <input type="checkbox" id="f-allDay" name="allDay" value="yes" defaultChecked={v("allDay") === "yes"} />
          {t("events.form.allDay")}
        </label>
        {allDayError ? <p className="field-error">{allDayError}</p> : null}
        <div className="field-row">
          <Field name="startDate" type="date" label={t("events.form.startDate")} required defaultValue={v("startDate")} error={errors.startDate} />
          <Field name="startTime" type="time" label={t("events.form.startTime")} defaultValue={v("startTime")} error={errors.startTime} />
        </div>
        <div className="field-row">
          <Field name="endDate" type="date" label={t("events.form.endDate")} required defaultValue={v("endDate")} error={errors.endDate} />
          <Field name="endTime" type="time" label={t("events.form.endTime")} defaultValue={v("endTime")} error={errors.endTime} />
        </div>
        <div className={`field${errors.timeZone ? " has-error" : ""}`}>
          <label htmlFor="f-timeZone">{t("events.form.timeZone")}</label>
          <input
            id="f-timeZone"
            name="timeZone"
            list="time-zones"
            defaultValue={v("timeZone") || TIME_ZONE}
            maxLength={64}
            aria-invalid={errors.timeZone ? true : undefined}
            aria-describedby={`f-timeZone-hint${errors.timeZone ? " f-timeZone-error" : ""}`}
          />
          <datalist id="time-zones">
            {COMMON_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p className="hint" id="f-timeZone-hint">
            {t("events.form.timeZoneHint")}
          </p>
          {errors.timeZone ? (
            <p className="field-error" id="f-timeZone-error">
              {err(errors.timeZone)}
            </p>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("events.form.where")}</legend>
        <Field name="venue" label={t("events.form.venue")} maxLength={EVENT_LIMITS.venueMax} defaultValue={v("venue")} error={errors.venue} hint={t("events.form.venueHint")} />
        <Field name="onlineUrl" type="url" inputMode="url" label={t("events.form.onlineUrl")} maxLength={EVENT_LIMITS.urlMax} defaultValue={v("onlineUrl")} error={errors.onlineUrl} hint={t("events.form.onlineUrlHint")} />
        {select(
          "language",
          t("events.form.language"),
          EVENT_LANGUAGES.map((x) => ({ value: x, label: t(`events.language.${x}`) })),
        )}
      </fieldset>
      <fieldset>
        <legend>{t("events.form.registration")}</legend>
        <Field name="capacity" inputMode="numeric" label={t("events.form.capacity")} defaultValue={v("capacity")} error={errors.capacity} hint={t("events.form.capacityHint")} />
        <div className="field-row">
          <Field name="deadlineDate" type="date" label={t("events.form.deadlineDate")} defaultValue={v("deadlineDate")} error={errors.deadlineDate} />
          <Field name="deadlineTime" type="time" label={t("events.form.deadlineTime")} defaultValue={v("deadlineTime")} error={errors.deadlineTime} />
        </div>
        <Field name="reminderHours" inputMode="numeric" label={t("events.form.reminderHours")} defaultValue={v("reminderHours") || "24"} error={errors.reminderHours} hint={t("events.form.reminderHint")} />
      </fieldset>
      <fieldset>
        <legend>{t("events.form.audience")}</legend>
        {select("hostGroupId", t("events.form.hostGroup"), [{ value: "", label: t("events.form.noHostGroup") }, ...groups.map((g) => ({ value: g.id, label: g.name }))], t("events.form.hostGroupHint"))}
        <fieldset className={errors.visibility ? "has-error" : undefined}>
          <legend>{t("events.form.visibility")}</legend>
          {EVENT_VISIBILITIES.map((x) => (
            <label key={x} className="radio">
              <input type="radio" name="visibility" value={x} defaultChecked={visibility === x} />
              <span>
                <strong>{t(`events.visibility.${x}`)}</strong> — {t(`events.visibility.${x}.hint`)}
              </span>
            </label>
          ))}
          {errors.visibility ? <p className="field-error">{err(errors.visibility)}</p> : null}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t("events.agenda")}</legend>
        <Field name="agenda" label={t("events.form.agenda")} multiline defaultValue={v("agenda")} error={errors.agenda} hint={t("events.form.agendaHint")} />
      </fieldset>
    </>
  );
}
