// Latvian for ../files.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../files";

const lv: Bilingual<typeof en>["lv"] = {
  "files.field": "Pievienot failus",
  "files.fieldOne": "Fails",
  "files.hint": "PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG, WebP, TXT vai CSV; katrs līdz {max} MB.",
  "files.dropHere": "Vai ievelciet failus šeit",
  "files.uploading": "Augšupielādē… {percent}%",
  "files.uploadFailed": "Augšupielāde neizdevās. Pārbaudiet savienojumu un mēģiniet vēlreiz.",
  "files.attachments": "Pielikumi",
  "files.download": "Lejupielādēt {name}",
  "files.preview": "{name} priekšskatījums",
  "files.size": "Izmērs",
  "files.type": "Veids",
  "files.uploadedBy": "Augšupielādēja",
  "files.uploaded": "Augšupielādēts",
  "files.name": "Nosaukums",
  "files.description": "Apraksts (nav obligāts)",
  "files.upload": "Augšupielādēt",
  "files.remove": "Noņemt",
  "files.removed": "Fails noņemts.",
  "files.added": "Fails pievienots.",
  "files.formerMember": "bijušais dalībnieks",
  "files.participantsOnly": "Tikai dalībniekiem",
  "files.participantsOnlyField": "Tikai pasākuma dalībniekiem",
  "files.library.title": "Dokumentu bibliotēka",
  "files.library.empty": "Dokumentu vēl nav.",
  "files.library.intro": "Grupas nostājas dokumenti, protokoli un citi dokumenti.",
  "files.materials.title": "Materiāli",
  "files.materials.empty": "Materiālu vēl nav.",
  "files.campaign.title": "Faili un nododamie materiāli",
  "files.campaign.empty": "Failu vēl nav: šeit pievieno stenda maketus, atskaites un citus nododamos materiālus.",
  "files.error.tooLarge": "“{name}” ir pārāk liels: fails drīkst būt ne lielāks par {max} MB.",
  "files.error.typeNotAllowed": "“{name}” nav faila veids, ko šeit var augšupielādēt: izmantojiet PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG, WebP, TXT vai CSV.",
  "files.error.notText": "“{name}” nav vienkāršs teksta fails (UTF-8): saglabājiet to kā UTF-8 tekstu vai augšupielādējiet kā PDF.",
  "files.error.empty": "“{name}” ir tukšs (0 baitu).",
  "files.error.quota": "Jūsu organizācija ir izmantojusi visus savus {quota} MB failu krātuves: noņemiet vecus failus vai lūdziet klastera birojam vairāk.",
  "files.error.uploadFailed": "Augšupielādi neizdevās pabeigt. Lūdzu, mēģiniet vēlreiz.",
  "files.error.noFile": "Izvēlieties augšupielādējamo failu.",
};

export { lv };
