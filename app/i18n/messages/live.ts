import type { Bilingual } from "../types";

// The live layer of discussions: who is viewing, who is typing, connection state, arrivals (screen readers).
// Latvian avoids gendered forms: "raksta", "pievienoja" are the same for everyone.

const en = {
  "live.region": "Live activity in this discussion",
  "live.presence": "Viewing now: {names}",
  "live.presence.more": "{names} and {count} more",
  "live.presence.you": "you",
  "live.typing.one": "{name} is typing…",
  "live.typing.two": "{a} and {b} are typing…",
  "live.typing.many": "Several people are typing…",
  "live.status.reconnecting": "Connection lost. New posts will appear here as soon as it is back.",
  "live.status.closed": "Live updates are off. Reload the page to see new posts.",
  "live.arrived": "{name} added post #{seq}.",
};

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

export { en, lv };
