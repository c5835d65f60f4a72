import { test, expect } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Issue 13 item 7: on a phone the primary action of an event page (the answer buttons) is one tap away from the top.

test("a 320 px event page offers its answer buttons from the first screen, in both languages", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 568 });
  await login(page, "member@demo.example");
  await page.goto("/events");
  const href = (await page.locator("main a[href^='/events/']").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))).find((h) => /^\/events\/(?!new$|calendar|mine)[^/?#]+$/.test(h));
  expect(href).toBeTruthy();
  for (const [lang, name] of [
    ["lv", "Atbildēt: vai piedalīsieties?"],
    ["en", "Answer: will you come?"],
  ] as const) {
    await setLanguage(page, lang);
    await page.goto(href!);
    await page.waitForLoadState("networkidle"); // hydrated: its scroll restoration has run
    const jump = page.getByRole("link", { name });
    await expect(jump).toBeVisible();
    expect((await jump.boundingBox())!.y + 40).toBeLessThan(568);
    await jump.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: lang === "lv" ? "Jūsu dalība" : "Your attendance" })).toBeInViewport();
    await expect(page.getByRole("button", { name: lang === "lv" ? "Piedalīšos" : "Attending" }).first()).toBeInViewport();
  }
  // On a wide screen the buttons are in view anyway: no jump link.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("link", { name: "Answer: will you come?" })).toBeHidden();
});
