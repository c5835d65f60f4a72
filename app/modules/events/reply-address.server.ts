import crypto from "node:crypto";
import type { Executor } from "~/context";
import { tokenHash } from "./tokens.server";

/**
 * Reply addresses of invitations (issue 16 item 1): `events+<token>@cluster.example` for INBOUND_ADDRESS
 * `events@cluster.example`. One token per invitation (attendance row), bound to that invitee and the event's UID.
 *
 * token = the first 128 bits of HMAC-SHA256(server secret, reply:<attendance id>:<salt>) in lower-case hex: unguessable,
 * and lower case because some mail systems fold the case of local parts. Only the salt and sha256(token) are stored;
 * the token is derived again whenever a message is written. Removing the invitee revokes it (revoked_at).
 */

export const REPLY_TOKEN_PATTERN = /^[0-9a-f]{32}$/;

export function deriveReplyToken(secret: string, attendanceId: string, salt: string): string {
  return crypto.createHmac("sha256", secret).update(`reply:${attendanceId}:${salt}`).digest("hex").slice(0, 32);
}

/** events@cluster.example + token → events+token@cluster.example */
export function replyAddress(inbound: string, token: string): string {
  const at = inbound.lastIndexOf("@");
  return `${inbound.slice(0, at)}+${token}${inbound.slice(at)}`;
}

/**
 * The token of an address sent to the inbound mailbox: `events+<token>@domain` (case-insensitive) → token; the bare
 * mailbox or a foreign address → null.
 */
export function tokenOfAddress(inbound: string, address: string): string | null {
  const at = inbound.lastIndexOf("@");
  const local = inbound.slice(0, at).toLowerCase();
  const domain = inbound.slice(at + 1).toLowerCase();
  const a = address.trim().toLowerCase();
  const m = /^([^@+]+)\+([^@]+)@(.+)$/.exec(a);
  if (!m || m[1] !== local || m[3] !== domain) return null;
  return REPLY_TOKEN_PATTERN.test(m[2]) ? m[2] : null;
}

/**
 * The reply address for each of these invitations, creating tokens that do not exist yet (one insert for all). Call
 * in the transaction that enqueues their mail.
 */
export async function replyAddressesFor(
  exec: Executor,
  secrets: string[],
  inbound: string,
  ev: { id: string; uid: string },
  recipients: { attendanceId: string; email: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (recipients.length === 0) return out;
  const ids = recipients.map((r) => r.attendanceId);
  const existing = await exec.selectFrom("event_reply_token").select(["attendance_id", "salt", "token_hash"]).where("attendance_id", "in", ids).where("revoked_at", "is", null).execute();
  const have = new Map(existing.map((e) => [e.attendance_id!, e]));
  const fresh: { attendance_id: string; event_id: string; event_uid: string; invitee_email: string; salt: string; token_hash: string }[] = [];
  for (const r of recipients) {
    const row = have.get(r.attendanceId);
    let token: string | null = null;
    if (row) {
      // Newest secret first; a token made with a rotated-out secret is no longer derivable: a fresh one replaces it.
      token = secrets.map((s) => deriveReplyToken(s, r.attendanceId, row.salt)).find((t) => tokenHash(t) === row.token_hash) ?? null;
    }
    if (!token) {
      const salt = crypto.randomBytes(12).toString("base64url");
      token = deriveReplyToken(secrets[0], r.attendanceId, salt);
      fresh.push({ attendance_id: r.attendanceId, event_id: ev.id, event_uid: ev.uid, invitee_email: r.email.toLowerCase(), salt, token_hash: tokenHash(token) });
    }
    out.set(r.attendanceId, replyAddress(inbound, token));
  }
  if (fresh.length) {
    await exec
      .insertInto("event_reply_token")
      .values(fresh)
      .onConflict((oc) =>
        oc
          .column("attendance_id")
          .doUpdateSet((eb) => ({ salt: eb.ref("excluded.salt"), token_hash: eb.ref("excluded.token_hash"), invitee_email: eb.ref("excluded.invitee_email"), revoked_at: null })),
      )
      .execute();
  }
  return out;
}

/** Revokes the reply address of an invitation (the invitee was removed); the row stays so late replies say why. */
export async function revokeReplyToken(exec: Executor, attendanceId: string): Promise<void> {
  await exec.updateTable("event_reply_token").set({ revoked_at: new Date() }).where("attendance_id", "=", attendanceId).where("revoked_at", "is", null).execute();
}
