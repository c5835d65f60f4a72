import { test, expect } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// The signed-in start page (issue 13, item 1): the demo member sees their next events with their answer and an .ics
// link, and the event link opens the event.

test("the demo member's start page shows next events; the event link and the .ics link work", async ({ page }) => {
  await login(page, "member@demo.example");
  await setLanguage(page, "en");
  await page.goto("/");
  const block = page.getByRole("region", { name: "Your next events" });
  await expect(block).toBeVisible();
  if ((await block.getByRole("listitem").count()) === 0) {
    // Nothing in the member's calendar yet: answer the first upcoming event, as a new member would.
    await page.goto("/events");
    await page.locator(".event-list li a").first().click();
    await page.getByRole("button", { name: "Attending" }).click();
    await page.goto("/");
  }
  const first = block.getByRole("listitem").first();
  await expect(first).toBeVisible();
  const ics = first.getByRole("link", { name: "Add to calendar (.ics)" });
  const icsHref = await ics.getAttribute("href");
  expect(icsHref).toMatch(/^\/events\/[^/]+\/calendar\.ics$/);
  const res = await page.request.get(icsHref!);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("BEGIN:VCALENDAR");
  const link = first.getByRole("link").first();
  const title = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(/\/events\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  // Latvian too
  await page.goto("/");
  await setLanguage(page, "lv");
  await expect(page.getByRole("region", { name: "Jūsu nākamie pasākumi" })).toBeVisible();
});
