import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import { documentText } from "~/modules/files/files.server";
import { CHUNK_SIZE } from "~/modules/files/storage.server";
import { errorLog } from "~/lib/log";
import type { DirectorySeed } from "./types";

// The demo's files (issue 14): a position paper in the Regulatory Affairs group's library, the slides of the GMP
// Annex 1 seminar (E1) as its materials, and the stand floor plan of the CPhI national stand (C1). The fixtures live in
// app/seed/files/ (made by scripts/make-seed-files.mjs); from the source (app/seed/) and from the bundle
// (dist/server/seed.js) alike they are two folders up.
const FIXTURES = new URL("../../app/seed/files/", import.meta.url);

interface FileSeed {
  file: string;
  name: string;
  mime: string;
  uploader: string;
  description: string;
  owner: { group: string } | { event: string } | { campaign: string };
}

const FILES: FileSeed[] = [
  {
    file: "position-paper-clinical-trials.pdf",
    name: "Nostājas dokuments — klīnisko pētījumu atļaujas.pdf",
    mime: "application/pdf",
    uploader: "P05",
    description: "Projekts kopsapulcei: ātrākas klīnisko pētījumu atļaujas Latvijā",
    owner: { group: "zalu-registracija" },
  },
  {
    file: "seminar-slides-gmp-basics.pdf",
    name: "Semināra slaidi — GMP pamati.pdf",
    mime: "application/pdf",
    uploader: "DEMO_ORGANISER",
    description: "Slides of the seminar / semināra slaidi",
    owner: { event: "es-gmp-1-pielikums-prakse" },
  },
  {
    file: "stand-floor-plan-medica.png",
    name: "Stenda plāns — CPhI Frankfurte.png",
    mime: "image/png",
    uploader: "P03",
    description: "Stenda izkārtojums: četras dalībnieku letes un sarunu stūris",
    owner: { campaign: "cphi-frankfurt-nacionalais-stends" },
  },
];

export async function seedFiles(trx: Transaction<Database>, dir: DirectorySeed): Promise<void> {
  for (const f of FILES) {
    let bytes: Buffer;
    try {
      bytes = await readFile(new URL(f.file, FIXTURES));
    } catch {
      errorLog(`[seed] demo file ${f.file} not found next to the build: the demo goes without it`);
      continue;
    }
    const personId = dir.people[f.uploader];
    const person = await trx.selectFrom("person").select("organisation_id").where("id", "=", personId).executeTakeFirstOrThrow();
    const owner =
      "group" in f.owner
        ? { group_id: (await trx.selectFrom("working_group").select("id").where("slug", "=", f.owner.group).executeTakeFirstOrThrow()).id }
        : "event" in f.owner
          ? { event_id: (await trx.selectFrom("event").select("id").where("slug", "=", f.owner.event).executeTakeFirstOrThrow()).id }
          : { campaign_id: (await trx.selectFrom("campaign").select("id").where("slug", "=", f.owner.campaign).executeTakeFirstOrThrow()).id };
    // A copy as a plain Uint8Array: pdf.js refuses a Buffer and may take over (detach) the memory it is given.
    const text = await documentText(f.mime, new Uint8Array(bytes)).catch(() => "");
    const row = await trx
      .insertInto("file")
      .values({
        status: "ready",
        ...owner,
        org_id: person.organisation_id,
        uploaded_by: personId,
        name: f.name,
        content_type: f.mime,
        size: bytes.length,
        chunk_size: CHUNK_SIZE,
        chunk_count: Math.ceil(bytes.length / CHUNK_SIZE),
        sha256: createHash("sha256").update(bytes).digest("hex"),
        description: f.description,
        search_text: [f.name, f.description, text].join("\n"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let seq = 0; seq * CHUNK_SIZE < bytes.length; seq++) {
      await trx
        .insertInto("file_blob")
        .values({ file_id: row.id, seq, data: bytes.subarray(seq * CHUNK_SIZE, (seq + 1) * CHUNK_SIZE) })
        .execute();
    }
  }
}
