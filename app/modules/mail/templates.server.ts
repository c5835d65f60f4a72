import type { TemplateFn } from "./render.server";
import { authTemplates } from "./auth.templates.server";
import { threadTemplates } from "./threads.templates.server";
import { campaignTemplates } from "./campaigns.templates.server";
import { logisticsTemplates } from "./logistics.templates.server";
import { eventTemplates } from "./events.templates.server";
import { privacyTemplates } from "./privacy.templates.server";
import { notificationTemplates } from "./notifications.templates.server";

// Each domain contributes its templates here (events, threads, campaigns and logistics add theirs).
export const templates: Record<string, TemplateFn> = {
  ...authTemplates,
  ...threadTemplates,
  ...campaignTemplates,
  ...logisticsTemplates,
  ...eventTemplates,
  ...privacyTemplates,
  ...notificationTemplates,
};
