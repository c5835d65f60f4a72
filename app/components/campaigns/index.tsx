import { useLocale, useT } from "~/components/i18n";
import { DateField, Field, fieldProblem, useErrorText, type ActionErrorBody } from "~/components/forms";
import { formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n";

// UI pieces shared by the campaign pages: the create/edit fields, status badges and the split chart.

export const CAMPAIGN_TYPE_LIST = ["national_stand", "joint_stand", "export_mission", "inbound_mission", "joint_catalogue", "digital_campaign", "market_study"] as const;
export const CAMPAIGN_STATUS_LIST = ["draft", "recruiting", "confirmed", "running", "closed", "cancelled"] as const;

export interface CampaignFormValues {
  titleLv?: string;
  titleEn?: string;
  descriptionLv?: string;
  descriptionEn?: string;
  type?: string;
  markets?: string;
  startsOn?: string;
  endsOn?: string;
  applicationDeadline?: string;
  city?: string;
  country?: string;
  maxOrgs?: string;
  standArea?: string;
  coordinatorId?: string;
  reminderDays?: string;
}

/** Echoed form values → the fields' values (the first of repeated ones). */
export function firstValues(values: Record<string, string | string[]>): CampaignFormValues {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

export function CampaignFields({
  values,
  errors,
  coordinators,
}: {
  values: CampaignFormValues;
  /** The last refusal of this form (actionError's shape), or null. */
  errors: ActionErrorBody | null;
  coordinators: { id: string; name: string; org: string }[];
}) {
  const t = useT();
  const errText = useErrorText();
  const err = (name: string) => {
    const p = fieldProblem(errors, name);
    return p ? errText(p.key, p.vars) : undefined;
  };
  return (
    <>
      <Field name="titleLv" label={t("campaigns.form.titleLv")} required maxLength={160} defaultValue={values.titleLv} errors={errors} />
      <Field name="titleEn" label={t("campaigns.form.titleEn")} required maxLength={160} defaultValue={values.titleEn} errors={errors} />
      <div className={`field${err("type") ? " has-error" : ""}`}>
        <label htmlFor="f-type">{t("campaigns.form.type")}</label>
        <select id="f-type" name="type" defaultValue={values.type ?? "joint_stand"} aria-describedby={err("type") ? "f-type-error" : undefined}>
          {CAMPAIGN_TYPE_LIST.map((x) => (
            <option key={x} value={x}>
              {t(`campaigns.type.${x}`)}
            </option>
          ))}
        </select>
        {err("type") ? (
          <p className="field-error" id="f-type-error">
            {err("type")}
          </p>
        ) : null}
      </div>
      <Field name="descriptionLv" label={t("campaigns.form.descriptionLv")} multiline maxLength={10000} defaultValue={values.descriptionLv} errors={errors} hint={t("threads.markdownHint")} />
      <Field name="descriptionEn" label={t("campaigns.form.descriptionEn")} multiline maxLength={10000} defaultValue={values.descriptionEn} errors={errors} />
      <Field name="markets" label={t("campaigns.form.markets")} hint={t("campaigns.form.marketsHint")} maxLength={400} defaultValue={values.markets} errors={errors} />
      <div className="form-grid">
        <DateField name="startsOn" label={t("campaigns.form.startsOn")} required defaultValue={values.startsOn} errors={errors} />
        <DateField name="endsOn" label={t("campaigns.form.endsOn")} required defaultValue={values.endsOn} errors={errors} />
        <DateField name="applicationDeadline" label={t("campaigns.form.deadline")} hint={t("campaigns.form.deadlineHint")} required defaultValue={values.applicationDeadline} errors={errors} />
      </div>
      <div className="form-grid">
        <Field name="city" label={t("campaigns.form.city")} maxLength={80} defaultValue={values.city} errors={errors} />
        <Field name="country" label={t("campaigns.form.country")} hint={t("campaigns.form.countryHint")} maxLength={2} defaultValue={values.country} errors={errors} />
      </div>
      <div className="form-grid">
        <Field name="maxOrgs" label={t("campaigns.form.maxOrgs")} inputMode="numeric" required defaultValue={values.maxOrgs ?? "6"} errors={errors} />
        <Field name="standArea" label={t("campaigns.form.standArea")} inputMode="decimal" defaultValue={values.standArea} errors={errors} />
        <Field name="reminderDays" label={t("campaigns.form.reminderDays")} hint={t("campaigns.form.reminderDaysHint")} inputMode="numeric" defaultValue={values.reminderDays ?? "3"} errors={errors} />
      </div>
      <div className={`field${err("coordinatorId") ? " has-error" : ""}`}>
        <label htmlFor="f-coordinatorId">{t("campaigns.form.coordinator")}</label>
        <select id="f-coordinatorId" name="coordinatorId" defaultValue={values.coordinatorId ?? ""} aria-describedby={err("coordinatorId") ? "f-coordinatorId-error" : undefined}>
          {coordinators.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.org}
            </option>
          ))}
        </select>
        {err("coordinatorId") ? (
          <p className="field-error" id="f-coordinatorId-error">
            {err("coordinatorId")}
          </p>
        ) : null}
      </div>
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge campaign-status status-${status}`}>{t(`campaigns.status.${status}` as MessageKey)}</span>;
}

export interface ChartRow {
  name: string;
  gross: string;
  support: string;
  net: string;
  own?: boolean;
}

/**
 * Stacked bars, one per organisation: the co-funding part and the net payable part make up the gross share.
 * Server-rendered SVG with text labels on every bar; the table next to it carries the same figures (the accessible
 * alternative), and the SVG has a title and a description for screen readers.
 */
export function SplitChart({ rows, id = "split-chart" }: { rows: ChartRow[]; id?: string }) {
  const t = useT();
  const locale = useLocale();
  if (rows.length === 0) return null;
  const width = 720;
  const labelH = 18;
  const barH = 22;
  const gap = 16;
  const top = 34;
  const height = top + rows.length * (labelH + barH + gap);
  const max = rows.reduce((m, r) => Math.max(m, Number(r.gross)), 0) || 1;
  // Pixel widths only: the amounts shown are the exact decimal strings.
  const scale = (v: string) => (Number(v) / max) * (width - 2);
  return (
    <figure className="split-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid="split-chart" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{t("campaigns.chart.title")}</title>
        <desc id={`${id}-desc`}>
          {rows
            .map((r) =>
              t("campaigns.chart.rowDesc", {
                name: r.name,
                gross: formatMoney(r.gross, locale),
                support: formatMoney(r.support, locale),
                net: formatMoney(r.net, locale),
              }),
            )
            .join(" ")}
        </desc>
        <g className="legend" aria-hidden="true">
          <rect x="0" y="4" width="14" height="14" className="seg-support" />
          <text x="20" y="16">
            {t("campaigns.ledger.support")}
          </text>
          <rect x="200" y="4" width="14" height="14" className="seg-net" />
          <text x="220" y="16">
            {t("campaigns.ledger.net")}
          </text>
        </g>
        {rows.map((r, i) => {
          const y = top + i * (labelH + barH + gap);
          const ws = scale(r.support);
          const wn = scale(r.net);
          return (
            <g key={`${r.name}-${i}`} className={r.own ? "own" : undefined} aria-hidden="true">
              <text x="0" y={y + 13} className="bar-label">
                {r.name} — {t("campaigns.ledger.gross")} {formatMoney(r.gross, locale)}
              </text>
              <rect x="0" y={y + labelH} width={Math.max(ws, 0)} height={barH} className="seg-support" />
              <rect x={ws} y={y + labelH} width={Math.max(wn, 0)} height={barH} className="seg-net" />
              {ws > 90 ? (
                <text x={4} y={y + labelH + 15} className="seg-text light">
                  {formatMoney(r.support, locale)}
                </text>
              ) : null}
              {wn > 90 ? (
                <text x={ws + 4} y={y + labelH + 15} className="seg-text">
                  {formatMoney(r.net, locale)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{t("campaigns.chart.caption")}</figcaption>
    </figure>
  );
}
