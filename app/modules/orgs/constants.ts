import type { LegalType, OrgSize } from "#db/schema";

export type { LegalType, OrgSize };

export const LEGAL_TYPES: LegalType[] = ["manufacturer", "research_institute", "university", "sme_supplier", "service_provider", "association", "public_body"];
export const ORG_SIZES: OrgSize[] = ["sme", "large"];
