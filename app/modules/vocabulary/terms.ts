import { z } from "zod";
import type { Locale } from "~/i18n";
import { TERM_KEY_MAX, TERM_KEY_PATTERN, type VocabularyKind } from "~/lib/vocabulary-terms";

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

/** Terms in alphabetical order of their label in the reader's language. */
export function sortTerms(terms: readonly Term[], locale: Locale): Term[] {
  return [...terms].sort((a, b) => termLabel(a, locale).localeCompare(termLabel(b, locale), locale, { sensitivity: "base" }));
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

const oneLine = /^[^\r\n<>]*$/;

/**
 * A checkbox list of term keys (the field repeated, or absent for none): deduplicated, each a well-formed key, at
 * most `max` (refused with `tooMany`, which gets `{ max }`). Whether the keys exist is checked when saving.
 */
export function termKeysField(max: number, tooMany: string, invalid: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v, ctx) => {
      const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
      const keys = [...new Set(list.map((k) => k.trim()).filter(Boolean))];
      if (keys.some((k) => k.length > TERM_KEY_MAX || !TERM_KEY_PATTERN.test(k))) {
        ctx.addIssue({ code: "custom", message: invalid });
        return z.NEVER;
      }
      if (keys.length > max) {
        ctx.addIssue({ code: "custom", message: tooMany, params: { max } });
        return z.NEVER;
      }
      return keys;
    });
}

/** One label of a new term: optional, one line, no angle brackets, at most TERM_LABEL_MAX characters. */
export const newTermLabel = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim().replace(/\s+/g, " "))
  .refine((s) => [...s].length <= TERM_LABEL_MAX && oneLine.test(s), { message: "vocabulary.error.labelInvalid", params: { max: TERM_LABEL_MAX } });

/** The names of a term choice's form fields: the checkboxes, and the new term's two labels. */
export function termFieldNames(name: string): { keys: string; lv: string; en: string } {
  return { keys: name, lv: `${name}NewLv`, en: `${name}NewEn` };
}
