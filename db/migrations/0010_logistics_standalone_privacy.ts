import type { Kysely } from "kysely";
import { runScript } from "./util";

// Stand-alone split privacy (issue 10, item 3; docs/decisions/0006-logistics-pooling.md "Who may compute what").
// A load's confidential stand-alone price may enter a split "in proportion to stand-alone quotes" with one set of
// members only: two such splits over different sets would let a member difference the sums. standalone_split marks
// the memberships whose stand-alone price entered such a split (never cleared: it is history).

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    alter table logistics_pool_member add column standalone_split boolean not null default false;
    create index logistics_pool_member_standalone_idx on logistics_pool_member (request_id) where standalone_split;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    drop index logistics_pool_member_standalone_idx;
    alter table logistics_pool_member drop column standalone_split;
  `,
  );
}
