import { matchRoutes } from "@remix-run/react";
import type { Locale, Message } from "./types";
import { registerCatalog } from "./registry";

/**
 * In the browser: the messages of the routes on screen, in the page's language only (issue 15 item 2,
 * docs/decisions/0015-page-weight.md). The server knows which keys each route's code can show
 * (app/i18n/route-keys.json, from scripts/route-keys.ts) and answers /i18n/<build>/<locale>?r=<route ids> with
 * them: one small JSON file per set of routes, cached for good (the build version is in its address). Fetched before
 * hydration (entry.client.tsx) and before each navigation renders (the root clientLoader), so a page never shows a
 * bare key.
 */
const loaded: Record<Locale, Set<string>> = { lv: new Set(), en: new Set() };

declare global {
  interface Window {
    __remixManifest?: { version?: string };
    __remixRouteModules?: Record<string, unknown>;
    __remixRouter?: { routes: Parameters<typeof matchRoutes>[0] };
  }
}

export async function loadRouteMessages(locale: Locale, routeIds: string[]): Promise<void> {
  const missing = [...new Set(routeIds)].filter((id) => !loaded[locale].has(id)).sort();
  if (missing.length === 0) return;
  const url = `/i18n/${encodeURIComponent(window.__remixManifest?.version ?? "dev")}/${locale}?r=${encodeURIComponent(missing.join(","))}`;
  let res = await fetch(url).catch(() => null);
  if (!res?.ok) res = await fetch(url); // one retry; a second failure is the navigation's error
  if (!res.ok) throw new Error(`messages: ${res.status} for ${url}`);
  registerCatalog(locale, (await res.json()) as Record<string, Message>);
  for (const id of missing) loaded[locale].add(id);
}

/** The route ids the server rendered this document with (Remix lists their modules before loading the entry). */
export function documentRouteIds(): string[] {
  return Object.keys(window.__remixRouteModules ?? { root: null });
}

/** The route ids a URL matches in the browser's route table (discovered before loaders run, so complete here). */
export function matchedRouteIds(href: string): string[] {
  const routes = window.__remixRouter?.routes;
  const matches = routes ? matchRoutes(routes, new URL(href, window.location.href).pathname) : null;
  return ["root", ...(matches ?? []).map((m) => m.route.id)];
}
