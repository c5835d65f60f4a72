import type { Kysely } from "kysely";
import { runScript } from "./util";

// Campaigns (issue 12, item 3): an organisation's admin may let the organisation's ordinary members see its own cost
// share in the campaigns it takes part in (read-only; other organisations' shares stay hidden). Off by default.

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table organisation add column campaign_costs_to_members boolean not null default false;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `alter table organisation drop column campaign_costs_to_members;`);
}
