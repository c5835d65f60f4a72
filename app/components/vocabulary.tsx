import { useLocale, useT } from "~/components/i18n";
import { fieldProblem, useErrorText, type ActionErrorBody } from "~/components/forms";
import { inReaderLanguage, sortTerms, termFieldNames, termLabel, TERM_LABEL_MAX, type Term } from "~/modules/vocabulary/terms";

/**
 * A choice from a controlled vocabulary without JavaScript: a checkbox per term (labels in the reader's language,
 * alphabetical), and two inputs to add a term that is not in the list, one per language. Field names: `name`
 * (repeated, term keys), `<name>NewLv`, `<name>NewEn`.
 */
export function TermChoice(props: {
  name: string;
  legend: string;
  terms: readonly Term[];
  /** Keys checked (stored, or echoed after a refusal). */
  chosen: readonly string[];
  newLv?: string;
  newEn?: string;
  max: number;
  errors?: ActionErrorBody | null;
}) {
  const t = useT();
  const err = useErrorText();
  const locale = useLocale();
  const names = termFieldNames(props.name);
  const chosen = new Set(props.chosen);
  const problem = fieldProblem(props.errors, names.keys);
  const lvProblem = fieldProblem(props.errors, names.lv);
  const enProblem = fieldProblem(props.errors, names.en);
  const id = `f-${props.name}`;
  const describedBy = [`${id}-hint`, problem ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <fieldset className={`term-choice${problem || lvProblem || enProblem ? " has-error" : ""}`} aria-describedby={describedBy}>
      <legend>{props.legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t("vocabulary.chooseHint", { max: props.max })}
      </p>
      <div className="check-grid">
        {sortTerms(props.terms, locale).map((term) => (
          <label className="radio" key={term.key}>
            <input type="checkbox" name={names.keys} value={term.key} defaultChecked={chosen.has(term.key)} />
            {termLabel(term, locale)}
          </label>
        ))}
      </div>
      {problem ? (
        <p className="field-error" id={`${id}-error`}>
          {err(problem.key, problem.vars)}
        </p>
      ) : null}
      <fieldset className="term-new">
        <legend>{t("vocabulary.new.title")}</legend>
        <p className="hint" id={`${id}-new-hint`}>
          {t("vocabulary.new.hint")}
        </p>
        <div className="term-new-fields">
          {(
            [
              ["lv", names.lv, props.newLv, lvProblem],
              ["en", names.en, props.newEn, enProblem],
            ] as const
          ).map(([lang, name, value, p]) => (
            <div className={`field${p ? " has-error" : ""}`} key={lang}>
              <label htmlFor={`f-${name}`}>{t(lang === "lv" ? "vocabulary.new.lv" : "vocabulary.new.en")}</label>
              <input
                id={`f-${name}`}
                name={name}
                lang={lang}
                defaultValue={value ?? ""}
                maxLength={TERM_LABEL_MAX}
                aria-describedby={[`${id}-new-hint`, p ? `f-${name}-error` : null].filter(Boolean).join(" ")}
                aria-invalid={p ? true : undefined}
              />
              {p ? (
                <p className="field-error" id={`f-${name}-error`}>
                  {err(p.key, p.vars)}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
    </fieldset>
  );
}

/** What a term choice shows: after a refusal the echoed values, otherwise the stored keys. */
export function termChoiceValues(name: string, stored: readonly string[], failed: Record<string, string | string[]> | null): { chosen: string[]; newLv: string; newEn: string } {
  const names = termFieldNames(name);
  if (!failed) return { chosen: [...stored], newLv: "", newEn: "" };
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  return { chosen: list(failed[names.keys]), newLv: one(failed[names.lv]), newEn: one(failed[names.en]) };
}

/** Free text with an optional English version (a job title, a budget line), in the reader's language when there is one. */
export function LocalText({ original, en }: { original: string; en: string | null | undefined }) {
  const { text, lang } = inReaderLanguage(useLocale(), original, en);
  return <span lang={lang}>{text}</span>;
}
