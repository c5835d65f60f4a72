import { sql, type RawBuilder } from "kysely";
import { isActiveMember, type Viewer } from "./facts";

/**
 * The rules of authorize.server.ts that decide whether a viewer may know a thing exists, written as SQL predicates,
 * for queries that filter many things at once (site search). Each one is the SQL form of one check() answer over the
 * facts the domain's access loader would load; tests/search.test.ts runs the search as every demo person and compares
 * every result with check() over those facts, so the two cannot drift apart unnoticed. `id` is the SQL expression of
 * the thing's id.
 */

type Pred = RawBuilder<boolean>;
const TRUE: Pred = sql<boolean>`true`;
const FALSE: Pred = sql<boolean>`false`;
const admin = (v: Viewer) => v.clusterRole === "admin";

/** Not an active member: no rule lets them see anything of the member area. */
export function activeOnly(v: Viewer | null, pred: (v: Viewer) => Pred): Pred {
  return v && isActiveMember(v) ? pred(v) : FALSE;
}

/** group.preview (seesGroup): public, a member, or invited (person or organisation) and not excluded. */
export function groupPreviewSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from working_group g where g.id = ${id} and (
    g.visibility = 'public'
    or exists (select 1 from working_group_member m where m.group_id = g.id and m.person_id = ${v.id})
    or (exists (select 1 from working_group_invite i where i.group_id = g.id and i.accepted_at is null and (i.person_id = ${v.id} or i.organisation_id = ${v.orgId}))
        and not exists (select 1 from working_group_exclusion x where x.group_id = g.id and x.person_id = ${v.id}))))`;
}

/** group.view (its threads and posts): public or a member. */
export function groupViewSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from working_group g where g.id = ${id} and (
    g.visibility = 'public' or exists (select 1 from working_group_member m where m.group_id = g.id and m.person_id = ${v.id})))`;
}

/** event.view (seesEvent): its managers (creator, host-group leads); else not a draft and invited, for all members,
 * or for the host group's members. */
export function eventViewSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  return eventSql(v, id, TRUE);
}

/** file.download of an event's participants-only materials: its managers; else it is seen and the viewer is invited
 * or has answered anything but "declined". */
export function eventParticipantsSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  return eventSql(v, id, sql<boolean>`(a.invited_at is not null or (a.status is not null and a.status <> 'declined'))`);
}

/** seesEvent, and for those who do not manage it also `more` (over the viewer's attendance `a` and membership `m`). */
function eventSql(v: Viewer, id: RawBuilder<unknown>, more: Pred): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from event e
    left join working_group_member m on m.group_id = e.host_group_id and m.person_id = ${v.id}
    left join event_attendance a on a.event_id = e.id and a.person_id = ${v.id}
    where e.id = ${id} and (
      e.created_by = ${v.id} or m.role = 'lead'
      or (e.status <> 'draft' and (a.invited_at is not null or e.visibility = 'all_members' or (e.visibility = 'group_members' and m.role is not null)) and ${more})))`;
}

/** campaign.view (seesCampaign): not a draft, or its coordinator. */
export function campaignViewSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from campaign c where c.id = ${id} and (c.status <> 'draft' or c.coordinator_id = ${v.id}))`;
}

/** campaign.participate (its discussion): the coordinator, or a seen campaign the viewer's organisation was accepted to. */
export function campaignParticipateSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from campaign c where c.id = ${id} and (c.coordinator_id = ${v.id} or (c.status <> 'draft' and exists (
    select 1 from campaign_participant cp where cp.campaign_id = c.id and cp.organisation_id = ${v.orgId} and cp.status = 'accepted'))))`;
}

/** logistics.pool.view (seesPool): the coordinating organisation, or one with a pending or accepted request in it. */
export function poolViewSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from logistics_pool p where p.id = ${id} and (p.coordinator_org_id = ${v.orgId} or exists (
    select 1 from logistics_pool_member pm join logistics_request r on r.id = pm.request_id
    where pm.pool_id = p.id and pm.state in ('pending','accepted') and r.organisation_id = ${v.orgId})))`;
}

/** logistics.request.private (every field of a request): its own organisation. */
export function requestPrivateSql(v: Viewer, id: RawBuilder<unknown>): Pred {
  if (admin(v)) return TRUE;
  return sql<boolean>`exists (select 1 from logistics_request r where r.id = ${id} and r.organisation_id = ${v.orgId})`;
}
