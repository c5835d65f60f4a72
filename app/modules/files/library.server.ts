import type { AppContext } from "~/context";
import { ActionError } from "~/modules/errors";
import { can, demand, notFound } from "~/modules/policy/authorize.server";
import type { FileFacts, FileTarget, Viewer } from "~/modules/policy/facts";
import { fileAccess } from "./access.server";
import { attachFiles, extractFileText, listFiles } from "./files.server";
import { MB } from "./limits";
import { fileLimits, type Upload } from "./upload.server";
import type { LibraryFileDto } from "./types";

// The file lists of a group (its document library), an event (its materials) and a campaign (its files and
// deliverables): the same list, upload form and removal on each page, with the owner's rules (policy file.*).

type Ctx = Pick<AppContext, "db" | "config">;

/** The intents of the library's forms; a page with a library hands these to libraryIntent. */
export const LIBRARY_INTENTS = ["uploadFile", "removeFile"] as const;

export interface LibraryView {
  files: LibraryFileDto[];
  canUpload: boolean;
  maxMb: number;
}

function ownerOf(target: FileTarget, id: string): { groupId: string } | { eventId: string } | { campaignId: string } {
  if (target.owner === "group") return { groupId: id };
  if (target.owner === "event") return { eventId: id };
  return { campaignId: id };
}

function factsOf(target: FileTarget, participantsOnly: boolean): FileFacts {
  if (target.owner === "group") return { owner: "group", group: target.group };
  if (target.owner === "event") return { owner: "event", event: target.event, participantsOnly };
  return { owner: "campaign", campaign: target.campaign };
}

/** What the viewer sees of an owner's files (participants-only event materials only for those who may have them). */
export async function libraryView(ctx: Ctx, viewer: Viewer, target: FileTarget, ownerId: string): Promise<LibraryView | null> {
  if (!can(viewer, { action: "file.download", file: factsOf(target, false) })) return null;
  const includeParticipantsOnly = target.owner === "event" && can(viewer, { action: "file.download", file: factsOf(target, true) });
  const owner = ownerOf(target, ownerId);
  const files = await listFiles(ctx.db, "eventId" in owner ? { eventId: owner.eventId, includeParticipantsOnly } : owner);
  return {
    files: files.map((f) => ({ ...f, removable: can(viewer, { action: "file.delete", file: factsOf(target, f.participantsOnly), uploaderId: f.uploaderId }) })),
    canUpload: can(viewer, { action: "file.upload", target }),
    maxMb: Math.floor(fileLimits(ctx).maxFileBytes / MB),
  };
}

/**
 * Runs a library form: `uploadFile` (the files of `upload`, a description, for events optionally participants only)
 * or `removeFile`. Returns the anchor to go back to. Refusals are ActionErrors (the upload's own first).
 */
export async function libraryIntent(ctx: Ctx, viewer: Viewer, target: FileTarget, ownerId: string, upload: Upload): Promise<string> {
  const intent = upload.form.get("intent");
  if (intent === "uploadFile") {
    demand(viewer, { action: "file.upload", target });
    if (upload.error) throw upload.error;
    if (upload.files.length === 0) throw new ActionError(400, "files.error.noFile", {}, "file");
    const description = String(upload.form.get("description") ?? "").trim();
    const participantsOnly = target.owner === "event" && upload.form.get("participantsOnly") === "yes";
    const owner = ownerOf(target, ownerId);
    await ctx.db.transaction().execute((trx) => attachFiles(trx, ctx, viewer, upload.files, "eventId" in owner ? { ...owner, participantsOnly } : owner, description));
    await extractFileText(ctx, upload.files);
    return "added";
  }
  if (intent === "removeFile") {
    const a = await fileAccess(ctx.db, viewer, String(upload.form.get("fileId") ?? ""));
    if (!a) notFound();
    const row = await ctx.db.selectFrom("file").select(["group_id", "event_id", "campaign_id"]).where("id", "=", a.file.id).executeTakeFirstOrThrow();
    const mine = target.owner === "group" ? row.group_id : target.owner === "event" ? row.event_id : row.campaign_id;
    if (mine !== ownerId) notFound();
    demand(viewer, { action: "file.delete", file: a.facts, uploaderId: a.file.uploaded_by });
    await ctx.db.deleteFrom("file").where("id", "=", a.file.id).execute();
    return "removed";
  }
  throw new ActionError(400, "error.400.title");
}
