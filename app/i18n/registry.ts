import type { Locale, Message } from "./types";

// The loaded catalogs: both on the server (catalogs.server.ts), the page's language in the browser (load.ts).
export const catalogs: Partial<Record<Locale, Record<string, Message>>> = {};

export function registerCatalog(locale: Locale, messages: Record<string, Message>): void {
  catalogs[locale] = messages;
}
