import { test, expect, type Page } from "@playwright/test";
import { login, setLanguage, typedDate, waitForMail } from "./helpers";

// Issue 16 #6: a guest invitation's language is chosen per guest in a review step, proposed from the list's language
// column and otherwise from the event's language — never from the organiser's page language. Without JavaScript, in
// both page languages; each guest's mail arrives in the chosen language with a guest footer (no "your account").

function inDays(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

async function createEvent(page: Page, lang: "lv" | "en", title: string, language: string) {
  const L = lang === "en";
  await page.goto("/events/new");
  await page.getByLabel(L ? "Title in Latvian" : "Nosaukums latviski").fill(title);
  await page.getByLabel(L ? "Title in English" : "Nosaukums angliski").fill(`${title} (EN)`);
  await page.getByLabel(L ? "Start date" : "Sākuma datums").fill(typedDate(inDays(25), lang));
  await page.getByLabel(L ? "Start time" : "Sākuma laiks").fill("10:00");
  await page.getByLabel(L ? "End date" : "Beigu datums").fill(typedDate(inDays(25), lang));
  await page.getByLabel(L ? "End time" : "Beigu laiks").fill("12:00");
  await page.getByLabel(L ? "Language of the event" : "Pasākuma valoda").selectOption(language);
  await page.getByRole("button", { name: L ? "Publish" : "Publicēt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("link", { name: L ? "Attendees" : "Dalībnieki" }).click();
}

test("without JavaScript, an English page: guests' languages come from the list's column or the event, and can be changed one by one", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(page, "andris.liepins@daugavas-farmacija.example");
  await setLanguage(page, "en");
  await createEvent(page, "en", `Viesu valodas ${stamp}`, "lv");

  const a = `col-en-${stamp}@guests.example`;
  const b = `nocol-${stamp}@guests.example`;
  const c = `changed-${stamp}@guests.example`;
  await page.getByLabel("Invite guests by email").fill(`Anna Berga <${a}>\ten\n${b}\n${c}; lv`);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check the guests and choose each one's invitation language" })).toBeVisible();
  // Proposed: the column (en), the event's language (Latvian) — not the organiser's English page — and the column (lv).
  await expect(page.getByLabel(`Invitation language for ${a}`)).toHaveValue("en");
  await expect(page.getByLabel(`Invitation language for ${b}`)).toHaveValue("lv");
  await expect(page.getByLabel(`Invitation language for ${c}`)).toHaveValue("lv");
  await page.getByLabel(`Invitation language for ${c}`).selectOption("en");
  await page.getByRole("form", { name: "Check the guests and choose each one's invitation language" }).getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status")).toContainText("Invited: 3");

  const ma = await waitForMail(a, /^Invitation: /);
  expect(ma.text).toContain("invited to an event as a guest");
  expect(ma.text).not.toContain("because of your account");
  expect(ma.raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
  const mb = await waitForMail(b, /^Ielūgums: /);
  expect(mb.text).toContain("kā viesim ir nosūtīts ielūgums");
  expect(mb.text).not.toContain("konta dēļ");
  await waitForMail(c, /^Invitation: /);
});

test("without JavaScript, a Latvian page: an English event proposes English, a Latvian column wins, and a bad address is refused in Latvian", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(page, "andris.liepins@daugavas-farmacija.example");
  await setLanguage(page, "lv");
  await createEvent(page, "lv", `Guest languages ${stamp}`, "en");

  await page.getByLabel("Ielūgt viesus pēc e-pasta").fill("nav-adrese");
  await page.getByRole("button", { name: "Turpināt" }).click();
  await expect(page.getByText(/nav-adrese/).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pārbaudiet viesus un izvēlieties katra ielūguma valodu" })).toHaveCount(0);

  const a = `lv-col-${stamp}@guests.example`;
  const b = `en-event-${stamp}@guests.example`;
  await page.getByLabel("Ielūgt viesus pēc e-pasta").fill(`${a}, latviešu\n${b}`);
  await page.getByRole("button", { name: "Turpināt" }).click();
  await expect(page.getByLabel(`Ielūguma valoda: ${a}`)).toHaveValue("lv");
  await expect(page.getByLabel(`Ielūguma valoda: ${b}`)).toHaveValue("en");
  await page.getByRole("form", { name: "Pārbaudiet viesus un izvēlieties katra ielūguma valodu" }).getByRole("button", { name: "Nosūtīt ielūgumus" }).click();
  await expect(page.getByRole("status")).toContainText("Ielūgti: 2");
  await waitForMail(a, /^Ielūgums: /);
  const mb = await waitForMail(b, /^Invitation: /);
  expect(mb.text).toContain("invited to an event as a guest");
});
