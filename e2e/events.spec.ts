import { test, expect } from "@playwright/test";
import { login, setLanguage, typedDate, waitForMail } from "./helpers";

// The events journey in a real browser: an organiser creates and publishes an event, invites a working group and
// a guest; a member answers on the event page; the event page and the month calendar show it; a cancellation
// reaches every invitee (read back from the SMTP sink, with METHOD:CANCEL in the calendar part).

function inDays(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

test("organiser publishes, invites a group and a guest; a member RSVPs; month view; cancellation reaches every invitee", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const org = await (await browser.newContext()).newPage();
  // A seeded organiser other than the demo login (the accounts spec locks that one out on purpose).
  await login(org, "andris.liepins@daugavas-farmacija.example");
  await setLanguage(org, "en");

  // A working group of its own for the invitation (so the invitee count does not depend on the seeded groups), which a
  // seeded member joins.
  await org.goto("/groups/new");
  await org.getByLabel("Name in Latvian").fill(`E2E darba grupa ${stamp}`);
  await org.getByLabel("Name in English").fill(`E2E working group ${stamp}`);
  await org.getByRole("radio", { name: /^Public/ }).check();
  await org.getByRole("radio", { name: /^Open/ }).check();
  await org.getByRole("checkbox", { name: /competition-law rules/ }).check();
  await org.getByRole("button", { name: "Create group" }).click();
  await expect(org.getByRole("heading", { level: 1 })).toHaveText(`E2E working group ${stamp}`);
  const groupUrl = new URL(org.url()).pathname;

  const mem = await (await browser.newContext()).newPage();
  // A seeded member other than the demo login.
  await login(mem, "liga.abele@bpl.example");
  await setLanguage(mem, "lv");
  await mem.goto(groupUrl);
  await mem.getByRole("checkbox", { name: /konkurences/ }).check();
  await mem.getByRole("button", { name: "Pievienoties grupai" }).click();
  await expect(mem.getByText("Jūs piedalāties šajā grupā.")).toBeVisible();

  // The organiser creates and publishes the event.
  const title = `E2E seminārs ${stamp}`;
  const day = inDays(21);
  await org.goto("/events/new");
  await org.getByLabel("Title in Latvian").fill(title);
  await org.getByLabel("Title in English").fill(`E2E seminar ${stamp}`);
  await org.getByLabel("Type").selectOption("seminar");
  await org.getByLabel("Start date").fill(typedDate(day, "en"));
  await org.getByLabel("Start time").fill("14:00");
  await org.getByLabel("End date").fill(typedDate(day, "en"));
  await org.getByLabel("End time").fill("16:30");
  await org.getByLabel("Venue").fill("BTU, Ķīpsala, Rīga LV-1048, aud. 101");
  await org.getByLabel("Capacity (places)").fill("30");
  await org.getByRole("button", { name: "Publish" }).click();
  await expect(org.getByRole("heading", { level: 1 })).toHaveText(`E2E seminar ${stamp}`);
  await expect(org.getByRole("status")).toHaveText("The event is published.");
  const eventUrl = new URL(org.url()).pathname;

  // Invite the working group and a guest.
  await org.getByRole("link", { name: "Attendees" }).click();
  const groupForm = org.locator("form", { has: org.getByLabel("Invite a working group's members") });
  await groupForm.getByLabel("Invite a working group's members").selectOption({ label: `E2E working group ${stamp}` });
  await groupForm.getByRole("button", { name: "Send invitations" }).click();
  // The organiser leads the group but is not invited to their own event: only the member is.
  await expect(org.getByRole("status")).toContainText("Invited: 1");
  const guestForm = org.locator("form", { has: org.getByLabel("Invite guests by email") });
  await guestForm.getByLabel("Invite guests by email").fill(`E2E Viesis <guest-${stamp}@guests.example>`);
  await guestForm.getByRole("button", { name: "Continue" }).click();
  await org.getByRole("form", { name: "Check the guests and choose each one's invitation language" }).getByRole("button", { name: "Send invitations" }).click();
  await expect(org.getByRole("status")).toContainText("Invited: 1");

  const invitation = await waitForMail("liga.abele@bpl.example", new RegExp(`^Ielūgums: ${title}`));
  expect(invitation.raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/);
  expect(invitation.raw).toContain("METHOD:REQUEST");
  expect(invitation.text).toContain("BTU, Ķīpsala, Rīga LV-1048, aud. 101");
  await waitForMail(`guest-${stamp}@guests.example`, /^Ielūgums: |^Invitation: /);

  // The member answers in the browser.
  await mem.goto(eventUrl);
  await mem.getByRole("button", { name: "Piedalīšos", exact: true }).click();
  await expect(mem.getByRole("status")).toHaveText("Jūsu reģistrācija ir apstiprināta.");
  // The figures are for the eye; screen readers read the sentence (visually hidden text, not an aria-label on a span).
  await expect(mem.locator("dd .places [aria-hidden=true]")).toHaveText("1 / 30");
  await expect(mem.locator("dd .places")).toMatchAriaSnapshot("- text: aizņemtas 1 no 30 vietām");
  await expect(mem.getByRole("list").filter({ hasText: "Līga Ābele" })).toBeVisible();

  // The month calendar shows it on its day.
  await mem.goto(`/events/calendar?month=${day.slice(0, 7)}`);
  const [y, mo, d] = day.split("-");
  const cell = mem.getByRole("cell", { name: new RegExp(`^${d}\\.${mo}\\.${y}\\. 14\\.00 ${title}`) });
  await expect(cell.getByRole("link", { name: `14.00 ${title}` })).toBeVisible();
  await cell.getByRole("link", { name: `14.00 ${title}` }).click();
  await expect(mem).toHaveURL(new RegExp(`${eventUrl}$`));

  // The organiser cancels; every invitee gets the cancellation (the organiser, never invited, gets none).
  await org.goto(`${eventUrl}/edit`);
  await org.getByRole("button", { name: "Cancel the event" }).click();
  await expect(org.getByText("Tick the box to confirm the cancellation.")).toBeVisible();
  await org.getByRole("checkbox", { name: "Yes, cancel the event and tell everyone invited" }).check();
  await org.getByRole("button", { name: "Cancel the event" }).click();
  await expect(org.getByRole("status")).toContainText("The event is cancelled");
  for (const [to, subject] of [
    ["liga.abele@bpl.example", /^Atcelts: /],
    [`guest-${stamp}@guests.example`, /^(Atcelts|Cancelled): /],
  ] as const) {
    const m = await waitForMail(to, subject);
    expect(m.raw).toMatch(/text\/calendar; charset=utf-8; method=CANCEL/);
    expect(m.raw).toContain("METHOD:CANCEL");
    expect(m.raw).toContain("STATUS:CANCELLED");
  }
  await mem.goto(eventUrl);
  await expect(mem.getByText("Šis pasākums ir atcelts.")).toBeVisible();
});
