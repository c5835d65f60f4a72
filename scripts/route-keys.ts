// Which messages each route can show, for the browser (issue 15 item 2, docs/decisions/0015-page-weight.md): a page
// loads the messages of its matched routes only, in its own language, not the whole catalog. For each route module
// (and app/root.tsx) this collects every string literal in the module and in everything it imports by value (type-only
// imports carry no code; .server modules count, since loaders and actions hand message keys to the page) that is a
// message key, or the fixed start of keys built at run time (`events.status.${s}`, "nav." + x). The result,
// app/i18n/route-keys.json, is read by the server only (/i18n/… answers the browser's requests with those messages).
// Run: node --import tsx scripts/route-keys.ts --write   (npm run build does it; tests/route-keys.test.ts checks it is current)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const APP = path.join(ROOT, "app");
const MESSAGES = path.join(APP, "i18n", "messages");
export const ROUTE_KEYS_FILE = path.join(APP, "i18n", "route-keys.json");

/** Every browser message key (all areas but mail, which only the server renders). */
export async function browserKeys(): Promise<string[]> {
  const out: string[] = [];
  for (const f of fs.readdirSync(MESSAGES).sort()) {
    if (!f.endsWith(".ts") || f === "mail.ts") continue;
    const mod = (await import(path.join(MESSAGES, f))) as { en: Record<string, unknown> };
    out.push(...Object.keys(mod.en));
  }
  return out;
}

/** The keys the literals of one source text name: exact keys, and all keys under a prefix ending in "." or starting a template. */
export function keysInSource(text: string, keys: string[], fileName = "x.tsx"): Set<string> {
  const known = new Set(keys);
  const found = new Set<string>();
  const add = (s: string, prefix: boolean) => {
    if (!s || s.length > 120 || !/^[a-zA-Z][\w.]*$/.test(s)) return;
    if (known.has(s)) found.add(s);
    if (s.includes(".") && (prefix || s.endsWith("."))) for (const k of keys) if (k.startsWith(s)) found.add(k);
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node.text, false);
    else if (ts.isTemplateHead(node)) add(node.text, true);
    ts.forEachChild(node, visit);
  };
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind));
  return found;
}

const IMPORT = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function projectOptions(): ts.CompilerOptions {
  const file = path.join(ROOT, "tsconfig.json");
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options;
}

/** The catalogs name every key: they, the message files and the demo seed are not code a page runs. */
function skipped(file: string): boolean {
  const rel = path.relative(APP, file).split(path.sep).join("/");
  return rel.startsWith("i18n/messages/") || /^i18n\/catalog/.test(rel) || rel === "i18n/index.ts" || rel.startsWith("seed/");
}

export async function computeRouteKeys(): Promise<Record<string, string[]>> {
  const keys = await browserKeys();
  const options = projectOptions();
  const imports = new Map<string, string[]>();
  const own = new Map<string, Set<string>>();
  const valueImports = (file: string): string[] => {
    let out = imports.get(file);
    if (out) return out;
    out = [];
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (m[2]) continue; // import type / export type
      const resolved = ts.resolveModuleName(m[3] ?? m[4], file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (resolved && path.resolve(resolved).startsWith(APP + path.sep) && !resolved.endsWith(".d.ts")) out.push(path.resolve(resolved));
    }
    imports.set(file, out);
    return out;
  };
  const closureKeys = (start: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [start];
    const found = new Set<string>();
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f) || skipped(f)) continue;
      seen.add(f);
      let mine = own.get(f);
      if (!mine) own.set(f, (mine = keysInSource(fs.readFileSync(f, "utf8"), keys, f)));
      for (const k of mine) found.add(k);
      todo.push(...valueImports(f));
    }
    return found;
  };
  const root = closureKeys(path.join(APP, "root.tsx"));
  const out: Record<string, string[]> = { root: [...root].sort() };
  const dir = path.join(APP, "routes");
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/\.(ts|tsx)$/.test(f)) continue;
    const id = `routes/${f.replace(/\.(ts|tsx)$/, "")}`;
    out[id] = [...closureKeys(path.join(dir, f))].filter((k) => !root.has(k)).sort();
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const map = await computeRouteKeys();
  const text = JSON.stringify(map, null, 0).replace(/\],"/g, '],\n"') + "\n";
  if (process.argv.includes("--write")) fs.writeFileSync(ROUTE_KEYS_FILE, text);
  else process.stdout.write(text);
}
