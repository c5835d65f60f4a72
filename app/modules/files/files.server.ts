import { sql } from "kysely";
import type { AppContext, Executor } from "~/context";
import { ActionError } from "~/modules/errors";
import { errorLog, describeError } from "~/lib/log";
import type { Viewer } from "~/modules/policy/facts";
import { MB } from "./limits";
import { postgresStorage } from "./storage.server";
import { fileLimits, orgUsage, SEARCH_TEXT_MAX, type StagedFile } from "./upload.server";
import type { FileDto } from "./types";

export type { FileDto };

export type FileOwner = { postId: string } | { groupId: string } | { eventId: string; participantsOnly?: boolean } | { campaignId: string };

/**
 * Gives staged files their owner, in the owner's transaction: they become downloadable together with the post (or
 * library entry) that carries them, or not at all. The organisation's quota is checked again here.
 */
export async function attachFiles(trx: Executor, ctx: Pick<AppContext, "config">, viewer: Viewer, files: StagedFile[], owner: FileOwner, description = ""): Promise<void> {
  if (files.length === 0) return;
  const limits = fileLimits(ctx);
  const adding = files.reduce((n, f) => n + f.size, 0);
  if ((await orgUsage(trx, viewer.orgId)) + adding > limits.orgQuotaBytes)
    throw new ActionError(413, "files.error.quota", { quota: Math.floor(limits.orgQuotaBytes / MB), name: files[0].name }, "file");
  const set = {
    status: "ready" as const,
    post_id: "postId" in owner ? owner.postId : null,
    group_id: "groupId" in owner ? owner.groupId : null,
    event_id: "eventId" in owner ? owner.eventId : null,
    campaign_id: "campaignId" in owner ? owner.campaignId : null,
    participants_only: "eventId" in owner ? !!owner.participantsOnly : false,
    description: description.slice(0, 1000),
    search_text: sql<string>`name || E'\n' || ${description.slice(0, 1000)}::text || E'\n' || search_text`,
  };
  const done = await trx
    .updateTable("file")
    .set(set)
    .where(
      "id",
      "in",
      files.map((f) => f.id),
    )
    .where("status", "=", "staged")
    .where("uploaded_by", "=", viewer.id)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== files.length) throw new ActionError(409, "files.error.uploadFailed", {}, "file");
}

/** Text extraction of PDF and DOCX files up to this size runs in the request, after the commit (larger ones: name only). */
export const EXTRACT_MAX_BYTES = 10 * MB;

/**
 * Adds the text inside PDF and DOCX files to their search text (TXT/CSV text was kept while it streamed). Runs after
 * the commit; a file whose text cannot be read keeps its name and description, and the upload stands.
 */
export async function extractFileText(ctx: Pick<AppContext, "db">, files: StagedFile[]): Promise<void> {
  for (const f of files) {
    if (f.size > EXTRACT_MAX_BYTES) continue;
    const docx = f.mime === "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (f.mime !== "application/pdf" && !docx) continue;
    try {
      const bytes = await readAll(ctx.db, f.id, f.size);
      const clean = await documentText(f.mime, bytes);
      if (!clean) continue;
      await ctx.db
        .updateTable("file")
        .set({ search_text: sql<string>`search_text || E'\n' || ${clean}::text` })
        .where("id", "=", f.id)
        .execute();
    } catch (err) {
      errorLog(`[files] text extraction failed for ${f.id} (${f.mime}): ${describeError(err)}`);
    }
  }
}

/** The plain text of a PDF or DOCX file, whitespace folded, at most SEARCH_TEXT_MAX characters ("" for other types). */
export async function documentText(mime: string, bytes: Uint8Array): Promise<string> {
  const docx = mime === "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (mime !== "application/pdf" && !docx) return "";
  const text = docx ? await docxText(bytes) : await pdfText(bytes);
  return text.replace(/\s+/g, " ").trim().slice(0, SEARCH_TEXT_MAX);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(bytes);
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = (await import("mammoth")).default;
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return value;
}

async function readAll(exec: Executor, fileId: string, size: number): Promise<Uint8Array> {
  const file = await exec.selectFrom("file").select(["chunk_size"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  const stream = postgresStorage(exec).read({ id: fileId, size, chunkSize: file.chunk_size }, { start: 0, end: size - 1 });
  const out = new Uint8Array(size);
  let at = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function fileList(exec: Executor) {
  return exec
    .selectFrom("file as f")
    .leftJoin("person as p", "p.id", "f.uploaded_by")
    .select(["f.id", "f.name", "f.size", "f.content_type", "f.created_at", "f.description", "f.participants_only", "f.uploaded_by", "p.name as uploader", "p.erased_at as uploader_erased"])
    .where("f.status", "=", "ready");
}

function toDto(r: {
  id: string;
  name: string;
  size: string | number;
  content_type: string;
  created_at: Date;
  description: string;
  participants_only: boolean;
  uploaded_by: string | null;
  uploader: string | null;
  uploader_erased: Date | null;
}): FileDto {
  return {
    id: r.id,
    name: r.name,
    size: Number(r.size),
    type: r.content_type,
    createdAt: new Date(r.created_at).toISOString(),
    uploader: r.uploader_erased ? null : r.uploader,
    uploaderId: r.uploaded_by,
    description: r.description,
    participantsOnly: r.participants_only,
  };
}

/** The files of a group's library, an event's materials or a campaign's deliverables, newest first (at most 200). */
export async function listFiles(exec: Executor, owner: { groupId: string } | { eventId: string; includeParticipantsOnly: boolean } | { campaignId: string }): Promise<FileDto[]> {
  let q = fileList(exec);
  if ("groupId" in owner) q = q.where("f.group_id", "=", owner.groupId);
  else if ("eventId" in owner) {
    q = q.where("f.event_id", "=", owner.eventId);
    if (!owner.includeParticipantsOnly) q = q.where("f.participants_only", "=", false);
  } else q = q.where("f.campaign_id", "=", owner.campaignId);
  const rows = await q.orderBy("f.created_at", "desc").orderBy("f.id", "desc").limit(200).execute();
  return rows.map(toDto);
}

/** The files of these posts, by post id (one query for a page of posts). */
export async function filesOfPosts(exec: Executor, postIds: string[]): Promise<Map<string, FileDto[]>> {
  const out = new Map<string, FileDto[]>();
  if (postIds.length === 0) return out;
  const rows = await fileList(exec).select("f.post_id").where("f.post_id", "in", postIds).orderBy("f.created_at").orderBy("f.id").execute();
  for (const r of rows) {
    const list = out.get(r.post_id!) ?? [];
    list.push(toDto(r));
    out.set(r.post_id!, list);
  }
  return out;
}
