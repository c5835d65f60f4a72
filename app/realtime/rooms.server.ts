import type { Db } from "#db/client";
import type { Viewer } from "~/modules/policy/facts";
import { threadAccess } from "~/modules/threads/access.server";
import { threadRoom } from "~/modules/threads/dto";

/**
 * Room kinds a client may ask to join. Each authorizer runs the same policy check as the page's loader
 * (modules/policy) and returns the room name, or null to refuse. Clients never name rooms directly (RT-7).
 * Later issues register: thread, group, event, campaign, pool.
 */
export type RoomAuthorizer = (db: Db, viewer: Viewer, id: string) => Promise<string | null>;

export const roomAuthorizers: Record<string, RoomAuthorizer> = {};

// Threads of any subject (working groups now): the same check as the thread page's loader.
roomAuthorizers.thread = async (db, viewer, id) => {
  const access = await threadAccess(db, viewer, id);
  return access ? threadRoom(access.thread.id) : null;
};

/**
 * May this viewer announce typing in a thread room? Only people who may post there (a public group's non-members
 * may watch a discussion, but "X is typing…" from someone who cannot post would be noise or spoofing).
 */
export async function mayPostInRoom(db: Db, viewer: Viewer, room: string): Promise<boolean> {
  if (!room.startsWith("thread:")) return false;
  const access = await threadAccess(db, viewer, room.slice("thread:".length));
  return !!access?.may.post;
}
