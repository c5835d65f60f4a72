import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ESLint } from "eslint";

// The lint rules that hold the layers together must really fire: import-x finds nothing without its TypeScript
// resolver, and a rule that finds nothing passes silently.

const root = path.resolve(__dirname, "..");
const probe = path.join(root, "tests", `.lint-probe-${crypto.randomBytes(4).toString("hex")}`);
afterAll(() => fs.rmSync(probe, { recursive: true, force: true }));

const eslint = () => new ESLint({ cwd: root, ignore: false });
const rules = (results: ESLint.LintResult[]) => results.flatMap((r) => r.messages.map((m) => m.ruleId));

describe("eslint.config.js", () => {
  it("finds an import cycle between TypeScript modules (through the ~ alias too)", async () => {
    fs.mkdirSync(probe, { recursive: true });
    fs.writeFileSync(path.join(probe, "a.ts"), `import { b } from "./b";\nexport const a = () => b();\n`);
    fs.writeFileSync(path.join(probe, "b.ts"), `import { isUuid } from "~/lib/ids";\nimport { a } from "./a";\nexport const b = () => isUuid(a);\n`);
    const results = await eslint().lintFiles([path.join(probe, "a.ts")]);
    expect(rules(results)).toContain("import-x/no-cycle");
  }, 60_000);

  it("refuses Kysely, the database layer and query building in route files, and an unexplained any", async () => {
    const code = [
      `import { sql } from "kysely";`,
      `import type { Locale } from "#db/schema";`,
      `export async function loader({ context }: { context: { db: { selectFrom(t: string): unknown } } }) {`,
      `  const l: Locale = "lv";`,
      `  return [sql, l, context.db.selectFrom("person")];`,
      `}`,
      `export const x: any = 1;`,
    ].join("\n");
    const results = await eslint().lintText(code, { filePath: path.join(root, "app/routes/probe.tsx") });
    const found = rules(results);
    expect(found.filter((r) => r === "no-restricted-imports")).toHaveLength(2);
    expect(found).toContain("no-restricted-syntax");
    expect(found).toContain("@typescript-eslint/no-explicit-any");
    // The same code outside the routes is a domain module's business.
    const domain = rules(await eslint().lintText(code.replace("export const x: any = 1;", ""), { filePath: path.join(root, "app/modules/probe/probe.server.ts") }));
    expect(domain).toEqual([]);
  }, 60_000);
});
