import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0003 from "./0003_working_groups_threads";
import * as m0004 from "./0004_events";
import * as m0005 from "./0005_campaigns";
import * as m0006 from "./0006_logistics";
import * as m0007 from "./0007_housekeeping";
import * as m0008 from "./0008_mail_delivery";
import * as m0010 from "./0010_logistics_standalone_privacy";
import * as m0011 from "./0011_group_exclusion";
import * as m0012 from "./0012_thread_subject_types";
import * as m0013 from "./0013_erasure_requests";
import * as m0014 from "./0014_org_campaign_cost_sharing";
import * as m0016 from "./0016_notification_prefs_follows_digests";
import * as m0017 from "./0017_start_page";
import * as m0018 from "./0018_bilingual_vocabularies";
import * as m0019 from "./0019_search";
import * as m0020 from "./0020_files";
import * as m0021 from "./0021_search_files_terms";
import * as m0022 from "./0022_calendar_replies";
import * as m0023 from "./0023_mail_order";
import * as m0024 from "./0024_post_fanout";
import * as m0025 from "./0025_file_thumbnails";

// A static provider: works the same under tsx, vitest, esbuild bundles and plain node.
// Add each new migration here, in order.
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0003_working_groups_threads": m0003,
  "0004_events": m0004,
  "0005_campaigns": m0005,
  "0006_logistics": m0006,
  "0007_housekeeping": m0007,
  "0008_mail_delivery": m0008,
  "0010_logistics_standalone_privacy": m0010,
  "0011_group_exclusion": m0011,
  "0012_thread_subject_types": m0012,
  "0013_erasure_requests": m0013,
  "0014_org_campaign_cost_sharing": m0014,
  "0016_notification_prefs_follows_digests": m0016,
  "0017_start_page": m0017,
  "0018_bilingual_vocabularies": m0018,
  "0019_search": m0019,
  "0020_files": m0020,
  "0021_search_files_terms": m0021,
  "0022_calendar_replies": m0022,
  "0023_mail_order": m0023,
  "0024_post_fanout": m0024,
  "0025_file_thumbnails": m0025,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
