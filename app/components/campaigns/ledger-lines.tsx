import { Form, Link } from "@remix-run/react";
import { Field, FormError } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { formatMoney, formatNumber } from "~/i18n/format";
import { COST_CATEGORIES } from "~/modules/campaigns/constants";
import type { LedgerView } from "~/modules/campaigns/ledger.server";
import { trimZeros, valuesOf, type LedgerResult } from "./ledger-result";
import { LocalText } from "~/components/vocabulary";

/** The budget lines, and the coordinator's form to add or change one (split key, who it applies to, percentages). */
export function LedgerLines(props: { view: LedgerView; frozen: boolean; here: string; editLine: LedgerView["lines"][number] | null; result: LedgerResult | null; busy: boolean }) {
  const { view, frozen, here, editLine, result, busy } = props;
  const t = useT();
  const locale = useLocale();
  const money = (v: string) => formatMoney(v, locale);
  const lineResult = result?.intent === "saveLine" ? result : null;
  const lineValue = (k: string): string | undefined => valuesOf(lineResult, k)[0];
  const lineValues = (k: string): string[] => valuesOf(lineResult, k);
  const lineError = { errors: lineResult?.error ?? null };
  const badField = (name: string) => !!lineResult && (lineResult.error.field === name || !!lineResult.error.fields[name]);
  const editing = lineResult ? (lineValue("lineId") ? (view.lines.find((l) => l.id === lineValue("lineId")) ?? null) : null) : editLine;
  const defaultKey = lineValue("splitKey") ?? editing?.splitKey ?? "equal";
  const defaultApplies = lineValue("appliesTo") ?? editing?.appliesTo ?? "all";
  const chosenDefault = new Set(lineResult ? lineValues("chosen") : (editing?.members ?? []).filter((m) => m.percent === null).map((m) => m.participantId));
  const pctDefault = (id: string) => (lineResult ? lineValue(`pct_${id}`) : (editing?.members?.find((m) => m.participantId === id)?.percent ?? undefined));
  return (
    <section className="page" id="lines" aria-labelledby="lines-h">
      <h2 id="lines-h">{t("campaigns.ledger.lines")}</h2>
      {result?.intent === "deleteLine" ? <FormError code={result.error.key} vars={result.error.vars} /> : null}
      {view.lines.length === 0 ? <p className="muted">{t("campaigns.ledger.noLines")}</p> : null}
      {view.lines.length ? (
        <div className="table-wrap">
          <table className="lines-table">
            <thead>
              <tr>
                <th scope="col">{t("campaigns.ledger.line")}</th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.planned")}
                </th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.actual")}
                </th>
                {!view.vatRecoverable ? (
                  <th scope="col" className="num">
                    {t("campaigns.ledger.vat")}
                  </th>
                ) : null}
                <th scope="col">{t("campaigns.ledger.eligible")}</th>
                <th scope="col">{t("campaigns.ledger.splitKey")}</th>
                {view.manage ? <th scope="col">{t("campaigns.participants.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {view.lines.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    <LocalText original={l.description} en={l.descriptionEn} />
                    <br />
                    <span className="muted">{t(`campaigns.cost.${l.category}` as MessageKey)}</span>
                    {l.vatNote ? <span className="muted"> · {l.vatNote}</span> : null}
                  </th>
                  <td className="num">{money(l.planned)}</td>
                  <td className="num">{l.actual ? money(l.actual) : "—"}</td>
                  {!view.vatRecoverable ? <td className="num">{money(l.vat)}</td> : null}
                  <td>{l.eligible ? t("common.yes") : t("common.no")}</td>
                  <td>
                    {t(`campaigns.split.${l.splitKey}`)}
                    <br />
                    <span className="muted">
                      {l.members
                        ? l.appliesTo === "chosen"
                          ? l.members.map((m) => `${m.name}${m.percent ? ` ${formatNumber(m.percent, locale)} %` : ""}${m.active ? "" : ` (${t("campaigns.participant.withdrawn")})`}`).join(", ")
                          : t("campaigns.ledger.allParticipants")
                        : l.appliesTo === "chosen"
                          ? `${t("campaigns.ledger.chosenCount", { count: l.memberCount })}${l.includesMe ? ` · ${t("campaigns.ledger.includesYou")}${l.myPercent ? ` (${formatNumber(l.myPercent, locale)} %)` : ""}` : ""}`
                          : t("campaigns.ledger.allParticipants")}
                    </span>
                  </td>
                  {view.manage ? (
                    <td>
                      {!frozen ? (
                        <div className="button-row">
                          <Link to={`${here}?line=${l.id}#line-form`} className="button small secondary">
                            {t("campaigns.ledger.editLine")}
                            <span className="visually-hidden">
                              {" — "}
                              <LocalText original={l.description} en={l.descriptionEn} />
                            </span>
                          </Link>
                          <Form noValidate method="post" className="inline">
                            <input type="hidden" name="intent" value="deleteLine" />
                            <input type="hidden" name="lineId" value={l.id} />
                            <button type="submit" className="button small secondary">
                              {t("campaigns.ledger.deleteLine")}
                              <span className="visually-hidden">
                                {" — "}
                                <LocalText original={l.description} en={l.descriptionEn} />
                              </span>
                            </button>
                          </Form>
                        </div>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {view.manage && !frozen ? (
        <Form method="post" className="card line-form" id="line-form" noValidate key={editing?.id ?? "new"}>
          <input type="hidden" name="intent" value="saveLine" />
          {editing ? <input type="hidden" name="lineId" value={editing.id} /> : null}
          <h3>{editing ? t("campaigns.ledger.editLineTitle", { line: editing.description }) : t("campaigns.ledger.addLine")}</h3>
          {lineResult ? <FormError code={lineResult.error.key} vars={lineResult.error.vars} /> : null}
          <div className="form-grid">
            <div className={`field${badField("category") ? " has-error" : ""}`}>
              <label htmlFor="f-category">{t("campaigns.ledger.costCategory")}</label>
              <select id="f-category" name="category" defaultValue={lineValue("category") ?? editing?.category ?? "space_rent"}>
                {COST_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`campaigns.cost.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field name="description" label={t("campaigns.ledger.description")} defaultValue={lineValue("description") ?? editing?.description} maxLength={200} {...lineError} />
            <Field
              name="descriptionEn"
              label={t("campaigns.ledger.descriptionEn")}
              hint={t("vocabulary.englishVersion.hint")}
              defaultValue={lineValue("descriptionEn") ?? editing?.descriptionEn}
              maxLength={200}
              {...lineError}
            />
          </div>
          <div className="form-grid">
            <Field
              name="planned"
              label={t("campaigns.ledger.plannedEur")}
              inputMode="decimal"
              defaultValue={lineValue("planned") ?? (editing ? trimZeros(editing.planned) : undefined)}
              {...lineError}
              hint={t("campaigns.ledger.amountHint")}
            />
            <Field
              name="actual"
              label={t("campaigns.ledger.actualEur")}
              inputMode="decimal"
              defaultValue={lineValue("actual") ?? (editing?.actual ? trimZeros(editing.actual) : undefined)}
              {...lineError}
              hint={t("campaigns.ledger.actualHint")}
            />
            <Field name="vatNote" label={t("campaigns.ledger.vatNote")} defaultValue={lineValue("vatNote") ?? editing?.vatNote} {...lineError} />
          </div>
          <label className="checkbox">
            <input type="checkbox" name="eligible" value="yes" defaultChecked={lineResult ? lineValue("eligible") === "yes" : (editing?.eligible ?? true)} />
            {t("campaigns.ledger.eligibleLabel")}
          </label>
          <fieldset className={badField("splitKey") ? "has-error" : undefined}>
            <legend>{t("campaigns.ledger.splitKey")}</legend>
            {(["equal", "area", "delegates", "custom"] as const).map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="splitKey" value={k} defaultChecked={defaultKey === k} />
                <span>
                  <strong>{t(`campaigns.split.${k}`)}</strong> — {t(`campaigns.split.${k}.hint`)}
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className={badField("chosen") ? "has-error" : undefined}>
            <legend>{t("campaigns.ledger.appliesTo")}</legend>
            <label className="radio">
              <input type="radio" name="appliesTo" value="all" defaultChecked={defaultApplies === "all"} />
              <span>{t("campaigns.ledger.appliesAll")}</span>
            </label>
            <label className="radio">
              <input type="radio" name="appliesTo" value="chosen" defaultChecked={defaultApplies === "chosen"} />
              <span>{t("campaigns.ledger.appliesChosen")}</span>
            </label>
            <div className="check-grid">
              {view.terms.map((p) => (
                <label key={p.id} className="checkbox">
                  <input type="checkbox" name="chosen" value={p.id} defaultChecked={chosenDefault.has(p.id)} />
                  {p.name}
                </label>
              ))}
            </div>
            {view.terms.length === 0 ? <p className="muted">{t("campaigns.ledger.noActive")}</p> : null}
          </fieldset>
          <fieldset className={badField("custom") ? "has-error" : undefined}>
            <legend>{t("campaigns.ledger.customTitle")}</legend>
            <p className="hint">{t("campaigns.ledger.customHint")}</p>
            <div className="form-grid">
              {view.terms.map((p) => (
                <div className="field" key={p.id}>
                  <label htmlFor={`pct-${p.id}`}>{t("campaigns.ledger.percentOf", { org: p.name })}</label>
                  <input id={`pct-${p.id}`} name={`pct_${p.id}`} inputMode="decimal" defaultValue={pctDefault(p.id) ?? ""} size={6} />
                </div>
              ))}
            </div>
          </fieldset>
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {editing ? t("common.save") : t("campaigns.ledger.addLineSubmit")}
            </button>
            {editing ? (
              <Link to={`${here}#lines`} className="button secondary">
                {t("common.cancel")}
              </Link>
            ) : null}
          </div>
        </Form>
      ) : null}
    </section>
  );
}
