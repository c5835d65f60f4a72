import { test, expect, type Page } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Site search (issue 14), on the demo cluster: the member Laila Sproģe (in the private working group "Quality, GMP &
// GDP") finds a colleague by expertise, a post by a word with and without diacritics, and an event by its venue; the
// organiser Renārs Lejnieks, who is not in that group, finds none of its content. In English and Latvian, through the
// header's search box (a plain GET form: it works without JavaScript too).

const PRIVATE_TOPIC = "GDP: noliktavu temperatūras kartēšana vasarā un ziemā";

async function searchFromHeader(page: Page, words: string, label: RegExp) {
  const box = page.getByRole("search").first().getByLabel(label);
  await box.fill(words);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
}

const results = (page: Page) => page.locator(".search-results");

test("a member finds a colleague by expertise, a post with and without diacritics, and an event by its venue (English)", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "en");
  await page.goto("/");

  await searchFromHeader(page, "spray drying", /^Search$/);
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  const colleague = results(page).getByRole("link", { name: "Evija Meiere" });
  await expect(colleague).toBeVisible();
  await expect(results(page).locator("mark", { hasText: /spray/i }).first()).toBeVisible();
  await colleague.click();
  await expect(page).toHaveURL(/\/directory\/people\//);

  for (const word of ["reģistratorus", "registratorus", "REGISTRATORUS"]) {
    await searchFromHeader(page, word, /^Search$/);
    const hit = results(page)
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: PRIVATE_TOPIC }) });
    await expect(hit.first(), word).toBeVisible();
    // the word is marked as it is written in the post
    await expect(hit.first().locator("mark", { hasText: "reģistratorus" })).toBeVisible();
  }
  await results(page).getByRole("link", { name: PRIVATE_TOPIC }).first().click();
  // On the topic's page (the snippet on the results page has the same words: wait for the page itself).
  await expect(page).toHaveURL(/\/groups\/[^/]+\/threads\//);
  await expect(page.getByText("Izmantojam 45 datu reģistratorus")).toBeVisible();

  // the venue: narrowed to events on the page's own form (posts mention Ķīpsala too)
  await searchFromHeader(page, "Kipsala", /^Search$/);
  await expect(page.getByLabel("Words to find")).toHaveValue("Kipsala");
  await page.getByLabel("Show").selectOption({ label: "Events" });
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await expect(page).toHaveURL(/type=events/);
  await expect(results(page).getByRole("link", { name: "EU GMP Annex 1 in practice: lessons from sterile manufacturing" })).toBeVisible();
  await page.getByLabel("Show").selectOption({ label: "People" });
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await expect(page.locator(".search-empty")).toContainText("Nothing found");
  await expect(page.locator(".search-empty")).toContainText("klavins");
});

test("the same in Latvian", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "lv");
  await page.goto("/");
  await page.goto("/search?q=%C4%B7%C4%ABpsala&type=events");
  await expect(page.getByRole("heading", { level: 1, name: "Meklēšana" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "ES GMP vadlīniju 1. pielikums praksē: sterilās ražošanas pieredze" })).toBeVisible();
  await searchFromHeader(page, "registrator", /^Meklēt$/);
  await expect(results(page).getByRole("link", { name: PRIVATE_TOPIC }).first()).toBeVisible();
  await searchFromHeader(page, "pilot plant", /^Meklēt$/);
  await expect(results(page).getByRole("link", { name: "Evija Meiere" })).toBeVisible();
  await searchFromHeader(page, "zxqvjk", /^Meklēt$/);
  await expect(page.locator(".search-empty")).toContainText("nekas");
  await expect(page.locator(".search-empty")).toContainText("Mēģiniet");
});

test("an outsider finds none of a private group's content, in either language", async ({ page }) => {
  await login(page, "organiser@demo.example");
  await setLanguage(page, "en");
  for (const q of ["registratorus", "reģistratorus", "temperatūras kartēšana", "FSSC 22000 papildu punktu saraksts"]) {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
    await expect(page.getByRole("link", { name: PRIVATE_TOPIC })).toHaveCount(0);
    await expect(page.locator(".search-results a[href*='/groups/']").filter({ hasText: /GDP|FSSC|audit/i })).toHaveCount(0);
  }
  await page.goto(`/search?q=registratorus`);
  await expect(page.locator(".search-empty")).toContainText("Nothing found");
  await setLanguage(page, "lv");
  await expect(page.locator(".search-empty")).toContainText("nekas");
  await expect(page.getByRole("link", { name: PRIVATE_TOPIC })).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the header's search box and the result pages work", async ({ page }) => {
    await login(page, "member@demo.example");
    await page.goto("/");
    const lang = await page.locator("html").getAttribute("lang");
    await searchFromHeader(page, "spray drying", lang === "lv" ? /^Meklēt$/ : /^Search$/);
    await expect(results(page).getByRole("link", { name: "Evija Meiere" })).toBeVisible();
  });
});

test("a member finds a PDF by a word inside it; the result opens the library it is in, where it downloads", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "en");
  await page.goto("/search?q=pharmacovigilance");
  const pdf = results(page).getByRole("link", { name: "Nostājas dokuments — klīnisko pētījumu atļaujas.pdf" });
  await expect(pdf).toBeVisible();
  await pdf.click();
  await expect(page).toHaveURL(/\/groups\/zalu-registracija#library$/);
  const download = page.waitForEvent("download");
  await page
    .getByRole("link", { name: /Nostājas dokuments — klīnisko pētījumu atļaujas\.pdf/ })
    .first()
    .click();
  expect((await download).suggestedFilename()).toBe("Nostājas dokuments — klīnisko pētījumu atļaujas.pdf");
  // The same in Latvian, by the type filter.
  await setLanguage(page, "lv");
  await page.goto("/search?q=pharmacovigilance&type=files");
  await expect(page.getByRole("heading", { level: 1, name: "Meklēšana" })).toBeVisible();
  await expect(results(page).getByRole("link", { name: "Nostājas dokuments — klīnisko pētījumu atļaujas.pdf" })).toBeVisible();
});

test("words typed into the header's box stay there while another page's navigation completes", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "en");
  await page.goto("/directory/people");
  await page.waitForLoadState("networkidle");
  const header = page
    .getByRole("search")
    .first()
    .getByLabel(/^Search$/);
  await header.fill("spray drying");
  // The directory's own filter changes the address (?q=…) by a client-side navigation.
  await page.locator("#f-q").fill("Meiere");
  await page.locator("#f-q").press("Enter");
  await expect(page).toHaveURL(/directory\/people\?.*q=Meiere/);
  await expect(header).toHaveValue("spray drying");
  await header.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=spray\+drying/);
  await expect(page.getByLabel("Words to find")).toHaveValue("spray drying");
});
