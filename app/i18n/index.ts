import type { Locale } from "./types";
import type { ClientCatalog } from "./catalog-en";
import type * as mail from "./messages/mail";
import { catalogs } from "./registry";
import "./catalogs.server";

export * from "./types";
export { registerCatalog } from "./registry";

export type MessageKey = keyof ClientCatalog | keyof typeof mail.en;

export type Vars = Record<string, string | number>;
export type T = (key: MessageKey, vars?: Vars) => string;

const pluralRules: Record<Locale, Intl.PluralRules> = {
  lv: new Intl.PluralRules("lv"),
  en: new Intl.PluralRules("en"),
};

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const msg = catalogs[locale]?.[key] ?? catalogs.en?.[key] ?? key;
  let text: string;
  if (typeof msg === "string") text = msg;
  else {
    const n = Number(vars?.count ?? 0);
    const cat = pluralRules[locale].select(n) as keyof typeof msg;
    text = (msg[cat] as string | undefined) ?? msg.other;
  }
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export function translator(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars);
}

/** True when a string is a known message key (used for error codes carried from server to UI). */
export function isMessageKey(k: string): k is MessageKey {
  for (const c of Object.values(catalogs)) if (c && Object.prototype.hasOwnProperty.call(c, k)) return true;
  return false;
}
