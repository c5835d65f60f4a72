import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { TagList, languageName } from "~/components/directory";
import { LocalText } from "~/components/vocabulary";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { getPersonProfile } from "~/modules/people/queries.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.directory.people.id", data ? data.person.name : undefined)];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "directory.view" });
  const person = await getPersonProfile(context.db, params.id ?? "");
  if (!person) notFound();
  return { person, self: person.id === viewer.id };
}

export default function PersonProfilePage() {
  const t = useT();
  const locale = useLocale();
  const { person, self } = useLoaderData<typeof loader>();
  const tel = person.phone ? person.phone.replace(/[^+\d]/g, "") : "";
  return (
    <article className="page directory-profile">
      <p className="breadcrumb">
        <Link to="/directory/people">{t("directory.title")}</Link>
      </p>
      <header className="profile-head">
        <h1>{person.name}</h1>
      </header>
      {self ? (
        <p className="notice">
          {t("directory.person.self")} <Link to="/settings">{t("directory.person.selfLink")}</Link>
        </p>
      ) : null}
      <dl className="facts">
        {person.job_title ? (
          <>
            <dt>{t("directory.person.jobTitle")}</dt>
            <dd>
              <LocalText original={person.job_title} en={person.job_title_en} />
            </dd>
          </>
        ) : null}
        <dt>{t("directory.person.organisation")}</dt>
        <dd>
          <Link to={`/directory/orgs/${person.org_slug}`}>{person.org_name}</Link>
        </dd>
        <dt>{t("directory.person.role")}</dt>
        <dd>{t(person.org_role === "admin" ? "role.org.admin" : "role.org.member")}</dd>
        {person.languages.length > 0 ? (
          <>
            <dt>{t("directory.person.languages")}</dt>
            <dd>{person.languages.map((l) => languageName(l, locale)).join(", ")}</dd>
          </>
        ) : null}
      </dl>

      {person.expertise_tags.length > 0 ? (
        <>
          <h2>{t("directory.person.expertise")}</h2>
          <TagList tags={person.expertise_tags} base="/directory/people" label={t("directory.person.expertise")} />
        </>
      ) : null}

      <h2>{t("directory.person.contact")}</h2>
      {person.email || person.phone ? (
        <dl className="facts">
          {person.email ? (
            <>
              <dt>{t("directory.person.email")}</dt>
              <dd>
                <a href={`mailto:${person.email}`}>{person.email}</a>
              </dd>
            </>
          ) : null}
          {person.phone ? (
            <>
              <dt>{t("directory.person.phone")}</dt>
              <dd>{tel ? <a href={`tel:${tel}`}>{person.phone}</a> : person.phone}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted">{t("directory.person.noContact")}</p>
      )}
    </article>
  );
}
