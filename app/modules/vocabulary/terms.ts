import type { Locale } from "~/i18n";
import type { VocabularyKind } from "~/lib/vocabulary-terms";
import { fold } from "~/modules/text";

// Controlled vocabularies (ADR 0008): a term has a stable key, stored in the tag columns and used in filter URLs,
// and a label in each language, shown in the reader's language. Shared by loaders, forms and components.

export type { VocabularyKind };

export interface Term {
  key: string;
  lv: string;
  en: string;
}

/** Longest label of a term a member adds. */
export const TERM_LABEL_MAX = 40;

/** The term's label in the reader's language (the other one if that one is empty). */
export function termLabel(term: Term, locale: Locale): string {
  return (locale === "en" ? term.en || term.lv : term.lv || term.en) || term.key;
}

/**
 * Terms in alphabetical order of their label in the reader's language (letters without their marks, then as written).
 * No Intl collation: the server and the browser must agree on the order, or hydration fails.
 */
export function sortTerms(terms: readonly Term[], locale: Locale): Term[] {
  const keyed = terms.map((t) => ({ t, label: termLabel(t, locale), folded: fold(termLabel(t, locale)) }));
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return keyed.sort((a, b) => cmp(a.folded, b.folded) || cmp(a.label, b.label)).map((x) => x.t);
}

/**
 * Free text written by people (a job title, a budget line's description) with an optional English version: English
 * readers get the English text when there is one, everyone else (and English readers without one) the original.
 */
export function inReaderLanguage(locale: Locale, original: string, english: string | null | undefined): { text: string; lang: Locale | undefined } {
  const en = (english ?? "").trim();
  if (locale === "en" && en) return { text: en, lang: "en" };
  return { text: original, lang: undefined };
}

/** The names of a term choice's form fields: the checkboxes, and the new term's two labels. */
export function termFieldNames(name: string): { keys: string; lv: string; en: string } {
  return { keys: name, lv: `${name}NewLv`, en: `${name}NewEn` };
}
