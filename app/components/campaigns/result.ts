/** What the campaign page's action answers on a refusal (the form that failed and the values to show again). */
export interface CampaignResult {
  error: string;
  vars: Record<string, string | number>;
  field: string | null;
  intent: string;
  /** The participant or deliverable the refused form was about. */
  target: string;
  values: Record<string, string>;
}

export interface SectionProps {
  d: import("~/modules/campaigns/page.server").CampaignPage;
  result: CampaignResult | null;
  busy: boolean;
}
