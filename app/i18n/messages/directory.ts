import type { Bilingual } from "../types";

const en = {
  "directory.title": "directory",
};

const lv: Bilingual<typeof en>["lv"] = {
  "directory.title": "directory",
};

export default { en, lv };
