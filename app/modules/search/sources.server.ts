import { sql, type RawBuilder } from "kysely";
import type { Viewer } from "~/modules/policy/facts";
import { campaignParticipateSql, campaignViewSql, eventParticipantsSql, eventViewSql, groupPreviewSql, groupViewSql, poolViewSql, requestPrivateSql } from "~/modules/policy/sql.server";
import type { SearchType } from "./query";

/**
 * What the search knows about each kind of document in search_doc (migration 0019): the filter it belongs to and
 * the page it opens. And each audience: the rule that decides who may see a document, over `d.scope_id`.
 *
 * Adding a source (docs/decisions/0010-search.md "Adding a source"): in a migration, a view search_source_<kind>
 * with the columns of the others, triggers `search_sync('<id column>', '<kind>')` on every table it reads, and
 * backfillSearch(db, '<kind>'); here, an entry in KINDS (type and href) and, for a new rule, in AUDIENCES (the rule
 * itself goes into app/modules/policy/sql.server.ts next to its check() twin); then a case in tests/search.test.ts's
 * `mayOpen`, which compares the SQL with check().
 */

/** `d` is the search_doc row; the href is built for the rows of one page only. */
export const KINDS: Record<string, { type: SearchType; href: RawBuilder<string | null> }> = {
  post: { type: "posts", href: sql`'/posts/' || d.ref_id` },
  thread: { type: "posts", href: sql`(select '/groups/' || g.slug || '/threads/' || t.id from thread t join working_group g on g.id = t.subject_id where t.id = d.ref_id)` },
  group: { type: "groups", href: sql`(select '/groups/' || g.slug from working_group g where g.id = d.ref_id)` },
  event: { type: "events", href: sql`(select '/events/' || e.slug from event e where e.id = d.ref_id)` },
  campaign: { type: "campaigns", href: sql`(select '/campaigns/' || c.slug from campaign c where c.id = d.ref_id)` },
  pool: { type: "logistics", href: sql`'/logistics/pools/' || d.ref_id` },
  request: { type: "logistics", href: sql`'/logistics/requests/' || d.ref_id` },
  org: { type: "organisations", href: sql`(select '/directory/orgs/' || o.slug from organisation o where o.id = d.ref_id)` },
  person: { type: "people", href: sql`'/directory/people/' || d.ref_id` },
  // A file opens the page it is on (never the bytes): its post, or its library, materials or files section.
  file: {
    type: "files",
    href: sql`(select case
      when f.post_id is not null then '/posts/' || f.post_id
      when f.group_id is not null then (select '/groups/' || g.slug || '#library' from working_group g where g.id = f.group_id)
      when f.event_id is not null then (select '/events/' || e.slug || '#materials' from event e where e.id = f.event_id)
      else (select '/campaigns/' || c.slug || '#files' from campaign c where c.id = f.campaign_id) end
      from file f where f.id = d.ref_id)`,
  },
};

const scope = sql`d.scope_id`;

/** Who may see a document, by its audience (thread:<subject> for posts and topics: the subject's thread.view rule). */
export const AUDIENCES: Record<string, (v: Viewer) => RawBuilder<boolean>> = {
  group: (v) => groupPreviewSql(v, scope),
  "thread:group": (v) => groupViewSql(v, scope),
  event: (v) => eventViewSql(v, scope),
  "thread:event": (v) => eventViewSql(v, scope),
  campaign: (v) => campaignViewSql(v, scope),
  "thread:campaign": (v) => campaignParticipateSql(v, scope),
  pool: (v) => poolViewSql(v, scope),
  "thread:pool": (v) => poolViewSql(v, scope),
  request: (v) => requestPrivateSql(v, scope),
  // Files (file.download): a post's file has its post's audience (thread:<subject>); the others name their owner.
  "file:group": (v) => groupViewSql(v, scope),
  "file:event-participants": (v) => eventParticipantsSql(v, scope),
  "file:campaign": (v) => campaignParticipateSql(v, scope),
  // The directory's own listing rule (app/modules/people/queries.server.ts, orgs/queries.server.ts).
  org: () => sql<boolean>`exists (select 1 from organisation o where o.id = d.scope_id and o.status = 'approved')`,
  person: () =>
    sql<boolean>`exists (select 1 from person p join organisation o on o.id = p.organisation_id
      where p.id = d.scope_id and p.membership_status = 'approved' and p.deactivated_at is null and o.status = 'approved')`,
};

/** The one predicate: `case d.audience when … then <rule> … else false end` (an unknown audience is never shown). */
export function visibleTo(v: Viewer): RawBuilder<boolean> {
  const cases = Object.entries(AUDIENCES).map(([audience, rule]) => sql`when ${audience} then ${rule(v)}`);
  return sql<boolean>`(case d.audience ${sql.join(cases, sql` `)} else false end)`;
}

export function hrefSql(): RawBuilder<string | null> {
  const cases = Object.entries(KINDS).map(([kind, k]) => sql`when ${kind} then ${k.href}`);
  return sql<string | null>`(case d.kind ${sql.join(cases, sql` `)} end)`;
}

export function kindsOf(type: SearchType): string[] {
  return Object.entries(KINDS)
    .filter(([, k]) => k.type === type)
    .map(([kind]) => kind);
}
