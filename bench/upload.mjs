// Files (issue 14): server RSS while a 25 MB upload streams into PostgreSQL (goal: grows < 40 MB), and download
// throughput of the authorised route vs the same bytes served as a static file by the same process in the same run
// (goal ≥ 0.5×). Run: npm run build && node bench/upload.mjs (PostgreSQL from BENCH_DATABASE_URL / DATABASE_URL;
// BENCH_ENGINE=pglite for the embedded database).
import http from "node:http";
import crypto from "node:crypto";
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase, dropDatabase, startApp, stop, rssMb, sleep, median } from "./lib.mjs";

const MB = 1024 * 1024;
const SIZE = 25 * MB - 64 * 1024; // just under MAX_UPLOAD_MB (25)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Sends a multipart reply with one file, writing the body in 64 KiB pieces; resolves with the status. */
function upload(origin, pathName, cookie, name, bytes) {
  const boundary = `----bench${crypto.randomBytes(8).toString("hex")}`;
  const fields = { section: "thread", intent: "reply", body: "Benchmark upload" };
  let head = "";
  for (const [k, v] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + bytes.length + Buffer.byteLength(tail);
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${pathName}`, {
      method: "POST",
      headers: { cookie, origin, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": length },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    (async () => {
      req.write(head);
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        if (!req.write(bytes.subarray(at, at + 64 * 1024))) await new Promise((r) => req.once("drain", r));
      }
      req.end(tail);
    })();
  });
}

/** GETs a URL to its end; resolves with { ms, bytes }. */
function download(url, cookie) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { headers: { cookie } }, (res) => {
        let bytes = 0;
        res.on("data", (c) => (bytes += c.length));
        res.on("end", () => resolve({ ms: performance.now() - started, bytes, status: res.statusCode }));
      })
      .on("error", reject);
  });
}

export async function benchUpload() {
  const engine = process.env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
  const dbName = "bench_upload";
  const dir = engine === "pglite" ? mkdtempSync(path.join(os.tmpdir(), "bench-upload-")) : null;
  const url = engine === "postgres" ? await createDatabase(dbName) : null;
  const app = await startApp({ SEED_DEMO: "always", ...(url ? { DATABASE_URL: url } : { PGLITE_DIR: dir }) });
  const static_ = path.resolve("public/bench-upload.png");
  try {
    const login = await fetch(`${app.origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: "email=member%40demo.example&password=demo-password",
    });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith("session="))
      ?.split(";")[0];
    if (!cookie) throw new Error("bench login failed");
    // A topic of the private Quality, GMP & GDP group, where the demo member posts.
    const topic = await fetch(`${app.origin}/groups/kvalitate-gmp-gdp`, { headers: { cookie } }).then((r) => r.text());
    const threadPath = /href="(\/groups\/kvalitate-gmp-gdp\/threads\/[0-9a-f-]{36})"/.exec(topic)?.[1];
    if (!threadPath) throw new Error("no topic found");

    const png = readFileSync("app/seed/files/stand-floor-plan-medica.png");
    const bytes = crypto.randomBytes(SIZE);
    png.copy(bytes, 0, 0, 64);
    // Warm up (the parser, file-type, the pool) with a small upload, then let the heap settle.
    if ((await upload(app.origin, threadPath, cookie, "warm.png", bytes.subarray(0, 256 * 1024))) !== 302) throw new Error("warm-up upload failed");
    await sleep(1500);
    const before = rssMb(app.child.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(app.child.pid) ?? 0)), 25);
    const t0 = performance.now();
    const status = await upload(app.origin, threadPath, cookie, "stand-artwork-25mb.png", bytes);
    const uploadMs = performance.now() - t0;
    clearInterval(sampler);
    if (status !== 302) throw new Error(`upload answered ${status}`);

    // Where the file went: its download address, from the database.
    let fileId;
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      fileId = (await c.query(`select id from file where name = 'stand-artwork-25mb.png' and status = 'ready'`)).rows[0]?.id;
      await c.end();
    } else {
      const page = await fetch(`${app.origin}${threadPath}`, { headers: { cookie } }).then((r) => r.text());
      fileId = /\/files\/([0-9a-f-]{36})\/stand-artwork-25mb\.png/.exec(page)?.[1];
    }
    if (!fileId) throw new Error("uploaded file not found");

    writeFileSync(static_, bytes);
    const routeUrl = `${app.origin}/files/${fileId}/stand-artwork-25mb.png`;
    const staticUrl = `${app.origin}/bench-upload.png`;
    await download(routeUrl, cookie);
    await download(staticUrl, cookie);
    const route = [];
    const file = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = await download(staticUrl, cookie);
      const r = await download(routeUrl, cookie);
      if (r.status !== 200 || r.bytes !== SIZE || s.bytes !== SIZE) throw new Error(`download failed: ${r.status} ${r.bytes} / ${s.bytes}`);
      file.push(SIZE / MB / (s.ms / 1000));
      route.push(SIZE / MB / (r.ms / 1000));
    }
    const ratios = route.map((r, i) => r / file[i]);
    return {
      engine,
      fileMb: Number((SIZE / MB).toFixed(2)),
      uploadSeconds: Number((uploadMs / 1000).toFixed(2)),
      rssBeforeMb: before,
      rssPeakMb: peak,
      rssGrowthMb: peak - before,
      downloadMBps: Number(median(route).toFixed(1)),
      staticMBps: Number(median(file).toFixed(1)),
      ratioMedian: Number(median(ratios).toFixed(2)),
      ratioRange: [Number(Math.min(...ratios).toFixed(2)), Number(Math.max(...ratios).toFixed(2))],
      targets: { rssGrowthMb: 40, ratio: 0.5 },
    };
  } finally {
    rmSync(static_, { force: true });
    await stop(app.child);
    if (url) await dropDatabase(dbName);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchUpload(), null, 2));
}
