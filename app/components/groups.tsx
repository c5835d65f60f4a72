import { useT } from "~/components/i18n";
import { Field, useErrorText } from "~/components/forms";

/** The competition-law notice and the checkbox every join (and group creation) requires. */
export function CompetitionAck({ error, id = "ack" }: { error?: string; id?: string }) {
  const t = useT();
  const err = useErrorText()(error);
  const boxId = `f-${id}`;
  return (
    <fieldset className={`competition${err ? " has-error" : ""}`}>
      <legend>{t("groups.competition.title")}</legend>
      <p>{t("groups.competition.body")}</p>
      <ul>
        <li>{t("groups.competition.rule1")}</li>
        <li>{t("groups.competition.rule2")}</li>
        <li>{t("groups.competition.rule3")}</li>
      </ul>
      <label className="checkbox" htmlFor={boxId}>
        <input type="checkbox" id={boxId} name="ack" value="yes" required aria-invalid={err ? true : undefined} aria-describedby={err ? `${boxId}-error` : undefined} />
        {t("groups.competition.ack")}
      </label>
      {err ? (
        <p className="field-error" id={`${boxId}-error`}>
          {err}
        </p>
      ) : null}
    </fieldset>
  );
}

export interface GroupFormValues {
  nameLv?: string;
  nameEn?: string;
  descriptionLv?: string;
  descriptionEn?: string;
  tags?: string;
  visibility?: string;
  joinPolicy?: string;
}

/** Fields shared by the create and edit forms. */
export function GroupFields({ values, errors }: { values: GroupFormValues; errors: Record<string, string | undefined> }) {
  const t = useT();
  const err = useErrorText();
  const visibility = values.visibility ?? "public";
  const policy = values.joinPolicy ?? "open";
  return (
    <>
      <Field name="nameLv" label={t("groups.form.nameLv")} required maxLength={120} defaultValue={values.nameLv} error={errors.nameLv} />
      <Field name="nameEn" label={t("groups.form.nameEn")} required maxLength={120} defaultValue={values.nameEn} error={errors.nameEn} />
      <Field name="descriptionLv" label={t("groups.form.descriptionLv")} multiline maxLength={5000} defaultValue={values.descriptionLv} error={errors.descriptionLv} hint={t("threads.markdownHint")} />
      <Field name="descriptionEn" label={t("groups.form.descriptionEn")} multiline maxLength={5000} defaultValue={values.descriptionEn} error={errors.descriptionEn} />
      <Field name="tags" label={t("groups.form.tags")} hint={t("groups.form.tagsHint")} maxLength={400} defaultValue={values.tags} error={errors.tags} />
      <fieldset>
        <legend>{t("groups.form.visibility")}</legend>
        {(["public", "private"] as const).map((v) => (
          <label key={v} className="radio">
            <input type="radio" name="visibility" value={v} defaultChecked={visibility === v} />
            <span>
              <strong>{t(`groups.visibility.${v}`)}</strong> — {t(`groups.visibility.${v}.hint`)}
            </span>
          </label>
        ))}
        {errors.visibility ? <p className="field-error">{err(errors.visibility)}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("groups.form.joinPolicy")}</legend>
        {(["open", "request", "invite"] as const).map((v) => (
          <label key={v} className="radio">
            <input type="radio" name="joinPolicy" value={v} defaultChecked={policy === v} aria-describedby={errors.joinPolicy ? "f-joinPolicy-error" : undefined} />
            <span>
              <strong>{t(`groups.policy.${v}`)}</strong> — {t(`groups.policy.${v}.hint`)}
            </span>
          </label>
        ))}
        {errors.joinPolicy ? (
          <p className="field-error" id="f-joinPolicy-error">
            {err(errors.joinPolicy)}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

/** Name/description in the viewer's language, falling back to the other one with a marker. */
export function pickLang(locale: "lv" | "en", lv: string, en: string): { text: string; fallback: "lv" | "en" | null } {
  const mine = locale === "lv" ? lv : en;
  if (mine.trim()) return { text: mine, fallback: null };
  const other = locale === "lv" ? en : lv;
  return { text: other, fallback: other.trim() ? (locale === "lv" ? "en" : "lv") : null };
}
