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

export { en };
