import type { Executor } from "~/context";
import { isUuid } from "~/lib/ids";
import { loadCampaignFacts } from "~/modules/campaigns/access.server";
import { eventWithRelation, factsOf } from "~/modules/events/access.server";
import { loadGroupFacts } from "~/modules/groups/access.server";
import { check, type Decision } from "~/modules/policy/authorize.server";
import type { FileFacts, Viewer } from "~/modules/policy/facts";
import { threadAccess } from "~/modules/threads/access.server";

export interface FileRecord {
  id: string;
  name: string;
  content_type: string;
  size: number;
  chunk_size: number;
  sha256: string | null;
  uploaded_by: string | null;
  created_at: Date;
}

export interface FileAccess {
  file: FileRecord;
  facts: FileFacts;
  /** file.download for this viewer, decided now (every download asks again). */
  download: Decision;
  /** Where the file is shown (its post, library, event or campaign page). */
  page: string;
}

/** A ready file and the facts of its owner for this viewer, or null when there is no such file. */
export async function fileAccess(exec: Executor, viewer: Viewer | null, fileId: string): Promise<FileAccess | null> {
  if (!isUuid(fileId)) return null;
  const row = await exec
    .selectFrom("file")
    .select(["id", "name", "content_type", "size", "chunk_size", "sha256", "uploaded_by", "created_at", "post_id", "group_id", "event_id", "campaign_id", "participants_only"])
    .where("id", "=", fileId)
    .where("status", "=", "ready")
    .executeTakeFirst();
  if (!row) return null;
  const file: FileRecord = { ...row, size: Number(row.size) };
  let facts: FileFacts = { owner: "none" };
  let page = "/";
  if (viewer) {
    if (row.post_id) {
      const post = await exec.selectFrom("post").select(["thread_id", "deleted_at", "hidden_at"]).where("id", "=", row.post_id).executeTakeFirst();
      const access = post ? await threadAccess(exec, viewer, post.thread_id) : null;
      if (post) {
        facts = {
          owner: "post",
          subject: access?.subject ?? { view: false, post: false, moderate: false },
          post: { deleted: post.deleted_at !== null, hidden: post.hidden_at !== null },
        };
        page = `/posts/${row.post_id}`;
      }
    } else if (row.group_id) {
      const g = await loadGroupFacts(exec, viewer, { id: row.group_id });
      if (g) {
        facts = { owner: "group", group: g.facts };
        page = `/groups/${g.group.slug}#library`;
      }
    } else if (row.event_id) {
      const e = await eventWithRelation(exec, viewer).where("e.id", "=", row.event_id).executeTakeFirst();
      if (e) {
        facts = { owner: "event", event: factsOf(viewer, e), participantsOnly: row.participants_only };
        page = `/events/${e.slug}#materials`;
      }
    } else if (row.campaign_id) {
      const c = await loadCampaignFacts(exec, viewer, { id: row.campaign_id });
      if (c) {
        facts = { owner: "campaign", campaign: c.facts };
        page = `/campaigns/${c.campaign.slug}#files`;
      }
    }
  }
  return { file, facts, download: check(viewer, { action: "file.download", file: facts }), page };
}
