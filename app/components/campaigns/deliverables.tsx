import { Form } from "@remix-run/react";
import { DateField, FormError, useErrorText } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { useLocale, useT } from "~/components/i18n";
import { formatDate } from "~/i18n/format";
import type { CampaignPage } from "~/modules/campaigns/page.server";
import { problemOf, valueOf, type CampaignResult } from "./result";
import { SmallField } from "./small-field";

/** Deliverables (participants): who does what by when; owners update the status, the coordinator edits. */
export function Deliverables({ d, deliverables, result, busy }: { d: CampaignPage; deliverables: NonNullable<CampaignPage["deliverables"]>; result: CampaignResult | null; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const deliverableError = result?.intent === "addDeliverable" ? result : null;
  return (
    <section className="page" id="deliverables" aria-labelledby="deliverables-h">
      <h2 id="deliverables-h">{t("campaigns.deliverables.title")}</h2>
      {result && ["updateDeliverable", "deleteDeliverable"].includes(result.intent) ? <FormError error={result.error} /> : null}
      {deliverables.length === 0 ? <p className="muted">{t("campaigns.deliverables.none")}</p> : null}
      {deliverables.length ? (
        <div className="table-wrap">
          <table className="deliverables">
            <thead>
              <tr>
                <th scope="col">{t("campaigns.deliverables.task")}</th>
                <th scope="col">{t("campaigns.deliverables.owner")}</th>
                <th scope="col">{t("campaigns.deliverables.due")}</th>
                <th scope="col">{t("campaigns.deliverables.status")}</th>
              </tr>
            </thead>
            <tbody>
              {deliverables.map((x) => {
                const title = pickLang(locale, x.titleLv, x.titleEn).text;
                return (
                  <tr key={x.id} className={x.overdue ? "overdue" : x.status === "done" ? "done" : undefined}>
                    <th scope="row">{title}</th>
                    <td>{x.ownerOrg ?? "—"}</td>
                    <td>
                      <time dateTime={x.dueOn}>{formatDate(x.dueOn, locale)}</time>
                      {x.overdue ? <strong className="overdue-flag"> {t("campaigns.deliverables.overdue")}</strong> : null}
                    </td>
                    <td>
                      {x.canUpdate ? (
                        <Form noValidate method="post" className="inline-form">
                          <input type="hidden" name="intent" value="updateDeliverable" />
                          <input type="hidden" name="deliverableId" value={x.id} />
                          <input type="hidden" name="statusOnly" value="yes" />
                          <label className="visually-hidden" htmlFor={`st-${x.id}`}>
                            {t("campaigns.deliverables.statusOf", { task: title })}
                          </label>
                          <select id={`st-${x.id}`} name="status" defaultValue={x.status}>
                            {(["todo", "in_progress", "done"] as const).map((s) => (
                              <option key={s} value={s}>
                                {t(`campaigns.deliverable.${s}`)}
                              </option>
                            ))}
                          </select>{" "}
                          <button type="submit" className="button small secondary">
                            {t("common.save")}
                            <span className="visually-hidden"> — {title}</span>
                          </button>
                        </Form>
                      ) : (
                        t(`campaigns.deliverable.${x.status}`)
                      )}
                      {d.may.manage ? (
                        <details className="edit-deliverable">
                          <summary>
                            {t("campaigns.deliverables.edit")}
                            <span className="visually-hidden"> — {title}</span>
                          </summary>
                          <Form method="post" noValidate>
                            <input type="hidden" name="intent" value="updateDeliverable" />
                            <input type="hidden" name="deliverableId" value={x.id} />
                            <SmallField name="titleLv" id={`titleLv-${x.id}`} label={t("campaigns.deliverables.titleLv")} value={x.titleLv} />
                            <SmallField name="titleEn" id={`titleEn-${x.id}`} label={t("campaigns.deliverables.titleEn")} value={x.titleEn} />
                            <DateField name="dueOn" id={`dueOn-${x.id}`} label={t("campaigns.deliverables.due")} defaultValue={x.dueOn} />
                            <div className="field">
                              <label htmlFor={`owner-${x.id}`}>{t("campaigns.deliverables.owner")}</label>
                              <select id={`owner-${x.id}`} name="ownerOrgId" defaultValue={x.ownerOrgId ?? ""}>
                                <option value="">—</option>
                                {d.owners.map((o) => (
                                  <option key={o.id} value={o.id}>
                                    {o.name}
                                  </option>
                                ))}
                              </select>
                            </div>
                            <div className="field">
                              <label htmlFor={`status-${x.id}`}>{t("campaigns.deliverables.status")}</label>
                              <select id={`status-${x.id}`} name="status" defaultValue={x.status}>
                                {(["todo", "in_progress", "done"] as const).map((st) => (
                                  <option key={st} value={st}>
                                    {t(`campaigns.deliverable.${st}`)}
                                  </option>
                                ))}
                              </select>
                            </div>
                            <button type="submit" className="button small">
                              {t("common.save")}
                            </button>
                          </Form>
                        </details>
                      ) : null}
                      {d.may.manage ? (
                        <Form noValidate method="post" className="inline">
                          <input type="hidden" name="intent" value="deleteDeliverable" />
                          <input type="hidden" name="deliverableId" value={x.id} />
                          <button type="submit" className="button-link">
                            {t("campaigns.deliverables.delete")}
                            <span className="visually-hidden"> — {title}</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.may.manage ? (
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="addDeliverable" />
          <h3>{t("campaigns.deliverables.add")}</h3>
          {deliverableError && !["titleLv", "titleEn", "dueOn", "ownerOrgId"].includes(deliverableError.error.field ?? "") ? <FormError error={deliverableError.error} /> : null}
          <div className="form-grid">
            <SmallField name="titleLv" label={t("campaigns.deliverables.titleLv")} error={problemOf(deliverableError, "titleLv")} value={valueOf(deliverableError, "titleLv")} />
            <SmallField name="titleEn" label={t("campaigns.deliverables.titleEn")} error={problemOf(deliverableError, "titleEn")} value={valueOf(deliverableError, "titleEn")} />
          </div>
          <div className="form-grid">
            <DateField
              name="dueOn"
              label={t("campaigns.deliverables.due")}
              error={problemOf(deliverableError, "dueOn")?.key}
              errorVars={problemOf(deliverableError, "dueOn")?.vars}
              defaultValue={valueOf(deliverableError, "dueOn")}
            />
            <div className={`field${problemOf(deliverableError, "ownerOrgId") ? " has-error" : ""}`}>
              <label htmlFor="f-ownerOrgId">{t("campaigns.deliverables.owner")}</label>
              <select id="f-ownerOrgId" name="ownerOrgId" defaultValue={valueOf(deliverableError, "ownerOrgId") ?? ""}>
                <option value="">—</option>
                {d.owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
              {problemOf(deliverableError, "ownerOrgId") ? <p className="field-error">{err(problemOf(deliverableError, "ownerOrgId")?.key)}</p> : null}
            </div>
          </div>
          <button type="submit" className="button small" disabled={busy}>
            {t("campaigns.deliverables.addSubmit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
