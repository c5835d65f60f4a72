import { useRouteLoaderData } from "@remix-run/react";
import { translator, type Locale, type T } from "~/i18n";
import type { RootData } from "~/root";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data?.locale ?? "lv";
}

export function useT(): T {
  return translator(useLocale());
}

export function useViewer(): RootData["viewer"] {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data?.viewer ?? null;
}
