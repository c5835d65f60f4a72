import type { Locale, Message } from "./types";

// The loaded messages: both whole catalogs on the server (catalogs.server.ts); in the browser, the page language's
// messages of the routes shown so far (load.ts), added to as navigation reaches other routes.
export const catalogs: Partial<Record<Locale, Record<string, Message>>> = {};

export function registerCatalog(locale: Locale, messages: Record<string, Message>): void {
  catalogs[locale] = Object.assign(catalogs[locale] ?? {}, messages);
}
