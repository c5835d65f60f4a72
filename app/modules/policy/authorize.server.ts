import type { Viewer } from "~/modules/auth/session.server";
import { isActiveMember } from "~/modules/auth/session.server";

/**
 * The one authorization module: "may this person do this to that".
 * Loaders, actions, socket room joins and calendar feeds all ask here. Later issues add their actions
 * (working groups, threads, events, campaigns, pools) to the same union.
 */
export type Permission =
  | { action: "member.area" }
  | { action: "directory.view" }
  | { action: "org.approve" }
  | { action: "org.edit"; orgId: string }
  | { action: "membership.approve"; orgId: string }
  | { action: "role.assign" }
  | { action: "orgRole.assign"; orgId: string }
  | { action: "audit.view" }
  | { action: "outbox.view" }
  | { action: "admin.area" };

export function can(viewer: Viewer | null, p: Permission): boolean {
  if (!viewer || !isActiveMember(viewer)) return false;
  const admin = viewer.clusterRole === "admin";
  switch (p.action) {
    case "member.area":
    case "directory.view":
      return true;
    case "org.approve":
    case "role.assign":
    case "audit.view":
    case "outbox.view":
    case "admin.area":
      return admin;
    case "org.edit":
    case "membership.approve":
    case "orgRole.assign":
      return admin || (viewer.orgRole === "admin" && viewer.orgId === p.orgId);
  }
}

/** Throws 403 for a signed-in member who lacks the permission (the thing itself is not secret). */
export function assertCan(viewer: Viewer | null, p: Permission): asserts viewer is Viewer {
  if (!can(viewer, p)) throw new Response("Forbidden", { status: 403 });
}

/** Throws 404: for private things outsiders must not learn exist. */
export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
