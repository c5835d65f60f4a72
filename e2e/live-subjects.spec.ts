import { test, expect, type Browser, type Page } from "@playwright/test";
import { groupWithTopic, joinGroup, signedIn, watchErrors } from "./thread-helpers";

// The one thread section is live on every subject (issue 11): a working-group topic, an event's discussion, a
// campaign's discussion and a pool's discussion. Two people in two browsers: a post and an edit in A's browser
// appear in B's without a reload (B's window keeps a marker), and B, after being offline, catches up when back.
//
// Seeded data (app/seed/), read-only except for the posts added here:
// Ilze Jansone (Kursi Injectables, O04, organiser) and Olga Petrova (Daugavas Farmācija, O02) are both in campaign C1
// (accepted participants, confirmed) and in pool P1 (O02 coordinates, O04 has L2; quoted), and both see the published
// all-members event E5. Nobody else in the browser tests uses them. The group is created here (not one of the seeded groups, whose
// posts and members other specs and the demo rely on).

const A = { email: "ilze.jansone@kursi-injectables.example", name: "Ilze Jansone" };
const B = { email: "olga.petrova@daugavas-farmacija.example", name: "Olga Petrova" };
const CAMPAIGN = "/campaigns/cphi-frankfurt-nacionalais-stends";
const EVENT_DISCUSSION = "/events/kontaktbirza-zinatne-satiek-industriju/discussion";

type Marker = { __marker?: number };

async function twoPeople(browser: Browser) {
  const a = await signedIn(browser, A.email);
  const b = await signedIn(browser, B.email);
  let bOffline = false;
  const errors = { a: watchErrors(a.page, () => false), b: watchErrors(b.page, () => bOffline) };
  return {
    a: a.page,
    b: b.page,
    goOffline: async (offline: boolean) => {
      if (offline) bOffline = true;
      await b.context.setOffline(offline);
      if (!offline) bOffline = false;
    },
    errors,
    close: async () => {
      await a.context.close();
      await b.context.close();
    },
  };
}

/** Posts through the reply form and waits until the page shows it (once). */
async function post(page: Page, text: string) {
  const box = page.getByLabel("Your reply");
  await box.fill(text);
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByRole("list", { name: "Posts" }).getByText(text, { exact: true })).toHaveCount(1);
  await expect(box).toHaveValue("");
}

/**
 * The same story on each subject's page (both already open there): A posts, B sees it; A edits it, B sees the edit;
 * B goes offline, A posts, B comes back and catches up — B's page never reloads.
 */
async function liveStory(people: Awaited<ReturnType<typeof twoPeople>>, url: string, tag: string) {
  const { a, b } = people;
  await a.goto(url);
  await b.goto(url);
  const postsA = a.getByRole("list", { name: "Posts" });
  const postsB = b.getByRole("list", { name: "Posts" });
  await expect(b.locator(".live-activity")).toHaveAttribute("data-live-status", "connected");
  await b.evaluate(() => ((window as Marker).__marker = 7));

  // A post appears live.
  const first = `Hello from A on the ${tag} (${Date.now().toString(36)}).`;
  await post(a, first);
  await expect(postsB.getByText(first, { exact: true })).toBeVisible();

  // An edit appears live (and is marked edited).
  const item = postsA.getByRole("listitem").filter({ hasText: first });
  await item.getByRole("link", { name: "Edit" }).click();
  const edited = `${first} Edited.`;
  await a.getByLabel("Edit your post").fill(edited);
  await postsA.getByRole("button", { name: "Save", exact: true }).click();
  await expect(postsA.getByText(edited, { exact: true })).toBeVisible();
  const seenByB = postsB.getByRole("listitem").filter({ hasText: edited });
  await expect(seenByB).toBeVisible();
  await expect(seenByB.getByText("edited", { exact: true })).toBeVisible();
  await expect(postsB.getByText(first, { exact: true })).toHaveCount(0);

  // B is offline while A posts; back online, B catches up.
  await people.goOffline(true);
  await expect(b.locator(".live-status")).toHaveText(/Connection lost/);
  const missed = `While you were away on the ${tag}.`;
  await post(a, missed);
  await expect(postsB.getByText(missed)).toHaveCount(0);
  await people.goOffline(false);
  await expect(postsB.getByText(missed, { exact: true })).toHaveCount(1);
  await expect(b.locator(".live-status")).toHaveText("");

  // No reload happened in B's window, and both show the same posts in the same order.
  expect(await b.evaluate(() => (window as Marker).__marker)).toBe(7);
  const seqs = (page: Page) => page.locator("ol.posts > li.post").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-seq")}:${e.getAttribute("data-post-id")}`));
  expect(await seqs(b)).toEqual(await seqs(a));
  expect(people.errors.a).toEqual([]);
  expect(people.errors.b).toEqual([]);
}

test.describe("live discussions on every subject", () => {
  test("a working group's topic", async ({ browser }) => {
    const people = await twoPeople(browser);
    const { groupUrl, threadUrl } = await groupWithTopic(people.a, `Live subjects ${Date.now().toString(36)}`, "Stand logistics", "Let us plan the stand.");
    await joinGroup(people.b, groupUrl);
    await liveStory(people, threadUrl, "group topic");
    await people.close();
  });

  test("an event's discussion", async ({ browser }) => {
    const people = await twoPeople(browser);
    await liveStory(people, EVENT_DISCUSSION, "event");
    await people.close();
  });

  test("a campaign's discussion", async ({ browser }) => {
    const people = await twoPeople(browser);
    await liveStory(people, CAMPAIGN, "campaign");
    await people.close();
  });

  test("a pool's discussion", async ({ browser }) => {
    const people = await twoPeople(browser);
    await people.a.goto("/logistics");
    await people.a.getByRole("link", { name: "Pool P1" }).first().click();
    await expect(people.a.getByRole("heading", { level: 1 })).toHaveText("Pool P1");
    const poolUrl = new URL(people.a.url()).pathname;
    await liveStory(people, poolUrl, "pool");
    await people.close();
  });
});
