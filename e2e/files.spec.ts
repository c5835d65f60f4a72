import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, login, setLanguage } from "./helpers";
import { watchErrors } from "./thread-helpers";

// Files (issue 14) in a real browser, on the demo data: a member of the private Quality, GMP & GDP group attaches a
// file to a post (with JavaScript: the upload goes with a progress bar) and downloads it with its Latvian name; the
// demo organiser, not in that group, gets 404 for the same file; without JavaScript, in Latvian, a member adds a
// document to the group's library and downloads it.
const PDF = readFileSync(fileURLToPath(new URL("../app/seed/files/position-paper-clinical-trials.pdf", import.meta.url)));
const GROUP = "/groups/kvalitate-gmp-gdp";
const MEMBER = "member@demo.example";
const OUTSIDER = "organiser@demo.example";

test("a member attaches a file in a thread and downloads it; an outsider gets 404 (English, JavaScript on)", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page, () => false);
  await login(page, MEMBER);
  await setLanguage(page, "en");
  await page.goto(GROUP);
  await page.getByRole("link", { name: "Kopīgā piegādātāju audita shēma 2026" }).click();
  await expect(page.getByRole("list", { name: "Posts" })).toBeVisible();

  const name = `Audita ziņojums ${Date.now().toString(36)} — ķīmija.pdf`;
  await page.getByLabel("Attach files").setInputFiles({ name, mimeType: "application/pdf", buffer: PDF });
  await expect(page.locator(".file-chosen")).toContainText(name);
  await page.getByLabel("Your reply").fill("The anonymised audit report is attached.");
  await page.getByRole("button", { name: "Post reply" }).click();

  const link = page.getByRole("link", { name });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^\/files\/[0-9a-f-]{36}\//);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(name);
  expect(readFileSync((await download.path())!).equals(PDF)).toBe(true);
  expect(errors).toEqual([]);

  // Someone outside the private group: 404 for the same address.
  const outsider = await browser.newContext();
  const other = await outsider.newPage();
  await login(other, OUTSIDER);
  const res = await other.request.get(href);
  expect(res.status()).toBe(404);
  expect((await other.goto(href))?.status()).toBe(404);
  await outsider.close();
  await context.close();
});

test("without JavaScript, in Latvian: a member adds a document to the group's library and downloads it", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "lv-LV", extraHTTPHeaders: { "Accept-Language": "lv" } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(MEMBER);
  await page.getByLabel("Parole").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Pieslēgties" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(GROUP);
  // The language switch is a plain form: it works without JavaScript too.
  await page.getByRole("button", { name: "LV", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "lv");
  const library = page.getByRole("region", { name: "Dokumentu bibliotēka" });
  await expect(library).toBeVisible();

  const name = `Temperatūras kartēšana ${Date.now().toString(36)}.pdf`;
  await library.getByLabel("Fails", { exact: true }).setInputFiles({ name, mimeType: "application/pdf", buffer: PDF });
  await library.getByLabel("Apraksts (nav obligāts)").fill("Noliktavas kartēšanas protokols");
  await library.getByRole("button", { name: "Augšupielādēt" }).click();
  await expect(page.getByText("Fails pievienots.")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Noliktavas kartēšanas protokols");
  await expect(row).toContainText("PDF");

  const link = row.getByRole("link", { name });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(name);

  // A file that is not allowed: a clear message in Latvian, nothing added.
  await library.getByLabel("Fails", { exact: true }).setInputFiles({ name: "rēķins.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 this is not a PDF at all") });
  await library.getByRole("button", { name: "Augšupielādēt" }).click();
  await expect(page.getByText("“rēķins.pdf” nav faila veids, ko šeit var augšupielādēt", { exact: false })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "rēķins.pdf" })).toHaveCount(0);
  await context.close();
});
