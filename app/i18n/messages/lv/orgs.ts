// Latvian for ../orgs.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../orgs";

const lv: Bilingual<typeof en>["lv"] = {
  "org.type.manufacturer": "Ražotājs",
  "org.type.research_institute": "Pētniecības institūts",
  "org.type.university": "Universitāte",
  "org.type.sme_supplier": "MVU piegādātājs",
  "org.type.service_provider": "Pakalpojumu sniedzējs",
  "org.type.association": "Biedrība",
  "org.type.public_body": "Valsts iestāde",
  "org.size.sme": "MVU",
  "org.size.large": "Liela (nav MVU)",
  "org.status.pending": "Gaida apstiprinājumu",
  "org.status.approved": "Apstiprināta",
  "org.status.rejected": "Noraidīta",
  "role.cluster.admin": "Klastera administrators",
  "role.cluster.organiser": "Organizators",
  "role.cluster.member": "Biedrs",
  "role.org.admin": "Organizācijas administrators",
  "role.org.member": "Dalībnieks",
};

export { lv };
