// `npm start` builds first when there is no build or the sources are newer than it.
import { existsSync, readdirSync, statSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "dist/.build-stamp");

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const needed = ["build/index.js", "dist/server/index.js", "dist/server/cli.js"].some((f) => !existsSync(path.join(root, f)));
const stamp = existsSync(stampFile) ? Number(readFileSync(stampFile, "utf8")) : 0;
const sources = Math.max(
  ...["app", "server", "db"].map((d) => newest(path.join(root, d))),
  ...["package.json", "remix.config.js", "tsconfig.json"].map((f) => (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0)),
);
if (needed || sources > stamp) {
  console.log("Building the app (first start or changed sources)…");
  const r = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit", cwd: root });
  process.exit(r.status ?? 1);
}
