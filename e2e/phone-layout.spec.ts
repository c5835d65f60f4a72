import { test, expect, type Page } from "@playwright/test";
import { login } from "./helpers";

// Issue 13 item 7: no page scrolls sideways on a 320 px phone (nor at 390 px), no page throws a script error, and the
// header folds into one menu that opens with the keyboard and without JavaScript.

const SECTIONS = [
  "/",
  "/groups",
  "/events",
  "/events/calendar",
  "/events/mine",
  "/campaigns",
  "/logistics",
  "/logistics/new",
  "/logistics/lanes",
  "/directory",
  "/directory/people",
  "/search?q=GMP%20ra%C5%BEo%C5%A1ana",
  "/search?q=zxqvjk",
];
const PERSONAL = ["/notifications", "/settings", "/settings/notifications", "/settings/privacy", "/settings/security", "/settings/calendar", "/organisation/members"];
const STAFF = ["/admin", "/admin/people", "/admin/audit", "/admin/outbox", "/admin/erasure", "/approvals", "/groups/new", "/events/new", "/campaigns/new"];

/** The first link in the page's main content whose path matches (a seeded thing's own page). */
async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string> {
  await page.goto(list);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${list}`).toBeTruthy();
  return href!;
}

async function sideways(page: Page, path: string): Promise<string | null> {
  await page.goto(path);
  return page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    if (over <= 0) return null;
    let widest = "";
    let right = 0;
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > right) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : ""}`;
      }
    }
    return `${over}px too wide; widest: ${widest} (right edge ${Math.round(right)})`;
  });
}

for (const width of [320, 390]) {
  test(`no page scrolls sideways at ${width} px`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 740 });
    const problems: string[] = [];
    // A script error on any page (e.g. server-only code reaching the browser) means the page never hydrates.
    page.on("pageerror", (err) => problems.push(`${new URL(page.url()).pathname}: script error: ${err.message}`));
    for (const path of ["/login", "/signup", "/privacy", "/forgot-password"]) {
      const p = await sideways(page, path);
      if (p) problems.push(`${path}: ${p}`);
    }
    await login(page, "admin@demo.example");
    const group = await firstLink(page, "/groups", /^\/groups\/(?!new$)[^/?#]+$/);
    const thread = await firstLink(page, group, /^\/groups\/[^/]+\/threads\/[0-9a-f-]{36}$/);
    const event = await firstLink(page, "/events", /^\/events\/(?!new$|calendar|mine)[^/?#]+$/);
    const campaign = await firstLink(page, "/campaigns", /^\/campaigns\/(?!new$)[^/?#]+$/);
    const request = await firstLink(page, "/logistics", /^\/logistics\/requests\/[0-9a-f-]{36}$/);
    const pool = await firstLink(page, "/logistics", /^\/logistics\/pools\/[0-9a-f-]{36}$/);
    const org = await firstLink(page, "/directory", /^\/directory\/orgs\/[^/?#]+$/);
    const person = await firstLink(page, "/directory/people", /^\/directory\/people\/[0-9a-f-]{36}$/);
    const pages = [
      ...SECTIONS,
      ...PERSONAL,
      ...STAFF,
      group,
      `${group}/edit`,
      thread,
      event,
      `${event}/discussion`,
      `${event}/manage`,
      `${event}/checkin`,
      `${event}/edit`,
      campaign,
      `${campaign}/ledger`,
      `${campaign}/edit`,
      request,
      pool,
      org,
      `${org}/edit`,
      person,
    ];
    for (const path of pages) {
      const p = await sideways(page, path);
      if (p) problems.push(`${path}: ${p}`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
}

test("the header folds into a menu on a phone: keyboard opens it; it works without JavaScript", async ({ page, browser }) => {
  await page.setViewportSize({ width: 320, height: 740 });
  await login(page, "member@demo.example");
  await page.goto("/settings");
  const header = page.locator("header.site-header");
  expect((await header.boundingBox())!.height).toBeLessThan(176);
  const menu = page.locator("details.header-menu");
  await expect(menu.getByRole("link", { name: /Darba grupas|Working groups/ })).toBeHidden();
  await menu.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(menu.getByRole("link", { name: /Darba grupas|Working groups/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(menu.getByRole("link", { name: /Darba grupas|Working groups/ })).toBeHidden();

  const cookies = await page.context().cookies();
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 740 } });
  await noJs.addCookies(cookies);
  const plain = await noJs.newPage();
  await plain.goto("/settings");
  await plain.locator("details.header-menu summary").click();
  await plain
    .locator("details.header-menu")
    .getByRole("link", { name: /Darba grupas|Working groups/ })
    .click();
  await expect(plain).toHaveURL(/\/groups$/);
  await noJs.close();
});
