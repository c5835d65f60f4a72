import { useT } from "~/components/i18n";
import { Field, fieldProblem, useErrorText, type ActionErrorBody } from "~/components/forms";
import { TermChoice } from "~/components/vocabulary";
import type { Term } from "~/modules/vocabulary/terms";

/** The competition-law notice and the checkbox every join (and group creation) requires; `errors`: the action's error. */
export function CompetitionAck({ errors, id = "ack" }: { errors?: ActionErrorBody | null; id?: string }) {
  const t = useT();
  const problem = fieldProblem(errors, "ack");
  const err = useErrorText()(problem?.key, problem?.vars);
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
  visibility?: string;
  joinPolicy?: string;
}

/** Fields shared by the create and edit forms; `errors`: the action's error (each field shows its own part). */
export function GroupFields({
  value,
  errors,
  topics,
}: {
  value: (name: keyof GroupFormValues) => string | undefined;
  errors: ActionErrorBody | null;
  /** The topic vocabulary, what is chosen and the new topic's labels (stored, or echoed after a refusal). */
  topics: { terms: Term[]; chosen: string[]; newLv: string; newEn: string; max: number };
}) {
  const t = useT();
  const err = useErrorText();
  const visibility = value("visibility") ?? "public";
  const policy = value("joinPolicy") ?? "open";
  const visibilityProblem = fieldProblem(errors, "visibility");
  const policyProblem = fieldProblem(errors, "joinPolicy");
  return (
    <>
      <Field name="nameLv" label={t("groups.form.nameLv")} required maxLength={120} defaultValue={value("nameLv")} errors={errors} />
      <Field name="nameEn" label={t("groups.form.nameEn")} required maxLength={120} defaultValue={value("nameEn")} errors={errors} />
      <Field name="descriptionLv" label={t("groups.form.descriptionLv")} multiline maxLength={5000} defaultValue={value("descriptionLv")} errors={errors} hint={t("threads.markdownHint")} />
      <Field name="descriptionEn" label={t("groups.form.descriptionEn")} multiline maxLength={5000} defaultValue={value("descriptionEn")} errors={errors} />
      <TermChoice name="tags" legend={t("groups.form.tags")} terms={topics.terms} chosen={topics.chosen} newLv={topics.newLv} newEn={topics.newEn} max={topics.max} errors={errors} />
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
        {visibilityProblem ? <p className="field-error">{err(visibilityProblem.key, visibilityProblem.vars)}</p> : null}
      </fieldset>
      <fieldset>
        <legend>{t("groups.form.joinPolicy")}</legend>
        {(["open", "request", "invite"] as const).map((v) => (
          <label key={v} className="radio">
            <input type="radio" name="joinPolicy" value={v} defaultChecked={policy === v} aria-describedby={policyProblem ? "f-joinPolicy-error" : undefined} />
            <span>
              <strong>{t(`groups.policy.${v}`)}</strong> — {t(`groups.policy.${v}.hint`)}
            </span>
          </label>
        ))}
        {policyProblem ? (
          <p className="field-error" id="f-joinPolicy-error">
            {err(policyProblem.key, policyProblem.vars)}
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
