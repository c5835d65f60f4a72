import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Issue 15 (S1): @remix-run/router flattened and ranked the whole route table on every match, three times per request.
// patches/@remix-run+router+*.patch (applied by `patch-package` on install) memoises it per routes array in the
// CommonJS build the server loads. This fails if an upgrade or an install without the postinstall step drops it.
const require = createRequire(import.meta.url);

describe("the route-matching patch", () => {
  it("is applied to the router build the server runtime loads", () => {
    const runtime = require.resolve("@remix-run/server-runtime");
    const router = createRequire(runtime)("@remix-run/router") as { __clusterPlatformMemoisedMatching?: boolean };
    expect(router.__clusterPlatformMemoisedMatching).toBe(true);
  });

  it("flattens a route table once: the same array answers from its first ranking, a new array is ranked afresh", () => {
    const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes: { id: string; path: string }[] = [
      { id: "events", path: "/events" },
      { id: "event", path: "/events/:slug" },
    ];
    expect(matchRoutes(routes, "/events/seminar")?.map((m) => m.route.id)).toEqual(["event"]);
    routes.push({ id: "groups", path: "/groups" });
    expect(matchRoutes(routes, "/groups")).toBeNull();
    expect(matchRoutes([...routes], "/groups")?.map((m) => m.route.id)).toEqual(["groups"]);
  });

  it("compiles each pattern once, keeping case sensitivity and end-matching apart", () => {
    const { matchPath } = require("@remix-run/router") as typeof import("@remix-run/router");
    for (let i = 0; i < 2; i++) {
      expect(matchPath({ path: "/Events/:slug", caseSensitive: true }, "/events/x")).toBeNull();
      expect(matchPath({ path: "/Events/:slug", caseSensitive: false }, "/events/x")?.params).toEqual({ slug: "x" });
      expect(matchPath({ path: "/events", end: true }, "/events/x")).toBeNull();
      expect(matchPath({ path: "/events", end: false }, "/events/x")?.pathnameBase).toBe("/events");
    }
  });
});
