import type { Bilingual } from "../types";

const en = {
  "org.type.manufacturer": "Manufacturer",
  "org.type.research_institute": "Research institute",
  "org.type.university": "University",
  "org.type.sme_supplier": "SME supplier",
  "org.type.service_provider": "Service provider",
  "org.type.association": "Association",
  "org.type.public_body": "Public body",
  "org.size.sme": "SME",
  "org.size.large": "Large (not an SME)",
  "org.status.pending": "Waiting for approval",
  "org.status.approved": "Approved",
  "org.status.rejected": "Rejected",
  "role.cluster.admin": "Cluster administrator",
  "role.cluster.organiser": "Organiser",
  "role.cluster.member": "Member",
  "role.org.admin": "Organisation administrator",
  "role.org.member": "Member",
};

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

export { en, lv };
