import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { test, expect, type Page, type Response } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Issue 15, item 2: a page carries the messages of its own routes in its own language only (app/i18n/load.ts); a
// navigation fetches those of the next page before it renders, and a switch of language those of the other language,
// so nothing ever shows a bare message key.

/** The most message JSON one page may fetch (gzipped): a page's routes use a few hundred keys, not the catalog's ~2,000. */
const MESSAGE_BUDGET_GZ = 8 * 1024;

type Catalog = Record<string, string | Record<string, string>>;
const MESSAGES = fileURLToPath(new URL("../app/i18n/messages", import.meta.url));

async function catalogs(): Promise<{ en: Catalog; lv: Catalog }> {
  const en: Catalog = {};
  const lv: Catalog = {};
  for (const f of fs.readdirSync(MESSAGES).filter((x) => x.endsWith(".ts") && x !== "mail.ts")) {
    Object.assign(en, ((await import(path.join(MESSAGES, f))) as { en: Catalog }).en);
    Object.assign(lv, ((await import(path.join(MESSAGES, "lv", f))) as { lv: Catalog }).lv);
  }
  return { en, lv };
}

/** Texts of `mine` no page in the other language may carry: long ones, that differ between the languages. */
function distinctive(mine: Catalog, other: Catalog): string[] {
  return Object.entries(mine)
    .map(([k, v]) => [typeof v === "string" ? v : v.other, other[k]] as const)
    .filter(([v, o]) => v.length >= 30 && !/[{}]/.test(v) && v !== (typeof o === "string" ? o : o?.other))
    .map(([v]) => v);
}

/** Records what the page fetches: scripts and the /i18n/ message answers (with their bodies). */
function recorder(page: Page) {
  const scripts: Response[] = [];
  const messages: Response[] = [];
  const problems: string[] = [];
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/i18n/")) messages.push(r);
    else if (r.request().resourceType() === "script") scripts.push(r);
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return { scripts, messages, problems };
}

test("each page fetches its own routes' messages in its own language only, within the budget", async ({ page }) => {
  const { en, lv } = await catalogs();
  const rec = recorder(page);
  await login(page, "member@demo.example");
  await setLanguage(page, "lv");
  for (const [lang, mine, other] of [
    ["lv", lv, en],
    ["en", en, lv],
  ] as const) {
    if (lang === "en") await setLanguage(page, "en");
    const foreign = distinctive(other, mine);
    for (const address of ["/", "/events", "/groups", "/campaigns"]) {
      rec.scripts.length = 0;
      rec.messages.length = 0;
      await page.goto(address);
      await page.waitForLoadState("networkidle");
      expect(rec.messages.length, `${address} fetched its messages`).toBeGreaterThan(0);
      let gz = 0;
      for (const r of rec.messages) {
        expect(new URL(r.url()).pathname, `${address} asked for ${lang} messages only`).toMatch(new RegExp(`^/i18n/[^/]+/${lang}$`));
        const body = await r.body();
        gz += gzipSync(body).length;
        const text = body.toString("utf8");
        expect(
          foreign.filter((s) => text.includes(JSON.stringify(s).slice(1, -1))),
          `${address}: other-language texts in the messages`,
        ).toEqual([]);
        // Not the whole catalog: a fraction of the keys.
        expect(Object.keys(JSON.parse(text) as object).length).toBeLessThan(Object.keys(mine).length / 3);
      }
      expect(gz, `${address}: gzipped message JSON`).toBeLessThanOrEqual(MESSAGE_BUDGET_GZ);
      // No script carries messages any more (neither language's catalog travels as JavaScript).
      for (const r of rec.scripts) {
        const js = (await r.body()).toString("utf8");
        const carried = [...foreign, ...distinctive(mine, other)].filter((s) => js.includes(s));
        expect(carried, `${new URL(r.url()).pathname} carries messages`).toEqual([]);
      }
    }
  }
  expect(rec.problems).toEqual([]);
});

test("client-side navigation to every main area, in both languages, never shows a bare message key", async ({ page }) => {
  const { en, lv } = await catalogs();
  const keys = Object.keys(en);
  const rec = recorder(page);
  await login(page, "member@demo.example");
  await setLanguage(page, "lv");
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  // A marker on the window: it survives client-side navigation only (a full page load would drop it).
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  const noKeys = async (where: string) => {
    const text = await page.locator("body").innerText();
    const shown = keys.filter((k) => text.includes(k));
    expect(shown, `${where}: bare message keys on the page`).toEqual([]);
    expect(await page.title(), `${where}: title`).not.toMatch(/^title\./);
  };
  for (const [lang, catalog] of [
    ["lv", lv],
    ["en", en],
  ] as const) {
    if (lang === "en") await setLanguage(page, "en");
    const nav = page.getByRole("navigation", { name: catalog["nav.main"] as string }).first();
    const areas = [
      ["/groups", "nav.groups"],
      ["/events", "nav.events"],
      ["/campaigns", "nav.campaigns"],
      ["/logistics", "nav.logistics"],
      ["/directory", "nav.directory"],
    ] as const;
    for (const [href, key] of areas) {
      await nav.getByRole("link", { name: catalog[key] as string, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      await expect(page.locator("main h1").first()).toBeVisible();
      await noKeys(`${lang} ${href}`);
    }
    // A working group, then one of its discussions (the live thread page), then notifications and settings.
    await nav.getByRole("link", { name: catalog["nav.groups"] as string, exact: true }).click();
    await page.locator('main a[href^="/groups/"]').first().click();
    await expect(page).toHaveURL(/\/groups\/[^/]+$/);
    await noKeys(`${lang} group page`);
    await page.locator('main a[href*="/threads/"]:not([href$="/new"])').first().click();
    await expect(page).toHaveURL(/\/threads\/[0-9a-f-]+$/);
    await expect(page.locator("main h1").first()).toBeVisible();
    await noKeys(`${lang} thread page`);
    await page
      .getByRole("link", { name: catalog["notifications.title"] as string })
      .first()
      .click();
    await expect(page).toHaveURL(/\/notifications$/);
    await noKeys(`${lang} notifications`);
    await page.locator('header a[href="/settings"]').last().click();
    await expect(page).toHaveURL(/\/settings$/);
    await noKeys(`${lang} settings`);
    await page.locator('header a[href="/"]').first().click();
    await expect(page).toHaveURL(/\/$/);
    await noKeys(`${lang} start page`);
  }
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(rec.problems).toEqual([]);
});
