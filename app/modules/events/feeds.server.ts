import { sql } from "kysely";
import type { AppConfig, AppContext, Executor } from "~/context";
import type { AttendanceStatus } from "#db/schema";
import { translator, type Locale } from "~/i18n";
import { isActiveMember, type Viewer } from "~/modules/policy/facts";
import { can } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { peopleAsViewers } from "~/modules/auth/viewers.server";
import { EVENT_LIMITS } from "./constants";
import { factsOf, visibleTo } from "./access.server";
import { calendarText, etagOf, veventText } from "./ics.server";
import { parseMailbox } from "./mail.server";
import { snapshotOf, type EventRowForSnapshot } from "./snapshot";
import { currentToken, issueToken, TOKEN_PATTERN, tokenHash } from "./tokens.server";

/**
 * Calendar subscription feeds (docs/requirements.md CAL-14…CAL-16), one secret token per person:
 *   /feeds/<token>/mine.ics          events the person is going to, invited to, waitlisted for or "maybe" (marked)
 *   /feeds/<token>/all.ics           every event the person may see
 *   /feeds/<token>/group-<slug>.ics  a working group's events (only while the person may see the group)
 * Each fetch re-checks every event with the event page's rule (`event.view`), so leaving a private group or losing
 * an invitation drops its events at the next poll. No METHOD (a snapshot), no ATTENDEE, nobody's address but the
 * platform's ORGANIZER mailbox. DTSTAMP = LAST-MODIFIED = the event's updated_at, so an unchanged feed is
 * byte-identical between polls, and its ETag (a hash of the body) answers If-None-Match with 304.
 *
 * Per-event VEVENT text is cached by everything it depends on (docs/performance.md S5: ical-generator 10 would spend
 * ~0.2 ms per event; the cache makes a 1,000-event feed a string join).
 */

export type FeedKind = { kind: "mine" } | { kind: "all" } | { kind: "group"; slug: string };

export function parseFeedFile(file: string): FeedKind | null {
  if (file === "mine.ics") return { kind: "mine" };
  if (file === "all.ics") return { kind: "all" };
  const m = /^group-([a-z0-9-]{1,100})\.ics$/.exec(file);
  return m ? { kind: "group", slug: m[1] } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/** The person's current feed token (to show the URLs), or null when they have none. */
export async function currentFeedToken(exec: Executor, config: Pick<AppConfig, "sessionSecrets">, personId: string): Promise<string | null> {
  const r = await exec.selectFrom("calendar_feed_token").select(["salt", "token_hash"]).where("person_id", "=", personId).executeTakeFirst();
  return r ? currentToken(config.sessionSecrets, "feed", personId, r.salt, r.token_hash) : null;
}

/** A new token (the old URLs stop working at once). */
export async function regenerateFeedToken(ctx: Pick<AppContext, "db" | "config">, personId: string): Promise<string> {
  const t = issueToken(ctx.config.sessionSecrets, "feed", personId);
  await ctx.db
    .insertInto("calendar_feed_token")
    .values({ person_id: personId, salt: t.salt, token_hash: t.hash })
    .onConflict((oc) => oc.column("person_id").doUpdateSet({ salt: t.salt, token_hash: t.hash, created_at: sql`now()`, last_used_at: null }))
    .execute();
  return t.token;
}

export async function revokeFeedToken(exec: Executor, personId: string): Promise<void> {
  await exec.deleteFrom("calendar_feed_token").where("person_id", "=", personId).execute();
}

/** The active member behind a feed token, or null (unknown, revoked, deactivated, no longer approved → 404). */
export async function viewerByFeedToken(exec: Executor, token: string): Promise<Viewer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const r = await exec.selectFrom("calendar_feed_token").select(["person_id", "last_used_at"]).where("token_hash", "=", tokenHash(token)).executeTakeFirst();
  if (!r) return null;
  const [viewer] = await peopleAsViewers(exec, [r.person_id]);
  if (!viewer || !isActiveMember(viewer)) return null;
  if (!r.last_used_at || Date.now() - new Date(r.last_used_at).getTime() > 3600_000) {
    await exec
      .updateTable("calendar_feed_token")
      .set({ last_used_at: sql`now()` })
      .where("person_id", "=", r.person_id)
      .execute();
  }
  return viewer;
}

export function feedUrls(appOrigin: string, token: string, groupSlug?: string) {
  const https = `${appOrigin}/feeds/${token}`;
  const webcal = https.replace(/^https?:/, "webcal:");
  return {
    mine: { https: `${https}/mine.ics`, webcal: `${webcal}/mine.ics` },
    all: { https: `${https}/all.ics`, webcal: `${webcal}/all.ics` },
    group: groupSlug ? { https: `${https}/group-${groupSlug}.ics`, webcal: `${webcal}/group-${groupSlug}.ics` } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Building

const cache = new Map<string, { text: string; tzid: string | null }>();
const CACHE_MAX = 20_000;

function cached(key: string, make: () => { text: string; tzid: string | null }) {
  let v = cache.get(key);
  if (v) {
    // Refresh recency (Map keeps insertion order: the oldest entries are evicted first).
    cache.delete(key);
    cache.set(key, v);
    return v;
  }
  v = make();
  cache.set(key, v);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return v;
}

const MARKED: AttendanceStatus[] = ["invited", "waitlisted", "maybe"];

export interface Feed {
  body: string;
  etag: string;
  filename: string;
}

/** The feed for this viewer, or null when it does not exist for them (unknown or invisible group). */
export async function buildFeed(exec: Executor, config: Pick<AppConfig, "appOrigin" | "mailFrom">, viewer: Viewer, kind: FeedKind, now = new Date()): Promise<Feed | null> {
  const locale: Locale = viewer.locale;
  const t = translator(locale);
  let groupId: string | null = null;
  let name: string;
  let description: string;
  if (kind.kind === "group") {
    const g = await groupAccess(exec, viewer, { slug: kind.slug });
    if (!g || !g.may.view) return null;
    groupId = g.group.id;
    const gname = locale === "lv" ? g.group.name_lv || g.group.name_en : g.group.name_en || g.group.name_lv;
    name = gname;
    description = t("events.feed.group.description", { group: gname });
  } else {
    name = t(kind.kind === "mine" ? "events.feed.mine.name" : "events.feed.all.name");
    description = t(kind.kind === "mine" ? "events.feed.mine.description" : "events.feed.all.description");
  }
  // Past events stay for 90 days; cancelled ones stay (STATUS:CANCELLED) until they would have ended.
  const since = new Date(now.getTime() - 90 * 86_400_000);
  // Phase 1: only what the rules and the cache key need (a warm feed never reads titles or descriptions).
  const rows = await exec
    .selectFrom("event as e")
    .leftJoin("working_group_member as m", (j) => j.onRef("m.group_id", "=", "e.host_group_id").on("m.person_id", "=", viewer.id))
    .leftJoin("event_attendance as a", (j) => j.onRef("a.event_id", "=", "e.id").on("a.person_id", "=", viewer.id))
    .leftJoin("person as org", "org.id", "e.created_by")
    // Numbers and booleans rather than timestamps: parsing 1,000 × 4 dates costs more than the query itself.
    .select([
      "e.id",
      "e.sequence",
      sql<number>`(extract(epoch from e.updated_at) * 1000)::float8`.as("updated_ms"),
      "e.status",
      "e.visibility",
      "e.created_by",
      "m.role as group_role",
      sql<boolean>`a.invited_at is not null`.as("invited_at"),
      "a.status as attendance",
      "org.name as organiser_name",
    ])
    .where(visibleTo(viewer))
    .where((eb) => eb.or([eb.and([eb("e.status", "=", "published"), eb("e.ends_at", ">", since)]), eb.and([eb("e.status", "=", "cancelled"), eb("e.ends_at", ">", now)])]))
    .$if(kind.kind === "mine", (q) => q.where("a.status", "in", ["going", "invited", "waitlisted", "maybe"]))
    .$if(groupId !== null, (q) => q.where("e.host_group_id", "=", groupId!))
    .orderBy("e.starts_at")
    .orderBy("e.id")
    .limit(EVENT_LIMITS.feedMax)
    .execute();

  const platform = parseMailbox(config.mailFrom);
  const entries: { key: string; id: string; organiser: string; showOnline: boolean; mark: string; updatedAt: Date }[] = [];
  for (const r of rows) {
    const facts = factsOf(viewer, r, now);
    // The event page's rule decides, event by event (CAL-15).
    if (!can(viewer, { action: "event.view", event: facts })) continue;
    const showOnline = can(viewer, { action: "event.seeOnline", event: facts });
    const status = r.attendance ?? null;
    const mark = status && MARKED.includes(status) ? `[${t(`events.feed.mark.${status as "invited" | "waitlisted" | "maybe"}`)}] ` : "";
    const organiser = r.organiser_name ?? "";
    const updatedAt = new Date(Math.trunc(Number(r.updated_ms)));
    const key = [r.id, r.sequence, updatedAt.getTime(), r.status, locale, mark, showOnline ? 1 : 0, organiser, config.appOrigin, platform.email].join("\u0001");
    entries.push({ key, id: r.id, organiser, showOnline, mark, updatedAt });
  }
  // Phase 2: full rows only for entries not in the cache.
  const missing = entries.filter((x) => !cache.has(x.key)).map((x) => x.id);
  const full = new Map<string, EventRowForSnapshot>();
  for (let i = 0; i < missing.length; i += 500) {
    const chunk = await exec
      .selectFrom("event")
      .select([
        "id",
        "uid",
        "slug",
        "sequence",
        "status",
        "title_lv",
        "title_en",
        "description_lv",
        "description_en",
        "starts_at",
        "ends_at",
        "time_zone",
        "all_day",
        "venue",
        "online_url",
        "language",
        "updated_at",
      ])
      .where("id", "in", missing.slice(i, i + 500))
      .execute();
    for (const r of chunk) full.set(r.id, r);
  }
  const vevents: string[] = [];
  const tzids: (string | null)[] = [];
  for (const x of entries) {
    const make = () => {
      const snap = snapshotOf(full.get(x.id)!, x.organiser);
      return veventText(snap, {
        locale,
        appOrigin: config.appOrigin,
        organizer: { name: x.organiser || platform.name || platform.email, email: platform.email },
        stamp: x.updatedAt,
        lastModified: x.updatedAt,
        showOnline: x.showOnline,
        mark: x.mark,
      });
    };
    // An edit that committed between the two reads: serve it, but do not cache it under the older key.
    const row = full.get(x.id);
    if (!row && !cache.has(x.key)) continue; // deleted meanwhile
    const v = row && new Date(row.updated_at).getTime() !== x.updatedAt.getTime() ? make() : cached(x.key, make);
    vevents.push(v.text);
    tzids.push(v.tzid);
  }
  const body = calendarText(vevents, tzids, { name, description, refresh: true });
  return {
    body,
    etag: etagOf(body),
    filename: kind.kind === "group" ? `group-${kind.slug}.ics` : `${kind.kind}.ics`,
  };
}

/** For tests and the benchmark. */
export function clearFeedCache(): void {
  cache.clear();
}
