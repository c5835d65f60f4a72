import { sql } from "kysely";
import type { Executor } from "~/context";
import type { OrgRole } from "#db/schema";
import { searchKey } from "~/modules/text";
import { PAGE_SIZE, type DirectoryFilters } from "~/modules/directory/filters";
import { containsPattern, encodeCursor } from "~/modules/directory/filters.server";
import { isUuid } from "~/lib/ids";
import type { Page } from "~/modules/orgs/queries.server";
import type { Term } from "~/modules/vocabulary/terms";
import { termsByKey, withTerms } from "~/modules/vocabulary/vocabulary.server";

// Directory reads for people: approved, not deactivated, in an approved organisation.
// One query per page with the organisation joined; the list walks person_directory_idx (membership_status, search_key, id).

export interface PersonListItem {
  id: string;
  name: string;
  job_title: string;
  job_title_en: string;
  /** Expertise (vocabulary terms; stored as keys, filtered by key). */
  expertise_tags: Term[];
  org_role: OrgRole;
  org_slug: string;
  org_name: string;
}

export async function listPeople(db: Executor, f: Pick<DirectoryFilters, "q" | "type" | "size" | "tag" | "org" | "after">, limit = PAGE_SIZE): Promise<Page<PersonListItem>> {
  const key = searchKey(f.q);
  let query = db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.name", "p.job_title", "p.job_title_en", "p.expertise_tags", "p.org_role", "o.slug as org_slug", "o.name as org_name"])
    .where("p.membership_status", "=", "approved")
    .where("p.deactivated_at", "is", null)
    .where("o.status", "=", "approved");
  if (f.type) query = query.where("o.legal_type", "=", f.type);
  if (f.size) query = query.where("o.size", "=", f.size);
  if (f.org) query = query.where("o.slug", "=", f.org);
  if (f.tag) query = query.where(sql<boolean>`p.expertise_tags @> array[${f.tag}]::text[]`);
  // Name, job title or expertise (issue 14), never the email: the trailing email token of search_key is cut off, so a
  // hidden address cannot be probed by searching. search_fold (migration 0019) folds diacritics as searchKey() does.
  if (key) {
    const pattern = containsPattern(key);
    query = query.where(
      sql<boolean>`(regexp_replace(p.search_key, ' [^ ]*@[^ ]*$', '') ilike ${pattern} or search_fold(p.job_title || ' ' || p.job_title_en) ilike ${pattern}
        or search_fold(search_term_labels('expertise', p.expertise_tags)) ilike ${pattern})`,
    );
  }
  if (f.after) {
    const after = f.after.id;
    query = query.where(sql<boolean>`(p.search_key, p.id) > ((select c.search_key from person c where c.id = ${after}::uuid), ${after}::uuid)`);
  }
  const rows = await query
    .orderBy("p.search_key")
    .orderBy("p.id")
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: await withTerms(db, "expertise", page, "expertise_tags"),
    next: more && last ? encodeCursor({ id: last.id }) : null,
  };
}

/** Expertise tags in use by people who appear in the directory, for the filter's choices. */
export async function listExpertiseTags(db: Executor): Promise<Term[]> {
  const r = await sql<{ tag: string }>`
    select distinct t.tag
    from person p
      join organisation o on o.id = p.organisation_id
      cross join lateral unnest(p.expertise_tags) as t(tag)
    where p.membership_status = 'approved' and p.deactivated_at is null and o.status = 'approved'
    order by t.tag
    limit 500`.execute(db);
  return [
    ...(
      await termsByKey(
        db,
        "expertise",
        r.rows.map((x) => x.tag),
      )
    ).values(),
  ];
}

export interface PersonProfile {
  id: string;
  name: string;
  job_title: string;
  job_title_en: string;
  languages: string[];
  expertise_tags: Term[];
  org_role: OrgRole;
  /** Only when the person chose to show it. */
  email: string | null;
  phone: string | null;
  org_slug: string;
  org_name: string;
}

/** A person as the directory shows them, or null when unknown, not approved, deactivated or in a non-approved organisation. */
export async function getPersonProfile(db: Executor, id: string): Promise<PersonProfile | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.job_title",
      "p.job_title_en",
      "p.languages",
      "p.expertise_tags",
      "p.org_role",
      // a hidden address never leaves the database
      sql<string | null>`case when p.show_email then p.email end`.as("email"),
      "p.phone",
      "o.slug as org_slug",
      "o.name as org_name",
    ])
    .where("p.id", "=", id)
    .where("p.membership_status", "=", "approved")
    .where("p.deactivated_at", "is", null)
    .where("o.status", "=", "approved")
    .executeTakeFirst();
  return row ? (await withTerms(db, "expertise", [row], "expertise_tags"))[0]! : null;
}

/** Finds the name of the organisation the people list is filtered by (for its heading). */
export async function orgNameBySlug(db: Executor, slug: string): Promise<string | null> {
  const row = await db.selectFrom("organisation").select("name").where("slug", "=", slug).where("status", "=", "approved").executeTakeFirst();
  return row?.name ?? null;
}
