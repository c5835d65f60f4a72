import type { Executor } from "~/context";
import { isImage } from "./types";
import type { FileRecord } from "./access.server";
import { postgresStorage } from "./storage.server";

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987): Latvian letters survive, old clients get a fallback. */
export function contentDisposition(kind: "attachment" | "inline", name: string): string {
  const ascii =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\]/g, "_")
      .trim() || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One byte range of `size` bytes (RFC 9110 §14): "bytes=a-b", "a-", "-n"; null: the whole file; "unsatisfiable": 416. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // several ranges or nonsense: send it all
  if (size === 0) return "unsatisfiable";
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/**
 * The file's bytes as a response, streamed a chunk at a time: an attachment (inline only for an image preview), its
 * stored type with nosniff, a CSP sandbox in case a browser renders it anyway, never cached by shared caches, and
 * ranges (206) for resumable and partial downloads.
 */
export function fileResponse(exec: Executor, file: FileRecord, request: Request, opts: { inline: boolean; engine: "postgres" | "pglite" }): Response {
  const inline = opts.inline && isImage(file.content_type);
  const type = file.content_type.startsWith("text/") ? `${file.content_type}; charset=utf-8` : file.content_type;
  const headers = new Headers({
    "Content-Type": type,
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Cache-Control": "private, no-cache",
    "Accept-Ranges": "bytes",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (file.sha256) headers.set("ETag", `"${file.sha256}"`);
  const etag = headers.get("ETag");
  if (etag && request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? null : parseRange(request.headers.get("range"), file.size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${file.size}`);
    headers.delete("Content-Disposition");
    return new Response(null, { status: 416, headers });
  }
  const span = range ?? { start: 0, end: file.size - 1 };
  headers.set("Content-Length", String(span.end - span.start + 1));
  if (range) headers.set("Content-Range", `bytes ${span.start}-${span.end}/${file.size}`);
  const body = request.method === "HEAD" || file.size === 0 ? null : postgresStorage(exec, { engine: opts.engine }).read({ id: file.id, size: file.size, chunkSize: file.chunk_size }, span);
  return new Response(body, { status: range ? 206 : 200, headers });
}

/** An image's thumbnail (thumbnails.server.ts) for the lists' previews: shown inline, never cached by shared caches. */
export function thumbnailResponse(thumb: { contentType: string; data: Uint8Array }, file: FileRecord, request: Request): Response {
  const etag = file.sha256 ? `"${file.sha256}-t"` : null;
  const headers = new Headers({
    "Content-Type": thumb.contentType,
    "Content-Disposition": contentDisposition("inline", file.name.replace(/\.[^.]+$/, "") + ".webp"),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-cache",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Length": String(thumb.data.byteLength),
  });
  if (etag) headers.set("ETag", etag);
  if (etag && request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : (thumb.data as Uint8Array<ArrayBuffer>), { status: 200, headers });
}
