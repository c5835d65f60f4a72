// What a working group's page shows besides the group itself, by what the viewer may do there: its topics, members
// and upcoming events for those who see it; requests, invitations and removed people for its leads.
import type { AppContext } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { can } from "~/modules/policy/authorize.server";
import { upcomingForGroup } from "~/modules/events/events.server";
import { currentFeedToken, feedUrls } from "~/modules/events/feeds.server";
import { listSubjectThreads } from "~/modules/threads/threads.server";
import type { GroupAccess } from "./access.server";
import { invitableOrganisations, listExclusions, listInvites, listMembers, listPendingRequests } from "./groups.server";

export async function groupPageLists(ctx: Pick<AppContext, "db" | "config">, viewer: Viewer, a: GroupAccess, cursors: { threads: string | null; members: string | null }) {
  const { group, may, facts } = a;
  const db = ctx.db;
  const [threads, members, requests, invites, orgs, events, feedToken, excluded] = await Promise.all([
    may.view ? listSubjectThreads(db, viewer.id, "group", group.id, cursors.threads) : null,
    may.view ? listMembers(db, group.id, cursors.members) : null,
    may.manage ? listPendingRequests(db, group.id) : [],
    may.manage ? listInvites(db, group.id) : [],
    may.manage && !facts.archived ? invitableOrganisations(db) : [],
    may.view ? upcomingForGroup(db, viewer, group.id) : [],
    may.view ? currentFeedToken(db, ctx.config, viewer.id) : null,
    may.manage ? listExclusions(db, group.id) : [],
  ]);
  return {
    threads,
    members,
    requests,
    invites,
    orgs,
    excluded,
    events,
    groupFeed: feedToken ? feedUrls(ctx.config.appOrigin, feedToken, group.slug).group : null,
    mayCreateEvent: !facts.archived && can(viewer, { action: "event.create", leadOfHostGroup: facts.role === "lead" }),
  };
}
