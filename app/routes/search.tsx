import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDate } from "~/i18n/format";
import { DateField } from "~/components/forms";
import { parseDateInput } from "~/lib/date-input";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { search } from "~/modules/search/search.server";
import { MAX_QUERY_CHARS, SEARCH_TYPES, isSearchType } from "~/modules/search/query";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.search")];

/** /search?q=…&type=…&from=YYYY-MM-DD&to=YYYY-MM-DD&after=<cursor>: a GET form, so it works without JavaScript and
 * every result page has its own address. Any query text is accepted (words only are searched for). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").slice(0, 2 * MAX_QUERY_CHARS);
  const rawType = params.get("type");
  const type = isSearchType(rawType) ? rawType : null;
  // Dates as typed in the page's format (or ISO); one that is not understood is left out and said so.
  const rawFrom = (params.get("from") ?? "").trim().slice(0, 40);
  const rawTo = (params.get("to") ?? "").trim().slice(0, 40);
  const from = parseDateInput(rawFrom);
  const to = parseDateInput(rawTo);
  const badDate = (!!rawFrom && !from) || (!!rawTo && !to);
  const result = q.trim() ? await search(context.db, viewer, { q, type, from, to, after: params.get("after") }) : null;
  const link = (after: string | null) => {
    const u = new URLSearchParams({ q });
    if (type) u.set("type", type);
    if (from) u.set("from", from);
    if (to) u.set("to", to);
    if (after) u.set("after", after);
    return `/search?${u.toString()}`;
  };
  return {
    q,
    type,
    from,
    to,
    rawFrom,
    rawTo,
    badDate,
    result,
    nextHref: result?.next ? link(result.next) : null,
    firstHref: params.get("after") ? link(null) : null,
  };
}

export default function SearchPage() {
  const t = useT();
  const locale = useLocale();
  const { q, type, from, to, rawFrom, rawTo, badDate, result, nextHref, firstHref } = useLoaderData<typeof loader>();
  const hits = result?.hits ?? [];
  return (
    <section className="page search-page">
      <h1>{t("search.title")}</h1>
      <p className="muted">{t("search.intro")}</p>
      <Form method="get" action="/search" className="filters search-filters" role="search" noValidate>
        <div className="field">
          <label htmlFor="search-q">{t("search.query")}</label>
          <input id="search-q" type="search" name="q" defaultValue={q} maxLength={MAX_QUERY_CHARS} />
        </div>
        <div className="field">
          <label htmlFor="search-type">{t("search.type")}</label>
          <select id="search-type" name="type" defaultValue={type ?? ""}>
            <option value="">{t("search.type.all")}</option>
            {SEARCH_TYPES.map((st) => (
              <option key={st} value={st}>
                {t(`search.type.${st}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <DateField name="from" label={t("search.from")} defaultValue={from ?? rawFrom} />
        <DateField name="to" label={t("search.to")} defaultValue={to ?? rawTo} />
        <div className="field">
          <button type="submit" className="button">
            {t("search.submit")}
          </button>
        </div>
      </Form>
      {badDate ? (
        <p className="notice" role="status">
          {t("search.badDate")}
        </p>
      ) : null}
      {result && !result.empty ? (
        hits.length === 0 ? (
          <div role="status" className="search-empty">
            <p>
              <strong>{t("search.empty", { q })}</strong>
            </p>
            <p>{t("search.empty.tips")}</p>
            <ul>
              <li>{t("search.empty.tip1")}</li>
              <li>{t("search.empty.tip2")}</li>
              <li>{t("search.empty.tip3")}</li>
              {type || from || to ? (
                <li>
                  <Link to={`/search?${new URLSearchParams({ q }).toString()}`}>{t("search.empty.tip4")}</Link>
                </li>
              ) : null}
            </ul>
          </div>
        ) : (
          <>
            <h2 className="visually-hidden">{t("search.results", { q })}</h2>
            {result.fuzzy ? <p role="status">{t("search.fuzzy")}</p> : null}
            <ol className="list search-results">
              {hits.map((h) => (
                <li key={`${h.kind}:${h.id}`}>
                  <h3 className="entry-title">
                    <Link to={h.href}>{(locale === "en" && h.titleEn) || h.title}</Link>
                  </h3>
                  <p className="entry-meta">
                    <span className="tag">{t(`search.kind.${h.kind}` as MessageKey)}</span>
                    {h.kind === "org" || h.kind === "person" ? null : <span> {formatDate(h.at, locale)}</span>}
                  </p>
                  {h.snippet.length > 0 ? <p className="search-snippet">{h.snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</p> : null}
                </li>
              ))}
            </ol>
          </>
        )
      ) : null}
      {firstHref || nextHref ? (
        <nav className="pager" aria-label={t("search.pages")}>
          <span>{firstHref ? <Link to={firstHref}>{t("search.first")}</Link> : null}</span>
          <span>
            {nextHref ? (
              <Link to={nextHref} rel="next">
                {t("common.next")}
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </section>
  );
}
