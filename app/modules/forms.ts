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

/** Parses a form body with a size cap: an oversized body is refused before it is read into memory. */
export async function readForm(request: Request, maxBytes = 256 * 1024): Promise<FormData> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw new Response("Payload Too Large", { status: 413 });
  return request.formData();
}
