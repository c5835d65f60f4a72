import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "~/context";
import type { LegalType, OrgSize } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { ActionError } from "~/modules/errors";
import { newTermLabel, termKeysField } from "~/modules/vocabulary/fields";
import { resolveTermChoice } from "~/modules/vocabulary/vocabulary.server";
import { searchKey } from "~/modules/text";
import { LEGAL_TYPES, ORG_SIZES } from "./constants";

// Editing an organisation's directory profile. Who may edit is decided by can(viewer, {action: "org.edit"})
// in the route; which fields an editor may change is decided here (name, type and size: cluster admins only).

const MAX_DESCRIPTION = 4000;
export const MAX_COMPETENCES = 20;

const noMarkup = /^[^\r\n<>]*$/;

/**
 * "www.example.lv" → "https://www.example.lv/"; "" → null; false when it is not an http(s) address with a dotted
 * host name (javascript:, data:, user:pass@… and the like are refused, so the profile link is always safe).
 */
function normaliseWebsite(input: string): string | null | false {
  const s = input.trim();
  if (!s) return null;
  if (s.length > 300 || /\s/.test(s)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(s) ? s : `https://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) || url.username || url.password) return false;
  return url.toString();
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

const description = z
  .string()
  .default("")
  .transform((v) => v.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().max(MAX_DESCRIPTION, "directory.error.descriptionTooLong"));

export const OrgProfileSchema = z.object({
  description_lv: description,
  description_en: description,
  website: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const url = normaliseWebsite(v);
      if (url === false) {
        ctx.addIssue({ code: "custom", message: "directory.error.websiteInvalid" });
        return z.NEVER;
      }
      return url;
    }),
  city: z.string().trim().max(80, "directory.error.cityInvalid").regex(noMarkup, "directory.error.cityInvalid").default(""),
  country: z
    .string({ message: "directory.error.countryInvalid" })
    .trim()
    .toUpperCase()
    .refine((c) => /^[A-Z]{2}$/.test(c) && regionNames.of(c) !== undefined, "directory.error.countryInvalid"),
  // competences: keys of the vocabulary (checkboxes), plus a new term in Latvian and/or English
  competency_tags: termKeysField(MAX_COMPETENCES, "vocabulary.error.tooMany", "vocabulary.error.invalid"),
  competency_tagsNewLv: newTermLabel,
  competency_tagsNewEn: newTermLabel,
  // cluster administrators only; ignored for anyone else
  name: z.string().trim().min(2, "directory.error.nameInvalid").max(160, "directory.error.nameInvalid").regex(noMarkup, "directory.error.nameInvalid").optional(),
  legal_type: z.enum(LEGAL_TYPES as [LegalType, ...LegalType[]], { message: "directory.error.typeInvalid" }).optional(),
  size: z.enum(ORG_SIZES as [OrgSize, ...OrgSize[]], { message: "directory.error.sizeInvalid" }).optional(),
});

export type OrgProfileInput = z.infer<typeof OrgProfileSchema>;

/**
 * The new search_key after a name or city change. Keys are searchKey(name, aliases…, city) (the seed adds a short
 * name such as "DZK"); whatever sits between the old name and the old city is kept, so aliases stay searchable.
 */
function rekey(oldKey: string, oldName: string, oldCity: string, name: string, city: string): string {
  const n = searchKey(oldName);
  const c = searchKey(oldCity);
  let middle = "";
  if (oldKey.startsWith(n)) {
    const rest = oldKey.slice(n.length);
    if (!c) middle = rest;
    else if (rest.endsWith(c)) middle = rest.slice(0, rest.length - c.length);
  }
  return searchKey(name, middle, city);
}

/**
 * Saves the profile in one transaction with an audit entry. `asClusterAdmin` unlocks name, type and size.
 * search_key is recomputed only when the name or city changes, keeping any aliases (see rekey).
 */
export async function updateOrgProfile(ctx: Pick<AppContext, "db">, actorId: string, orgId: string, input: OrgProfileInput, asClusterAdmin: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organisation")
      .select(["name", "city", "search_key", "legal_type", "size", "country", "website", "description_lv", "description_en", "competency_tags"])
      .where("id", "=", orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    const name = asClusterAdmin && input.name ? input.name : before.name;
    if (name !== before.name) {
      const dup = await trx
        .selectFrom("organisation")
        .select("id")
        .where(sql`lower(name)`, "=", name.toLowerCase())
        .where("id", "<>", orgId)
        .executeTakeFirst();
      if (dup) throw new ActionError(400, "directory.error.nameTaken", {}, "name");
    }
    const competencyTags = await resolveTermChoice(
      trx,
      "competence",
      actorId,
      { keys: input.competency_tags, newLv: input.competency_tagsNewLv, newEn: input.competency_tagsNewEn },
      { field: "competency_tags", max: MAX_COMPETENCES, tooMany: "vocabulary.error.tooMany" },
    );
    const next = {
      name,
      city: input.city,
      country: input.country,
      website: input.website,
      description_lv: input.description_lv,
      description_en: input.description_en,
      competency_tags: competencyTags,
      legal_type: asClusterAdmin && input.legal_type ? input.legal_type : before.legal_type,
      size: asClusterAdmin && input.size ? input.size : before.size,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return;
    await trx
      .updateTable("organisation")
      .set({
        ...next,
        ...(name !== before.name || input.city !== before.city ? { search_key: rekey(before.search_key, before.name, before.city, name, input.city) } : {}),
      })
      .where("id", "=", orgId)
      .execute();
    await audit(trx, { actorId, action: "org.profile_updated", targetType: "organisation", targetId: orgId, details: { fields: changed } });
  });
}
