import { test, expect, type Browser, type Page } from "@playwright/test";
import { login, setLanguage, typedDate } from "./helpers";

// Dates and times follow the page's language, not the browser's (issue 12 item 11). The browser here is American
// (locale en-US, a New York clock): native date/time inputs would show mm/dd/yyyy and AM/PM on a Latvian page and the
// browser's own English validation bubbles would stop the form. The forms use text fields in the page's format
// (lv 14.10.2026. / 14.00, en 14/10/2026 / 14:00), carry novalidate, and every refusal is the app's translated message.

const ORGANISER = "andris.liepins@daugavas-farmacija.example";

function rigaDay(n: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + n * 86_400_000));
}

const TEXT = {
  lv: {
    titleLv: "Nosaukums latviski",
    titleEn: "Nosaukums angliski",
    startDate: "Sākuma datums",
    startTime: "Sākuma laiks",
    endDate: "Beigu datums",
    endTime: "Beigu laiks",
    draft: "Saglabāt melnrakstu",
    saved: "Melnraksts saglabāts.",
    edit: "Rediģēt pasākumu",
    dateHint: "piem., 14.10.2026.",
    timeHint: "piem., 14.00",
    dateInvalid: "Ievadiet derīgu datumu, piem., 14.10.2026.",
    titleRequired: "Ievadiet nosaukumu (vismaz 3 rakstzīmes).",
    start: "14.00",
    end: "16.30",
  },
  en: {
    titleLv: "Title in Latvian",
    titleEn: "Title in English",
    startDate: "Start date",
    startTime: "Start time",
    endDate: "End date",
    endTime: "End time",
    draft: "Save as draft",
    saved: "The draft is saved.",
    edit: "Edit event",
    dateHint: "e.g. 14/10/2026",
    timeHint: "e.g. 14:00",
    dateInvalid: "Enter a valid date, e.g. 14/10/2026.",
    titleRequired: "Enter a title (at least 3 characters).",
    start: "14:00",
    end: "16:30",
  },
} as const;

async function americanBrowser(browser: Browser, lang: "lv" | "en", javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "America/New_York", javaScriptEnabled });
  const page = await context.newPage();
  await login(page, ORGANISER);
  await setLanguage(page, lang);
  return page;
}

for (const lang of ["lv", "en"] as const) {
  const x = TEXT[lang];

  test(`${lang}: an en-US browser gets the page's date and time formats, 24-hour, and an event is created with them`, async ({ browser }) => {
    const page = await americanBrowser(browser, lang);
    await page.goto("/events/new");
    const form = page.locator("form.event-form");
    await expect(form).toHaveAttribute("novalidate", "");
    const startDate = page.getByLabel(x.startDate);
    const startTime = page.getByLabel(x.startTime);
    // Text fields in the page's language with the format as their described hint; no native pickers.
    for (const input of [startDate, startTime, page.getByLabel(x.endDate), page.getByLabel(x.endTime)]) {
      await expect(input).toHaveAttribute("type", "text");
      await expect(input).toHaveAttribute("lang", lang);
      await expect(input).toHaveAttribute("inputmode", "numeric");
      await expect(input).toHaveAttribute("autocomplete", "off");
    }
    await expect(startDate).toHaveAccessibleDescription(new RegExp(x.dateHint.replace(/[./]/g, "\\$&")));
    await expect(startTime).toHaveAccessibleDescription(new RegExp(x.timeHint.replace(/[./]/g, "\\$&")));
    await expect(form).not.toContainText(/\b(AM|PM)\b|mm\/dd/);

    const stamp = `${lang}-${Date.now().toString(36)}`;
    const day = rigaDay(40);
    await page.getByLabel(x.titleLv).fill(`Formātu pārbaude ${stamp}`);
    await page.getByLabel(x.titleEn).fill(`Format check ${stamp}`);
    await startDate.fill(typedDate(day, lang));
    await startTime.fill(x.start);
    await page.getByLabel(x.endDate).fill(typedDate(day, lang));
    await page.getByLabel(x.endTime).fill(x.end);
    await page.getByRole("button", { name: x.draft }).click();
    await expect(page.getByRole("status")).toHaveText(x.saved);
    // Stored in Riga time: the event page and the edit form show the same day and 14.00 / 14:00 back.
    await expect(page.getByRole("main")).toContainText(x.start);
    await page.getByRole("link", { name: x.edit, exact: true }).click();
    await expect(page.getByLabel(x.startDate)).toHaveValue(typedDate(day, lang));
    await expect(page.getByLabel(x.startTime)).toHaveValue(x.start);
    await expect(page.getByLabel(x.endTime)).toHaveValue(x.end);
    await expect(page.locator("form.event-form")).toHaveAttribute("novalidate", "");
  });

  test(`${lang}: an impossible date and a missing title get the app's messages, never a browser bubble; what was typed stays`, async ({ browser }) => {
    const page = await americanBrowser(browser, lang);
    await page.goto("/events/new");
    await page.getByLabel(x.titleLv).fill("Kļūdaina forma");
    // Title in English left empty (required), a US-order date and 31 February.
    await page.getByLabel(x.startDate).fill("10/31/2030");
    await page.getByLabel(x.startTime).fill(x.start);
    await page.getByLabel(x.endDate).fill(lang === "lv" ? "31.02.2030." : "31/02/2030");
    await page.getByLabel(x.endTime).fill(x.end);
    // Without novalidate the browser would keep the form (the empty required title) and show its own bubble; here the
    // server answers in the page's language.
    await page.getByRole("button", { name: x.draft }).click();
    await expect(page.getByLabel(x.titleEn)).toHaveAccessibleDescription(x.titleRequired);
    await expect(page.getByLabel(x.startDate)).toHaveAccessibleDescription(new RegExp(x.dateInvalid.replace(/[./]/g, "\\$&")));
    await expect(page.getByLabel(x.endDate)).toHaveAccessibleDescription(new RegExp(x.dateInvalid.replace(/[./]/g, "\\$&")));
    await expect(page.getByLabel(x.startDate)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(x.startDate)).toHaveValue("10/31/2030");
    await expect(page.getByLabel(x.endDate)).toHaveValue(lang === "lv" ? "31.02.2030." : "31/02/2030");
    await expect(page.getByLabel(x.titleLv)).toHaveValue("Kļūdaina forma");
  });
}

test("lv without JavaScript: an event is created from Latvian dates and times, and a bad date is refused in Latvian", async ({ browser }) => {
  const x = TEXT.lv;
  const page = await americanBrowser(browser, "lv", false);
  await page.goto("/events/new");
  await expect(page.locator("form.event-form")).toHaveAttribute("novalidate", "");
  const stamp = Date.now().toString(36);
  const day = rigaDay(41);
  await page.getByLabel(x.titleLv).fill(`Bez skriptiem ${stamp}`);
  await page.getByLabel(x.titleEn).fill(`No scripts ${stamp}`);
  await page.getByLabel(x.startDate).fill("31.02.2030.");
  await page.getByLabel(x.startTime).fill("9.30");
  await page.getByLabel(x.endDate).fill(typedDate(day, "lv"));
  await page.getByLabel(x.endTime).fill("1130");
  await page.getByRole("button", { name: x.draft }).click();
  await expect(page.getByLabel(x.startDate)).toHaveAccessibleDescription(new RegExp(x.dateInvalid.replace(/[./]/g, "\\$&")));
  await expect(page.getByLabel(x.startDate)).toHaveValue("31.02.2030.");
  await expect(page.getByLabel(x.startTime)).toHaveValue("9.30");

  await page.getByLabel(x.startDate).fill(typedDate(day, "lv"));
  await page.getByRole("button", { name: x.draft }).click();
  await expect(page.getByRole("status")).toHaveText(x.saved);
  await page.getByRole("link", { name: x.edit, exact: true }).click();
  await expect(page.getByLabel(x.startDate)).toHaveValue(typedDate(day, "lv"));
  await expect(page.getByLabel(x.startTime)).toHaveValue("09.30");
  await expect(page.getByLabel(x.endTime)).toHaveValue("11.30");
});
