import type { Bilingual } from "../types";

const en = {
  "settings.title": "settings",
};

const lv: Bilingual<typeof en>["lv"] = {
  "settings.title": "settings",
};

export default { en, lv };
