import { sql } from "kysely";
import type { Executor } from "~/context";
import type { LegalType, OrgSize } from "#db/schema";
import { searchKey } from "~/modules/text";
import { PAGE_SIZE, type DirectoryFilters } from "~/modules/directory/filters";
import { containsPattern, encodeCursor } from "~/modules/directory/filters.server";
import type { Term } from "~/modules/vocabulary/terms";
import { termsByKey, withTerms } from "~/modules/vocabulary/vocabulary.server";

// Directory reads for organisations. Only approved organisations are listed or shown.
// The list walks organisation_status_name_idx (status, search_key, id) in order: keyset, never OFFSET.

export interface OrgListItem {
  id: string;
  slug: string;
  name: string;
  legal_type: LegalType;
  size: OrgSize;
  city: string;
  country: string;
  description_lv: string;
  description_en: string;
  /** Competences (vocabulary terms; stored as keys, filtered by key). */
  competency_tags: Term[];
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for `?after=`, null on the last page. */
  next: string | null;
}

const DESCRIPTION_PREVIEW = 240;

export async function listOrgs(db: Executor, f: Pick<DirectoryFilters, "q" | "type" | "size" | "tag" | "after">, limit = PAGE_SIZE): Promise<Page<OrgListItem>> {
  const key = searchKey(f.q);
  let query = db
    .selectFrom("organisation as o")
    .select([
      "o.id",
      "o.slug",
      "o.name",
      "o.legal_type",
      "o.size",
      "o.city",
      "o.country",
      // a preview is enough for the list; the profile shows the whole text
      sql<string>`left(o.description_lv, ${DESCRIPTION_PREVIEW})`.as("description_lv"),
      sql<string>`left(o.description_en, ${DESCRIPTION_PREVIEW})`.as("description_en"),
      "o.competency_tags",
    ])
    .where("o.status", "=", "approved");
  if (f.type) query = query.where("o.legal_type", "=", f.type);
  if (f.size) query = query.where("o.size", "=", f.size);
  if (f.tag) query = query.where(sql<boolean>`o.competency_tags @> array[${f.tag}]::text[]`);
  if (key) query = query.where("o.search_key", "ilike", containsPattern(key));
  if (f.after) {
    const after = f.after.id;
    query = query.where(sql<boolean>`(o.search_key, o.id) > ((select c.search_key from organisation c where c.id = ${after}::uuid), ${after}::uuid)`);
  }
  const rows = await query
    .orderBy("o.search_key")
    .orderBy("o.id")
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: await withTerms(db, "competence", page, "competency_tags"),
    next: more && last ? encodeCursor({ id: last.id }) : null,
  };
}

/** Competences in use by approved organisations, for the filter's choices. */
export async function listOrgTags(db: Executor): Promise<Term[]> {
  const r = await sql<{ tag: string }>`
    select distinct t.tag
    from organisation o cross join lateral unnest(o.competency_tags) as t(tag)
    where o.status = 'approved'
    order by t.tag
    limit 500`.execute(db);
  return [
    ...(
      await termsByKey(
        db,
        "competence",
        r.rows.map((x) => x.tag),
      )
    ).values(),
  ];
}

export interface OrgProfile extends OrgListItem {
  website: string | null;
  logo_url: string | null;
}

/** An approved organisation by slug, or null (unknown and not-yet-approved look the same). */
export async function getOrgProfile(db: Executor, slug: string): Promise<OrgProfile | null> {
  const row = await db
    .selectFrom("organisation")
    .select(["id", "slug", "name", "legal_type", "size", "city", "country", "website", "description_lv", "description_en", "competency_tags", "logo_url"])
    .where("slug", "=", slug)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return row ? (await withTerms(db, "competence", [row], "competency_tags"))[0]! : null;
}

export interface OrgPerson {
  id: string;
  name: string;
  job_title: string;
  job_title_en: string;
  org_role: "admin" | "member";
}

/** The first `cap` approved, active people of an organisation (one query); `more` says whether there are others. */
export async function listOrgPeople(db: Executor, orgId: string, cap = PAGE_SIZE): Promise<{ items: OrgPerson[]; more: boolean }> {
  const rows = await db
    .selectFrom("person")
    .select(["id", "name", "job_title", "job_title_en", "org_role"])
    .where("organisation_id", "=", orgId)
    .where("membership_status", "=", "approved")
    .where("deactivated_at", "is", null)
    .orderBy("search_key")
    .orderBy("id")
    .limit(cap + 1)
    .execute();
  return { items: rows.slice(0, cap), more: rows.length > cap };
}

/** Approved organisations for the sign-up form's choice, by name (at most 2000). */
export async function approvedOrgChoices(db: Executor): Promise<{ id: string; name: string }[]> {
  return db.selectFrom("organisation").select(["id", "name"]).where("status", "=", "approved").orderBy("search_key").limit(2000).execute();
}
