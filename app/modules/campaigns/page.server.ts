import type { Executor } from "~/context";
import { pickLang } from "~/components/groups";
import { todayIn } from "~/lib/zoned-time";
import { centsToDecimal, toCents } from "~/lib/money";
import type { Viewer } from "~/modules/policy/facts";
import { can } from "~/modules/policy/authorize.server";
import { renderMarkdown } from "~/modules/threads/markdown.server";
import type { CampaignAccess } from "./access.server";
import { deliverableOwners, listDeliverables, listParticipants } from "./campaigns.server";
import { countryName } from "./constants";

/**
 * What the campaign page shows this viewer (its discussion aside): the coordinator sees every application; others the
 * accepted organisations and their own organisation's application; deliverables for participants.
 */
export async function campaignPage(exec: Executor, viewer: Viewer, a: CampaignAccess) {
  const { campaign: c, may, facts } = a;
  const locale = viewer.locale;
  const [participants, deliverables, owners] = await Promise.all([
    listParticipants(exec, c.id),
    may.participate ? listDeliverables(exec, c.id) : null,
    may.manage ? deliverableOwners(exec, c.id) : [],
  ]);
  const desc = pickLang(locale, c.description_lv, c.description_en);
  const accepted = participants.filter((p) => p.status === "accepted");
  // What each viewer sees of the participants: the coordinator everything; others the accepted organisations, and
  // their own organisation's application in full. Needs and notes of other organisations stay with the coordinator.
  const mine = participants.find((p) => p.orgId === viewer.orgId) ?? null;
  // The stand area against what the accepted participants are allocated (the coordinator is warned when over).
  const allocatedCenti = accepted.reduce((s, p) => s + toCents(p.area), 0n);
  const standCenti = c.stand_area_m2 === null ? null : toCents(c.stand_area_m2);
  return {
    id: c.id,
    slug: c.slug,
    title: pickLang(locale, c.title_lv, c.title_en).text,
    titleOther: locale === "lv" ? c.title_en : c.title_lv,
    type: c.type,
    status: c.status,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    deadline: c.application_deadline,
    deadlinePassed: c.application_deadline < todayIn(),
    place: [c.city, c.country ? countryName(c.country, locale) : ""].filter(Boolean).join(", "),
    markets: c.target_markets.map((m) => ({ code: m, name: countryName(m, locale) })),
    coordinator: { id: c.coordinator_id, name: c.coordinator_name },
    standArea: c.stand_area_m2,
    allocatedArea: centsToDecimal(allocatedCenti),
    overAllocated: standCenti !== null && allocatedCenti > standCenti,
    /** Accepting this application would allocate more than the stand has (participant id → total m² then). */
    wouldOverAllocate:
      may.manage && standCenti !== null
        ? Object.fromEntries(
            participants
              .filter((p) => (p.status === "applied" || p.status === "waitlisted") && allocatedCenti + toCents(p.area) > standCenti)
              .map((p) => [p.id, centsToDecimal(allocatedCenti + toCents(p.area))]),
          )
        : {},
    maxOrgs: c.max_orgs,
    acceptedCount: accepted.length,
    full: accepted.length >= c.max_orgs,
    linkedEventId: c.linked_event_id,
    descriptionHtml: desc.text ? renderMarkdown(desc.text) : "",
    descriptionFallback: desc.fallback,
    may,
    myStatus: facts.participant,
    // The organisation's own application as its admin entered it (area and delegates only; nothing else is sent).
    mine: mine && viewer.orgRole === "admin" ? { status: mine.status, area: mine.area, delegates: mine.delegates } : null,
    orgAdmin: viewer.orgRole === "admin",
    orgName: viewer.orgName,
    viewerOrgId: viewer.orgId,
    participants: may.manage ? participants : null,
    acceptedOrgs: accepted.map((p) => ({ id: p.orgId, name: p.orgName, slug: p.orgSlug })),
    deliverables: deliverables?.map((x) => ({ ...x, canUpdate: can(viewer, { action: "campaign.deliverable.update", campaign: facts, ownerOrgId: x.ownerOrgId }) })) ?? null,
    owners,
    today: todayIn(),
  };
}

export type CampaignPage = Awaited<ReturnType<typeof campaignPage>>;
