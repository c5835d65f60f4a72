import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { StatusBadge } from "~/components/campaigns";
import { useLocale, useT } from "~/components/i18n";
import { PostBody } from "~/components/threads";
import { formatDate, formatNumber } from "~/i18n/format";
import type { CampaignPage } from "~/modules/campaigns/page.server";

/** The campaign's heading, links, status and facts; `children` (notices) go under the badges. */
export function CampaignFacts({ d, children }: { d: CampaignPage; children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const here = `/campaigns/${d.slug}`;
  return (
    <section className="page" aria-labelledby="campaign-h">
      <div className="page-head">
        <h1 id="campaign-h">{d.title}</h1>
        <div className="button-row">
          {d.may.ledgerView ? (
            <Link to={`${here}/ledger`} className="button small">
              {t("campaigns.ledger.open")}
            </Link>
          ) : d.may.ledgerOwnShare ? (
            <Link to={`${here}/ledger`} className="button small">
              {t("campaigns.ledger.openOwnShare")}
            </Link>
          ) : null}
          {d.may.manage ? (
            <Link to={`${here}/edit`} className="button secondary small">
              {t("campaigns.edit")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="button-row">
        <StatusBadge status={d.status} />
        <span className="badge">{t(`campaigns.type.${d.type}`)}</span>
      </p>
      {children}
      <dl className="facts">
        <dt>{t("campaigns.facts.dates")}</dt>
        <dd>
          {formatDate(d.startsOn, locale)}–{formatDate(d.endsOn, locale)}
        </dd>
        {d.place ? (
          <>
            <dt>{t("campaigns.facts.place")}</dt>
            <dd>{d.place}</dd>
          </>
        ) : null}
        <dt>{t("campaigns.facts.deadline")}</dt>
        <dd>
          {formatDate(d.deadline, locale)}
          {d.deadlinePassed && d.status === "recruiting" ? <span className="muted"> · {t("campaigns.facts.deadlinePassed")}</span> : null}
        </dd>
        {d.markets.length ? (
          <>
            <dt>{t("campaigns.markets")}</dt>
            <dd>
              {d.markets.map((m) => (
                <Link key={m.code} className="tag" to={`/campaigns?market=${m.code}`}>
                  {m.name}
                </Link>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{t("campaigns.facts.coordinator")}</dt>
        <dd>
          <Link to={`/directory/people/${d.coordinator.id}`}>{d.coordinator.name}</Link>
        </dd>
        {d.standArea ? (
          <>
            <dt>{t("campaigns.facts.standArea")}</dt>
            <dd>{formatNumber(d.standArea.replace(/\.?0+$/, ""), locale)} m²</dd>
          </>
        ) : null}
        <dt>{t("campaigns.facts.places")}</dt>
        <dd>{t("campaigns.places", { count: d.acceptedCount, max: d.maxOrgs })}</dd>
      </dl>
      {d.descriptionHtml ? (
        <div className="campaign-description" lang={d.descriptionFallback ?? undefined}>
          {d.descriptionFallback ? <p className="muted">{t(`groups.fallback.${d.descriptionFallback}`)}</p> : null}
          <PostBody html={d.descriptionHtml} />
        </div>
      ) : null}
    </section>
  );
}
