import { expect, type Page } from "@playwright/test";

const SINK = `http://127.0.0.1:${process.env.SINK_HTTP_PORT ?? 2626}`;

export interface SinkMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** Waits for a message to `to` at the SMTP sink whose subject matches. */
export async function waitForMail(to: string, subject?: RegExp, timeoutMs = 20_000): Promise<SinkMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${SINK}/messages?to=${encodeURIComponent(to)}`);
    const list = (await res.json()) as SinkMail[];
    const m = list.reverse().find((x) => !subject || subject.test(x.subject));
    if (m) return m;
    if (Date.now() > until) throw new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function linkFrom(mail: SinkMail, fragment: string): string {
  const url = mail.text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(fragment));
  if (!url) throw new Error(`no link containing ${fragment} in "${mail.subject}"`);
  return new URL(url).pathname;
}

export const DEMO_PASSWORD = "demo-password";

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/E-pasts|Email/).fill(email);
  await page.getByLabel(/Parole|Password/).fill(password);
  await page.getByRole("button", { name: /Pieslēgties|Log in/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Switches the UI language with the header switch. */
export async function setLanguage(page: Page, lang: "lv" | "en") {
  await page.getByRole("button", { name: lang.toUpperCase(), exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
}

/** "2026-10-14" as a person types it on a page in `lang` (lv 14.10.2026., en 14/10/2026): the forms' date fields. */
export function typedDate(iso: string, lang: "lv" | "en"): string {
  const [y, m, d] = iso.split("-");
  return lang === "lv" ? `${d}.${m}.${y}.` : `${d}/${m}/${y}`;
}
