import { test, expect, type Browser, type Page } from "@playwright/test";
import { login, setLanguage, typedDate, waitForMail } from "./helpers";

// Three members of three organisations ship to the same fair (Messe Frankfurt): the second and third see the
// suggestion, the third proposes a pool, the others accept, a quote is split per pallet place, each sees only its own
// share. Dates are about seven weeks ahead, away from the seeded demo requests.

const MEMBERS = {
  first: { email: "karlis.eglitis@dzintara-krasts.example", pallets: "6", kg: "1800", ref: "DK-CPHI-01" },
  second: { email: "sergejs.ivanovs@baltfarm.example", pallets: "4", kg: "1200", ref: "BF-CPHI-02" },
  third: { email: "sanita.lapina@gauja-nutrition.example", pallets: "2", kg: "500", ref: "GN-CPHI-03" },
} as const;

function rigaDate(days: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}
const DAY = 50;

async function asMember(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  await setLanguage(page, "en");
  return page;
}

async function postRequest(page: Page, m: (typeof MEMBERS)[keyof typeof MEMBERS], pickupHour: string) {
  await page.goto("/logistics/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New logistics request");
  const from = page.getByRole("group", { name: "Pickup" });
  await from.getByLabel("City").fill("Rīga");
  await from.getByLabel("Postcode").fill("LV-1010");
  const to = page.getByRole("group", { name: "Destination" });
  await to.getByLabel("City").fill("Frankfurt am Main");
  await to.getByLabel("Postcode").fill("60327");
  await to.getByLabel("Country").selectOption("DE");
  await page.getByLabel("Pickup from").fill(`${typedDate(rigaDate(DAY), "en")} ${pickupHour}`);
  await page.getByLabel("Pickup until").fill(`${typedDate(rigaDate(DAY), "en")} 17:00`);
  await page.getByLabel("Latest delivery").fill(`${typedDate(rigaDate(DAY + 4), "en")} 16:00`);
  await page.getByLabel("Goods", { exact: true }).fill("Stand materials and samples for CPHI");
  await page.getByLabel("Number of units").fill(m.pallets);
  await page.getByLabel("Gross weight (kg)").fill(m.kg);
  await page.getByLabel("Temperature", { exact: true }).selectOption("AMBIENT");
  await page.getByLabel("Named place").fill("Messe Frankfurt, DE");
  await page.getByLabel("Your reference").fill(m.ref);
  await page.getByLabel("Consignee").fill(`Consignee of ${m.ref}`);
  await page.getByRole("button", { name: "Post request" }).click();
  await expect(page.getByRole("status")).toContainText("Your request is posted.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Logistics request ${m.ref}`);
}

test("three members pool their shipments to the same fair and each sees only its own share", async ({ browser }) => {
  const first = await asMember(browser, MEMBERS.first.email);
  const second = await asMember(browser, MEMBERS.second.email);
  const third = await asMember(browser, MEMBERS.third.email);

  await postRequest(first, MEMBERS.first, "08:00");
  await postRequest(second, MEMBERS.second, "09:00");
  // The second member sees the first one's request as a suggestion, anonymously, with reasons.
  await expect(second.getByRole("heading", { name: /Another member's request/ })).toHaveCount(1);
  await expect(second.getByText("Same lane LV-1x · Rīga region → DE-6x · Rhine-Main (Frankfurt area)").first()).toBeVisible();
  await expect(second.getByText("Consignee of DK-CPHI-01")).toHaveCount(0);

  await postRequest(third, MEMBERS.third, "10:00");
  await expect(third.getByRole("heading", { name: /Another member's request/ })).toHaveCount(2);
  const boxes = third.getByRole("checkbox", { name: "Include in the pool I propose" });
  await expect(boxes).toHaveCount(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await third.getByRole("button", { name: "Propose a pool" }).click();
  await expect(third.getByRole("heading", { level: 1 })).toHaveText(/^Pool P-[0-9A-F]{6}$/);
  await expect(third.getByRole("status")).toContainText("The pool is proposed.");
  const poolUrl = third.url().split("?")[0];

  // The other two accept (they find the pool under "My pools").
  for (const page of [first, second]) {
    await page.goto("/logistics");
    await page.getByRole("link", { name: /^Pool P-/ }).click();
    await page.getByRole("button", { name: "Accept the pool" }).click();
    await expect(page.getByRole("status")).toContainText("You accepted the pool.");
  }

  // The coordinator enters the carrier's quote: €2,400 for 12 pallet places, split per place.
  await third.goto(poolUrl);
  await expect(third.getByText("Confirmed by all")).toBeVisible();
  await third.getByLabel("Total (EUR, net of VAT)").fill("2400");
  await third.getByLabel("Valid until").fill(`${typedDate(rigaDate(DAY - 5), "en")} 17:00`);
  await third.getByLabel("Carrier name").fill("Baltic Reefer SIA");
  await third.getByLabel("Cost split").selectOption("per_place");
  await third.getByRole("button", { name: "Save quote and split" }).click();
  await expect(third.getByRole("status")).toContainText("The quote is split.");
  await expect(third.getByText("Quote (net)")).toBeVisible();
  // The coordinator compares the load-based methods per member; the stand-alone split is not compared (its per-member
  // totals would reveal the others' confidential stand-alone quotes) and the page says why.
  const compare = third.getByRole("table", { name: "Totals per member for each split method" });
  await expect(compare.getByRole("rowheader")).toHaveCount(4);
  await expect(compare.getByRole("rowheader", { name: /stand-alone/ })).toHaveCount(0);
  await expect(third.getByText(/The split in proportion to stand-alone quotes is not compared here/)).toBeVisible();

  const shares = { first: "€1,200.00", second: "€800.00", third: "€400.00" } as const;
  for (const [who, page] of [
    ["first", first],
    ["second", second],
    ["third", third],
  ] as const) {
    await page.goto(poolUrl);
    const mine = page.locator(".card.share");
    await expect(mine).toContainText(new RegExp(`Your total \\(net\\)\\s*${shares[who].replace(/[.$]/g, "\\$&")}`));
    const others = (Object.keys(shares) as (keyof typeof shares)[]).filter((k) => k !== who);
    if (who !== "third") {
      // Participants: only their own share; no total, no other member's share, consignee or reference.
      for (const o of others) await expect(page.getByText(shares[o], { exact: false })).toHaveCount(0);
      await expect(page.getByText("€2,400.00")).toHaveCount(0);
      for (const m of Object.values(MEMBERS)) if (m !== MEMBERS[who]) await expect(page.getByText(m.ref)).toHaveCount(0);
    } else {
      // The coordinator sees every share (never consignees).
      for (const o of others) await expect(page.getByRole("cell", { name: shares[o] }).first()).toBeVisible();
      await expect(page.getByText("Consignee of DK-CPHI-01")).toHaveCount(0);
    }
  }

  // Each member is also told its own share by email.
  const mail = await waitForMail(MEMBERS.first.email, /your share of the quote|jūsu daļa cenas piedāvājumā/);
  expect(mail.text).toMatch(/€1,200\.00|1 200,00 €/);
  expect(mail.text).not.toMatch(/800\.00|800,00|400\.00|400,00/);
});

test("the town field suggests the chosen country's towns as one types (and the server checks the place)", async ({ browser }) => {
  const page = await asMember(browser, MEMBERS.first.email);
  await page.goto("/logistics/new");
  const from = page.getByRole("group", { name: "Pickup" });
  const city = from.getByLabel("City");
  await expect(city).toHaveAttribute("list", "origin-places");
  const options = page.locator("#origin-places option");
  await city.fill("Sig");
  await expect(page.locator('#origin-places option[value="Sigulda"]')).toHaveCount(1);
  // Another country: its towns.
  await from.getByLabel("Country").selectOption("DE");
  await city.fill("Penz");
  await expect(page.locator('#origin-places option[value="Penzberg"]')).toHaveCount(1);
  await expect(options).not.toHaveCount(0);
  // A place the gazetteer does not know in that country is refused at its field, in the page's language.
  await city.fill("Sigulda");
  await page.getByRole("button", { name: "Post request" }).click();
  await expect(from.getByText("“Sigulda” is not a town we know in this country")).toBeVisible();
  await setLanguage(page, "lv");
  await page.goto("/logistics/new");
  await expect(page.getByRole("group", { name: "Iekraušana" }).getByLabel("Pilsēta")).toHaveAttribute("list", "origin-places");
});
