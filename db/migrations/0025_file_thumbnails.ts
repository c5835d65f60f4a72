import type { Kysely } from "kysely";
import { runScript } from "./util";

// Image thumbnails (issue 14): a small WebP made on the first request for a file's preview and kept with the file (it
// goes when the file goes). Lists show it instead of the original, which may be a 25 MB photograph.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table file_thumbnail (
      file_id uuid primary key references file(id) on delete cascade,
      content_type text not null,
      width int not null check (width > 0),
      height int not null check (height > 0),
      data bytea not null,
      created_at timestamptz not null default now()
    );
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table file_thumbnail;`);
}
