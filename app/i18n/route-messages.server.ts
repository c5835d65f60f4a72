import routeKeys from "./route-keys.json";
import { catalogs } from "./registry";
import type { Locale, Message } from "./types";
import "./catalogs.server";

// The server side of app/i18n/load.ts: the messages of the given routes (their keys from scripts/route-keys.ts), in
// one language. Each route's messages are picked once per language (a bounded memo: routes × 2); a request's union
// is built from them (a few hundred keys). Browsers keep the answer for good, so few ask twice.
const KEYS = routeKeys as Record<string, string[]>;
const picked = new Map<string, Array<[string, Message]>>();

export function isRouteId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(KEYS, id);
}

function routeMessages(locale: Locale, id: string): Array<[string, Message]> {
  let list = picked.get(`${locale}:${id}`);
  if (!list) {
    list = KEYS[id].map((k) => [k, catalogs[locale]?.[k] ?? catalogs.en?.[k] ?? k]);
    picked.set(`${locale}:${id}`, list);
  }
  return list;
}

/** The JSON text of the routes' messages in `locale` (English where a Latvian one is missing, like translate()). */
export function routeMessagesJson(locale: Locale, routeIds: string[]): string {
  const out: Record<string, Message> = {};
  for (const id of new Set(routeIds)) if (isRouteId(id)) for (const [k, m] of routeMessages(locale, id)) out[k] = m;
  return JSON.stringify(out);
}
