// The file types one may upload (checked by content: magic bytes via `file-type`, UTF-8 for text), and safe names.
// No server imports: the browser shows the list in the file input's hint and `accept`.

export interface AllowedType {
  ext: string;
  mime: string;
  /** Short label for lists ("PDF", "DOCX"). */
  label: string;
}

/** By the extension `file-type` reports. */
export const ALLOWED_TYPES: Record<string, AllowedType> = {
  pdf: { ext: "pdf", mime: "application/pdf", label: "PDF" },
  docx: { ext: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "DOCX" },
  xlsx: { ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "XLSX" },
  pptx: { ext: "pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", label: "PPTX" },
  odt: { ext: "odt", mime: "application/vnd.oasis.opendocument.text", label: "ODT" },
  png: { ext: "png", mime: "image/png", label: "PNG" },
  jpg: { ext: "jpg", mime: "image/jpeg", label: "JPEG" },
  webp: { ext: "webp", mime: "image/webp", label: "WebP" },
};

/** Text has no magic bytes: these names, with content that is valid UTF-8 without NUL characters. */
export const TEXT_TYPES: Record<string, AllowedType> = {
  txt: { ext: "txt", mime: "text/plain", label: "TXT" },
  csv: { ext: "csv", mime: "text/csv", label: "CSV" },
};

export const ACCEPT_ATTRIBUTE = [".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".png", ".jpg", ".jpeg", ".webp", ".txt", ".csv"].join(",");

/** A label for a stored content type ("PDF"), for file lists. */
export function typeLabel(mime: string): string {
  for (const t of [...Object.values(ALLOWED_TYPES), ...Object.values(TEXT_TYPES)]) if (t.mime === mime) return t.label;
  return mime;
}

export function isImage(mime: string): boolean {
  return mime === "image/png" || mime === "image/jpeg" || mime === "image/webp";
}

const MAX_NAME = 200;
// C0/C1 controls, bidi overrides and zero-width characters (a name must read as what it is: "invoice‮fdp.exe").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Path separators and characters that file systems refuse.
const RESERVED = /[/\\:*?"<>|]/g;

/**
 * A name that is safe to store, show and offer as a download: no path or control characters, no leading dots, at most
 * 200 characters, and ending in the extension of the type the content really has (a PDF named "x.exe" becomes
 * "x.exe.pdf").
 */
export function safeFileName(raw: string, ext: string): string {
  let name = (raw.split(/[/\\]/).pop() ?? "")
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(RESERVED, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  const lower = name.toLowerCase();
  const matches = lower.endsWith(`.${ext}`) || (ext === "jpg" && lower.endsWith(".jpeg"));
  let base = matches ? name.slice(0, name.lastIndexOf(".")) : name;
  const suffix = matches ? name.slice(name.lastIndexOf(".")) : `.${ext}`;
  const room = MAX_NAME - suffix.length;
  const chars = Array.from(base);
  if (chars.length > room) base = chars.slice(0, room).join("").trimEnd();
  if (base.replace(/[._\s]/g, "") === "") base = "file";
  name = base + suffix;
  return name;
}

/** The extension a name ends in (lower case), or "". */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? "" : name.slice(i + 1).toLowerCase();
}

/** "2,4 MB" / "2.4 MB" */
export function formatSize(bytes: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const digits = u === 0 || n >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale === "lv" ? "lv-LV" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)} ${units[u]}`;
}

/** The download path of a file (the name is for the browser's sake; the id decides). */
export function fileHref(file: { id: string; name: string }): string {
  return `/files/${file.id}/${encodeURIComponent(file.name)}`;
}

/** A file as lists show it (no bytes). */
export interface FileDto {
  id: string;
  name: string;
  size: number;
  type: string;
  createdAt: string;
  /** null: the uploader's account was erased ("former member"). */
  uploader: string | null;
  uploaderId: string | null;
  description: string;
  participantsOnly: boolean;
}

/** A library entry with whether this viewer may remove it. */
export interface LibraryFileDto extends FileDto {
  removable: boolean;
}
