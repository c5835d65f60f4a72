// Following and muting (table follow): a person follows or mutes a group, a thread or an event discussion. Without a
// row, group members follow their groups; posting in a thread writes a follow row for it (so muting it later sticks).
// Muting stops notifications, never access. Who may still see the subject is checked by the caller (the subject's
// own rules: app/modules/threads/follow-notify.server.ts).
import { sql } from "kysely";
import type { Executor } from "~/context";
import type { FollowState, FollowSubjectType } from "#db/schema";

export type { FollowState, FollowSubjectType };
export const FOLLOW_SUBJECTS: readonly FollowSubjectType[] = ["group", "thread", "event"];

export function isFollowSubject(v: unknown): v is FollowSubjectType {
  return typeof v === "string" && (FOLLOW_SUBJECTS as readonly string[]).includes(v);
}

/** The person's explicit state for a subject, or null (the default). */
export async function followState(exec: Executor, personId: string, type: FollowSubjectType, id: string): Promise<FollowState | null> {
  const row = await exec.selectFrom("follow").select("state").where("person_id", "=", personId).where("subject_type", "=", type).where("subject_id", "=", id).executeTakeFirst();
  return row?.state ?? null;
}

/** Sets (follow / mute) or clears (null: back to the default) a person's state for a subject. */
export async function setFollow(exec: Executor, personId: string, type: FollowSubjectType, id: string, state: FollowState | null): Promise<void> {
  if (state === null) {
    await exec.deleteFrom("follow").where("person_id", "=", personId).where("subject_type", "=", type).where("subject_id", "=", id).execute();
    return;
  }
  await exec
    .insertInto("follow")
    .values({ person_id: personId, subject_type: type, subject_id: id, state })
    .onConflict((oc) => oc.columns(["person_id", "subject_type", "subject_id"]).doUpdateSet({ state: sql`excluded.state` }))
    .execute();
}

/** Follows by default (posting in a thread): a row only when there is none (a mute stays a mute). */
export async function followByDefault(exec: Executor, personId: string, type: FollowSubjectType, id: string): Promise<void> {
  await exec
    .insertInto("follow")
    .values({ person_id: personId, subject_type: type, subject_id: id, state: "follow" })
    .onConflict((oc) => oc.columns(["person_id", "subject_type", "subject_id"]).doNothing())
    .execute();
}

/** People with this state on a subject (at most `limit`, by id). */
export async function peopleWithState(exec: Executor, type: FollowSubjectType, id: string, state: FollowState, limit = 5000): Promise<string[]> {
  const rows = await exec.selectFrom("follow").select("person_id").where("subject_type", "=", type).where("subject_id", "=", id).where("state", "=", state).orderBy("person_id").limit(limit).execute();
  return rows.map((r) => r.person_id);
}

/** A person's own follow rows (for the settings page), newest first, at most 200. */
export async function ownFollows(exec: Executor, personId: string): Promise<{ type: FollowSubjectType; id: string; state: FollowState }[]> {
  const rows = await exec.selectFrom("follow").select(["subject_type", "subject_id", "state"]).where("person_id", "=", personId).orderBy("created_at", "desc").limit(200).execute();
  return rows.map((r) => ({ type: r.subject_type, id: r.subject_id, state: r.state }));
}
