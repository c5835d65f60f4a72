import { test, expect, type Page } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Issue 12, item 10: competences, expertise and group topics come from bilingual vocabularies, and job titles have an
// optional English version. A Latvian page shows the Latvian labels, an English page the English ones; editing works
// without JavaScript.

async function expertiseOf(page: Page, name: RegExp) {
  return page.getByRole("list", { name });
}

test("the directory and the groups show tags and job titles in the page's language", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "lv");

  // filter people by a term, chosen by its Latvian label; the URL carries its key
  await page.goto("/directory/people");
  await page.getByLabel("Kompetence", { exact: true }).selectOption({ label: "ES farmācijas tiesību akti" });
  await page.getByRole("main").getByRole("search").getByRole("button").click();
  await expect(page).toHaveURL(/tag=eu-pharma-legislation/);
  await page.getByRole("link", { name: "Dace Zariņa" }).click();

  const lvTags = await expertiseOf(page, /^Kompetences$/);
  await expect(lvTags.getByRole("link", { name: "ES farmācijas tiesību akti" })).toBeVisible();
  await expect(lvTags.getByRole("link", { name: "Regulatīvās lietas" })).toBeVisible();
  await expect(page.getByText("Zāļu reģistrācijas nodaļas vadītāja")).toBeVisible();
  await expect(page.getByText("EU pharma legislation")).toHaveCount(0);

  await setLanguage(page, "en");
  const enTags = await expertiseOf(page, /^Expertise$/);
  // the label keeps its case
  await expect(enTags.getByRole("link", { name: "EU pharma legislation", exact: true })).toBeVisible();
  await expect(enTags.getByRole("link", { name: "Regulatory affairs" })).toBeVisible();
  await expect(page.getByText("Head of Regulatory Affairs")).toBeVisible();
  await expect(page.getByText("ES farmācijas tiesību akti")).toHaveCount(0);
  // a tag link lists the others with that term
  await enTags.getByRole("link", { name: "Regulatory affairs" }).click();
  await expect(page).toHaveURL(/\/directory\/people\?tag=regulatory-affairs/);
  await expect(page.getByRole("link", { name: "Dace Zariņa" })).toBeVisible();

  // working-group topics
  await page.goto("/groups");
  await expect(page.getByRole("link", { name: "Regulatory affairs" }).first()).toBeVisible();
  await setLanguage(page, "lv");
  await expect(page.getByRole("link", { name: "Regulatīvās lietas" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Regulatory affairs" })).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a member chooses expertise from the list, adds a new term in both languages and an English job title", async ({ page }) => {
    await login(page, "member@demo.example");
    await setLanguage(page, "lv");
    await page.goto("/settings");
    const expertise = page.getByRole("group", { name: "Kompetences jomas" });
    await expertise.getByLabel("Farmakovigilance", { exact: true }).check();
    await expertise.getByLabel("Jauns, latviski").fill("Uztura marķējums");
    await expertise.getByLabel("Jauns, angliski").fill("Nutrition labelling");
    await page.getByLabel("Amats angliski (nav obligāti)").fill("Quality Specialist (food)");
    await page.getByRole("button", { name: "Saglabāt" }).first().click();
    await expect(page).toHaveURL(/\/settings\?saved=1/);
    // the new term is now a choice, ticked
    await expect(page.getByRole("group", { name: "Kompetences jomas" }).getByLabel("Uztura marķējums", { exact: true })).toBeChecked();

    // the profile in the directory, in Latvian and then in English
    await page.goto("/directory/people?q=Laila");
    await page.getByRole("main").getByRole("link", { name: "Laila Sproģe" }).click();
    const lv = page.getByRole("list", { name: /^Kompetences$/ });
    await expect(lv.getByRole("link", { name: "Uztura marķējums" })).toBeVisible();
    await expect(lv.getByRole("link", { name: "Farmakovigilance" })).toBeVisible();
    await expect(page.getByText("Kvalitātes speciāliste")).toBeVisible();

    await setLanguage(page, "en");
    const en = page.getByRole("list", { name: /^Expertise$/ });
    await expect(en.getByRole("link", { name: "Nutrition labelling" })).toBeVisible();
    await expect(en.getByRole("link", { name: "Pharmacovigilance" })).toBeVisible();
    await expect(page.getByText("Quality Specialist (food)")).toBeVisible();
    await expect(page.getByText("Uztura marķējums")).toHaveCount(0);
  });
});

test("pages with term lists hydrate without errors in both languages (server and browser agree on the order)", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await login(page, "organiser@demo.example");
  for (const lang of ["lv", "en"] as const) {
    await setLanguage(page, lang);
    for (const path of ["/directory", "/directory/people", "/groups", "/settings", "/groups/new"]) {
      await page.goto(path);
      await page.waitForFunction(() => {
        const main = document.getElementById("main");
        return !!main && Object.keys(main).some((k) => k.startsWith("__reactFiber"));
      });
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    }
  }
  expect(errors).toEqual([]);
});
