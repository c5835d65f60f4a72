import type { Executor } from "~/context";

export type AuditAction =
  | "org.approved"
  | "org.rejected"
  | "org.proposed"
  | "org.profile_updated"
  | "membership.approved"
  | "membership.rejected"
  | "role.changed"
  | "org_role.changed"
  | "admin.created"
  | "password.changed"
  | "password.reset"
  | "email.change_requested"
  | "email.changed"
  | "sessions.revoked"
  | "login.locked"
  | "login.failures"
  | "erasure.requested"
  | "erasure.cancelled"
  | "erasure.confirmed";

/** Records a sensitive action in the caller's transaction. */
export async function audit(exec: Executor, entry: { actorId: string | null; action: AuditAction; targetType: string; targetId?: string | null; details?: object }): Promise<void> {
  await exec
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
