import type { Locale } from "./types";
import { catalogs, registerCatalog } from "./registry";

/**
 * In the browser: fetches the page language's messages once (a chunk of their own, so a page carries one language),
 * before hydration (entry.client.tsx) and before a navigation renders in another language (root clientLoader).
 */
export async function loadCatalog(locale: Locale): Promise<void> {
  if (catalogs[locale]) return;
  const messages = locale === "en" ? (await import("./catalog-en")).default : (await import("./catalog-lv")).default;
  registerCatalog(locale, messages);
}
