import { Form } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { useT } from "~/components/i18n";
import type { LedgerView } from "~/modules/campaigns/ledger.server";
import { trimZeros, type LedgerResult } from "./ledger-result";

/** The coordinator's settings: support rates, VAT, publishing the full table, and each participant's terms. */
export function LedgerSettings({ view, result, busy }: { view: LedgerView; result: LedgerResult | null; busy: boolean }) {
  const t = useT();
  return (
    <>
      <section className="page" id="rates" aria-labelledby="rates-h">
        <h2 id="rates-h">{t("campaigns.ledger.ratesTitle")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="saveRates" />
          {result?.intent === "saveRates" ? <FormError code={result.error.key} vars={result.error.vars} /> : null}
          <div className="form-grid">
            {(["sme", "large", "research"] as const).map((c) => (
              <div className="field" key={c}>
                <label htmlFor={`f-rate_${c}`}>{t("campaigns.ledger.rateFor", { category: t(`campaigns.orgCategory.${c}`) })}</label>
                <input id={`f-rate_${c}`} name={`rate_${c}`} inputMode="decimal" defaultValue={view.rates[c]} size={6} />
              </div>
            ))}
            <div className="field">
              <label htmlFor="f-vatRate">{t("campaigns.ledger.vatRate")}</label>
              <input id="f-vatRate" name="vatRate" inputMode="decimal" defaultValue={view.vatRate} size={6} />
            </div>
          </div>
          <label className="checkbox">
            <input type="checkbox" name="vatRecoverable" value="yes" defaultChecked={view.vatRecoverable} />
            {t("campaigns.ledger.vatRecoverable")}
          </label>
          <label className="checkbox">
            <input type="checkbox" name="publishFullTable" value="yes" defaultChecked={view.publishFullTable} />
            {t("campaigns.ledger.publish")}
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("common.save")}
          </button>
        </Form>
      </section>

      <section className="page" id="terms" aria-labelledby="terms-h">
        <h2 id="terms-h">{t("campaigns.ledger.termsTitle")}</h2>
        <p className="muted">{t("campaigns.ledger.termsHint")}</p>
        {view.terms.length === 0 ? (
          <p className="muted">{t("campaigns.ledger.noActive")}</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="saveTerms" />
            {result?.intent === "saveTerms" ? <FormError code={result.error.key} vars={result.error.vars} /> : null}
            <div className="table-wrap">
              <table className="terms-table">
                <thead>
                  <tr>
                    <th scope="col">{t("campaigns.ledger.participant")}</th>
                    <th scope="col">{t("campaigns.apply.area")}</th>
                    <th scope="col">{t("campaigns.apply.delegates")}</th>
                    <th scope="col">{t("campaigns.ledger.cap")}</th>
                    <th scope="col">{t("campaigns.ledger.ownRate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.terms.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        {p.name}
                        <br />
                        <span className="muted">{t(`campaigns.orgCategory.${p.category}`)}</span>
                      </th>
                      <td>
                        <input aria-label={t("campaigns.ledger.areaOf", { org: p.name })} name={`area_${p.id}`} defaultValue={trimZeros(p.area)} inputMode="decimal" size={6} />
                      </td>
                      <td>
                        <input aria-label={t("campaigns.ledger.delegatesOf", { org: p.name })} name={`delegates_${p.id}`} defaultValue={String(p.delegates)} inputMode="numeric" size={4} />
                      </td>
                      <td>
                        <input aria-label={t("campaigns.ledger.capOf", { org: p.name })} name={`cap_${p.id}`} defaultValue={p.cap ? trimZeros(p.cap) : ""} inputMode="decimal" size={10} />
                      </td>
                      <td>
                        <input aria-label={t("campaigns.ledger.ownRateOf", { org: p.name })} name={`rate_${p.id}`} defaultValue={p.rate ?? ""} inputMode="decimal" size={6} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("common.save")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
