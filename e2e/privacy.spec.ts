import { readFile } from "node:fs/promises";
import { test, expect } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Issue 12, items 13 and 14 in a browser: the login page says why, the privacy notice is reachable from the signup
// form and the footer, and the settings page downloads one's own data.

test.describe("privacy", () => {
  test("the login page says why in the page's language; the privacy notice is linked from signup and the footer", async ({ page }) => {
    await page.goto("/groups");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fgroups/);
    await setLanguage(page, "lv");
    await expect(page.getByRole("status")).toHaveText("Piesakieties, lai redzētu darba grupas.");
    await setLanguage(page, "en");
    await expect(page.getByRole("status")).toHaveText("Log in to see working groups.");

    await page.goto("/signup");
    await page.getByRole("main").getByRole("link", { name: "privacy notice" }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
    await expect(page.getByRole("heading", { name: "Your rights" })).toBeVisible();

    await page.goto("/signup");
    const footer = page.getByRole("contentinfo");
    await expect(footer.getByRole("link", { name: /Contact/ })).toHaveAttribute("href", /^mailto:/);
    await footer.getByRole("link", { name: "Privacy notice" }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await setLanguage(page, "lv");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privātuma paziņojums");
  });

  test("a member downloads their own data as JSON from the privacy settings", async ({ page }) => {
    await login(page, "member@demo.example");
    await page.goto("/settings/privacy");
    await setLanguage(page, "en");
    await expect(page.getByRole("heading", { name: "Your data", exact: true })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my data (JSON)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(data.profile.email).toBe("member@demo.example");
    expect(Array.isArray(data.posts)).toBe(true);
    await expect(page.getByRole("button", { name: "Ask to erase my account" })).toBeVisible();
  });
});
