import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { PlainText, TagList, countryName, displayUrl, isSafeHttpUrl, pickDescription } from "~/components/directory";
import { LocalText } from "~/components/vocabulary";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan, can, notFound } from "~/modules/policy/authorize.server";
import { filterParams } from "~/modules/directory/filters";
import { getOrgProfile, listOrgPeople } from "~/modules/orgs/queries.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.directory.orgs.slug", data ? data.org.name : undefined)];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "directory.view" });
  const org = await getOrgProfile(context.db, params.slug ?? "");
  if (!org) notFound();
  const people = await listOrgPeople(context.db, org.id);
  return { org, people, canEdit: can(viewer, { action: "org.edit", orgId: org.id }) };
}

export default function OrgProfilePage() {
  const t = useT();
  const locale = useLocale();
  const { org, people, canEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const d = pickDescription(locale, org.description_lv, org.description_en);
  return (
    <article className="page directory-profile">
      <p className="breadcrumb">
        <Link to="/directory">{t("directory.title")}</Link>
      </p>
      {params.get("saved") ? <Notice>{t("directory.org.saved")}</Notice> : null}
      <header className="profile-head">
        {org.logo_url && org.logo_url.startsWith("/") ? <img className="org-logo" src={org.logo_url} alt="" width={72} height={72} /> : null}
        <h1>{org.name}</h1>
        {canEdit ? (
          <Link to={`/directory/orgs/${org.slug}/edit`} className="button secondary small">
            {t("directory.org.edit")}
          </Link>
        ) : null}
      </header>
      <dl className="facts" aria-label={t("directory.org.facts")}>
        <dt>{t("directory.org.type")}</dt>
        <dd>{t(`org.type.${org.legal_type}`)}</dd>
        <dt>{t("directory.org.size")}</dt>
        <dd>{t(`org.size.${org.size}`)}</dd>
        {org.city ? (
          <>
            <dt>{t("directory.org.city")}</dt>
            <dd>{org.city}</dd>
          </>
        ) : null}
        <dt>{t("directory.org.country")}</dt>
        <dd>{countryName(org.country, locale)}</dd>
        {isSafeHttpUrl(org.website) ? (
          <>
            <dt>{t("directory.org.website")}</dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer" target="_blank">
                {displayUrl(org.website)}
              </a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{t("directory.org.about")}</h2>
      {d.text ? (
        <>
          {d.fallback ? <p className="muted">{t(d.lang === "lv" ? "directory.org.onlyLv" : "directory.org.onlyEn")}</p> : null}
          <PlainText text={d.text} lang={d.lang} />
        </>
      ) : (
        <p className="muted">{t("directory.org.noDescription")}</p>
      )}

      {org.competency_tags.length > 0 ? (
        <>
          <h2>{t("directory.org.competencies")}</h2>
          <TagList tags={org.competency_tags} base="/directory" label={t("directory.org.competencies")} />
        </>
      ) : null}

      <h2>{t("directory.org.people")}</h2>
      {people.items.length === 0 ? (
        <p className="muted">{t("directory.org.noPeople")}</p>
      ) : (
        <ul className="list">
          {people.items.map((p) => (
            <li key={p.id}>
              <Link to={`/directory/people/${p.id}`}>{p.name}</Link>
              {p.job_title ? (
                <span className="muted">
                  {" · "}
                  <LocalText original={p.job_title} en={p.job_title_en} />
                </span>
              ) : null}
              {p.org_role === "admin" ? (
                <>
                  {" "}
                  <span className="badge">{t("role.org.admin")}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {people.more ? (
        <p>
          <Link to={`/directory/people${filterParams({ org: org.slug })}`}>{t("directory.org.allPeople", { org: org.name })}</Link>
        </p>
      ) : null}
    </article>
  );
}
