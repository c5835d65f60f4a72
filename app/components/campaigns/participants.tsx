import { Form, Link } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { formatDate, formatNumber } from "~/i18n/format";
import { problemOf, type SectionProps } from "./result";
import { SmallField } from "./small-field";

const trimArea = (v: string) => v.replace(/\.?0+$/, "") || "0";

/** Participants: the coordinator decides applications and records withdrawals; others see the accepted organisations. */
export function Participants({ d, result }: Omit<SectionProps, "busy">) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="participants" aria-labelledby="participants-h">
      <h2 id="participants-h">{t("campaigns.participants.title")}</h2>
      {d.participants ? (
        <>
          {result && ["accept", "decline", "waitlist", "recordWithdrawal"].includes(result.intent) ? <FormError error={result.error} /> : null}
          {d.overAllocated && d.standArea ? (
            <p className="notice warning" role="status" data-over-allocated>
              {t("campaigns.stand.over", { allocated: formatNumber(trimArea(d.allocatedArea), locale), stand: formatNumber(trimArea(d.standArea), locale) })}
            </p>
          ) : null}
          {d.participants.length === 0 ? <p className="muted">{t("campaigns.participants.none")}</p> : null}
          <div className="table-wrap">
            <table className="participants">
              <thead>
                <tr>
                  <th scope="col">{t("campaigns.participants.org")}</th>
                  <th scope="col">{t("campaigns.participants.status")}</th>
                  <th scope="col">{t("campaigns.apply.area")}</th>
                  <th scope="col">{t("campaigns.apply.delegates")}</th>
                  <th scope="col">{t("campaigns.participants.needs")}</th>
                  <th scope="col">{t("campaigns.participants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {d.participants.map((p) => (
                  <tr key={p.id} data-participant={p.orgName}>
                    <th scope="row">
                      <Link to={`/directory/orgs/${p.orgSlug}`}>{p.orgName}</Link>
                      <br />
                      <span className="muted">
                        {p.appliedBy ? `${p.appliedBy} · ` : ""}
                        {formatDate(p.appliedAt, locale)}
                      </span>
                    </th>
                    <td>
                      <span className={`badge participant-${p.status}`}>{t(`campaigns.participant.${p.status}` as MessageKey)}</span>
                      {p.withdrawalReason ? <p className="plain-note">{p.withdrawalReason}</p> : null}
                    </td>
                    <td>{formatNumber(p.area.replace(/\.?0+$/, "") || "0", locale)} m²</td>
                    <td>{p.delegates}</td>
                    <td>
                      {p.products ? <p className="plain-note">{p.products}</p> : null}
                      {p.note ? <p className="plain-note muted">{p.note}</p> : null}
                    </td>
                    <td>
                      {p.status === "applied" || p.status === "waitlisted" ? (
                        <>
                          {d.wouldOverAllocate[p.id] && d.standArea ? (
                            <p className="field-error" data-would-over-allocate>
                              {t("campaigns.stand.wouldExceed", { total: formatNumber(trimArea(d.wouldOverAllocate[p.id]), locale), stand: formatNumber(trimArea(d.standArea), locale) })}
                            </p>
                          ) : null}
                          <Form noValidate method="post" className="button-row">
                            <input type="hidden" name="participantId" value={p.id} />
                            <button type="submit" name="intent" value="accept" className="button small">
                              {t("campaigns.participants.accept")}
                              <span className="visually-hidden"> — {p.orgName}</span>
                            </button>
                            {p.status === "applied" ? (
                              <button type="submit" name="intent" value="waitlist" className="button small secondary">
                                {t("campaigns.participants.waitlist")}
                                <span className="visually-hidden"> — {p.orgName}</span>
                              </button>
                            ) : null}
                            <button type="submit" name="intent" value="decline" className="button small secondary">
                              {t("campaigns.participants.decline")}
                              <span className="visually-hidden"> — {p.orgName}</span>
                            </button>
                          </Form>
                        </>
                      ) : null}
                      {p.status === "accepted" ? (
                        <details>
                          <summary>{t("campaigns.participants.recordWithdrawal")}</summary>
                          <Form noValidate method="post">
                            <input type="hidden" name="intent" value="recordWithdrawal" />
                            <input type="hidden" name="participantId" value={p.id} />
                            <SmallField
                              name="reason"
                              label={t("campaigns.withdraw.reason")}
                              id={`reason-${p.id}`}
                              error={result?.intent === "recordWithdrawal" && result.target === p.id ? problemOf(result, "reason") : undefined}
                            />
                            <button type="submit" className="button small danger">
                              {t("campaigns.participants.recordWithdrawalSubmit")}
                              <span className="visually-hidden"> — {p.orgName}</span>
                            </button>
                          </Form>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : d.acceptedOrgs.length ? (
        <ul className="list">
          {d.acceptedOrgs.map((o) => (
            <li key={o.id}>
              <Link to={`/directory/orgs/${o.slug}`}>{o.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("campaigns.participants.noneAccepted")}</p>
      )}
    </section>
  );
}
