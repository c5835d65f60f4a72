import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { AppContext, Executor } from "~/context";
import type { FileRecord } from "./access.server";
import { postgresStorage } from "./storage.server";
import { isImage } from "./types";

/** The longest side of a thumbnail, in pixels: twice the 160 px lists show it at, for sharp screens. */
export const THUMB_SIZE = 320;
/**
 * Images larger than this (in pixels) get no thumbnail: decoding a 25 MB PNG of 100 megapixels would take 400 MB.
 * A photograph of 48 megapixels is still fine (libvips decodes JPEG shrunk on load).
 */
const MAX_INPUT_PIXELS = 50_000_000;

export interface Thumbnail {
  contentType: string;
  data: Uint8Array;
}

/**
 * An image file's thumbnail (WebP, at most 320 × 320, the aspect kept), made from the stored bytes on the first request
 * and kept in file_thumbnail; null for anything that is not an image sharp can read. The caller has checked that the
 * viewer may download the file. Two requests at once may both make it; the first stored wins.
 */
export async function thumbnailOf(ctx: Pick<AppContext, "db" | "dbKind">, file: FileRecord): Promise<Thumbnail | null> {
  if (!isImage(file.content_type) || file.size === 0) return null;
  const kept = await ctx.db.selectFrom("file_thumbnail").select(["content_type", "data"]).where("file_id", "=", file.id).executeTakeFirst();
  if (kept) return { contentType: kept.content_type, data: kept.data };
  const made = await makeThumbnail(ctx.db, ctx.dbKind, file);
  if (!made) return null;
  await ctx.db
    .insertInto("file_thumbnail")
    .values({ file_id: file.id, content_type: "image/webp", width: made.width, height: made.height, data: made.data })
    .onConflict((oc) => oc.column("file_id").doNothing())
    .execute();
  return { contentType: "image/webp", data: made.data };
}

async function makeThumbnail(db: Executor, engine: AppContext["dbKind"], file: FileRecord): Promise<{ data: Buffer; width: number; height: number } | null> {
  const { default: sharp } = await import("sharp");
  const bytes = postgresStorage(db, { engine }).read({ id: file.id, size: file.size, chunkSize: file.chunk_size }, { start: 0, end: file.size - 1 });
  const resize = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
    .rotate() // as the camera held it (EXIF orientation)
    .resize(THUMB_SIZE, THUMB_SIZE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 72 });
  const input = Readable.fromWeb(bytes as unknown as NodeWebStream<Uint8Array>);
  input.on("error", (err) => resize.destroy(err));
  input.pipe(resize);
  try {
    const { data, info } = await resize.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    input.destroy();
    return null; // not decodable, too large, or its bytes went missing: the list shows the file without a preview
  }
}
