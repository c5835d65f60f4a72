// Renders matcher notes (message key + variables) as plain sentences for one viewer: {org} becomes the viewer's own
// organisation's name or "another member" — a competitor's name never reaches another member this way.
import { translate, isMessageKey, type Locale } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import type { Note, NoteVar } from "./matcher";

const MONEY_VARS = new Set(["eur", "standalone"]);

export function formatEuro(n: number, locale: Locale): string {
  const s = formatNumber(String(Math.round(n)), locale);
  return locale === "lv" ? `${s}\u00a0€` : `€${s}`;
}

function renderVar(name: string, v: NoteVar, locale: Locale): string | number {
  if (typeof v === "number") return MONEY_VARS.has(name) ? formatEuro(v, locale) : formatNumber(String(v), locale);
  if (typeof v === "string") return v;
  if ("key" in v) return isMessageKey(v.key) ? translate(locale, v.key) : v.key;
  return v[locale] || v.lv || v.en;
}

/** owners: request id → its organisation (id, name). */
export function renderNote(n: Note, locale: Locale, viewerOrgId: string | null, owners: Map<string, { orgId: string; orgName: string }>): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(n.vars ?? {})) vars[k] = renderVar(k, v, locale);
  if (n.about) {
    const owner = owners.get(n.about);
    vars.org = owner && viewerOrgId && owner.orgId === viewerOrgId ? owner.orgName : translate(locale, "logistics.org.other");
  }
  // Plural messages pick their form by {count}: keep it numeric.
  if (n.vars && typeof n.vars.count === "number") vars.count = n.vars.count;
  const text = isMessageKey(n.key) ? translate(locale, n.key, vars) : n.key;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
