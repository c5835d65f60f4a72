import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { personWithClient } from "./helpers/groups";

// Issue 12, item 12: every page's <title> is in the page's language ("Page · Site"), not a fixed "LV · EN" pair.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&amp;/g, "&");
const page = async (path: string, lang: "lv" | "en") =>
  title(await (await fetch(`${server.url}${path}`, { headers: { "accept-language": lang === "en" ? "en-GB,en;q=0.9" : "lv-LV,lv;q=0.9" } })).text());

describe("page titles follow the page's language", () => {
  it("public pages: Latvian and English, never both at once", async () => {
    expect(await page("/login", "lv")).toBe("Pieslēgties · Dzīvības zinātņu klasteris");
    expect(await page("/login", "en")).toBe("Log in · Life Science Cluster");
    expect(await page("/signup", "lv")).toBe("Reģistrēties · Dzīvības zinātņu klasteris");
    expect(await page("/signup", "en")).toBe("Sign up · Life Science Cluster");
    expect(await page("/forgot-password", "en")).toBe("Reset your password · Life Science Cluster");
    expect(await page("/privacy", "lv")).toBe("Privātuma paziņojums · Dzīvības zinātņu klasteris");
    expect(await page("/", "en")).toBe("Life Science Cluster");
  });

  it("signed-in pages in the person's language, with the thing's own name first where there is one", async () => {
    const lv = await personWithClient(server, { locale: "lv" });
    const en = await personWithClient(server, { locale: "en" });
    const t = async (c: typeof lv.client, path: string) => title(await (await c.get(path)).text());
    expect(await t(lv.client, "/events")).toBe("Pasākumi · Dzīvības zinātņu klasteris");
    expect(await t(en.client, "/events")).toBe("Events · Life Science Cluster");
    expect(await t(en.client, "/events/mine")).toBe("My events · Life Science Cluster");
    expect(await t(lv.client, "/settings")).toBe("Iestatījumi · Dzīvības zinātņu klasteris");
    for (const c of [lv.client, en.client]) for (const path of ["/events", "/groups", "/campaigns", "/logistics", "/directory", "/settings"]) expect(await t(c, path)).not.toMatch(/ · .* · .*·/);
  });
});
