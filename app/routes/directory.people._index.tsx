import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { DirectoryFilterForm, DirectoryTabs, Pager, TagList } from "~/components/directory";
import { LocalText } from "~/components/vocabulary";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { filterParams } from "~/modules/directory/filters";
import { badFilter, parseFilters } from "~/modules/directory/filters.server";
import { listExpertiseTags, listPeople, orgNameBySlug } from "~/modules/people/queries.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.directory.people")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "directory.view" });
  const parsed = parseFilters(new URL(request.url).searchParams);
  if (!parsed) return badFilter(request, viewer);
  const { after, ...filters } = parsed;
  const [page, tags, orgName] = await Promise.all([listPeople(context.db, parsed), listExpertiseTags(context.db), filters.org ? orgNameBySlug(context.db, filters.org) : Promise.resolve(null)]);
  return {
    filters,
    orgName,
    people: page.items,
    nextHref: page.next ? `/directory/people${filterParams(filters, { after: page.next })}` : null,
    firstHref: after ? `/directory/people${filterParams(filters)}` : null,
    tags,
  };
}

export default function DirectoryPeople() {
  const t = useT();
  const { filters, orgName, people, nextHref, firstHref, tags } = useLoaderData<typeof loader>();
  return (
    <section className="page directory">
      <h1>{t("directory.title")}</h1>
      <DirectoryTabs current="people" filters={filters} />
      <p className="muted">{t("directory.intro.people")}</p>
      {filters.org ? (
        <div className="notice filter-scope">
          <p>
            <strong>{t("directory.people.ofOrg", { org: orgName ?? filters.org })}</strong>
          </p>
          <p>
            <Link to={`/directory/people${filterParams({ ...filters, org: null })}`}>{t("directory.people.allOrgs")}</Link>
          </p>
        </div>
      ) : null}
      <DirectoryFilterForm tab="people" filters={filters} tags={tags} />
      {people.length === 0 ? (
        <p role="status">{t("directory.empty")}</p>
      ) : (
        <ul className="list directory-list">
          {people.map((p) => (
            <li key={p.id}>
              <h2 className="entry-title">
                <Link to={`/directory/people/${p.id}`}>{p.name}</Link>
              </h2>
              <p className="entry-meta">
                {p.job_title ? (
                  <>
                    <LocalText original={p.job_title} en={p.job_title_en} />
                    {" · "}
                  </>
                ) : null}
                <Link to={`/directory/orgs/${p.org_slug}`}>{p.org_name}</Link>
              </p>
              <TagList tags={p.expertise_tags} base="/directory/people" label={t("directory.person.expertise")} />
            </li>
          ))}
        </ul>
      )}
      <Pager firstHref={firstHref} nextHref={nextHref} />
    </section>
  );
}
