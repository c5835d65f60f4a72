import { z } from "zod";
import { TERM_KEY_MAX, TERM_KEY_PATTERN } from "~/lib/vocabulary-terms";
import { TERM_LABEL_MAX } from "./terms";

// Form fields of a term choice (ADR 0008), for the edit forms' zod schemas (server side).

// one line: no control characters (CR/LF included), no angle brackets
const oneLine = /^[^\u0000-\u001f\u007f<>]*$/;

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
