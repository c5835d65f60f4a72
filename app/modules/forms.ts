import type { ZodError } from "zod";

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
