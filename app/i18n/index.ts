import type { Locale, Message } from "./types";
import common from "./messages/common";
import auth from "./messages/auth";
import directory from "./messages/directory";
import admin from "./messages/admin";
import mail from "./messages/mail";
import settings from "./messages/settings";
import orgs from "./messages/orgs";
import groups from "./messages/groups";
import campaigns from "./messages/campaigns";
import logistics from "./messages/logistics";
import live from "./messages/live";
import events from "./messages/events";
import http from "./messages/http";
import policy from "./messages/policy";
import privacy from "./messages/privacy";
import titles from "./messages/titles";
import home from "./messages/home";
import notifications from "./messages/notifications";
import files from "./messages/files";

export * from "./types";

const en = {
  ...common.en,
  ...auth.en,
  ...directory.en,
  ...admin.en,
  ...mail.en,
  ...settings.en,
  ...orgs.en,
  ...groups.en,
  ...campaigns.en,
  ...logistics.en,
  ...live.en,
  ...events.en,
  ...http.en,
  ...policy.en,
  ...privacy.en,
  ...titles.en,
  ...home.en,
  ...notifications.en,
  ...files.en,
};
const lv: Record<keyof typeof en, Message> = {
  ...common.lv,
  ...auth.lv,
  ...directory.lv,
  ...admin.lv,
  ...mail.lv,
  ...settings.lv,
  ...orgs.lv,
  ...groups.lv,
  ...campaigns.lv,
  ...logistics.lv,
  ...live.lv,
  ...events.lv,
  ...http.lv,
  ...policy.lv,
  ...privacy.lv,
  ...titles.lv,
  ...home.lv,
  ...notifications.lv,
  ...files.lv,
};

export type MessageKey = keyof typeof en;
const catalogs: Record<Locale, Record<string, Message>> = { en, lv };

export type Vars = Record<string, string | number>;
export type T = (key: MessageKey, vars?: Vars) => string;

const pluralRules: Record<Locale, Intl.PluralRules> = {
  lv: new Intl.PluralRules("lv"),
  en: new Intl.PluralRules("en"),
};

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const msg = catalogs[locale][key] ?? catalogs.en[key] ?? key;
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
  return k in en;
}
