import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { pickLang } from "~/components/groups";
import { sortTerms, termLabel } from "~/modules/vocabulary/terms";
import { requireMember } from "~/modules/auth/guards.server";
import { can } from "~/modules/policy/authorize.server";
import { groupTags, listGroups } from "~/modules/groups/groups.server";
import { plainSummary } from "~/modules/threads/markdown.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.groups")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const url = new URL(request.url);
  const tag = url.searchParams.get("tag") || null;
  const after = url.searchParams.get("after");
  const [list, tags] = await Promise.all([listGroups(context.db, viewer, { tag, after }), groupTags(context.db, viewer)]);
  return {
    items: list.items.map((g) => ({ ...g, descriptionLv: plainSummary(g.descriptionLv), descriptionEn: plainSummary(g.descriptionEn) })),
    next: list.next,
    tag,
    tags,
    first: !after,
    canCreate: can(viewer, { action: "group.create" }),
  };
}

export default function Groups() {
  const t = useT();
  const locale = useLocale();
  const { items, next, tag, tags, first, canCreate } = useLoaderData<typeof loader>();
  return (
    <section className="page groups">
      <div className="page-head">
        <h1>{t("nav.groups")}</h1>
        {canCreate ? (
          <Link to="/groups/new" className="button">
            {t("groups.create")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("groups.intro")}</p>
      <Form noValidate method="get" className="filters" role="search" aria-label={t("groups.filter.label")}>
        <div className="field">
          <label htmlFor="f-tag">{t("groups.filter.tag")}</label>
          <select id="f-tag" name="tag" defaultValue={tag ?? ""}>
            <option value="">{t("common.any")}</option>
            {sortTerms(tags, locale).map((x) => (
              <option key={x.key} value={x.key}>
                {termLabel(x, locale)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("common.filter")}
        </button>
      </Form>
      {items.length === 0 ? <p>{first ? t("groups.none") : t("common.none")}</p> : null}
      {items.map((g, i) => {
        const section = g.role ? "mine" : "other";
        // A heading where the section starts (the list is the viewer's groups first, then the others).
        const heading = i === 0 || !!items[i - 1].role !== !!g.role ? <h2>{section === "mine" ? t("groups.list.mine") : t("groups.list.other")}</h2> : null;
        const name = pickLang(locale, g.nameLv, g.nameEn).text;
        const desc = pickLang(locale, g.descriptionLv, g.descriptionEn).text;
        return (
          <div key={g.id}>
            {heading}
            <article className="card group-card" aria-labelledby={`g-${g.id}`}>
              <h3 id={`g-${g.id}`}>
                <Link to={`/groups/${g.slug}`}>{name}</Link>
              </h3>
              <p className="button-row">
                <span className="badge">{t(`groups.visibility.${g.visibility}`)}</span>
                <span className="badge">{t(`groups.policy.${g.joinPolicy}`)}</span>
                {g.role === "lead" ? <span className="badge">{t("groups.role.lead")}</span> : null}
                {g.invited && !g.role ? <span className="badge">{t("groups.invited")}</span> : null}
                {g.archived ? <span className="badge">{t("groups.archived")}</span> : null}
                <span className="muted">{t("groups.memberCount", { count: g.members })}</span>
              </p>
              {desc ? <p>{desc}</p> : null}
              {g.tags.length ? (
                <p>
                  {g.tags.map((x) => (
                    <Link key={x.key} className="tag" to={`/groups?tag=${encodeURIComponent(x.key)}`}>
                      {termLabel(x, locale)}
                    </Link>
                  ))}
                </p>
              ) : null}
            </article>
          </div>
        );
      })}
      {next ? (
        <nav className="pager" aria-label={t("groups.pager")}>
          <span />
          <Link to={`/groups?${new URLSearchParams({ ...(tag ? { tag } : {}), after: next })}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
