// What the demo seed shares with its parts and with the server: the demo logins and the keys of seeded rows.
// The server imports this file only; the seed itself (app/seed/index.ts) is loaded when seeding (see scripts/build.mjs).
import type { SeedDates } from "./dates";

export const DEMO_LOGINS = {
  password: "demo-password",
  emails: ["admin@demo.example", "organiser@demo.example", "member@demo.example"],
};

export type OrgKey = "O01" | "O02" | "O03" | "O04" | "O05" | "O06" | "O07" | "O08" | "O09" | "O10" | "O11" | "O12";

export interface DirectorySeed {
  dates: SeedDates;
  orgs: Record<OrgKey, string>;
  /** P01–P30 and DEMO_ADMIN, DEMO_ORGANISER, DEMO_MEMBER, PENDING_PROPOSER, PENDING_JOINER → person id. */
  people: Record<string, string>;
  pendingOrgId: string;
}
