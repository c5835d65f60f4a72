// Latvian for ../vocabulary.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../vocabulary";

const lv: Bilingual<typeof en>["lv"] = {
  "vocabulary.new.title": "Nav sarakstā?",
  "vocabulary.new.hint": "Pievienojiet jaunu latviski un angliski (ja norādīsiet tikai vienu, to rādīs abās valodās). To varēs izvēlēties visi.",
  "vocabulary.new.lv": "Jauns, latviski",
  "vocabulary.new.en": "Jauns, angliski",
  "vocabulary.chooseHint": "Izvēlieties ne vairāk kā {max}.",
  "vocabulary.error.unknown": "Kāds no izvēlētajiem vairs nav sarakstā. Izvēlieties vēlreiz.",
  "vocabulary.error.invalid": "Izvēle netika saprasta. Izvēlieties vēlreiz no saraksta.",
  "vocabulary.error.labelInvalid": "Jaunā nosaukumā var būt līdz {max} rakstzīmēm vienā rindā, bez leņķiekavām.",
  "vocabulary.error.tooMany": "Izvēlieties ne vairāk kā {max}.",
  "vocabulary.englishVersion": "Angliski (nav obligāti)",
  "vocabulary.englishVersion.hint": "Rāda lasītājiem, kuri platformu lieto angliski; pārējie redz tekstu augstāk.",
};

export { lv };
