import net from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type HttpClient, type TestServer } from "./helpers/server";
import { addMember, createGroupRow, personWithClient, sleep, startTopic } from "./helpers/groups";
import { insertEvent } from "./helpers/events";
import { contentDisposition, parseRange } from "../app/modules/files/download.server";
import { safeFileName } from "../app/modules/files/types";
import { purgeExpired } from "../app/modules/housekeeping/purge.server";
import { RETENTION_DEFAULTS } from "../server/config";

// Files (issue 14): streamed upload into PostgreSQL chunks, content-checked types, limits, the authorised download
// route with its headers and ranges, and nothing left behind by a refused or broken upload. Runs on PGlite and, with
// DATABASE_URL, on PostgreSQL.

const MB = 1024 * 1024;
let server: TestServer;
const db = () => server.open.db;
const FIXTURES = path.resolve(__dirname, "../app/seed/files");
const PDF = readFileSync(path.join(FIXTURES, "position-paper-clinical-trials.pdf"));
const PNG = readFileSync(path.join(FIXTURES, "stand-floor-plan-medica.png"));

beforeAll(async () => {
  // Small limits keep the tests fast: 2 MB a file, 8 MB an organisation.
  server = await startTestServer({ env: { files: { maxFileBytes: 2 * MB, orgQuotaBytes: 8 * MB } } });
});
afterAll(async () => {
  await server?.close();
});

async function groupWith(visibility: "public" | "private" = "private") {
  const lead = await personWithClient(server);
  const member = await personWithClient(server);
  const outsider = await personWithClient(server);
  const g = await createGroupRow(db(), { leadId: lead.person.id, visibility });
  await addMember(db(), g.id, member.person.id);
  const tid = await startTopic(lead.client, g.slug, "Dokumenti", "Sākums");
  return { g, lead, member, outsider, tid, path: `/groups/${g.slug}/threads/${tid}` };
}

type Part = { name: string; bytes: Uint8Array | string; type?: string };

/** A multipart POST as a browser sends the reply form (no redirects followed). */
async function postFiles(client: HttpClient, url: string, fields: Record<string, string>, files: Part[]): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("file", new Blob([f.bytes as BlobPart], { type: f.type ?? "application/octet-stream" }), f.name);
  return fetch(client.base + url, { method: "POST", body: form, redirect: "manual", headers: { cookie: client.cookieHeader(), origin: client.base } });
}

const replyFields = (body = "Pielikumā dokuments") => ({ section: "thread", intent: "reply", body });

async function filesOfThread(tid: string) {
  return db()
    .selectFrom("file as f")
    .innerJoin("post as p", "p.id", "f.post_id")
    .select(["f.id", "f.name", "f.size", "f.content_type", "f.status", "f.chunk_count", "f.search_text"])
    .where("p.thread_id", "=", tid)
    .orderBy("f.created_at")
    .execute();
}

async function countRows() {
  const f = await db()
    .selectFrom("file")
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const b = await db()
    .selectFrom("file_blob")
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { files: Number(f.n), blobs: Number(b.n) };
}

async function docx(text: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

describe("uploading a file with a post and downloading it", () => {
  it("stores it in chunks with the post, extracts its text, and serves it to members only with safe headers", async () => {
    const { member, outsider, tid, path: url } = await groupWith();
    const res = await postFiles(member.client, url, replyFields(), [{ name: "Pozīcijas dokuments — ķīmija un ļoti garš.pdf", bytes: PDF, type: "application/pdf" }]);
    expect(res.status).toBe(302);
    const [file] = await filesOfThread(tid);
    expect(file).toMatchObject({ name: "Pozīcijas dokuments — ķīmija un ļoti garš.pdf", content_type: "application/pdf", status: "ready", chunk_count: 1 });
    expect(Number(file.size)).toBe(PDF.length);
    // The text inside the PDF is kept for search, with the name.
    expect(file.search_text).toContain("pharmacovigilance");
    expect(file.search_text).toContain("Pozīcijas dokuments");

    // The thread page links to it.
    const page = await member.client.get(url);
    expect(await page.text()).toContain(`/files/${file.id}/`);

    const dl = await member.client.get(`/files/${file.id}/whatever.pdf`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect(dl.headers.get("content-disposition")).toBe(contentDisposition("attachment", file.name));
    expect(dl.headers.get("content-disposition")).toContain("filename*=UTF-8''Poz%C4%ABcijas%20dokuments%20%E2%80%94%20%C4%B7%C4%ABmija");
    expect(dl.headers.get("content-disposition")).toContain('filename="Pozicijas dokuments _ kimija un loti gars.pdf"');
    expect(dl.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);

    // Range requests.
    const part = await member.client.get(`/files/${file.id}/x`, { range: "bytes=10-99" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-99/${PDF.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PDF.subarray(10, 100))).toBe(true);
    const tail = await member.client.get(`/files/${file.id}/x`, { range: "bytes=-20" });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(PDF.subarray(PDF.length - 20))).toBe(true);
    const bad = await member.client.get(`/files/${file.id}/x`, { range: `bytes=${PDF.length}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers.get("content-range")).toBe(`bytes */${PDF.length}`);

    // Outsiders (not in the private group) get 404, as does a made-up id; people not signed in go to the login.
    expect((await outsider.client.get(`/files/${file.id}/x`)).status).toBe(404);
    expect((await member.client.get(`/files/00000000-0000-4000-8000-000000000000/x`)).status).toBe(404);
    expect((await member.client.get(`/files/not-a-uuid/x`)).status).toBe(404);
    expect((await server.client().get(`/files/${file.id}/x`)).status).toBe(302);
  });

  it("re-checks permission on every download: a member removed from the group gets 404 at once", async () => {
    const { g, member, lead, tid, path: url } = await groupWith();
    expect((await postFiles(lead.client, url, replyFields(), [{ name: "plan.png", bytes: PNG }])).status).toBe(302);
    const [file] = await filesOfThread(tid);
    expect(file.content_type).toBe("image/png");
    const inline = await member.client.get(`/files/${file.id}/plan.png?inline=1`);
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-disposition")).toMatch(/^inline;/);
    await db().deleteFrom("working_group_member").where("group_id", "=", g.id).where("person_id", "=", member.person.id).execute();
    expect((await member.client.get(`/files/${file.id}/plan.png`)).status).toBe(404);
  });

  it("an image gets a small WebP thumbnail, made once and kept; the page shows it; outsiders and non-images get 404", async () => {
    const { member, outsider, tid, path: url } = await groupWith();
    expect(
      (
        await postFiles(member.client, url, replyFields(), [
          { name: "stāvs.png", bytes: PNG },
          { name: "p.pdf", bytes: PDF },
        ])
      ).status,
    ).toBe(302);
    const files = await filesOfThread(tid);
    const png = files.find((f) => f.content_type === "image/png")!;
    const pdf = files.find((f) => f.content_type === "application/pdf")!;
    const res = await member.client.get(`/files/${png.id}/x?thumb=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await res.arrayBuffer());
    const { default: sharp } = await import("sharp");
    const original = await sharp(PNG).metadata();
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("webp");
    expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(320, Math.max(original.width!, original.height!)));
    expect(Math.abs(meta.width! / meta.height! - original.width! / original.height!)).toBeLessThan(0.02);
    expect(bytes.length).toBeLessThan(PNG.length);
    const kept = await db().selectFrom("file_thumbnail").select(["width", "height"]).where("file_id", "=", png.id).executeTakeFirstOrThrow();
    expect([kept.width, kept.height]).toEqual([meta.width, meta.height]);
    // The second request serves the kept one (same bytes), and a matching ETag gets 304.
    const again = await member.client.get(`/files/${png.id}/x?thumb=1`);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await member.client.get(`/files/${png.id}/x?thumb=1`, { "if-none-match": again.headers.get("etag")! })).status).toBe(304);
    expect((await outsider.client.get(`/files/${png.id}/x?thumb=1`)).status).toBe(404);
    expect((await member.client.get(`/files/${pdf.id}/x?thumb=1`)).status).toBe(404);
    // The thread shows the thumbnail, not the original.
    const page = await (await member.client.get(url)).text();
    expect(page).toContain(`/files/${png.id}/`);
    expect(page).toMatch(new RegExp(`src="/files/${png.id}/[^"]+\\?thumb=1"`));
    expect(page).not.toContain("?inline=1");
  });

  it("streams a file of several chunks and serves ranges across chunk boundaries", async () => {
    const { member, tid, path: url } = await groupWith();
    const bytes = Buffer.alloc(Math.floor(1.3 * MB));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 9)) & 0xff;
    PNG.copy(bytes, 0, 0, 64); // a PNG signature and header: an image by its content
    expect((await postFiles(member.client, url, replyFields(), [{ name: "large.png", bytes }])).status).toBe(302);
    const [file] = await filesOfThread(tid);
    expect(file.chunk_count).toBe(3);
    const whole = await member.client.get(`/files/${file.id}/large.png`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const start = 512 * 1024 - 100;
    const across = await member.client.get(`/files/${file.id}/large.png`, { range: `bytes=${start}-${start + 1024 * 1024}` });
    expect(across.status).toBe(206);
    expect(Buffer.from(await across.arrayBuffer()).equals(bytes.subarray(start, start + 1024 * 1024 + 1))).toBe(true);
  });

  it("accepts DOCX and UTF-8 text by content and keeps their text for search", async () => {
    const { member, tid, path: url } = await groupWith();
    const res = await postFiles(member.client, url, replyFields(), [
      { name: "protokols.docx", bytes: await docx("Sanāksmes protokols: biobanka un GMP audits") },
      { name: "dalībnieki.csv", bytes: "vārds;organizācija\nAnna Kļaviņa;Daugavas Bio\n" },
    ]);
    expect(res.status).toBe(302);
    const files = await filesOfThread(tid);
    expect(files.map((f) => f.content_type).sort()).toEqual(["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/csv"]);
    expect(files.find((f) => f.name === "protokols.docx")!.search_text).toContain("biobanka un GMP audits");
    expect(files.find((f) => f.name === "dalībnieki.csv")!.search_text).toContain("Anna Kļaviņa");
    const csv = await member.client.get(`/files/${files.find((f) => f.name === "dalībnieki.csv")!.id}/x`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  });

  it("sanitises a 10,000-character name with path and control characters", async () => {
    const { member, tid, path: url } = await groupWith();
    const name = `..\\../etc/ā${"a".repeat(10_000)}\u202e\u2028.pdf`;
    const res = await postFiles(member.client, url, replyFields(), [{ name, bytes: PDF }]);
    expect(res.status).toBe(302);
    const [file] = await filesOfThread(tid);
    expect(Array.from(file.name).length).toBeLessThanOrEqual(200);
    expect(file.name).toMatch(/^āa+\.pdf$/);
    // 10,000 Latvian letters are 20 KB, over the 16 KB a part's headers may take; a raw control character (NUL, BEL)
    // is not allowed in a header at all. Each is refused with the reason, in the page's language; nothing is kept.
    const before = await countRows();
    for (const bad of [`${"ā".repeat(10_000)}.pdf`, "a\u0000b.pdf", "zvans\u0007.pdf"]) {
      const res = await postFiles(member.client, url, replyFields(), [{ name: bad, bytes: PDF }]);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Faila nosaukums vai veidlapas lauks ir pārāk garš vai nav nolasāms");
    }
    expect(await countRows()).toEqual(before);
    expect(safeFileName("../../secret.exe", "pdf")).toBe("secret.exe.pdf");
    expect(safeFileName("  ...  ", "png")).toBe("file.png");
    expect(safeFileName('a<b>:c"d|e?.txt', "txt")).toBe("a_b__c_d_e_.txt");
  });
});

describe("refused uploads store nothing", () => {
  async function refused(files: Part[], status: number, key: string) {
    const { member, tid, path: url } = await groupWith();
    const before = await countRows();
    const res = await postFiles(member.client, url, replyFields("Neies cauri"), files);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(key);
    const posts = await db().selectFrom("post").select("seq").where("thread_id", "=", tid).execute();
    expect(posts).toHaveLength(1); // only the opening post
    expect(await countRows()).toEqual(before);
  }

  it("an .exe renamed .pdf: type not allowed", async () => {
    const exe = Buffer.alloc(4096);
    exe.write("MZ", 0, "latin1");
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write("PE\0\0", 0x80, "latin1");
    exe.writeUInt16LE(0x14c, 0x84);
    await refused([{ name: "invoice.pdf", bytes: exe, type: "application/pdf" }], 415, "files.error.typeNotAllowed");
  });

  it("HTML named .txt is text, but a binary named .txt is not", async () => {
    await refused([{ name: "notes.txt", bytes: Buffer.from([0x41, 0x42, 0x43, 0xc3, 0x28, 0x41]) }], 415, "files.error.notText");
    await refused([{ name: "page.html", bytes: "<html><script>alert(1)</script></html>" }], 415, "files.error.typeNotAllowed");
  });

  it("a zero-byte file: empty", async () => {
    await refused([{ name: "empty.pdf", bytes: new Uint8Array(0) }], 400, "files.error.empty");
  });

  it("a file over MAX_UPLOAD_MB: too large (and a body over the cap is cut off with 413)", async () => {
    const big = Buffer.alloc(2 * MB + 10);
    PDF.copy(big);
    await refused([{ name: "big.pdf", bytes: big }], 413, "files.error.tooLarge");
    const { member, path: url } = await groupWith();
    const huge = await postFiles(member.client, url, replyFields(), [{ name: "huge.pdf", bytes: Buffer.alloc(4 * MB) }]);
    expect(huge.status).toBe(413);
  });

  it("over the organisation's quota: a clear message, nothing kept", async () => {
    const { member, path: url, tid } = await groupWith();
    const chunk = Buffer.alloc(Math.floor(1.9 * MB));
    PDF.copy(chunk);
    for (let i = 0; i < 4; i++) expect((await postFiles(member.client, url, replyFields(`Nr. ${i}`), [{ name: `f${i}.pdf`, bytes: chunk }])).status).toBe(302);
    const before = await countRows();
    const res = await postFiles(member.client, url, replyFields("Pāri kvotai"), [{ name: "f5.pdf", bytes: chunk }]);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("files.error.quota");
    expect(await countRows()).toEqual(before);
    expect(await filesOfThread(tid)).toHaveLength(4);
  });

  it("a reply refused for another reason (empty text) keeps none of its files", async () => {
    const { member, path: url } = await groupWith();
    const before = await countRows();
    const res = await postFiles(member.client, url, replyFields(""), [{ name: "a.pdf", bytes: PDF }]);
    expect(res.status).toBe(400);
    expect(await countRows()).toEqual(before);
  });

  it("an upload cut off half-way leaves nothing behind and the server keeps serving", async () => {
    const { member, path: url } = await groupWith();
    const before = await countRows();
    const boundary = "----cutoff" + Date.now();
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="section"\r\n\r\nthread\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nreply\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nPusē pārtraukts\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const payload = Buffer.alloc(MB + 300 * 1024);
    PDF.copy(payload);
    const total = Buffer.byteLength(head) + payload.length + `\r\n--${boundary}--\r\n`.length;
    const u = new URL(server.url);
    const socket = net.connect(Number(u.port), u.hostname);
    await new Promise<void>((r) => socket.once("connect", () => r()));
    socket.write(
      `POST ${url} HTTP/1.1\r\nHost: ${u.host}\r\nOrigin: ${server.url}\r\nCookie: ${member.client.cookieHeader()}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${total}\r\n\r\n`,
    );
    socket.write(head);
    socket.write(payload.subarray(0, 800 * 1024)); // more than one chunk reaches the database
    await sleep(500);
    socket.destroy();
    // The request notices the drop and deletes what it staged.
    for (let i = 0; i < 50 && JSON.stringify(await countRows()) !== JSON.stringify(before); i++) await sleep(100);
    expect(await countRows()).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await postFiles(member.client, url, replyFields(), [{ name: "ok.pdf", bytes: PDF }])).status).toBe(302);
  });

  it("a malformed multipart body (no boundary, a broken part header, no closing boundary) is a 400 and stores nothing", async () => {
    const { member, path: url } = await groupWith();
    const before = await countRows();
    const send = (contentType: string, body: string) =>
      fetch(member.client.base + url, { method: "POST", body, redirect: "manual", headers: { cookie: member.client.cookieHeader(), origin: member.client.base, "content-type": contentType } });
    const b = "----broken";
    const bodies: [string, string][] = [
      ["multipart/form-data", `--${b}\r\nContent-Disposition: form-data; name="body"\r\n\r\nx\r\n--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition form-data name\r\n\r\nx\r\n--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n${PDF.toString("latin1")}`],
    ];
    for (const [type, body] of bodies) {
      const res = await send(type, body);
      expect(res.status, type + body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await countRows()).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("a group's document library and an event's materials", () => {
  it("members upload to the library; the list shows uploader, size and type; outsiders get 404; the uploader may remove", async () => {
    const { g, member, outsider, lead } = await groupWith("private");
    const res = await postFiles(member.client, `/groups/${g.slug}`, { intent: "uploadFile", description: "Nostājas projekts" }, [{ name: "nostāja.pdf", bytes: PDF }]);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/groups/${g.slug}?files=added#library`);
    const file = await db().selectFrom("file").select(["id", "name", "search_text"]).where("group_id", "=", g.id).executeTakeFirstOrThrow();
    expect(file.search_text).toContain("Nostājas projekts");
    expect(file.search_text).toContain("pharmacovigilance");
    const page = await (await lead.client.get(`/groups/${g.slug}`)).text();
    expect(page).toContain("Document library");
    expect(page).toContain(`/files/${file.id}/`);
    expect(page).toContain(member.person.name);
    expect((await lead.client.get(`/files/${file.id}/x`)).status).toBe(200);
    expect((await outsider.client.get(`/files/${file.id}/x`)).status).toBe(404);
    // An outsider cannot add to the private group's library (404: it does not exist for them) and keeps nothing.
    const before = await countRows();
    expect((await postFiles(outsider.client, `/groups/${g.slug}`, { intent: "uploadFile" }, [{ name: "x.pdf", bytes: PDF }])).status).toBe(404);
    expect(await countRows()).toEqual(before);
    // No file chosen: a clear message.
    const none = await postFiles(member.client, `/groups/${g.slug}`, { intent: "uploadFile" }, []);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("files.error.noFile");
    // Another member may not remove it; the uploader may.
    const other = await personWithClient(server);
    await addMember(db(), g.id, other.person.id);
    expect((await other.client.post(`/groups/${g.slug}`, { intent: "removeFile", fileId: file.id })).status).toBe(403);
    expect((await member.client.post(`/groups/${g.slug}`, { intent: "removeFile", fileId: file.id })).status).toBe(302);
    expect(await db().selectFrom("file").select("id").where("id", "=", file.id).executeTakeFirst()).toBeUndefined();
    expect((await lead.client.get(`/files/${file.id}/x`)).status).toBe(404);
  });

  it("event materials: organisers upload; participants-only materials reach only those going", async () => {
    const organiser = await personWithClient(server);
    const going = await personWithClient(server);
    const other = await personWithClient(server);
    const ev = await insertEvent(db(), { createdBy: organiser.person.id });
    await db().insertInto("event_attendance").values({ event_id: ev.id, person_id: going.person.id, status: "going" }).execute();
    expect((await postFiles(organiser.client, `/events/${ev.slug}`, { intent: "uploadFile" }, [{ name: "agenda.pdf", bytes: PDF }])).status).toBe(302);
    expect((await postFiles(organiser.client, `/events/${ev.slug}`, { intent: "uploadFile", participantsOnly: "yes" }, [{ name: "slides.pdf", bytes: PDF }])).status).toBe(302);
    const files = await db().selectFrom("file").select(["id", "name", "participants_only"]).where("event_id", "=", ev.id).orderBy("created_at").execute();
    expect(files.map((f) => [f.name, f.participants_only])).toEqual([
      ["agenda.pdf", false],
      ["slides.pdf", true],
    ]);
    const [agenda, slides] = files;
    expect((await other.client.get(`/files/${agenda.id}/x`)).status).toBe(200);
    expect((await other.client.get(`/files/${slides.id}/x`)).status).toBe(404);
    expect((await going.client.get(`/files/${slides.id}/x`)).status).toBe(200);
    const otherPage = await (await other.client.get(`/events/${ev.slug}`)).text();
    expect(otherPage).toContain("agenda.pdf");
    expect(otherPage).not.toContain("slides.pdf");
    // A member who is not an organiser cannot add materials.
    const refused = await postFiles(other.client, `/events/${ev.slug}`, { intent: "uploadFile" }, [{ name: "spam.pdf", bytes: PDF }]);
    expect(refused.status).toBe(403);
    expect(await db().selectFrom("file").select("id").where("event_id", "=", ev.id).execute()).toHaveLength(2);
  });
});

describe("housekeeping", () => {
  it("deletes staged uploads that no owner took within an hour (an instance stopped mid-upload), with their chunks", async () => {
    const { member } = await groupWith();
    const old = await db()
      .insertInto("file")
      .values({
        org_id: member.person.organisation_id,
        uploaded_by: member.person.id,
        name: "half.pdf",
        content_type: "application/pdf",
        chunk_size: 512 * 1024,
        created_at: new Date(Date.now() - 2 * 3600_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("file_blob").values({ file_id: old.id, seq: 0, data: PDF }).execute();
    const fresh = await db()
      .insertInto("file")
      .values({ org_id: member.person.organisation_id, uploaded_by: member.person.id, name: "now.pdf", content_type: "application/pdf", chunk_size: 512 * 1024 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const counts = await purgeExpired(db(), RETENTION_DEFAULTS);
    expect(counts.stagedFiles).toBe(1);
    expect(await db().selectFrom("file_blob").select("seq").where("file_id", "=", old.id).execute()).toEqual([]);
    expect(await db().selectFrom("file").select("id").where("id", "=", fresh.id).executeTakeFirst()).toBeDefined();
    await db().deleteFrom("file").where("id", "=", fresh.id).execute();
  });
});

describe("download helpers", () => {
  it("parses single byte ranges", () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,5-6", 100)).toBeNull();
    expect(parseRange("items=0-1", 100)).toBeNull();
  });
});
