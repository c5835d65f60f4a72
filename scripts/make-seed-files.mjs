// Writes the demo's small file fixtures (app/seed/files/): two text PDFs and a PNG floor plan, made by hand so that
// no tool is needed. Run: node scripts/make-seed-files.mjs (the outputs are committed).
import { writeFileSync, mkdirSync } from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app/seed/files");
mkdirSync(out, { recursive: true });

/** A PDF of text pages (Helvetica, WinAnsi): pages = [{ width, height, lines: [[size, text]] }]. */
export function makePdf(pages, title) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const esc = (s) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const catalog = add(null);
  const pagesObj = add(null);
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const bold = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  const kids = [];
  for (const p of pages) {
    let y = p.height - 60;
    let ops = "";
    for (const [size, text] of p.lines) {
      const f = size >= 16 ? "/F2" : "/F1";
      ops += `BT ${f} ${size} Tf 50 ${y} Td (${esc(text)}) Tj ET\n`;
      y -= size * 1.6;
    }
    const content = add(`<< /Length ${Buffer.byteLength(ops, "latin1")} >>\nstream\n${ops}endstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${p.width} ${p.height}] /Resources << /Font << /F1 ${font} 0 R /F2 ${bold} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const info = add(`<< /Title (${esc(title)}) /Producer (cluster-platform seed) >>`);
  let pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** An RGB PNG drawn by a function (x, y) => [r, g, b]. */
export function makePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const A4 = { width: 595, height: 842 };
  writeFileSync(
    path.join(out, "position-paper-clinical-trials.pdf"),
    makePdf(
      [
        {
          ...A4,
          lines: [
            [18, "Position paper: faster clinical trial approvals in Latvia"],
            [11, "Working group on regulatory affairs - draft for the general assembly"],
            [11, ""],
            [11, "1. Summary. Sponsors wait too long for a decision on multinational clinical trials."],
            [11, "We ask the State Agency of Medicines to publish its assessment timelines under the"],
            [11, "EU Clinical Trials Regulation and to accept English-language pharmacovigilance documents."],
            [11, "2. GMP inspections. Members report duplicate inspections of biopharmaceutical plants;"],
            [11, "mutual recognition of inspection reports would save each site several weeks a year."],
            [11, "3. Proposals. A single contact point, a pre-submission meeting within 30 days,"],
            [11, "and a shared calendar of ethics committee meetings."],
          ],
        },
        {
          ...A4,
          lines: [
            [14, "Annex: members consulted"],
            [11, "Eleven member organisations answered the survey in September."],
          ],
        },
      ],
      "Position paper: clinical trial approvals",
    ),
  );
  const slide = { width: 842, height: 595 };
  writeFileSync(
    path.join(out, "seminar-slides-gmp-basics.pdf"),
    makePdf(
      [
        {
          ...slide,
          lines: [
            [24, "GMP basics for start-ups"],
            [14, "Seminar slides - Riga, cluster office"],
          ],
        },
        {
          ...slide,
          lines: [
            [20, "Why quality systems come first"],
            [14, "- Batch records and deviations"],
            [14, "- Validation of cleanrooms and equipment"],
          ],
        },
        {
          ...slide,
          lines: [
            [20, "Next steps"],
            [14, "- Gap analysis against EU GMP Annex 1"],
            [14, "- Mock inspection with a qualified person"],
          ],
        },
      ],
      "Seminar slides: GMP basics",
    ),
  );
  // A stand floor plan: a 6 x 4 m stand, four member counters and a meeting corner.
  const W = 360;
  const H = 240;
  const boxes = [
    [20, 20, 100, 70, [96, 165, 250]],
    [130, 20, 210, 70, [134, 239, 172]],
    [220, 20, 300, 70, [253, 186, 116]],
    [20, 150, 100, 220, [216, 180, 254]],
    [200, 140, 340, 220, [203, 213, 225]],
  ];
  const png = makePng(W, H, (x, y) => {
    if (x < 3 || y < 3 || x >= W - 3 || y >= H - 3) return [30, 41, 59];
    for (const [x0, y0, x1, y1, c] of boxes) {
      if (x >= x0 && x < x1 && y >= y0 && y < y1) return x === x0 || x === x1 - 1 || y === y0 || y === y1 - 1 ? [30, 41, 59] : c;
    }
    return (x + y) % 40 === 0 ? [226, 232, 240] : [255, 255, 255];
  });
  writeFileSync(path.join(out, "stand-floor-plan-medica.png"), png);
  console.log(`wrote ${out}`);
}
