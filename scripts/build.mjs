// Builds the Remix app (classic compiler) and bundles the custom server with esbuild.
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

// Which messages each route shows (app/i18n/route-keys.json, read by the server; scripts/route-keys.ts).
const keys = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/route-keys.ts"), "--write"], { stdio: "inherit" });
if (keys.status !== 0) process.exit(keys.status ?? 1);

const remix = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
});
if (remix.status !== 0) process.exit(remix.status ?? 1);

// node_modules stay external; our own aliases (~/, #db/, #server/) are bundled. The demo seed is its own entry
// (dist/server/seed.js): the server and the CLI load it with `await import("~/seed")` only when they seed.
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./~#]/ }, (args) => ({ path: args.path, external: true }));
    build.onResolve({ filter: /^~\/seed$/ }, () => ({ path: "./seed.js", external: true }));
  },
};

mkdirSync("dist/server", { recursive: true });
await esbuild.build({
  entryPoints: { index: "server/index.ts", cli: "server/cli.ts", seed: "app/seed/index.ts" },
  outdir: "dist/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  plugins: [externalPackages],
  logLevel: "warning",
});
writeFileSync("dist/.build-stamp", String(Date.now()));
console.log("build: remix app in build/, server in dist/server/");
