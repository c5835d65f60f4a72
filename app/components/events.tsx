import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { DateField, Field, fieldProblem, TimeField, useErrorText, type ActionErrorBody } from "~/components/forms";
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

/**
 * "19 / 50" (or just "19" without a limit). The figures are for the eye; screen readers get the sentence ("19 of 50
 * places taken") as visually hidden text — an aria-label on a plain span is not announced.
 */
export function Places({ going, capacity }: { going: number; capacity: number | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="places">
      <span aria-hidden="true">{capacity ? `${formatNumber(going, locale)} / ${formatNumber(capacity, locale)}` : formatNumber(going, locale)}</span>
      <span className="visually-hidden">
        {capacity ? t("events.places.label", { going: formatNumber(going, locale), capacity: formatNumber(capacity, locale) }) : t("events.places.labelOpen", { going: formatNumber(going, locale) })}
      </span>
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

const COMMON_ZONES = [
  "Europe/Riga",
  "Europe/Berlin",
  "Europe/London",
  "Europe/Vilnius",
  "Europe/Tallinn",
  "Europe/Helsinki",
  "Europe/Paris",
  "Asia/Almaty",
  "Asia/Tashkent",
  "Asia/Dubai",
  "America/New_York",
  "UTC",
];

export interface EventFormValues {
  [k: string]: string | undefined;
}

/** A form's echoed values (repeated fields as arrays) as the event form's single values. */
export function firstValues(values: Record<string, string | string[]>): EventFormValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** The fields of the create and edit forms (every input labelled; errors next to their field: `errors` is the action's error). */
export function EventFields({ values, errors, groups }: { values: EventFormValues; errors: ActionErrorBody | null; groups: { id: string; name: string }[] }) {
  const t = useT();
  const locale = useLocale();
  const text = useErrorText();
  const err = (name: string) => {
    const p = fieldProblem(errors, name);
    return p ? text(p.key, p.vars) : undefined;
  };
  const v = (k: string) => values[k] ?? "";
  const visibility = v("visibility") || "all_members";
  const allDayError = err("allDay");
  const timeZoneError = err("timeZone");
  const visibilityError = err("visibility");
  return (
    <>
      <fieldset>
        <legend>{t("events.form.what")}</legend>
        <Field name="titleLv" label={t("events.form.titleLv")} required maxLength={EVENT_LIMITS.titleMax} defaultValue={v("titleLv")} errors={errors} />
        <Field name="titleEn" label={t("events.form.titleEn")} required maxLength={EVENT_LIMITS.titleMax} defaultValue={v("titleEn")} errors={errors} />
        <Field name="type" label={t("events.form.type")} defaultValue={v("type")} errors={errors} options={EVENT_TYPES.map((x) => ({ value: x, label: t(`events.type.${x}`) }))} />
        <Field
          name="descriptionLv"
          label={t("events.form.descriptionLv")}
          multiline
          defaultValue={v("descriptionLv")}
          errors={errors}
          hint={t("events.form.descriptionHint", { max: formatNumber(EVENT_LIMITS.descriptionMax, locale) })}
        />
        <Field name="descriptionEn" label={t("events.form.descriptionEn")} multiline defaultValue={v("descriptionEn")} errors={errors} />
      </fieldset>
      <fieldset>
        <legend>{t("events.form.when")}</legend>
        <label className="checkbox" htmlFor="f-allDay">
          <input type="checkbox" id="f-allDay" name="allDay" value="yes" defaultChecked={v("allDay") === "yes"} />
          {t("events.form.allDay")}
        </label>
        {allDayError ? (
          <p className="field-error" id="f-allDay-error">
            {allDayError}
          </p>
        ) : null}
        <div className="field-row">
          <DateField name="startDate" label={t("events.form.startDate")} required defaultValue={v("startDate")} errors={errors} />
          <TimeField name="startTime" label={t("events.form.startTime")} defaultValue={v("startTime")} errors={errors} />
        </div>
        <div className="field-row">
          <DateField name="endDate" label={t("events.form.endDate")} required defaultValue={v("endDate")} errors={errors} />
          <TimeField name="endTime" label={t("events.form.endTime")} defaultValue={v("endTime")} errors={errors} />
        </div>
        <div className={`field${timeZoneError ? " has-error" : ""}`}>
          <label htmlFor="f-timeZone">{t("events.form.timeZone")}</label>
          <input
            id="f-timeZone"
            name="timeZone"
            list="time-zones"
            defaultValue={v("timeZone") || TIME_ZONE}
            maxLength={64}
            aria-invalid={timeZoneError ? true : undefined}
            aria-describedby={`f-timeZone-hint${timeZoneError ? " f-timeZone-error" : ""}`}
          />
          <datalist id="time-zones">
            {COMMON_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p className="hint" id="f-timeZone-hint">
            {t("events.form.timeZoneHint")}
          </p>
          {timeZoneError ? (
            <p className="field-error" id="f-timeZone-error">
              {timeZoneError}
            </p>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("events.form.where")}</legend>
        <Field name="venue" label={t("events.form.venue")} maxLength={EVENT_LIMITS.venueMax} defaultValue={v("venue")} errors={errors} hint={t("events.form.venueHint")} />
        <Field
          name="onlineUrl"
          type="url"
          inputMode="url"
          label={t("events.form.onlineUrl")}
          maxLength={EVENT_LIMITS.urlMax}
          defaultValue={v("onlineUrl")}
          errors={errors}
          hint={t("events.form.onlineUrlHint")}
        />
        <Field name="language" label={t("events.form.language")} defaultValue={v("language")} errors={errors} options={EVENT_LANGUAGES.map((x) => ({ value: x, label: t(`events.language.${x}`) }))} />
      </fieldset>
      <fieldset>
        <legend>{t("events.form.registration")}</legend>
        <Field name="capacity" inputMode="numeric" label={t("events.form.capacity")} defaultValue={v("capacity")} errors={errors} hint={t("events.form.capacityHint")} />
        <div className="field-row">
          <DateField name="deadlineDate" label={t("events.form.deadlineDate")} defaultValue={v("deadlineDate")} errors={errors} />
          <TimeField name="deadlineTime" label={t("events.form.deadlineTime")} defaultValue={v("deadlineTime")} errors={errors} />
        </div>
        <Field name="reminderHours" inputMode="numeric" label={t("events.form.reminderHours")} defaultValue={v("reminderHours") || "24"} errors={errors} hint={t("events.form.reminderHint")} />
      </fieldset>
      <fieldset>
        <legend>{t("events.form.audience")}</legend>
        <Field
          name="hostGroupId"
          label={t("events.form.hostGroup")}
          defaultValue={v("hostGroupId")}
          errors={errors}
          hint={t("events.form.hostGroupHint")}
          options={[{ value: "", label: t("events.form.noHostGroup") }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <fieldset className={visibilityError ? "has-error" : undefined}>
          <legend>{t("events.form.visibility")}</legend>
          {EVENT_VISIBILITIES.map((x) => (
            <label key={x} className="radio">
              <input type="radio" name="visibility" value={x} defaultChecked={visibility === x} />
              <span>
                <strong>{t(`events.visibility.${x}`)}</strong> — {t(`events.visibility.${x}.hint`)}
              </span>
            </label>
          ))}
          {visibilityError ? (
            <p className="field-error" id="f-visibility-error">
              {visibilityError}
            </p>
          ) : null}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t("events.agenda")}</legend>
        <Field name="agenda" label={t("events.form.agenda")} multiline defaultValue={v("agenda")} errors={errors} hint={t("events.form.agendaHint")} />
      </fieldset>
    </>
  );
}
