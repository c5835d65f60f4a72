// <title> in the page's language: "<prefix · >Page · Site". The locale comes from the root loader, which every page has.
import type { MetaArgs } from "@remix-run/react";
import { translate, type Locale, type MessageKey } from "./index";

type Matches = MetaArgs["matches"];

export function pageLocale(matches: Matches): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return root?.locale === "en" ? "en" : "lv";
}

/** The title meta descriptor of a page: an optional prefix (the thing's own name), the page's name, the site's name. */
export function pageTitle(matches: Matches, key: MessageKey, prefix?: string | null): [{ title: string }] {
  const locale = pageLocale(matches);
  const parts = [prefix, translate(locale, key), translate(locale, "app.name")].filter((p): p is string => !!p);
  return [{ title: parts.join(" · ") }];
}
