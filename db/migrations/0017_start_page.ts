import type { Kysely } from "kysely";
import { runScript } from "./util";

// The member's start page (issue 13, item 1): "deliverables my organisation owns that are due" is served by an index
// on the owner and the due date of the open ones (app/modules/home/start.server.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `create index campaign_deliverable_owner_due_idx on campaign_deliverable (owner_org_id, due_on, id) where status <> 'done';`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop index campaign_deliverable_owner_due_idx;`);
}
