import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { loadRouteMessages, matchedRouteIds } from "~/i18n/load";
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { isLocale, isMessageKey, translator, type Locale } from "~/i18n";
import { privacyContact } from "~/modules/privacy/contact";
import { useNonce } from "~/components/nonce";
import { getViewer } from "~/modules/auth/session.server";
import { isActiveMember } from "~/modules/policy/facts";
import { resolveLocale } from "~/modules/i18n/locale.server";
import { unreadCount } from "~/modules/notifications/notifications.server";
import { UNREAD_CAP } from "~/modules/notifications/constants";
import { RealtimeProvider } from "~/realtime/socket-context";
import { LiveNotifications } from "~/realtime/use-notifications";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale === "en" ? "en" : "lv")("app.name") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  const locale = await resolveLocale(request, viewer);
  const unread = viewer && isActiveMember(viewer) ? await unreadCount(context.db, viewer.id) : 0;
  return {
    locale,
    unread,
    // The footer's contact link (the privacy notice names the controller in full).
    contactEmail: privacyContact(context.config).controllerEmail,
    viewer: viewer
      ? {
          id: viewer.id,
          name: viewer.name,
          clusterRole: viewer.clusterRole,
          orgRole: viewer.orgRole,
          orgId: viewer.orgId,
          orgName: viewer.orgName,
          active: isActiveMember(viewer),
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

// Whether the next root clientLoader call needs the server's root data (see shouldRevalidate).
let rootDataStale = true;

/**
 * The root's clientLoader runs on every navigation, because it loads the messages of the routes the new page shows
 * (the first page's are loaded by entry.client). Its server data is fetched only when React Router would have
 * revalidated it by itself (after an action, on a reload of the same address, when the query changes; single fetch
 * always hands `true` as the default, so the rule is spelled out here); otherwise the data on screen is kept.
 */
export function shouldRevalidate({ currentUrl, nextUrl, formMethod }: ShouldRevalidateFunctionArgs) {
  rootDataStale = (!!formMethod && formMethod.toUpperCase() !== "GET") || currentUrl.href === nextUrl.href || currentUrl.search !== nextUrl.search;
  return true;
}

/**
 * In the browser, after the first page: the root data (from the server when stale, above) names the language; the
 * messages of the matched routes in that language are fetched before the new page renders, so nothing shows a bare
 * key, also after a switch of language or a login as someone who reads the other one.
 */
export async function clientLoader({ request, serverLoader }: ClientLoaderFunctionArgs) {
  const current = (window.__remixRouter as { state?: { loaderData: Record<string, unknown> } } | undefined)?.state?.loaderData.root as RootData | undefined;
  const stale = rootDataStale || !current;
  rootDataStale = true;
  const routeIds = matchedRouteIds(request.url);
  if (!stale && current) {
    await loadRouteMessages(current.locale, routeIds);
    return current;
  }
  // Fetch the messages in the language on screen alongside the data; a different language in the data fetches again.
  const guess = document.documentElement.lang === "en" ? "en" : "lv";
  const [data] = await Promise.all([serverLoader<typeof loader>(), loadRouteMessages(guess, routeIds)]);
  await loadRouteMessages(data.locale, routeIds);
  return data;
}

/**
 * The site search box (app/routes/search.tsx): a plain GET form, so it works without JavaScript. It shows the query
 * of the search page it is on, and keeps what the person is typing when some other navigation completes meanwhile.
 */
function HeaderSearch({ label, submit }: { label: string; submit: string }) {
  const location = useLocation();
  const shown = location.pathname === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  return (
    <form method="get" action="/search" role="search" className="header-search" noValidate>
      <label htmlFor="header-search-q" className="visually-hidden">
        {label}
      </label>
      {/* Keyed by the query shown, not the address: a new search shows its words, any other navigation keeps the typing. */}
      <input key={shown} id="header-search-q" type="search" name="q" maxLength={200} defaultValue={shown} />
      <button type="submit" className="button small">
        {submit}
      </button>
    </form>
  );
}

function Header({ data }: { data: RootData | undefined }) {
  const locale: Locale = data?.locale ?? "lv";
  const t = translator(locale);
  const viewer = data?.viewer ?? null;
  const location = useLocation();
  const here = location.pathname + location.search;
  const sections = [
    ["/groups", "nav.groups"],
    ["/events", "nav.events"],
    ["/campaigns", "nav.campaigns"],
    ["/logistics", "nav.logistics"],
    ["/directory", "nav.directory"],
  ] as const;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span>{t("app.name")}</span>
        </Link>
        {viewer?.active ? (
          <nav aria-label={t("nav.main")} className="main-nav">
            <ul>
              {sections.map(([to, key]) => (
                <li key={to}>
                  <NavLink to={to}>{t(key)}</NavLink>
                </li>
              ))}
              {viewer.clusterRole === "admin" ? (
                <li>
                  <NavLink to="/admin">{t("nav.admin")}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        {viewer?.active ? <HeaderSearch label={t("search.label")} submit={t("search.submit")} /> : null}
        {viewer ? (
          // Phones: the sections and the account links fold into one menu (a <details>: works without JavaScript).
          <details className="header-menu">
            <summary>{t("nav.menu")}</summary>
            <nav aria-label={t("nav.main")}>
              <ul>
                {viewer.active
                  ? sections.map(([to, key]) => (
                      <li key={to}>
                        <NavLink to={to}>{t(key)}</NavLink>
                      </li>
                    ))
                  : null}
                {viewer.active && viewer.clusterRole === "admin" ? (
                  <li>
                    <NavLink to="/admin">{t("nav.admin")}</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/settings">{viewer.name}</NavLink>
                </li>
                <li>
                  <Form noValidate method="post" action="/logout">
                    <button type="submit" className="button-link">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </li>
              </ul>
            </nav>
          </details>
        ) : null}
        <div className="header-tools">
          <Form noValidate method="post" action="/lang" className="lang-switch" aria-label={t("lang.switch")}>
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" name="lang" value="lv" aria-pressed={locale === "lv"} lang="lv">
              LV
            </button>
            <button type="submit" name="lang" value="en" aria-pressed={locale === "en"} lang="en">
              EN
            </button>
          </Form>
          {viewer ? (
            <>
              {viewer.active ? <NotificationsLink count={data?.unread ?? 0} t={t} /> : null}
              <Link to="/settings" className="user-link">
                {viewer.name}
              </Link>
              <Form noValidate method="post" action="/logout" className="logout-form">
                <button type="submit" className="button-link">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">{t("nav.login")}</Link>
              <Link to="/signup" className="button small">
                {t("nav.signup")}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function NotificationsLink({ count, t }: { count: number; t: ReturnType<typeof translator> }) {
  const shown = count > UNREAD_CAP ? `${UNREAD_CAP}+` : String(count);
  return (
    <Link to="/notifications" className="notifications-link" aria-label={count > 0 ? t("notifications.linkUnread", { count: shown }) : t("notifications.title")}>
      {t("notifications.title")}
      {count > 0 ? (
        <span className="count-badge" aria-hidden="true" data-unread={count}>
          {shown}
        </span>
      ) : null}
    </Link>
  );
}

function Document({ children, locale, data }: { children: ReactNode; locale: Locale; data: RootData | undefined }) {
  const nonce = useNonce();
  const t = translator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header data={data} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("app.tagline")}</p>
          <p className="footer-links">
            <Link to="/privacy">{t("footer.privacy")}</Link>
            {data?.contactEmail ? (
              <>
                {" · "}
                <a href={`mailto:${data.contactEmail}`}>
                  {t("footer.contact")}: {data.contactEmail}
                </a>
              </>
            ) : null}
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document locale={data?.locale ?? "lv"} data={data}>
      {/* One socket per tab, for signed-in active members (live discussions); pages work without it. */}
      <RealtimeProvider personId={data?.viewer?.id ?? null} active={!!data?.viewer?.active}>
        <LiveNotifications />
        <Outlet />
      </RealtimeProvider>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  // A refusal may carry a message key and, when the root loader could not run (database down), the locale.
  const payload: unknown = isRouteErrorResponse(error) ? error.data : null;
  const carried = payload && typeof payload === "object" ? (payload as { message?: unknown; locale?: unknown }) : null;
  const locale: Locale = data?.locale ?? (isLocale(carried?.locale) ? carried.locale : "lv");
  const t = translator(locale);
  const text = typeof payload === "string" ? payload : typeof carried?.message === "string" ? carried.message : null;
  const message = text && isMessageKey(text) ? t(text) : null;
  let title = t("error.title");
  let body = t("error.500.body");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) {
      title = t("error.404.title");
      body = t("error.404.body");
    } else if (status === 403 || status === 409) {
      // A policy refusal carries its reason (assertCan): say why.
      title = t("error.403.title");
      body = message ?? t("error.403.body");
    } else if (status === 429) {
      title = t("error.429.title");
      body = t("error.429.body", { seconds: 60 });
    } else if (status === 413) {
      title = t("http.413.title");
      body = message ?? t("http.413.body");
    } else if (status === 415) {
      title = t("http.415.title");
      body = message ?? t("http.415.body");
    } else if (status === 503) {
      title = t("http.503.title");
      body = message ?? t("http.503.body");
    } else if (status === 400) {
      title = t("error.400.title");
      body = message ?? (text && text.length < 300 ? text : t("error.400.title"));
    }
  } else if (typeof document !== "undefined") {
    console.error(error); // the server logs it once, in entry.server's handleError
  }
  return (
    <Document locale={locale} data={data}>
      <section className="error-page">
        <p className="error-status">{status}</p>
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <Link to="/">{t("error.goHome")}</Link>
        </p>
      </section>
    </Document>
  );
}
