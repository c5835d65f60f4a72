import { test, expect, type Page, type BrowserContext } from "@playwright/test";
import { login, setLanguage } from "./helpers";
import { groupWithTopic, joinGroup, signedIn, watchErrors } from "./thread-helpers";

// Live discussions between two people in two browser contexts (demo data). The seeded working groups are left as they
// are (the demo relies on their unread state), so an organiser creates one through the UI (each test its own: the tests pass alone and in any order). Seeded people
// other than the three demo logins are used, so that two browsers hold two different people. The same live behaviour on event, campaign and pool discussions: live-subjects.spec.ts.
const A = { email: "ieva.dreimane@rmu.example", name: "Ieva Dreimane" }; // organiser
const B = { email: "anna.saulite@bbc-institute.example", name: "Anna Saulīte" }; // member

async function person(context: BrowserContext, who: { email: string }) {
  const page = await context.newPage();
  await login(page, who.email);
  await setLanguage(page, "en");
  return page;
}

test("A posts and B sees it without reload; B edits and A sees it; B drops offline and catches up; typing and presence", async ({ browser }) => {
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  let bOffline = false;
  const a = await person(ctxA, A);
  const b = await person(ctxB, B);
  const errorsA = watchErrors(a, () => false);
  const errorsB = watchErrors(b, () => bOffline);

  // A creates an open working group and starts a topic; B joins it (with the competition-law acknowledgement).
  const { groupUrl, threadUrl } = await groupWithTopic(a, `Live test ${Date.now().toString(36)}`, "Live GMP questions", "Welcome, this is the first post.");
  await joinGroup(b, groupUrl);
  await b.goto(threadUrl);
  await b.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
  const postsA = a.getByRole("list", { name: "Posts" });
  const postsB = b.getByRole("list", { name: "Posts" });

  // Presence: both names on both pages.
  await a.reload();
  for (const page of [a, b]) {
    const presence = page.locator("[data-presence]");
    await expect(presence).toContainText(A.name);
    await expect(presence).toContainText(B.name);
  }

  // Typing: shows at B while A types, then goes away.
  const replyA = a.getByLabel("Your reply");
  await replyA.click();
  await replyA.pressSequentially("Hello B, ", { delay: 30 });
  const typingB = b.locator("[data-typing]");
  await expect(typingB).toHaveText(`${A.name} is typing…`);
  await expect(typingB).toHaveText("", { timeout: 10_000 });
  await expect(a.locator("[data-typing]")).toHaveText("");

  // A posts: B sees it without a reload; A sees it once; A's form is empty with the focus back in it.
  await replyA.pressSequentially("the audit is on Tuesday.");
  await a.getByRole("button", { name: "Post reply" }).click();
  await expect(postsB.getByText("Hello B, the audit is on Tuesday.")).toBeVisible();
  await expect(postsA.getByText("Hello B, the audit is on Tuesday.")).toHaveCount(1);
  await expect(replyA).toHaveValue("");
  await expect(replyA).toBeFocused();
  expect(await b.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);

  // B replies, then edits the reply; A sees both without reloading.
  const replyB = b.getByLabel("Your reply");
  await replyB.fill("Tuesday works for us.");
  await b.getByRole("button", { name: "Post reply" }).click();
  await expect(postsA.getByText("Tuesday works for us.")).toBeVisible();
  const bPost = postsB.getByRole("listitem").filter({ hasText: "Tuesday works for us." });
  await bPost.getByRole("link", { name: "Edit" }).click();
  await b.getByLabel("Edit your post").fill("Tuesday works for us, 10:00.");
  await b.getByRole("button", { name: "Save" }).click();
  const edited = postsA.getByRole("listitem").filter({ hasText: "Tuesday works for us, 10:00." });
  await expect(edited).toBeVisible();
  await expect(edited.getByText("edited")).toBeVisible();
  await expect(postsA.getByText("Tuesday works for us.", { exact: true })).toHaveCount(0);

  // B goes offline; A posts three times; B comes back and has every post once, in order.
  await b.evaluate(() => ((window as unknown as { __marker: number }).__marker = 43));
  bOffline = true;
  await ctxB.setOffline(true);
  await expect(b.locator(".live-status")).toHaveText(/Connection lost/);
  const offlineTexts = ["First while you were away.", "Second while you were away.", "Third while you were away."];
  for (const text of offlineTexts) {
    await replyA.fill(text);
    await a.getByRole("button", { name: "Post reply" }).click();
    await expect(postsA.getByText(text)).toHaveCount(1);
    await expect(replyA).toHaveValue("");
  }
  await expect(postsB.getByText(offlineTexts[0])).toHaveCount(0);
  await ctxB.setOffline(false);
  bOffline = false;
  for (const text of offlineTexts) await expect(postsB.getByText(text)).toHaveCount(1);
  await expect(b.locator(".live-status")).toHaveText("");
  expect(await b.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(43);

  // Same posts, same order, on both pages — and as after a reload (the database's list).
  const seqsOf = (page: Page) => page.locator("ol.posts > li.post").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-seq")}:${e.getAttribute("data-post-id")}`));
  const listB = await seqsOf(b);
  expect(listB).toEqual(await seqsOf(a));
  expect(listB.map((x) => Number(x.split(":")[0]))).toEqual([1, 2, 3, 4, 5, 6]);
  // What B saw live counts as read: the group's topic list shows nothing new for B.
  const groupB = await ctxB.newPage();
  await expect(async () => {
    await groupB.goto(groupUrl);
    await expect(groupB.getByRole("link", { name: /Live GMP questions/ })).toBeVisible();
    await expect(groupB.locator(".badge.unread")).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await groupB.close();
  await b.reload();
  expect(await seqsOf(b)).toEqual(listB);

  expect(errorsA).toEqual([]);
  expect(errorsB).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});

test("without JavaScript the thread page still reads, posts, quotes and edits (progressive enhancement)", async ({ browser }) => {
  // Its own group and topic, made with JavaScript on; then the same person without JavaScript.
  const setup = await signedIn(browser, A.email);
  const { threadUrl } = await groupWithTopic(setup.page, `No-JS test ${Date.now().toString(36)}`, "Plain HTML topic", "First post, for quoting.");
  await setup.context.close();

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await login(page, A.email);
  await page.goto(threadUrl);
  const posts = page.getByRole("list", { name: "Posts" });
  await page.getByLabel("Your reply").fill("Posted without JavaScript.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page).toHaveURL(new RegExp(`${threadUrl}#p2$`));
  await expect(posts.getByText("Posted without JavaScript.")).toHaveCount(1);

  // Quote the first post: the reply box starts with the quoted text.
  await posts.getByRole("listitem").filter({ hasText: "First post, for quoting." }).getByRole("link", { name: "Quote" }).click();
  await expect(page.getByText("Quoting post #1.")).toBeVisible();
  await expect(page.getByLabel("Your reply")).toHaveValue(/First post, for quoting\./);

  // Edit one's own post.
  await posts.getByRole("listitem").filter({ hasText: "Posted without JavaScript." }).getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Edit your post").fill("Posted and edited without JavaScript.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(posts.getByText("Posted and edited without JavaScript.")).toHaveCount(1);
  await expect(posts.getByText("Posted without JavaScript.", { exact: true })).toHaveCount(0);

  // A refusal comes back as a message next to the field, with the text kept.
  await page.getByLabel("Your reply").fill("   ");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByText("Write something before posting.")).toBeVisible();
  await ctx.close();
});
