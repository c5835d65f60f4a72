import type { AppContext } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";

/**
 * The settings page's view of a member's calendar subscription: the feed addresses (all events, their own, one per
 * working group they belong to) with when the secret was made and last used; null when they have none.
 */
export async function ownCalendarFeeds(ctx: Pick<AppContext, "db" | "config">, viewer: Viewer) {
  const [token, row, groups] = await Promise.all([
    currentFeedToken(ctx.db, ctx.config, viewer.id),
    ctx.db.selectFrom("calendar_feed_token").select(["created_at", "last_used_at"]).where("person_id", "=", viewer.id).executeTakeFirst(),
    ctx.db
      .selectFrom("working_group_member as m")
      .innerJoin("working_group as g", "g.id", "m.group_id")
      .select(["g.slug", "g.name_lv", "g.name_en"])
      .where("m.person_id", "=", viewer.id)
      .orderBy("g.search_key")
      .execute(),
  ]);
  if (!token) return null;
  const origin = ctx.config.appOrigin;
  const name = (g: { name_lv: string; name_en: string }) => (viewer.locale === "lv" ? g.name_lv || g.name_en : g.name_en || g.name_lv);
  return {
    ...feedUrls(origin, token),
    groups: groups.map((g) => ({ name: name(g), ...feedUrls(origin, token, g.slug).group! })),
    createdAt: row?.created_at.toISOString() ?? null,
    lastUsedAt: row?.last_used_at?.toISOString() ?? null,
  };
}
