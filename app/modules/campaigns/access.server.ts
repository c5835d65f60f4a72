import { sql } from "kysely";
import type { Executor } from "~/context";
import type { CampaignStatus, CampaignType, ParticipantStatus } from "#db/schema";
import type { Viewer } from "~/modules/policy/facts";
import { isUuid } from "~/lib/ids";
import { can } from "~/modules/policy/authorize.server";
import type { CampaignFacts } from "~/modules/policy/facts";

/**
 * Campaign facts for the policy rules: one query loads the campaign and the viewer's organisation's application
 * (scoped to the viewer), then every "may" comes from can() in policy/authorize.server.ts. Loaders, actions, the CSV export
 * and the campaign thread subject (thread-subject.server.ts) all come here.
 */

export interface CampaignRecord {
  id: string;
  slug: string;
  title_lv: string;
  title_en: string;
  description_lv: string;
  description_en: string;
  type: CampaignType;
  target_markets: string[];
  starts_on: string;
  ends_on: string;
  application_deadline: string;
  city: string;
  country: string;
  linked_event_id: string | null;
  coordinator_id: string;
  coordinator_name: string;
  max_orgs: number;
  stand_area_m2: string | null;
  status: CampaignStatus;
  vat_rate: string;
  vat_recoverable: boolean;
  publish_full_table: boolean;
  reminder_days: number;
  thread_id: string | null;
  created_at: Date;
  updated_at: Date;
}

declare const checked: unique symbol;

/** Made only here (the brand): a domain function that takes one may trust it was loaded for this viewer. */
export interface CampaignAccess {
  readonly [checked]: true;
  campaign: CampaignRecord;
  facts: CampaignFacts;
  /** The viewer's organisation's participant row id, if it ever applied. */
  participantId: string | null;
  may: {
    view: true;
    manage: boolean;
    apply: boolean;
    withdraw: boolean;
    participate: boolean;
    ledgerView: boolean;
    ledgerFull: boolean;
    /** Its own organisation's share, read-only (org admins; ordinary members when their organisation allows it). */
    ledgerOwnShare: boolean;
  };
  /** The viewer's organisation lets its ordinary members see its cost share (its org admin's setting). */
  orgSharesCosts: boolean;
}

export function campaignQuery(exec: Executor) {
  return exec
    .selectFrom("campaign as c")
    .innerJoin("person as co", "co.id", "c.coordinator_id")
    .select([
      "c.id",
      "c.slug",
      "c.title_lv",
      "c.title_en",
      "c.description_lv",
      "c.description_en",
      "c.type",
      "c.target_markets",
      sql<string>`c.starts_on::text`.as("starts_on"),
      sql<string>`c.ends_on::text`.as("ends_on"),
      sql<string>`c.application_deadline::text`.as("application_deadline"),
      "c.city",
      "c.country",
      "c.linked_event_id",
      "c.coordinator_id",
      "co.name as coordinator_name",
      "c.max_orgs",
      "c.stand_area_m2",
      "c.status",
      "c.vat_rate",
      "c.vat_recoverable",
      "c.publish_full_table",
      "c.reminder_days",
      "c.thread_id",
      "c.created_at",
      "c.updated_at",
    ]);
}

/** The campaign and the viewer's relation to it, or null when it does not exist (no visibility check here). */
export async function loadCampaignFacts(
  exec: Executor,
  viewer: Viewer,
  by: { id: string } | { slug: string },
): Promise<{ campaign: CampaignRecord; facts: CampaignFacts; participantId: string | null; orgSharesCosts: boolean } | null> {
  if ("id" in by && !isUuid(by.id)) return null;
  if ("slug" in by && (typeof by.slug !== "string" || by.slug.length > 100)) return null;
  const row = await campaignQuery(exec)
    .leftJoin("campaign_participant as me", (j) => j.onRef("me.campaign_id", "=", "c.id").on("me.organisation_id", "=", viewer.orgId))
    .leftJoin("organisation as myorg", (j) => j.on("myorg.id", "=", viewer.orgId))
    .select(["me.id as my_participant_id", "me.status as my_status", "myorg.campaign_costs_to_members as org_shares_costs"])
    .$if("id" in by, (q) => q.where("c.id", "=", (by as { id: string }).id))
    .$if("slug" in by, (q) => q.where("c.slug", "=", (by as { slug: string }).slug))
    .executeTakeFirst();
  if (!row) return null;
  const { my_participant_id, my_status, org_shares_costs, ...campaign } = row;
  return {
    campaign: campaign as CampaignRecord,
    orgSharesCosts: org_shares_costs === true,
    participantId: my_participant_id ?? null,
    facts: {
      status: campaign.status,
      coordinator: campaign.coordinator_id === viewer.id,
      participant: (my_status as ParticipantStatus | null) ?? null,
      publishFullTable: campaign.publish_full_table,
    },
  };
}

/** The campaign as this viewer may see it, or null (→ 404): drafts exist only for their coordinator and admins. */
export async function campaignAccess(exec: Executor, viewer: Viewer, by: { id: string } | { slug: string }): Promise<CampaignAccess | null> {
  const loaded = await loadCampaignFacts(exec, viewer, by);
  if (!loaded) return null;
  const campaign = loaded.facts;
  if (!can(viewer, { action: "campaign.view", campaign })) return null;
  return {
    ...loaded,
    may: {
      view: true,
      manage: can(viewer, { action: "campaign.manage", campaign }),
      apply: can(viewer, { action: "campaign.apply", campaign }),
      withdraw: can(viewer, { action: "campaign.withdraw", campaign }),
      participate: can(viewer, { action: "campaign.participate", campaign }),
      ledgerView: can(viewer, { action: "campaign.ledger.view", campaign }),
      ledgerFull: can(viewer, { action: "campaign.ledger.full", campaign }),
      ledgerOwnShare: can(viewer, { action: "campaign.ledger.ownShare", campaign, orgAllows: loaded.orgSharesCosts }),
    },
  } as CampaignAccess;
}
