import type { Bilingual } from "../types";

// Controlled vocabularies (competences, expertise, group topics) and second-language fields of free text (ADR 0008).

const en = {
  "vocabulary.new.title": "Not in the list?",
  "vocabulary.new.hint": "Add a new one, in Latvian and in English (if you give only one, it is used for both). It becomes a choice for everyone.",
  "vocabulary.new.lv": "New, in Latvian",
  "vocabulary.new.en": "New, in English",
  "vocabulary.chooseHint": "Choose up to {max}.",
  "vocabulary.error.unknown": "One of the chosen items is no longer in the list. Choose again.",
  "vocabulary.error.invalid": "The choice was not understood. Choose again from the list.",
  "vocabulary.error.labelInvalid": "A new item's name may have up to {max} characters, on one line, without angle brackets.",
  "vocabulary.error.tooMany": "Choose at most {max}.",
  "vocabulary.englishVersion": "In English (optional)",
  "vocabulary.englishVersion.hint": "Shown to readers who use the platform in English; the others see the text above.",
};

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

export { en, lv };
