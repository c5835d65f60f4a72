import { Form } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { problemOf, valueOf, type SectionProps } from "./result";
import { SmallField } from "./small-field";

/** The viewer's organisation and this campaign: its application's state, the application form, withdrawal. */
export function MyApplication({ d, result, busy }: SectionProps) {
  const t = useT();
  const locale = useLocale();
  const applyError = result?.intent === "apply" ? result : null;
  const mineError = result?.intent === "withdraw" ? result : null;
  return (
    <section className="page" id="mine" aria-labelledby="mine-h">
      <h2 id="mine-h">{t("campaigns.mine.title", { org: d.orgName })}</h2>
      {applyError && !d.may.apply ? <FormError error={applyError.error} /> : null}
      {d.myStatus ? (
        <p>
          {t(`campaigns.mine.${d.myStatus}.long` as MessageKey)}
          {d.mine && d.mine.status !== "withdrawn" ? (
            <span className="muted">
              {" "}
              · {t("campaigns.apply.area")}: {formatNumber(d.mine.area.replace(/\.?0+$/, "") || "0", locale)} m² · {t("campaigns.apply.delegates")}: {d.mine.delegates}
            </span>
          ) : null}
        </p>
      ) : null}
      {d.may.apply ? (
        <Form method="post" className="card apply-form" noValidate>
          <input type="hidden" name="intent" value="apply" />
          <h3>{t("campaigns.apply.title")}</h3>
          {d.full ? <p className="notice">{t("campaigns.apply.fullNotice")}</p> : null}
          {applyError && !applyError.error.field ? <FormError error={applyError.error} /> : null}
          <div className="form-grid">
            <SmallField name="area" label={t("campaigns.apply.area")} inputMode="decimal" error={problemOf(applyError, "area")} value={valueOf(applyError, "area")} />
            <SmallField name="delegates" label={t("campaigns.apply.delegates")} inputMode="numeric" error={problemOf(applyError, "delegates")} value={valueOf(applyError, "delegates")} />
          </div>
          <SmallField name="products" label={t("campaigns.apply.products")} multiline error={problemOf(applyError, "products")} value={valueOf(applyError, "products")} />
          <SmallField name="note" label={t("campaigns.apply.note")} multiline error={problemOf(applyError, "note")} value={valueOf(applyError, "note")} />
          <button type="submit" className="button" disabled={busy}>
            {t("campaigns.apply.submit", { org: d.orgName })}
          </button>
        </Form>
      ) : d.status === "recruiting" && !d.myStatus && !d.orgAdmin ? (
        <p>{t("campaigns.apply.adminOnly")}</p>
      ) : !d.myStatus && d.status !== "recruiting" ? (
        <p className="muted">{t("campaigns.apply.closed")}</p>
      ) : null}
      {d.may.withdraw ? (
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="withdraw" />
          <h3>{t("campaigns.withdraw.title")}</h3>
          <p className="muted">{d.myStatus === "accepted" ? t("campaigns.withdraw.consequence") : t("campaigns.withdraw.applicationOnly")}</p>
          {mineError ? <FormError error={mineError.error} /> : null}
          <SmallField name="reason" label={t("campaigns.withdraw.reason")} multiline error={problemOf(mineError, "reason")} value={valueOf(mineError, "reason")} />
          <button type="submit" className="button danger" disabled={busy}>
            {d.myStatus === "accepted" ? t("campaigns.withdraw.submit") : t("campaigns.withdraw.submitApplication")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
