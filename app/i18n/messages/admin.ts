import type { Bilingual } from "../types";

const en = {
  "admin.title": "admin",
};

const lv: Bilingual<typeof en>["lv"] = {
  "admin.title": "admin",
};

export default { en, lv };
