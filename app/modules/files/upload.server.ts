import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import busboy from "busboy";
import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import type { Viewer } from "~/modules/policy/facts";
import { DEFAULT_FILE_LIMITS, MB, type FileLimits } from "./limits";
import { CHUNK_SIZE, postgresStorage, type FileWriter } from "./storage.server";
import { ALLOWED_TYPES, TEXT_TYPES, extensionOf, safeFileName, type AllowedType } from "./types";

/** A file received and stored as `staged`: it becomes visible only when an owner takes it (attachFiles). */
export interface StagedFile {
  id: string;
  name: string;
  size: number;
  mime: string;
}

export interface Upload {
  /** The form's other fields. */
  form: FormData;
  files: StagedFile[];
  /** The first refusal (too large, type not allowed, empty, over the quota): nothing of that file was kept. */
  error: ActionError | null;
  /** Deletes this upload's files that no owner took. Call it once the action is done, whatever happened. */
  discard(): Promise<void>;
}

/** How much of the start of a file is looked at to tell its type (an Office file's parts list is near the start). */
const DETECT_BYTES = 256 * 1024;
/** Text kept from a TXT/CSV for search (the whole file stays downloadable). */
export const SEARCH_TEXT_MAX = 200_000;

type Ctx = Pick<AppContext, "db" | "config" | "dbKind">;

export function fileLimits(ctx: Pick<AppContext, "config">): FileLimits {
  return ctx.config.files ?? DEFAULT_FILE_LIMITS;
}

/** Bytes of files one organisation's people have uploaded (ready files; the quota counts these). */
export async function orgUsage(exec: Executor, orgId: string): Promise<number> {
  const row = await exec
    .selectFrom("file")
    .select(sql<string>`coalesce(sum(size), 0)`.as("used"))
    .where("org_id", "=", orgId)
    .where("status", "=", "ready")
    .executeTakeFirstOrThrow();
  return Number(row.used);
}

function refuse(status: number, key: string): Response {
  return new Response(key, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * Reads a form that may carry files in `field` (a plain form is read by readForm). Each file streams into storage as
 * it arrives, a chunk at a time, its type decided by its content; a refused file (too large, not an allowed type,
 * empty, over the organisation's quota) is read to its end and dropped, so the page can answer with the reason. A
 * body that breaks off (the connection dropped) leaves nothing behind. Text fields together may take `maxFields` bytes.
 */
export async function readUpload(ctx: Ctx, viewer: Viewer, request: Request, opts: { field?: string; maxFields?: number } = {}): Promise<Upload> {
  const field = opts.field ?? "file";
  const maxFields = opts.maxFields ?? 512 * 1024;
  const type = (request.headers.get("content-type") ?? "").split(";", 1)[0].trim().toLowerCase();
  const staged: string[] = [];
  const discard = async () => {
    if (staged.length === 0) return;
    await ctx.db.deleteFrom("file").where("id", "in", staged).where("status", "=", "staged").execute();
  };
  if (type !== "multipart/form-data") return { form: await readForm(request, maxFields), files: [], error: null, discard };

  const limits = fileLimits(ctx);
  const storage = postgresStorage(ctx.db, { engine: ctx.dbKind });
  const files: StagedFile[] = [];
  let error: ActionError | null = null;
  let used: number | null = null;

  async function stage(rawName: string, data: AsyncIterable<Uint8Array>): Promise<void> {
    const displayName = rawName.slice(0, 200);
    let failed: ActionError | null = null;
    const fail = (status: number, key: string, vars: Record<string, string | number> = {}) => {
      failed ??= new ActionError(status, key, { name: displayName, ...vars }, field);
    };
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let size = 0;
    let kind: AllowedType | null = null;
    let isText = false;
    let utf8: TextDecoder | null = null;
    let text = "";
    let fileId: string | null = null;
    let writer: FileWriter | null = null;
    const hash = crypto.createHash("sha256");
    used ??= await orgUsage(ctx.db, viewer.orgId);

    const decided = async () => {
      const bytes = concat(head, headBytes);
      const { fileTypeFromBuffer } = await import("file-type");
      const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
      if (found) kind = ALLOWED_TYPES[found.ext] ?? null;
      else {
        kind = TEXT_TYPES[extensionOf(rawName)] ?? null;
        isText = kind !== null;
      }
      if (!kind) return fail(415, "files.error.typeNotAllowed");
      const row = await ctx.db
        .insertInto("file")
        .values({ org_id: viewer.orgId, uploaded_by: viewer.id, name: safeFileName(rawName, kind.ext), content_type: kind.mime, chunk_size: CHUNK_SIZE })
        .returning("id")
        .executeTakeFirstOrThrow();
      fileId = row.id;
      staged.push(fileId);
      writer = storage.writer(fileId);
      if (isText) utf8 = new TextDecoder("utf-8", { fatal: true });
      await store(bytes);
    };
    const store = async (chunk: Uint8Array) => {
      if (utf8) {
        try {
          const s = utf8.decode(chunk, { stream: true });
          if (s.includes("\u0000")) return fail(415, "files.error.notText");
          if (text.length < SEARCH_TEXT_MAX) text += s.slice(0, SEARCH_TEXT_MAX - text.length);
        } catch {
          return fail(415, "files.error.notText");
        }
      }
      await writer!.write(chunk);
    };

    try {
      for await (const chunk of data) {
        if (failed) continue; // read to the end, keep nothing
        size += chunk.byteLength;
        if (size > limits.maxFileBytes) {
          fail(413, "files.error.tooLarge", { max: Math.floor(limits.maxFileBytes / MB) });
          continue;
        }
        if (used + size > limits.orgQuotaBytes) {
          fail(413, "files.error.quota", { quota: Math.floor(limits.orgQuotaBytes / MB) });
          continue;
        }
        hash.update(chunk);
        if (!kind) {
          head.push(chunk);
          headBytes += chunk.byteLength;
          if (headBytes >= DETECT_BYTES) await decided();
          continue;
        }
        await store(chunk);
      }
      if (!failed && size === 0) fail(400, "files.error.empty");
      if (!failed && !kind) await decided();
      if (!failed && utf8) {
        try {
          (utf8 as TextDecoder).decode();
        } catch {
          fail(415, "files.error.notText");
        }
      }
      if (!failed && writer && fileId) {
        const chunks = await (writer as FileWriter).close();
        const k = kind as AllowedType | null;
        await ctx.db
          .updateTable("file")
          .set({ size, chunk_count: chunks, sha256: hash.digest("hex"), search_text: text })
          .where("id", "=", fileId)
          .execute();
        files.push({ id: fileId, name: safeFileName(rawName, k!.ext), size, mime: k!.mime });
        used += size;
      }
    } finally {
      if ((failed || !files.some((f) => f.id === fileId)) && fileId) await ctx.db.deleteFrom("file").where("id", "=", fileId).execute();
    }
    error ??= failed;
  }

  let form: FormData;
  try {
    form = await parseMultipart(request, maxFields, field, stage);
  } catch (err) {
    await discard().catch(() => {});
    if (err instanceof Response) throw err;
    // busboy's limit for one part's headers is Node's for a request's: 16 KB (a 10,000-letter Latvian file name).
    throw refuse(400, err instanceof Error && err.message === "Malformed part header" ? "files.error.partHeader" : "http.badForm");
  }
  return { form, files, error, discard };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Parses a multipart body with busboy, one part at a time: text fields (together at most `maxFields` bytes) go into the
 * returned form, each file in `field` is handed to `stage` as a stream, other files are read past. busboy slices the
 * network buffers instead of copying them, so a 25 MB upload leaves little garbage behind; file names are UTF-8.
 * Files are staged one after the other, and the body is read only as fast as they are stored.
 */
function parseMultipart(request: Request, maxFields: number, field: string, stage: (name: string, data: AsyncIterable<Uint8Array>) => Promise<void>): Promise<FormData> {
  return new Promise<FormData>((resolve, reject) => {
    const form = new FormData();
    let fieldBytes = 0;
    let staging: Promise<void> = Promise.resolve();
    let failed = false;
    const bb = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      defParamCharset: "utf8",
      limits: { fieldSize: maxFields + 1, fields: 1000, parts: 1100 },
    });
    const body = request.body ? Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>) : Readable.from([]);
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      body.unpipe(bb);
      body.destroy();
      bb.destroy();
      // A file being staged sees its stream end early and removes what it wrote; answer once it has.
      staging.then(
        () => reject(err),
        () => reject(err),
      );
    };
    bb.on("field", (name, value, info) => {
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (info.valueTruncated || fieldBytes > maxFields) return fail(refuse(413, "http.413.body"));
      form.append(name, value);
    });
    bb.on("file", (name, stream, info) => {
      // A body cut off half-way errors the part's stream, perhaps before its turn to be read: never unhandled.
      stream.on("error", () => {});
      const filename = info.filename;
      // An empty file input sends a part without a name or bytes.
      if (name !== field || !filename) {
        stream.resume();
        return;
      }
      staging = staging.then(() => stage(filename, stream));
      staging.catch(fail);
    });
    bb.on("partsLimit", () => fail(refuse(413, "http.413.body")));
    bb.on("fieldsLimit", () => fail(refuse(413, "http.413.body")));
    bb.on("error", fail);
    bb.on("close", () => {
      staging.then(() => {
        if (!failed) resolve(form);
      }, fail);
    });
    body.on("error", fail);
    body.pipe(bb);
  });
}
