// Latvian for ../live.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../live";

const lv: Bilingual<typeof en>["lv"] = {
  "live.region": "Aktivitāte šajā diskusijā",
  "live.presence": "Šobrīd skatās: {names}",
  "live.presence.more": "{names} un vēl {count}",
  "live.presence.you": "jūs",
  "live.typing.one": "{name} raksta…",
  "live.typing.two": "{a} un {b} raksta…",
  "live.typing.many": "Raksta vairāki dalībnieki…",
  "live.status.reconnecting": "Savienojums pārtrūka. Jaunie ieraksti parādīsies, tiklīdz tas atjaunosies.",
  "live.status.closed": "Tiešie atjauninājumi ir izslēgti. Pārlādējiet lapu, lai redzētu jaunos ierakstus.",
  "live.arrived": "{name} pievienoja ierakstu Nr. {seq}.",
};

export { lv };
