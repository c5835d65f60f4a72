import type { z, ZodError } from "zod";
import { isMessageKey } from "~/i18n";
import { FormInvalid } from "./errors";

/** FormData → plain object of strings (repeated keys become arrays). */
export function formObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string") continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Zod issues → { field: messageKey } (schemas use message keys as their messages). */
export function fieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const field = String(issue.path[0] ?? "_form");
    out[field] ??= issue.message;
  }
  return out;
}

/**
 * The one shape of an action's refusal: `{ error: { key, vars, field, fields, fieldVars }, ...extra }` with its 4xx
 * status. key/vars: the message to show (next to `field`, or above the form when field is null); fields: every field's
 * message when a form had several problems (a failed parse), fieldVars: their variables. `extra` carries what the page needs to show it again (`values`,
 * the `intent` of the form that failed, …).
 */
export interface ActionErrorBody {
  key: string;
  vars: Record<string, string | number>;
  field: string | null;
  fields: Record<string, string>;
  /** The variables of each field's message in `fields` (only fields whose message has some). */
  fieldVars?: Record<string, Record<string, string | number>>;
}

/** What a form sent, for showing it again after a refusal (leave passwords out). */
export type FormValues = Record<string, string | string[]>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; error: FormInvalid };

/**
 * Validates a form (or a plain object of its values) with a zod schema whose messages are message keys. A form with
 * several intents uses `z.discriminatedUnion("intent", [...])`: the result is typed per intent. On failure the error
 * carries every field's message (`fields`) and is what `actionError()` answers with.
 */
export function parseForm<S extends z.ZodTypeAny>(form: FormData | FormValues, schema: S): ParseResult<z.output<S>> {
  const values = form instanceof FormData ? formObject(form) : form;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  // Each field's first message and, for a custom issue with params, its variables.
  const fieldVars: Record<string, Record<string, string | number>> = {};
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    if (seen.has(field)) continue;
    seen.add(field);
    if (issue.code === "custom" && issue.params) fieldVars[field] = issue.params as Record<string, string | number>;
  }
  // zod's own messages ("Required", "Invalid enum value…") are not ours to show: they become "not accepted".
  const fields = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([f, m]) => [f, isMessageKey(m) ? m : "error.400.title"]));
  return { ok: false, error: new FormInvalid(fields, {}, fieldVars) };
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** A refusal the root error boundary shows translated (the body is a message key). */
function refuse(status: number, key: string): Response {
  return new Response(key, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * Parses a form body, reading at most maxBytes: the cap holds while the body streams (chunked bodies have no
 * Content-Length), an oversized body is answered 413 and never parsed or echoed, anything but a form is 415, and
 * a form that cannot be parsed (broken multipart) is 400.
 */
export async function readForm(request: Request, maxBytes = 256 * 1024): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.split(";", 1)[0].trim().toLowerCase();
  if (type && !FORM_TYPES.has(type)) throw refuse(415, "http.415.body");
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw refuse(413, "http.413.body");
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => {});
          throw refuse(413, "http.413.body");
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof Response) throw err;
      throw refuse(400, "http.badForm");
    }
  }
  if (!type) {
    if (total === 0) return new FormData();
    throw refuse(415, "http.415.body");
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw refuse(400, "http.badForm");
  }
}
