import { useActionData } from "@remix-run/react";
import { fieldProblem, useActionError, type ActionErrorBody, type FormValues } from "~/components/forms";
import { isThreadActionError } from "~/modules/threads/section";

/**
 * The campaign page's last refusal of its own forms (the one action error shape, `actionError(err, { values, intent,
 * target })`): the form that failed (`intent`), the participant or deliverable it was about (`target`) and the values
 * sent. The discussion's own refusals are shown by <ThreadSection>, so they are not this.
 */
export interface CampaignResult {
  error: ActionErrorBody;
  intent: string;
  target: string;
  values: FormValues;
}

export function useCampaignResult(): CampaignResult | null {
  const { error, values, intent } = useActionError();
  const data = useActionData() as { target?: string } | undefined;
  if (!error || isThreadActionError(data)) return null;
  return { error, intent: intent ?? "", target: data?.target ?? "", values };
}

/** This field's message key in a refusal (for the page's compact fields). */
export function problemOf(r: CampaignResult | null | undefined, name: string): { key: string; vars?: Record<string, string | number> } | undefined {
  return r ? fieldProblem(r.error, name) : undefined;
}

/** One echoed value (the first, for repeated fields). */
export function valueOf(r: CampaignResult | null | undefined, name: string): string | undefined {
  const v = r?.values[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface SectionProps {
  d: import("~/modules/campaigns/page.server").CampaignPage;
  result: CampaignResult | null;
  busy: boolean;
}
