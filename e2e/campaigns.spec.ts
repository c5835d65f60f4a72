import { test, expect, type Browser, type Page } from "@playwright/test";
import { login, setLanguage, typedDate, waitForMail } from "./helpers";

// A joint stand from start to end in the browser: a coordinator creates it and opens applications; two organisations
// apply (their admins from the demo seed) with different stand areas; the coordinator accepts them, enters budget
// lines; each admin sees its own net share and not the other's; the chart renders; a withdrawal recomputes the split.

const COORDINATOR = "dace.zarina@daugavas-farmacija.example"; // organiser (P05)
const GAUJA_ADMIN = "sanita.lapina@gauja-nutrition.example"; // SIA "Gauja Nutrition" admin, Latvian UI
const LATCHEM_ADMIN = "gints.lacis@latchem.example"; // SIA "Latchem Solutions" admin

function isoDay(offset: number): string {
  const d = new Date(Date.now() + offset * 86400_000);
  return d.toISOString().slice(0, 10);
}

async function signedIn(browser: Browser, email: string, lang?: "lv" | "en"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email);
  if (lang) await setLanguage(page, lang);
  return page;
}

test("joint stand: create, recruit, accept, budget, own shares, chart, withdrawal", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const titleEn = `Joint stand at Vitafoods ${tag}`;

  // The coordinator creates the draft and opens applications.
  const coord = await signedIn(browser, COORDINATOR, "en");
  await coord.goto("/campaigns");
  await coord.getByRole("link", { name: "Create a campaign" }).click();
  await coord.getByLabel("Title in Latvian").fill(`Kopstends Vitafoods ${tag}`);
  await coord.getByLabel("Title in English").fill(titleEn);
  await coord.getByLabel("Type", { exact: true }).selectOption("joint_stand");
  await coord.getByLabel("Description in English").fill("Shared stand for **food supplements** makers.");
  await coord.getByLabel("Target markets").fill("CH, DE, FR");
  await coord.getByLabel("Starts on").fill(typedDate(isoDay(90), "en"));
  await coord.getByLabel("Ends on").fill(typedDate(isoDay(92), "en"));
  await coord.getByLabel("Application deadline").fill(typedDate(isoDay(40), "en"));
  await coord.getByLabel("City").fill("Geneva");
  await coord.getByLabel("Country").fill("CH");
  await coord.getByLabel("Maximum number of organisations").fill("4");
  await coord.getByLabel("Stand size, m²").fill("20");
  await coord.getByRole("button", { name: "Create the draft" }).click();
  await expect(coord.getByRole("status")).toHaveText("The campaign was created as a draft.");
  await expect(coord.getByRole("heading", { level: 1 })).toHaveText(titleEn);
  const campaignUrl = new URL(coord.url()).pathname;
  await coord.getByRole("link", { name: "Edit campaign" }).click();
  await coord.getByLabel("Open for applications").check();
  await coord.getByRole("button", { name: "Change the status" }).click();
  await expect(coord.getByRole("status")).toHaveText("The status was changed and the participants were told.");

  // Two organisations apply with different stand areas.
  const gauja = await signedIn(browser, GAUJA_ADMIN, "lv"); // explicit: other specs may switch her to English
  await gauja.goto(campaignUrl);
  await gauja.getByLabel("Stenda platība, m²").fill("12");
  await gauja.getByLabel("Delegāti").fill("2");
  await gauja.getByLabel("Izstādāmie produkti").fill("Uztura bagātinātāji");
  await gauja.getByRole("button", { name: /^Pieteikt/ }).click();
  await expect(gauja.getByRole("status")).toHaveText("Jūsu organizācijas pieteikums nosūtīts koordinatoram.");

  const latchem = await signedIn(browser, LATCHEM_ADMIN, "en");
  await latchem.goto(campaignUrl);
  await latchem.getByLabel("Stand area, m²").fill("8");
  await latchem.getByLabel("Delegates").fill("1");
  await latchem.getByRole("button", { name: /^Apply for/ }).click();
  await expect(latchem.getByRole("status")).toHaveText("Your organisation's application was sent to the coordinator.");
  await waitForMail(COORDINATOR, /New application: SIA "Latchem Solutions"/);

  // The coordinator accepts both, enters the budget lines and looks at the split.
  await coord.goto(campaignUrl);
  await coord.getByRole("button", { name: /Accept — SIA "Gauja Nutrition"/ }).click();
  await expect(coord.getByRole("status")).toHaveText("The application was accepted.");
  await coord.getByRole("button", { name: /Accept — SIA "Latchem Solutions"/ }).click();
  await expect(coord.getByRole("status")).toHaveText("The application was accepted.");
  await coord.getByRole("link", { name: "Budget and cost split" }).click();
  await coord.getByLabel("Cost category").selectOption("stand_construction");
  await coord.getByLabel("Description", { exact: true }).fill("Space and stand construction");
  await coord.getByLabel("Planned amount, € (net of VAT)").fill("20 000");
  await coord.getByLabel(/By stand area/).check();
  await coord.getByRole("button", { name: "Add the line" }).click();
  await expect(coord.getByRole("status")).toHaveText("The line was added and the split recomputed.");
  await coord.getByLabel("Cost category").selectOption("catalogue");
  await coord.getByLabel("Description", { exact: true }).fill("Registration and catalogue");
  await coord.getByLabel("Planned amount, € (net of VAT)").fill("2400");
  await coord.getByLabel(/Equal shares/).check();
  await coord.getByRole("button", { name: "Add the line" }).click();
  await expect(coord.getByRole("status")).toHaveText("The line was added and the split recomputed.");
  // 20 000 by area 12 : 8 plus 2 400 equally; SMEs get 50 %.
  await expect(coord.locator('tr[data-org="SIA \\"Gauja Nutrition\\""] [data-net]')).toHaveText("€6,600.00");
  await expect(coord.locator('tr[data-org="SIA \\"Latchem Solutions\\""] [data-net]')).toHaveText("€4,600.00");
  await expect(coord.getByRole("img", { name: /Cost split per organisation/ })).toBeVisible();

  // Each org admin sees its own net share, and the other one only together with the rest.
  await gauja.goto(`${campaignUrl}/ledger`);
  await expect(gauja.locator('tr[data-org="SIA \\"Gauja Nutrition\\""] [data-net]')).toHaveText(/6\s600,00\s€/);
  await expect(gauja.locator('tr[data-org*="Latchem"]')).toHaveCount(0);
  await expect(gauja.getByRole("row", { name: /Pārējie dalībnieki \(1\)/ })).toBeVisible();
  const chart = gauja.getByRole("img", { name: /Izmaksu sadalījums pa organizācijām/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("text.bar-label")).toHaveCount(2);
  await expect(chart.locator("text.bar-label").first()).toContainText("Gauja Nutrition");

  await latchem.goto(`${campaignUrl}/ledger`);
  await expect(latchem.locator('tr[data-org="SIA \\"Latchem Solutions\\""] [data-net]')).toHaveText("€4,600.00");
  await expect(latchem.locator('tr[data-org*="Gauja"]')).toHaveCount(0);

  // Latchem withdraws: Gauja now carries the whole budget, and the history says why.
  await latchem.goto(campaignUrl);
  await latchem.getByLabel("Reason (optional)").fill("No budget left this year");
  await latchem.getByRole("button", { name: "Withdraw from the campaign" }).click();
  await expect(latchem.getByRole("status")).toHaveText("Your organisation's withdrawal was recorded.");
  await expect(latchem.getByRole("link", { name: "Budget and cost split" })).toHaveCount(0);

  await gauja.goto(`${campaignUrl}/ledger`);
  await expect(gauja.locator('tr[data-org="SIA \\"Gauja Nutrition\\""] [data-net]')).toHaveText(/11\s200,00\s€/);
  const latest = gauja.locator("ol.versions > li").first();
  await expect(latest.getByRole("heading")).toContainText('SIA "Latchem Solutions" atsauca dalību');
  await expect(latest.getByRole("row", { name: /Gauja Nutrition/ })).toContainText(/\+4\s600,00\s€/);
  await waitForMail(COORDINATOR, /Withdrawal: SIA "Latchem Solutions"/);
});
