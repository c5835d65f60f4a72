import { sql } from "kysely";
import type { Executor } from "~/context";
import type { MailStatus } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { PAGE_SIZE } from "~/modules/admin/keyset.server";
import { decodeCursor, isTimestampText, keysetPage } from "~/lib/cursor.server";
import { isUuid } from "~/lib/ids";

// The outbox viewer: with no SMTP_URL every message is still rendered and kept ("captured"), and admins
// read it here. The stored wire format (`raw`) is parsed on the server with mailparser; the HTML body is
// handed to the page only as a string for a sandboxed iframe (never inserted into the page's own DOM).

export const MAIL_STATUSES: MailStatus[] = ["queued", "sending", "sent", "captured", "failed", "superseded"];
const RAW_SHOWN = 256 * 1024;
const ATTACHMENT_TEXT_SHOWN = 64 * 1024;

export interface OutboxListItem {
  id: string;
  status: MailStatus;
  to: string;
  toName: string;
  subject: string | null;
  template: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

export async function listOutbox(db: Executor, viewer: Viewer | null, after: string | null): Promise<{ items: OutboxListItem[]; next: string | null }> {
  assertCan(viewer, { action: "outbox.view" });
  const cursor = decodeCursor(after, 2, [isTimestampText, isUuid]);
  const rows = await db
    .selectFrom("mail_outbox")
    .select(["id", "status", "to_address", "to_name", "subject", "template", "created_at", sql<string>`created_at::text`.as("created_key"), "attempts", "last_error"])
    .$if(!!cursor, (q) => q.where(sql<boolean>`(created_at, id) < (${cursor![0]}::timestamptz, ${cursor![1]}::uuid)`))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  const { items, next } = keysetPage(rows, PAGE_SIZE, (r) => [r.created_key, r.id]);
  return {
    next,
    items: items.map((r) => ({
      id: r.id,
      status: r.status,
      to: r.to_address,
      toName: r.to_name,
      subject: r.subject,
      template: r.template,
      createdAt: new Date(r.created_at).toISOString(),
      attempts: r.attempts,
      lastError: r.last_error,
    })),
  };
}

export interface ParsedMessage {
  headers: { name: string; value: string }[];
  from: string | null;
  to: string | null;
  subject: string | null;
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; size: number; text: string | null }[];
  /** False when mailparser could not be loaded: only the headers were read. */
  full: boolean;
}

export interface OutboxMessage extends OutboxListItem {
  locale: string;
  messageId: string;
  sentAt: string | null;
  parsed: ParsedMessage | null;
  raw: string | null;
  rawTruncated: boolean;
}

export async function getOutboxMessage(db: Executor, viewer: Viewer | null, id: string): Promise<OutboxMessage> {
  assertCan(viewer, { action: "outbox.view" });
  if (!isUuid(id)) notFound();
  const r = await db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) notFound();
  const parsed = r.raw ? await parseRaw(r.raw) : null;
  return {
    id: r.id,
    status: r.status,
    to: r.to_address,
    toName: r.to_name,
    subject: r.subject,
    template: r.template,
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    attempts: r.attempts,
    lastError: r.last_error,
    locale: r.locale,
    messageId: r.message_id,
    parsed,
    raw: r.raw ? r.raw.slice(0, RAW_SHOWN) : null,
    rawTruncated: !!r.raw && r.raw.length > RAW_SHOWN,
  };
}

type SimpleParser = (typeof import("mailparser"))["simpleParser"];
let parserPromise: Promise<SimpleParser | null> | null = null;
function loadParser(): Promise<SimpleParser | null> {
  // mailparser is loaded lazily and optionally: without it the page still shows headers and the raw source.
  parserPromise ??= import("mailparser").then(
    (m) => m.simpleParser ?? (m as { default?: { simpleParser?: SimpleParser } }).default?.simpleParser ?? null,
    () => null,
  );
  return parserPromise;
}

export async function parseRaw(raw: string): Promise<ParsedMessage> {
  const headers = readHeaders(raw);
  const simpleParser = await loadParser();
  const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  if (!simpleParser) {
    return { headers, from: get("from"), to: get("to"), subject: get("subject"), date: get("date"), text: null, html: null, attachments: [], full: false };
  }
  try {
    const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(", ") : (m.to?.text ?? null);
    return {
      headers,
      from: m.from?.text ?? null,
      to,
      subject: m.subject ?? null,
      date: m.date ? m.date.toISOString() : null,
      text: m.text ?? null,
      html: typeof m.html === "string" ? m.html : null,
      attachments: m.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        text: /^(text\/|application\/(ics|json|xml))/i.test(a.contentType) ? a.content.toString("utf8").slice(0, ATTACHMENT_TEXT_SHOWN) : null,
      })),
      full: true,
    };
  } catch {
    return { headers, from: get("from"), to: get("to"), subject: get("subject"), date: get("date"), text: null, html: null, attachments: [], full: false };
  }
}

/** The top-level header block, unfolded, with RFC 2047 encoded words decoded. */
export function readHeaders(raw: string): { name: string; value: string }[] {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const out: { name: string; value: string }[] = [];
  for (const line of block.split(/\r?\n(?![ \t])/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    out.push({
      name: line.slice(0, i).trim(),
      value: decodeWords(
        line
          .slice(i + 1)
          .replace(/\r?\n[ \t]+/g, " ")
          .trim(),
      ),
    });
  }
  return out;
}

function decodeWords(value: string): string {
  // Adjacent encoded words are joined as bytes before decoding: a multi-byte letter may be split across two.
  const word = /=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g;
  let out = "";
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.concat(pending.bytes);
    try {
      out += new TextDecoder(pending.charset).decode(bytes);
    } catch {
      out += bytes.toString("latin1");
    }
    pending = null;
  };
  for (let m = word.exec(value); m; m = word.exec(value)) {
    const between = value.slice(last, m.index);
    const charset = m[1].toLowerCase();
    const bytes =
      m[2].toUpperCase() === "B"
        ? Buffer.from(m[3], "base64")
        : Buffer.from(
            m[3].replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          );
    if (pending && /^\s*$/.test(between) && (pending as { charset: string }).charset === charset) {
      (pending as { bytes: Buffer[] }).bytes.push(bytes);
    } else {
      flush();
      out += between;
      pending = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}
