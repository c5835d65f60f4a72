export type Locale = "lv" | "en";
export const LOCALES: Locale[] = ["lv", "en"];
export const TIME_ZONE = "Europe/Riga";

/** A message is a string with {placeholders}, or plural forms chosen by Intl.PluralRules (lv: zero/one/other). */
export type Message = string | { zero?: string; one: string; other: string; few?: string };
export type Messages = Record<string, Message>;
/** Each domain file exports both languages with the same keys (the type checks the LV side against EN). */
export type Bilingual<T extends Messages> = { en: T; lv: { [K in keyof T]: Message } };

export function isLocale(v: unknown): v is Locale {
  return v === "lv" || v === "en";
}
