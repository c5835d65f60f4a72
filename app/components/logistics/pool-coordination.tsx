// The coordinator's section of the pool page: the split methods compared, the quote form (amount, validity, carrier,
// split method, return offer, surcharges with their causers) and the status buttons.
import { Form } from "@remix-run/react";
import { DateTimeField, Field, fieldProblem, FormError, Notice, useErrorText, type ActionErrorBody } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { formatMoney } from "~/i18n/format";
import { toLocalInput } from "~/lib/zoned-time";
import type { PoolAccess } from "~/modules/logistics/access.server";
import type { PoolView } from "~/modules/logistics/pools.server";
import { POOL_LIMITS, SPLIT_METHODS, SURCHARGE_KINDS, type PoolStatus } from "~/modules/logistics/reference";

const NEXT: Partial<Record<PoolStatus, PoolStatus>> = { quoted: "booked", booked: "in_transit", in_transit: "delivered", delivered: "closed" };

export function PoolCoordination(props: {
  pool: PoolView;
  may: PoolAccess["may"];
  carriers: { id: string; name: string }[];
  busy: boolean;
  /** The quote form's refusal, if the last submit was the quote. */
  quoteErr: ActionErrorBody | null;
  /** The values the refused form was sent with. */
  value: (name: string) => string | undefined;
}) {
  const { pool, may, carriers, busy, quoteErr, value } = props;
  const t = useT();
  const locale = useLocale();
  const errorText = useErrorText();
  const labels = pool.members.filter((m) => m.leg === "outbound" && m.state === "accepted").map((m) => m.label);
  const standaloneOk = !pool.standaloneSplit || pool.standaloneSplit.available;
  const methodDefault = value("method") ?? pool.quote?.method ?? "per_place";
  return (
    <section className="page" aria-labelledby="coord-h">
      <h2 id="coord-h">{t("logistics.pool.coordination")}</h2>
      <p className="muted">{t("logistics.pool.coordinationHint")}</p>
      {pool.sharesWithheld ? <Notice>{t("logistics.pool.sharesWithheld")}</Notice> : null}
      {pool.methods ? (
        <div className="table-wrap">
          <table className="logistics-table">
            <caption>{t("logistics.pool.methodsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("logistics.pool.method")}</th>
                {pool.methods[0].totals.map((x) => (
                  <th scope="col" key={x.label}>
                    {t("logistics.pool.member", { label: x.label })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pool.methods.map((m) => (
                <tr key={m.method} aria-current={pool.quote?.method === m.method ? "true" : undefined}>
                  <th scope="row">{t(`logistics.method.${m.method}`)}</th>
                  {m.totals.map((x) => (
                    <td key={x.label}>{formatMoney(x.total, locale)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {may.standaloneShares ? null : <p className="hint">{t("logistics.pool.methodsStandaloneWithheld")}</p>}
        </div>
      ) : null}
      {pool.status === "confirmed" || pool.status === "quoted" ? (
        <Form method="post" noValidate className="quote-form">
          <h3>{pool.status === "quoted" ? t("logistics.quote.replace") : t("logistics.quote.enter")}</h3>
          <input type="hidden" name="intent" value="quote" />
          <input type="hidden" name="version" value={pool.version} />
          {quoteErr && !quoteErr.field ? <FormError error={quoteErr} /> : null}
          <div className="field-row">
            <Field name="amount" label={t("logistics.quote.amount")} inputMode="decimal" defaultValue={value("amount") ?? pool.quote?.amount ?? ""} errors={quoteErr} required />
            <DateTimeField
              name="validUntil"
              label={t("logistics.quote.validUntil")}
              defaultValue={value("validUntil") ?? (pool.quote?.validUntil ? toLocalInput(pool.quote.validUntil) : undefined)}
              errors={quoteErr}
              required
            />
          </div>
          <div className="field-row">
            <div className={`field${quoteErr?.field === "carrierOrg" ? " has-error" : ""}`}>
              <label htmlFor="f-carrierOrg">{t("logistics.quote.carrierOrg")}</label>
              <select id="f-carrierOrg" name="carrierOrg" defaultValue={value("carrierOrg") ?? pool.quote?.carrierOrgId ?? ""}>
                <option value="">{t("logistics.quote.carrierOther")}</option>
                {carriers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <Field name="carrierName" label={t("logistics.quote.carrierName")} defaultValue={value("carrierName") ?? pool.quote?.carrierName} errors={quoteErr} maxLength={120} />
          </div>
          <div className="field-row">
            <div className={`field${quoteErr?.field === "method" ? " has-error" : ""}`}>
              <label htmlFor="f-method">{t("logistics.pool.method")}</label>
              <select
                id="f-method"
                name="method"
                defaultValue={methodDefault === "standalone" && !standaloneOk ? "per_place" : methodDefault}
                aria-describedby={quoteErr?.field === "method" ? "f-method-hint f-method-error" : "f-method-hint"}
                aria-invalid={quoteErr?.field === "method" ? true : undefined}
              >
                {SPLIT_METHODS.map((m) => (
                  <option key={m} value={m} disabled={m === "standalone" && !standaloneOk}>
                    {t(`logistics.method.${m}`)}
                  </option>
                ))}
              </select>
              <p className="hint" id="f-method-hint">
                {pool.standaloneSplit && !pool.standaloneSplit.available ? t(pool.standaloneSplit.reason, pool.standaloneSplit.vars) : t("logistics.quote.standaloneHint")}
              </p>
              {quoteErr?.field === "method" ? (
                <p className="field-error" id="f-method-error">
                  {errorText(quoteErr.key, quoteErr.vars)}
                </p>
              ) : null}
            </div>
            <Field
              name="returnOffer"
              label={t("logistics.quote.returnOffer")}
              hint={t("logistics.quote.returnOfferHint")}
              inputMode="decimal"
              defaultValue={value("returnOffer") ?? pool.quote?.returnOffer ?? ""}
              errors={quoteErr}
            />
          </div>
          <fieldset className="form-group">
            <legend>{t("logistics.quote.surcharges")}</legend>
            <p className="hint">{t("logistics.quote.surchargesHint")}</p>
            <div className="table-wrap">
              <table className="surcharge-table">
                <thead>
                  <tr>
                    <th scope="col">{t("logistics.quote.kind")}</th>
                    <th scope="col">{t("logistics.quote.scAmount")}</th>
                    {labels.map((l) => (
                      <th scope="col" key={l}>
                        {t("logistics.quote.weightFor", { label: l })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: POOL_LIMITS.surchargeRows }, (_, i) => {
                    const s = pool.surcharges?.[i];
                    const rowErr = fieldProblem(quoteErr, `sc${i}`);
                    return (
                      <tr key={i} className={rowErr ? "has-error" : undefined}>
                        <td>
                          <select name={`sc${i}_kind`} aria-label={t("logistics.quote.kindRow", { n: i + 1 })} defaultValue={value(`sc${i}_kind`) ?? s?.kind ?? "extra_stop"}>
                            {SURCHARGE_KINDS.map((k) => (
                              <option key={k} value={k}>
                                {t(`logistics.surcharge.${k}`)}
                              </option>
                            ))}
                          </select>
                          {rowErr ? <FormError code={rowErr.key} vars={rowErr.vars} /> : null}
                        </td>
                        <td>
                          <input
                            name={`sc${i}_amount`}
                            aria-label={t("logistics.quote.amountRow", { n: i + 1 })}
                            inputMode="decimal"
                            size={8}
                            defaultValue={value(`sc${i}_amount`) ?? s?.amount ?? ""}
                          />
                        </td>
                        {labels.map((l) => (
                          <td key={l}>
                            <input
                              name={`sc${i}_w_${l}`}
                              aria-label={t("logistics.quote.weightRow", { n: i + 1, label: l })}
                              inputMode="numeric"
                              size={3}
                              defaultValue={value(`sc${i}_w_${l}`) ?? String(s?.shares.find((x) => x.label === l)?.weight ?? "")}
                            />
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>
          <button type="submit" className="button" disabled={busy}>
            {t("logistics.quote.submit")}
          </button>
        </Form>
      ) : null}
      <div className="button-row">
        {NEXT[pool.status] ? (
          <Form noValidate method="post">
            <input type="hidden" name="intent" value="advance" />
            <input type="hidden" name="to" value={NEXT[pool.status]} />
            <input type="hidden" name="version" value={pool.version} />
            <button type="submit" className="button" disabled={busy}>
              {t(`logistics.pool.to.${NEXT[pool.status]!}` as never)}
            </button>
          </Form>
        ) : null}
        {["proposed", "confirmed", "quoted"].includes(pool.status) ? (
          <Form noValidate method="post">
            <input type="hidden" name="intent" value="cancelPool" />
            <input type="hidden" name="version" value={pool.version} />
            <button type="submit" className="button danger" disabled={busy}>
              {t("logistics.pool.cancel")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
