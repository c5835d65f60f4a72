// Shared by the settings form (client) and the profile module (server).

/** Languages a person can say they speak (ISO 639-1). The UI names come from messages `settings.language.<code>`. */
export const PROFILE_LANGUAGES = ["lv", "en", "ru", "de", "fr", "lt", "et", "pl", "fi", "sv", "no", "da", "es", "it", "uk"] as const;
export type ProfileLanguage = (typeof PROFILE_LANGUAGES)[number];

export const NAME_MAX = 120;
export const JOB_TITLE_MAX = 120;
export const TAGS_MAX = 10;
