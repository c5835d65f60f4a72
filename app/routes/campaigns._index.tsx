import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, Notice, useActionError } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { pickLang } from "~/components/groups";
import { CAMPAIGN_STATUS_LIST, CAMPAIGN_TYPE_LIST, StatusBadge } from "~/components/campaigns";
import { formatDate } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { can } from "~/modules/policy/authorize.server";
import { CostSharingIntent, listCampaigns, orgCostSharing, parseFilters, setOrgCostSharing } from "~/modules/campaigns/campaigns.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { countryName } from "~/modules/campaigns/constants";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.campaigns")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const url = new URL(request.url);
  const filters = parseFilters(url.searchParams);
  const after = url.searchParams.get("after");
  const list = await listCampaigns(context.db, viewer, filters, after);
  const locale = viewer.locale;
  return {
    items: list.items.map((c) => ({ ...c, marketNames: c.markets.map((m) => countryName(m, locale)), countryName: c.country ? countryName(c.country, locale) : "" })),
    next: list.next,
    filters,
    first: !after,
    canCreate: can(viewer, { action: "campaign.create" }),
    // The organisation's admin decides whether its members see its cost share (org.edit on their own organisation).
    costSharing: can(viewer, { action: "org.edit", orgId: viewer.orgId }) && viewer.orgRole === "admin" ? { on: await orgCostSharing(context.db, viewer), org: viewer.orgName } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 4 * 1024);
  const values = formObject(form);
  const parsed = parseForm(form, CostSharingIntent);
  if (!parsed.ok) return actionError(parsed.error, { values });
  try {
    await setOrgCostSharing(context, viewer, parsed.data.share === "yes");
  } catch (err) {
    return actionError(err, { values });
  }
  return redirect("/campaigns?saved=costSharing#cost-sharing");
}

export default function Campaigns() {
  const t = useT();
  const locale = useLocale();
  const { items, next, filters, first, canCreate, costSharing } = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...(filters.type ? { type: filters.type } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.market ? { market: filters.market } : {}),
      ...extra,
    }).toString();
  return (
    <section className="page campaigns">
      <div className="page-head">
        <h1>{t("nav.campaigns")}</h1>
        {canCreate ? (
          <Link to="/campaigns/new" className="button">
            {t("campaigns.create")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("campaigns.intro")}</p>
      <details className="rules" id="who-sees">
        <summary>{t("campaigns.who.title")}</summary>
        <ul>
          <li>{t("campaigns.who.everyone")}</li>
          <li>{t("campaigns.who.orgAdmins")}</li>
          <li>{t("campaigns.who.members")}</li>
          <li>{t("campaigns.who.coordinator")}</li>
        </ul>
      </details>
      {costSharing ? (
        <Form method="post" className="card" id="cost-sharing" noValidate>
          <input type="hidden" name="intent" value="costSharing" />
          {params.get("saved") === "costSharing" ? <Notice>{t("campaigns.costSharing.saved")}</Notice> : null}
          <FormError error={error} />
          <label className="checkbox">
            <input type="checkbox" name="share" value="yes" defaultChecked={costSharing.on} />
            {t("campaigns.costSharing.label", { org: costSharing.org })}
          </label>
          <p className="hint">{t("campaigns.costSharing.hint")}</p>
          <button type="submit" className="button small secondary" disabled={busy}>
            {t("common.save")}
          </button>
        </Form>
      ) : null}
      <Form noValidate method="get" className="filters" role="search" aria-label={t("campaigns.filter.label")}>
        <div className="field">
          <label htmlFor="f-type">{t("campaigns.filter.type")}</label>
          <select id="f-type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">{t("common.any")}</option>
            {CAMPAIGN_TYPE_LIST.map((x) => (
              <option key={x} value={x}>
                {t(`campaigns.type.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("campaigns.filter.status")}</label>
          <select id="f-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("common.any")}</option>
            {CAMPAIGN_STATUS_LIST.map((x) => (
              <option key={x} value={x}>
                {t(`campaigns.status.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-market">{t("campaigns.filter.market")}</label>
          <input id="f-market" name="market" defaultValue={filters.market ?? ""} maxLength={2} size={4} aria-describedby="f-market-hint" />
          <p className="hint" id="f-market-hint">
            {t("campaigns.filter.marketHint")}
          </p>
        </div>
        <button type="submit" className="button secondary">
          {t("common.filter")}
        </button>
      </Form>
      {items.length === 0 ? <p>{first ? t("campaigns.none") : t("common.none")}</p> : null}
      <ul className="list campaign-list">
        {items.map((c) => (
          <li key={c.id}>
            <article aria-labelledby={`c-${c.id}`}>
              <h2 id={`c-${c.id}`} className="entry-title">
                <Link to={`/campaigns/${c.slug}`}>{pickLang(locale, c.titleLv, c.titleEn).text}</Link>
              </h2>
              <p className="button-row">
                <StatusBadge status={c.status} />
                <span className="badge">{t(`campaigns.type.${c.type}`)}</span>
                {c.mine ? <span className="badge mine">{t(`campaigns.mine.${c.mine}`)}</span> : null}
              </p>
              <p className="muted">
                {formatDate(c.startsOn, locale)}–{formatDate(c.endsOn, locale)}
                {c.city || c.countryName ? ` · ${[c.city, c.countryName].filter(Boolean).join(", ")}` : ""}
                {" · "}
                {t("campaigns.places", { count: c.accepted, max: c.maxOrgs })}
                {c.status === "recruiting" ? ` · ${t("campaigns.applyBy", { date: formatDate(c.deadline, locale) })}` : ""}
              </p>
              {c.marketNames.length ? (
                <p>
                  <span className="visually-hidden">{t("campaigns.markets")}: </span>
                  {c.markets.map((m, i) => (
                    <Link key={m} className="tag" to={`/campaigns?${query({ market: m })}`}>
                      {c.marketNames[i]}
                    </Link>
                  ))}
                </p>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
      {next ? (
        <nav className="pager" aria-label={t("campaigns.pager")}>
          <span />
          <Link to={`/campaigns?${query({ after: next })}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
