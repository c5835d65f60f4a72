import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { login, setLanguage } from "./helpers";

// Shared by the discussion specs (threads.spec.ts, live-subjects.spec.ts). Each spec creates what it needs itself, so
// any spec file passes alone and in any order.

/** Console errors and page errors; network errors are expected only while a context is offline. */
export function watchErrors(page: Page, offline: () => boolean) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (offline() && /WebSocket|net::ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/i.test(text)) return;
    errors.push(text);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** A new browser context with this seeded person signed in, in English. */
export async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await login(page, email);
  if (options.javaScriptEnabled !== false) await setLanguage(page, "en");
  return { context, page };
}

/** An organiser (signed in, English) creates an open public working group and starts a topic in it. */
export async function groupWithTopic(page: Page, name: string, topic: string, firstPost: string): Promise<{ groupUrl: string; threadUrl: string }> {
  await page.goto("/groups/new");
  await page.getByLabel("Name in Latvian").fill(`${name} LV`);
  await page.getByLabel("Name in English").fill(name);
  await page.getByRole("radio", { name: /^Public/ }).check();
  await page.getByRole("radio", { name: /^Open/ }).check();
  await page.getByLabel("I confirm that I will follow these competition-law rules.").check();
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const groupUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Start a topic" }).click();
  await page.getByLabel("Title").fill(topic);
  await page.getByLabel("First post").fill(firstPost);
  await page.getByRole("button", { name: "Start topic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(topic);
  return { groupUrl, threadUrl: new URL(page.url()).pathname };
}

/** Joins an open group (with the competition-law acknowledgement); English UI. */
export async function joinGroup(page: Page, groupUrl: string) {
  await page.goto(groupUrl);
  await page.getByLabel("I confirm that I will follow these competition-law rules.").check();
  await page.getByRole("button", { name: "Join group" }).click();
  await expect(page.getByRole("status").first()).toBeVisible();
}
