import { sql } from "kysely";
import type { Executor } from "~/context";

/**
 * Where a file's bytes live (ADR 0009). The default keeps them in PostgreSQL (table file_blob, one row per chunk), so
 * files work on PGlite and with several instances, are backed up with the data and disappear with their row. An
 * S3-compatible store would implement the same three operations (a multipart upload for `writer`, ranged GETs for
 * `read`, a delete for `remove`) and keep only its object key in the file row.
 */
export interface FileStorage {
  /** Appends a staged file's bytes in order, a chunk at a time; `close` flushes the last, short chunk. */
  writer(fileId: string): FileWriter;
  /** Bytes start..end (inclusive) of a stored file, read one chunk at a time (never the whole file in memory). */
  read(file: StoredFile, range: { start: number; end: number }): ReadableStream<Uint8Array>;
  /** Removes the bytes (the file row's deletion cascades to them in PostgreSQL). */
  remove(exec: Executor, fileId: string): Promise<void>;
}

export interface FileWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Writes what is buffered; resolves to the number of chunks written. */
  close(): Promise<number>;
}

export interface StoredFile {
  id: string;
  size: number;
  chunkSize: number;
}

/** 512 KiB: a 25 MB file is 50 rows. */
export const CHUNK_SIZE = 512 * 1024;
/** Chunks a download on PostgreSQL has in flight at most (each on its own pool connection, only while it is read). */
const READ_AHEAD = 3;

/**
 * On PGlite (`engine: "pglite"`) chunks are written as base64 text: its bytea parameters travel as hex text through
 * its WASM heap (25 MB took seconds and grew the process by 200+ MB). node-postgres sends a Buffer parameter as
 * binary, which is leaner than a base64 string, so PostgreSQL gets the bytes as they are.
 */
export function postgresStorage(db: Executor, opts: { chunkSize?: number; engine?: "postgres" | "pglite" } = {}): FileStorage {
  const chunkSize = opts.chunkSize ?? CHUNK_SIZE;
  const base64Writes = opts.engine === "pglite";
  const readAhead = opts.engine === "pglite" ? 1 : READ_AHEAD;
  return {
    writer(fileId) {
      let seq = 0;
      let parts: Uint8Array[] = [];
      let buffered = 0;
      const flush = async (bytes: Uint8Array) => {
        const data = base64Writes ? sql<Uint8Array>`decode(${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}, 'base64')` : bytes;
        await db.insertInto("file_blob").values({ file_id: fileId, seq, data }).execute();
        seq++;
      };
      // One chunk-sized buffer per writer, refilled only after the previous insert has finished: a 25 MB upload then
      // leaves 25 MB less garbage behind (memory the process holds until the collector runs).
      let scratch: Uint8Array | null = null;
      const take = (n: number): Uint8Array => {
        scratch ??= new Uint8Array(chunkSize);
        const out = scratch.subarray(0, n);
        let at = 0;
        while (at < n) {
          const head = parts[0];
          const k = Math.min(head.byteLength, n - at);
          out.set(head.subarray(0, k), at);
          at += k;
          if (k === head.byteLength) parts.shift();
          else parts[0] = head.subarray(k);
        }
        buffered -= n;
        return out;
      };
      return {
        async write(bytes) {
          if (bytes.byteLength === 0) return;
          parts.push(bytes);
          buffered += bytes.byteLength;
          while (buffered >= chunkSize) await flush(take(chunkSize));
        },
        async close() {
          if (buffered > 0) await flush(take(buffered));
          parts = [];
          scratch = null;
          return seq;
        },
      };
    },

    read(file, range) {
      const first = Math.floor(range.start / file.chunkSize);
      const last = Math.floor(range.end / file.chunkSize);
      // Chunks asked for and not yet sent, in order. On PostgreSQL the next ones are fetched on other pool connections
      // while one is decoded and written, so the server's encoding and ours overlap; PGlite has one connection.
      const pending: Promise<Buffer>[] = [];
      let next = first;
      const fetchChunk = async (seq: number): Promise<Buffer> => {
        // As base64 text: bytea's default hex output is twice the size and slower to parse on both engines.
        const row = await db
          .selectFrom("file_blob")
          .select(sql<string>`encode(data, 'base64')`.as("b64"))
          .where("file_id", "=", file.id)
          .where("seq", "=", seq)
          .executeTakeFirst();
        if (!row) throw new Error(`file ${file.id}: chunk ${seq} is missing`);
        return Buffer.from(row.b64, "base64");
      };
      const fill = () => {
        while (pending.length < readAhead && next <= last) {
          const p = fetchChunk(next++);
          p.catch(() => {}); // seen when its turn comes; never unhandled if the download is cancelled first
          pending.push(p);
        }
      };
      let seq = first;
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (seq > last) {
              controller.close();
              return;
            }
            fill();
            const data = await pending.shift()!;
            const base = seq * file.chunkSize;
            const from = seq === first ? range.start - base : 0;
            const to = seq === last ? range.end - base + 1 : data.byteLength;
            controller.enqueue(data.subarray(from, to));
            seq++;
            fill();
          },
          cancel() {
            pending.length = 0;
            next = last + 1;
          },
        },
        { highWaterMark: 1 },
      );
    },

    async remove(exec, fileId) {
      await exec.deleteFrom("file_blob").where("file_id", "=", fileId).execute();
    },
  };
}
