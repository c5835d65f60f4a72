// ESLint (flat config). `npm run lint`; CI runs it before the tests. Formatting is Prettier's (`npm run format`), so
// eslint-config-prettier switches off every stylistic rule here.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default defineConfig(
  { ignores: ["build/", "dist/", "public/build/", "data/", ".cache/", "test-results/", "playwright-report/", "bench/results/", "tests/.lint-probe-*/", "app/modules/logistics/gazetteer.data.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    settings: {
      // Without the TypeScript settings and resolver import-x resolves nothing in .ts files, and no-cycle silently finds nothing.
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      // Validation here rejects control characters on purpose (/[\u0000-\u001f]/ and the like).
      "no-control-regex": "off",
      // A `let` assigned once, later, but read before that by a closure (timers cleared in callbacks) stays a `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // `try { … } catch {}` while polling for a server to come up is deliberate.
      "no-empty": ["error", { allowEmptyCatch: true }],
      // No import cycles anywhere (ADR 0007: lib → policy → domains → routes).
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // An `any` needs `// eslint-disable-next-line @typescript-eslint/no-explicit-any -- <why>`.
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    // The browser side (components, routes, the live layer) also runs hooks.
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Routes validate, load access, call a domain function and render: SQL lives in app/modules/<domain>/*.server.ts.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "kysely", message: "Routes do not talk SQL: call a domain function in app/modules/<domain>/*.server.ts." }],
          patterns: [{ regex: "^(#db/|kysely/)", message: "Routes do not import the database layer (types included): use the domain module's functions and types." }],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.property.name='db'][property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with|transaction|executeQuery)$/]",
          message: "Routes do not build queries: move this into a domain function in app/modules/<domain>/*.server.ts.",
        },
      ],
    },
  },
  {
    // Migrations are written against Kysely<any> on purpose: they must not depend on today's schema types.
    files: ["db/migrations/**", "db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },

  prettier,
);
