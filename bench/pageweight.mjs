// Page weight (issue 15 item 2): the gzipped JavaScript a signed-in member's browser loads on the main pages. Loads
// each page in Debian's Chromium (playwright-core), keeps every script response the page fetched (entry, route
// modules, shared chunks, the message chunks loaded before hydration), gzips each body as the server's compression
// does (zlib level 6) and sums them. Target: ≤ 100 KB per page on /, /events, /groups, /campaigns.
// Run: node bench/pageweight.mjs   (after npm run build; PostgreSQL from BENCH_DATABASE_URL / DATABASE_URL, else local;
//      BENCH_JSON=1 prints one JSON line at the end)
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { createDatabase, dropDatabase, startApp, stop } from "./lib.mjs";

export const PAGE_WEIGHT_TARGET_KB = 100;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Logs the demo member in over plain HTTP; returns the session cookie ("session=…"). */
export async function memberCookie(origin, email = "member@demo.example") {
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: `email=${encodeURIComponent(email)}&password=demo-password`,
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith("session="))
    ?.split(";")[0];
  if (!cookie) throw new Error("bench login failed");
  return cookie;
}

/** The first discussion thread of the first working group the member sees (the fifth measured page). */
export async function threadPath(origin, cookie) {
  const groups = await (await fetch(`${origin}/groups`, { headers: { cookie } })).text();
  for (const [, slug] of groups.matchAll(/href="\/groups\/([a-z0-9-]+)"/g)) {
    const page = await (await fetch(`${origin}/groups/${slug}`, { headers: { cookie } })).text();
    const m = /href="(\/groups\/[a-z0-9-]+\/threads\/[0-9a-f-]+)"/.exec(page);
    if (m) return m[1];
  }
  throw new Error("no thread found for the bench");
}

function kb(bytes) {
  return Math.round(bytes / 102.4) / 10;
}

/** Loads each path in a fresh page and returns the JavaScript it fetched, gzipped, in total and per kind of file. */
export async function measurePages(origin, cookie, paths, { locale = "lv" } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const [name, value] = cookie.split(/=(.*)/s);
  await context.addCookies([{ name, value, domain: new URL(origin).hostname, path: "/" }]);
  // The member's language is a setting of theirs (it wins over the cookie): set it as the header switch does.
  const lang = await fetch(`${origin}/lang`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    body: `lang=${locale}&redirectTo=/`,
  });
  if (lang.status !== 302) throw new Error(`language switch answered ${lang.status}`);
  const rows = [];
  try {
    for (const path of paths) {
      const page = await context.newPage();
      const scripts = [];
      const messages = [];
      page.on("response", (r) => {
        if (!r.url().startsWith(origin)) return;
        if (r.request().resourceType() === "script") scripts.push(r);
        else if (new URL(r.url()).pathname.startsWith("/i18n/")) messages.push(r);
      });
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(origin + path, { waitUntil: "networkidle" });
      const files = [];
      for (const r of scripts) {
        const body = await r.body();
        files.push({ file: new URL(r.url()).pathname, raw: body.length, gz: gzipSync(body, { level: 6 }).length });
      }
      let messagesGz = 0;
      for (const r of messages) messagesGz += gzipSync(await r.body(), { level: 6 }).length;
      const sum = (pred) => files.filter(pred).reduce((a, f) => a + f.gz, 0);
      // Messages: the JSON of the page's routes (now), or a catalog chunk (the build before issue 15 item 2).
      const isMessages = (f) => /\/catalog-[^/]*\.js$/.test(f.file);
      rows.push({
        lang: await page.locator("html").getAttribute("lang"),
        path,
        files: files.length,
        rawKb: kb(files.reduce((a, f) => a + f.raw, 0)),
        gzKb: kb(sum(() => true)),
        messagesGzKb: kb(sum(isMessages) + messagesGz),
        messagesJsonGzKb: kb(messagesGz),
        largest: files
          .sort((a, b) => b.gz - a.gz)
          .slice(0, 3)
          .map((f) => `${f.file.split("/").pop()} ${kb(f.gz)}`),
        errors,
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}

export async function benchPageWeight({ log = console.log } = {}) {
  const db = "bench_page_weight";
  const dbUrl = await createDatabase(db);
  const app = await startApp({ DATABASE_URL: dbUrl, SEED_DEMO: "always" });
  try {
    const cookie = await memberCookie(app.origin);
    const thread = await threadPath(app.origin, cookie);
    const paths = ["/", "/events", "/groups", "/campaigns", thread];
    const result = { targetKb: PAGE_WEIGHT_TARGET_KB };
    for (const locale of ["lv", "en"]) result[locale] = await measurePages(app.origin, cookie, paths, { locale });
    for (const l of ["lv", "en"]) for (const r of result[l]) if (r.lang !== l) throw new Error(`${r.path} came in ${r.lang}, not ${l}`);
    log(`\n| Page (gzipped KB) | JS lv | JS en | messages lv / en (in the JS or JSON) | JS + message JSON, max | Target (JS) |\n|---|---|---|---|---|---|`);
    for (let i = 0; i < paths.length; i++) {
      const [lv, en] = [result.lv[i], result.en[i]];
      const target = i < 4 ? `≤ ${PAGE_WEIGHT_TARGET_KB}` : "–";
      const all = Math.max(lv.gzKb + lv.messagesJsonGzKb, en.gzKb + en.messagesJsonGzKb);
      log(`| ${paths[i].length > 30 ? "thread page" : paths[i]} | ${lv.gzKb} | ${en.gzKb} | ${lv.messagesGzKb} / ${en.messagesGzKb} | ${Math.round(all * 10) / 10} | ${target} |`);
    }
    result.maxMainKb = Math.max(...["lv", "en"].flatMap((l) => result[l].slice(0, 4).map((r) => r.gzKb)));
    result.met = result.maxMainKb <= PAGE_WEIGHT_TARGET_KB;
    log(`largest files on /: ${result.lv[0].largest.join(", ")}`);
    log(`max over the four main pages: ${result.maxMainKb} KB → ${result.met ? "met" : "MISSED"} (target ≤ ${PAGE_WEIGHT_TARGET_KB} KB)`);
    return result;
  } finally {
    await stop(app.child);
    await dropDatabase(db);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPageWeight();
  if (process.env.BENCH_JSON === "1") console.log(JSON.stringify(r));
}
