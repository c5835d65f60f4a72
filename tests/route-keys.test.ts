import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeRouteKeys, keysInSource, ROUTE_KEYS_FILE } from "../scripts/route-keys";
import { routeMessagesJson } from "~/i18n/route-messages.server";
import { en as events } from "~/i18n/messages/events";
import { lv as eventsLv } from "~/i18n/messages/lv/events";
import { en as logistics } from "~/i18n/messages/logistics";
import { startTestServer, type TestServer } from "./helpers/server";

// Issue 15 item 2: the browser gets the messages of the routes it shows, in its language only. Which keys a route can
// show comes from a scan of its code (scripts/route-keys.ts, written to app/i18n/route-keys.json by npm run build).

describe("route keys", () => {
  it("app/i18n/route-keys.json is what the scan of the code gives today", async () => {
    const committed = JSON.parse(fs.readFileSync(ROUTE_KEYS_FILE, "utf8")) as Record<string, string[]>;
    expect(committed).toEqual(await computeRouteKeys()); // if not: node --import tsx scripts/route-keys.ts --write
  });

  it("finds exact keys and the keys under a run-time prefix, and nothing else", () => {
    const keys = ["events.type.seminar", "events.type.visit", "events.title", "nav.groups", "groups.title"];
    const src = 'const a = t("events.title"); const b = t(`events.type.${x}`); const c = ["/groups", "nav.groups"]; // "groups.title" in a comment';
    expect([...keysInSource(src, keys)].sort()).toEqual(["events.title", "events.type.seminar", "events.type.visit", "nav.groups"]);
  });

  it("a list page carries a fraction of the catalog: its own area's keys, not the logistics forms'", async () => {
    const map = JSON.parse(fs.readFileSync(ROUTE_KEYS_FILE, "utf8")) as Record<string, string[]>;
    const page = new Set([...map.root, ...map["routes/events._index"]]);
    expect(page.has("events.status.cancelled")).toBe(true); // `events.status.${s}` in components/events.tsx
    expect(page.has("nav.events")).toBe(true); // the root's header
    expect(Object.keys(logistics).filter((k) => page.has(k))).toEqual([]);
    expect(page.size).toBeLessThan(Object.keys(events).length + 150);
  });

  it("serves one language's messages of the given routes", () => {
    const lv = JSON.parse(routeMessagesJson("lv", ["root", "routes/events._index", "routes/nonexistent"])) as Record<string, unknown>;
    expect(lv["events.status.cancelled"]).toBe(eventsLv["events.status.cancelled"]);
    expect(lv["events.status.cancelled"]).not.toBe(events["events.status.cancelled"]);
    expect(Object.keys(lv).some((k) => k.startsWith("logistics."))).toBe(false);
    const en = JSON.parse(routeMessagesJson("en", ["routes/events._index"])) as Record<string, unknown>;
    expect(en["events.status.cancelled"]).toBe(events["events.status.cancelled"]);
  });
});

describe("/i18n/<build>/<locale>", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers the current build's messages cached for good, another build's not cached, an unknown language 404", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const manifest = /"(\/build\/manifest-[^"]+\.js)"/.exec(html)![1];
    const version = /"version":"([^"]+)"/.exec(await (await fetch(server.url + manifest)).text())![1];
    const res = await fetch(`${server.url}/i18n/${version}/lv?r=${encodeURIComponent("root,routes/login")}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = (await res.json()) as Record<string, string>;
    expect(body["nav.login"]).toBe("Pieslēgties");
    const old = await fetch(`${server.url}/i18n/0ld/en?r=root`);
    expect(old.headers.get("cache-control")).toBe("no-cache");
    expect(((await old.json()) as Record<string, string>)["nav.login"]).toBe("Log in");
    expect((await fetch(`${server.url}/i18n/${version}/de?r=root`)).status).toBe(404);
  });
});
