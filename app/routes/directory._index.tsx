import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { DirectoryFilterForm, DirectoryTabs, Pager, TagList, pickDescription, preview } from "~/components/directory";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { filterParams } from "~/modules/directory/filters";
import { badFilter, parseFilters } from "~/modules/directory/filters.server";
import { listOrgs, listOrgTags } from "~/modules/orgs/queries.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.directory")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "directory.view" });
  const parsed = parseFilters(new URL(request.url).searchParams);
  if (!parsed) return badFilter(request, viewer);
  const { after, org: _org, ...filters } = parsed;
  const [page, tags] = await Promise.all([listOrgs(context.db, parsed), listOrgTags(context.db)]);
  return {
    filters: { ...filters, org: null },
    orgs: page.items,
    nextHref: page.next ? `/directory${filterParams(filters, { after: page.next })}` : null,
    firstHref: after ? `/directory${filterParams(filters)}` : null,
    tags,
  };
}

export default function DirectoryOrgs() {
  const t = useT();
  const locale = useLocale();
  const { filters, orgs, nextHref, firstHref, tags } = useLoaderData<typeof loader>();
  return (
    <section className="page directory">
      <h1>{t("directory.title")}</h1>
      <DirectoryTabs current="orgs" filters={filters} />
      <p className="muted">{t("directory.intro.orgs")}</p>
      <DirectoryFilterForm tab="orgs" filters={filters} tags={tags} />
      {orgs.length === 0 ? (
        <p role="status">{t("directory.empty")}</p>
      ) : (
        <ul className="list directory-list">
          {orgs.map((o) => {
            const d = pickDescription(locale, o.description_lv, o.description_en);
            return (
              <li key={o.id}>
                <h2 className="entry-title">
                  <Link to={`/directory/orgs/${o.slug}`}>{o.name}</Link>
                </h2>
                <p className="entry-meta">
                  <span className="badge">{t(`org.type.${o.legal_type}`)}</span> <span className="badge">{t(`org.size.${o.size}`)}</span>
                  {o.city ? <span className="muted"> · {o.city}</span> : null}
                </p>
                {d.text ? (
                  <p className="entry-text" lang={d.lang}>
                    {preview(d.text)}
                  </p>
                ) : null}
                <TagList tags={o.competency_tags} base="/directory" label={t("directory.org.competencies")} />
              </li>
            );
          })}
        </ul>
      )}
      <Pager firstHref={firstHref} nextHref={nextHref} />
    </section>
  );
}
