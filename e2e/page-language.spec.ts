import { test, expect } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Issue 15, item 2: a page carries its own language's messages only; switching language fetches the other one's
// before the page renders in it (the root clientLoader), so nothing shows a bare message key.

test("a Latvian page loads only the Latvian messages; switching to English fetches the English ones and shows no keys", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  await login(page, "member@demo.example");
  await setLanguage(page, "lv");
  scripts.length = 0; // a fresh document from here on
  await page.goto("/events");
  await page.waitForLoadState("networkidle");
  expect(scripts.some((s) => /catalog-lv-/.test(s))).toBe(true);
  expect(scripts.some((s) => /catalog-en-/.test(s))).toBe(false);
  await expect(page.getByRole("heading", { level: 1, name: "Pasākumi" })).toBeVisible();

  await setLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  expect(scripts.some((s) => /catalog-en-/.test(s))).toBe(true);
  // Client-side navigation in English: every text is a message, none is a key such as "nav.groups".
  await page.getByRole("link", { name: "Working groups" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Working groups" })).toBeVisible();
  expect(await page.locator("main").innerText()).not.toMatch(/\b(groups|nav|common|events)\.[a-z]+[A-Za-z.]*\b/);
});
