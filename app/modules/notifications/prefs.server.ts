// Per-type notification preferences (notification_pref; no row = the type's default, types.ts).
import { sql } from "kysely";
import type { Executor } from "~/context";
import { ActionError } from "~/modules/errors";
import { isEmailCadence, isNotificationType, NOTIFICATION_TYPES, TYPE_DEFAULTS, type EmailCadence, type NotificationType, type TypePref } from "./types";

/** One type's preference for each of these people (defaults filled in). */
export async function prefsFor(exec: Executor, personIds: readonly string[], type: NotificationType): Promise<Map<string, TypePref>> {
  const out = new Map<string, TypePref>();
  if (personIds.length === 0) return out;
  const rows = await exec
    .selectFrom("notification_pref")
    .select(["person_id", "in_app", "email"])
    .where("type", "=", type)
    .where("person_id", "in", [...new Set(personIds)])
    .execute();
  for (const r of rows) out.set(r.person_id, { inApp: r.in_app, email: r.email });
  for (const id of personIds) if (!out.has(id)) out.set(id, TYPE_DEFAULTS[type]);
  return out;
}

/** Every type's preference of one person, in the order of NOTIFICATION_TYPES. */
export async function allPrefs(exec: Executor, personId: string): Promise<{ type: NotificationType; pref: TypePref }[]> {
  const rows = await exec.selectFrom("notification_pref").select(["type", "in_app", "email"]).where("person_id", "=", personId).execute();
  const chosen = new Map(rows.map((r) => [r.type, { inApp: r.in_app, email: r.email as EmailCadence }]));
  return NOTIFICATION_TYPES.map((type) => ({ type, pref: chosen.get(type) ?? TYPE_DEFAULTS[type] }));
}

/** Stores every type's preference (the settings form sends all of them). */
export async function savePrefs(exec: Executor, personId: string, prefs: { type: NotificationType; pref: TypePref }[]): Promise<void> {
  if (prefs.length === 0) return;
  await exec
    .insertInto("notification_pref")
    .values(prefs.map(({ type, pref }) => ({ person_id: personId, type, in_app: pref.inApp, email: pref.email })))
    .onConflict((oc) => oc.columns(["person_id", "type"]).doUpdateSet({ in_app: sql`excluded.in_app`, email: sql`excluded.email`, updated_at: sql`now()` }))
    .execute();
}

/**
 * The settings form: `email.<type>` (a cadence) and `inApp.<type>` (a checkbox, "on") for every type. An unknown type
 * or cadence is refused (a form-level ActionError), nothing is stored; a type left out keeps in-app off (an
 * unticked checkbox sends nothing) and must still send its email cadence.
 */
export function parsePrefsForm(values: Record<string, string | string[]>): { type: NotificationType; pref: TypePref }[] {
  for (const key of Object.keys(values)) {
    const m = /^(email|inApp)\.(.+)$/.exec(key);
    if (m && !isNotificationType(m[2])) throw new ActionError(400, "notify.error.type");
  }
  return NOTIFICATION_TYPES.map((type) => {
    const email = values[`email.${type}`];
    if (!isEmailCadence(email)) throw new ActionError(400, "notify.error.cadence");
    const inApp = values[`inApp.${type}`];
    if (inApp !== undefined && inApp !== "on") throw new ActionError(400, "notify.error.type");
    return { type, pref: { inApp: inApp === "on", email } };
  });
}
