import type { LegalType, OrgSize } from "#db/schema";

export type { LegalType, OrgSize };

export const LEGAL_TYPES: LegalType[] = [
  "manufacturer",
  "research_institute",
  "university",
  "sme_supplier",
  "service_provider",
  "association",
  "public_body",
];
export const ORG_SIZES: OrgSize[] = ["sme", "large"];

/** Competency tags used in the directory and the demo (free tags are allowed too). */
export const COMPETENCY_TAGS = [
  "GMP manufacturing",
  "API synthesis",
  "analytics",
  "clinical research",
  "cosmetics formulation",
  "cold-chain logistics",
  "sterile injectables",
  "fermentation",
  "food supplements",
  "fine chemicals",
  "regulatory affairs",
  "education",
  "pilot plant",
  "GDP distribution",
];
