import type { ApprovalStatus, ClusterRole, OrgRole } from "#db/schema";

export type { ApprovalStatus, ClusterRole, OrgRole };

// Shared by server and browser code (route components render the role selects from these lists).
export const CLUSTER_ROLES: ClusterRole[] = ["admin", "organiser", "member"];
export const ORG_ROLES: OrgRole[] = ["admin", "member"];
export const PEOPLE_STATUSES: ApprovalStatus[] = ["approved", "pending", "rejected"];
