import { test, expect } from "@playwright/test";
import { signedIn, watchErrors } from "./thread-helpers";

// Live notifications (issue 13): a mention in A's browser raises the header badge in B's open browser within a
// second, and B's notifications page shows it, without a reload (B's window keeps a marker).
//
// Seeded data: Ilze Jansone (O04) and Olga Petrova (O02) both see the published all-members event E5 and its
// discussion (shared with live-subjects.spec.ts, which only adds posts of its own).

const A = { email: "ilze.jansone@kursi-injectables.example" };
const B = { email: "olga.petrova@daugavas-farmacija.example", handle: "olga.petrova" };
const EVENT_DISCUSSION = "/events/kontaktbirza-zinatne-satiek-industriju/discussion";

type Marker = { __marker?: number };

test("a mention raises the badge and lists the notification in another open browser within a second", async ({ browser }) => {
  const a = await signedIn(browser, A.email);
  const b = await signedIn(browser, B.email);
  const errors = [watchErrors(a.page, () => false), watchErrors(b.page, () => false)];
  try {
    await b.page.goto("/notifications");
    const badge = b.page.locator("header .notifications-link .count-badge");
    const before = Number((await badge.count()) ? await badge.getAttribute("data-unread") : 0);
    await b.page.evaluate(() => ((window as Marker).__marker = 42));
    // Give B's socket a moment to connect (it opens after hydration).
    await b.page.waitForTimeout(1000);

    await a.page.goto(EVENT_DISCUSSION);
    const text = `Live badge check ${Date.now()} @${B.handle} **please** look`;
    await a.page.getByLabel("Your reply").fill(text);
    await a.page.getByRole("button", { name: "Post reply" }).click();
    await expect(
      a.page
        .getByRole("list", { name: "Posts" })
        .getByText(/Live badge check/)
        .last(),
    ).toBeVisible();
    const posted = Date.now();

    await expect(badge).toHaveAttribute("data-unread", String(Math.min(before + 1, 100)), { timeout: 1000 });
    const took = Date.now() - posted;
    expect(took).toBeLessThanOrEqual(1000);
    // The page lists it too, as plain text (no Markdown marks), and was not reloaded.
    await expect(b.page.getByText(/Live badge check \d+ @olga\.petrova please look/)).toBeVisible({ timeout: 1000 });
    expect(await b.page.evaluate(() => (window as Marker).__marker)).toBe(42);
    expect(errors.flat()).toEqual([]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
