import { test, expect } from "@playwright/test";
import { simpleParser } from "mailparser";
import { login, setLanguage, typedDate, waitForMail } from "./helpers";
import { replyMessage, sendRaw } from "../tests/helpers/replies";

// Calendar replies in a real browser (issue 16): an organiser invites a guest, the guest presses Accept in their
// calendar (a Gmail-style REPLY sent to the invitation's reply address, over SMTP to the app's inbound listener), and
// the organiser's attendee list shows the guest as going.

const INBOUND_PORT = Number(process.env.INBOUND_SMTP_PORT ?? 2627);

function inDays(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

test("a guest's Accept in their calendar shows them as going on the organiser's attendee list", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const guest = `calendar-${stamp}@guests.example`;
  await login(page, "andris.liepins@daugavas-farmacija.example");
  await setLanguage(page, "en");
  const day = inDays(25);
  await page.goto("/events/new");
  await page.getByLabel("Title in Latvian").fill(`Kalendāra atbilde ${stamp}`);
  await page.getByLabel("Title in English").fill(`Calendar reply ${stamp}`);
  await page.getByLabel("Type").selectOption("seminar");
  await page.getByLabel("Start date").fill(typedDate(day, "en"));
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("End date").fill(typedDate(day, "en"));
  await page.getByLabel("End time").fill("12:00");
  await page.getByLabel("Venue").fill("Rīga");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toHaveText("The event is published.");

  await page.getByRole("link", { name: "Attendees" }).click();
  const guestForm = page.locator("form", { has: page.getByLabel("Invite guests by email") });
  await guestForm.getByLabel("Invite guests by email").fill(`Kalendāra Viesis <${guest}>`);
  await guestForm.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("form", { name: "Check the guests and choose each one's invitation language" }).getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status")).toContainText("Invited: 1");
  const manageUrl = new URL(page.url()).pathname;

  // The invitation as the guest's calendar sees it: the reply address is the ORGANIZER and the Reply-To.
  const invitation = await waitForMail(guest, /^Ielūgums: |^Invitation: /);
  const parsed = await simpleParser(invitation.raw);
  const replyTo = parsed.replyTo!.value[0].address!;
  expect(replyTo).toMatch(/^events\+[0-9a-f]{32}@cluster\.example$/);
  const ics = parsed.attachments.find((a) => a.contentType === "text/calendar")!.content.toString("utf8");
  expect(ics.replace(/\r\n /g, "")).toContain(`:mailto:${replyTo}`);
  const uid = /^UID:(.+)$/m.exec(ics)![1].trim();

  // The guest presses Accept in their calendar.
  await sendRaw(INBOUND_PORT, replyMessage("gmail", { from: guest, fromName: "Kalendāra Viesis", to: replyTo, uid }), { from: guest, to: [replyTo] });

  await page.goto(`${manageUrl}?status=going`);
  await expect(page.getByRole("table").getByText(guest)).toBeVisible();
  await expect(page.getByText("Going: 1")).toBeVisible();
});
