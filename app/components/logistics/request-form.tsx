// Pieces of the logistics request form (app/routes/logistics.new.tsx): a select and a checkbox drawn like <Field>, a
// fieldset group, and the dangerous-goods rows (fixed rows dg0…dg2, so the form works without JavaScript).
import type { ReactNode } from "react";
import { useErrorText } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { DG_ROWS } from "~/modules/logistics/reference";
import { ADR_CLASSES, PACKING_GROUPS, UN_NUMBERS } from "~/modules/logistics/reference";

export function Select(props: { name: string; label: string; options: { value: string; label: string }[]; value?: string; error?: string; hint?: string; vars?: Record<string, string | number> }) {
  const err = useErrorText()(props.error, props.vars);
  const id = `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, err ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${err ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value} aria-invalid={err ? true : undefined} aria-describedby={describedBy}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {err ? (
        <p className="field-error" id={`${id}-error`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

export function Check({ name, label, checked, hint }: { name: string; label: string; checked?: boolean; hint?: string }) {
  return (
    <div className="field check">
      <input type="checkbox" id={`f-${name}`} name={name} defaultChecked={checked} aria-describedby={hint ? `f-${name}-hint` : undefined} />
      <label htmlFor={`f-${name}`}>{label}</label>
      {hint ? (
        <p className="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Group({ legend, children, hint }: { legend: string; children: ReactNode; hint?: string }) {
  return (
    <fieldset className="form-group">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

/** The dangerous-goods rows with the UN numbers the form knows; `e`/`vars` are the refused form's errors per row. */
export function DangerousGoods({ v, e, vars }: { v: Record<string, string>; e: Record<string, string>; vars: Record<string, Record<string, string | number>> }) {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  return (
    <fieldset className="form-group">
      <legend>{t("logistics.form.dg")}</legend>
      <p className="hint">{t("logistics.form.dgHint")}</p>
      <div className="table-wrap">
        <table className="dg-table">
          <caption className="visually-hidden">{t("logistics.form.dg")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("logistics.dg.row")}</th>
              <th scope="col">{t("logistics.dg.un")}</th>
              <th scope="col">{t("logistics.dg.cls")}</th>
              <th scope="col">{t("logistics.dg.pg")}</th>
              <th scope="col">{t("logistics.dg.qty")}</th>
              <th scope="col">{t("logistics.dg.unit")}</th>
              <th scope="col">{t("logistics.dg.lq")}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: DG_ROWS }, (_, i) => {
              const rowErr = e[`dg${i}`] ? err(e[`dg${i}`], vars[`dg${i}`]) : undefined;
              const n = i + 1;
              return (
                <tr key={i} className={rowErr ? "has-error" : undefined}>
                  <th scope="row">
                    {n}
                    {rowErr ? (
                      <p className="field-error" id={`dg${i}-error`}>
                        {rowErr}
                      </p>
                    ) : null}
                  </th>
                  <td>
                    <input
                      name={`dg${i}_un`}
                      aria-label={t("logistics.dg.unRow", { n })}
                      list="un-numbers"
                      defaultValue={v[`dg${i}_un`]}
                      size={8}
                      maxLength={6}
                      aria-invalid={rowErr ? true : undefined}
                      aria-describedby={rowErr ? `dg${i}-error` : undefined}
                    />
                  </td>
                  <td>
                    <select name={`dg${i}_class`} aria-label={t("logistics.dg.clsRow", { n })} defaultValue={v[`dg${i}_class`] ?? ""}>
                      <option value="">—</option>
                      {ADR_CLASSES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select name={`dg${i}_pg`} aria-label={t("logistics.dg.pgRow", { n })} defaultValue={v[`dg${i}_pg`] ?? ""}>
                      <option value="">{t("logistics.dg.noPg")}</option>
                      {PACKING_GROUPS.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name={`dg${i}_qty`} aria-label={t("logistics.dg.qtyRow", { n })} inputMode="decimal" size={7} defaultValue={v[`dg${i}_qty`]} />
                  </td>
                  <td>
                    <select name={`dg${i}_unit`} aria-label={t("logistics.dg.unitRow", { n })} defaultValue={v[`dg${i}_unit`] ?? "L"}>
                      <option value="L">L</option>
                      <option value="kg">kg</option>
                    </select>
                  </td>
                  <td>
                    <input type="checkbox" name={`dg${i}_lq`} aria-label={t("logistics.dg.lqRow", { n })} defaultChecked={v[`dg${i}_lq`] === "on"} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <datalist id="un-numbers">
        {UN_NUMBERS.map((u) => (
          <option key={u.un} value={u.un}>
            {`${u.un} ${locale === "lv" ? u.nameLv : u.nameEn} (${u.cls})`}
          </option>
        ))}
      </datalist>
      <details className="help">
        <summary>{t("logistics.dg.listTitle")}</summary>
        <ul>
          {UN_NUMBERS.map((u) => (
            <li key={u.un}>
              {u.un} — {locale === "lv" ? u.nameLv : u.nameEn}: {t("logistics.dg.class", { cls: [u.cls, ...u.subsidiary].join(" + ") })}
              {u.pgs.length ? `, ${t("logistics.dg.pgList", { list: u.pgs.join(", ") })}` : ""}
            </li>
          ))}
        </ul>
      </details>
    </fieldset>
  );
}
