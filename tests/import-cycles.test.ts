import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, relative } from "./helpers/import-graph";

// No import cycle anywhere in app/ (docs/decisions/0007-collaboration-core.md, "Layers"). Type-only imports count too:
// a cycle held together by types today is one refactoring away from a runtime cycle (and the order-of-evaluation bugs
// that come with it).

describe("import graph", () => {
  it("app/ has no import cycle", () => {
    const graph = importGraph(path.resolve(__dirname, "../app"));
    expect(graph.size).toBeGreaterThan(100);
    // Sanity: aliases resolve (a route reaches its guards through ~/).
    const route = [...graph.keys()].find((f) => f.endsWith(path.join("routes", "groups.$slug.threads.$threadId.tsx")))!;
    expect(graph.get(route)!.map(relative)).toContain(path.join("app", "modules", "auth", "guards.server.ts"));
    const cycles = findCycles(graph).map((c) => c.map(relative).join(" → "));
    expect(cycles).toEqual([]);
  });

  it("finds a cycle, through aliases and type-only imports alike", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycle-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b;\n`);
      fs.writeFileSync(path.join(dir, "b.ts"), `import type { C } from "./c";\nexport const b = (c: C) => c;\n`);
      fs.writeFileSync(path.join(dir, "c.ts"), `export type { A } from "./a";\nexport interface C { x: number }\n`);
      fs.writeFileSync(path.join(dir, "d.ts"), `import { a } from "./a";\nexport const d = a;\n`);
      const cycles = findCycles(importGraph(dir, {}));
      expect(cycles).toHaveLength(1);
      expect(cycles[0].map((f) => path.basename(f))).toEqual(["a.ts", "b.ts", "c.ts", "a.ts"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
