import routeKeys from "./route-keys.json";
import { catalogs } from "./registry";
import type { Locale, Message } from "./types";
import "./catalogs.server";

// The server side of app/i18n/load.ts: the messages of the given routes (their keys from scripts/route-keys.ts), in
// one language. Memoised per language and set of routes (there are few such sets; each is some kilobytes).
const KEYS = routeKeys as Record<string, string[]>;
const memo = new Map<string, string>();

export function isRouteId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(KEYS, id);
}

/** The JSON text of the routes' messages in `locale` (English where a Latvian one is missing, like translate()). */
export function routeMessagesJson(locale: Locale, routeIds: string[]): string {
  const ids = [...new Set(routeIds.filter(isRouteId))].sort();
  const memoKey = `${locale}:${ids.join(",")}`;
  let text = memo.get(memoKey);
  if (text === undefined) {
    const out: Record<string, Message> = {};
    for (const id of ids) for (const k of KEYS[id]) out[k] = catalogs[locale]?.[k] ?? catalogs.en?.[k] ?? k;
    text = JSON.stringify(out);
    if (memo.size < 2000) memo.set(memoKey, text);
  }
  return text;
}
