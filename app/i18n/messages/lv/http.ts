// Latvian for ../http.ts (a module of its own, so a page in one language never carries the other).
import type { Bilingual } from "../../types";
import type { en } from "../http";

const lv: Bilingual<typeof en>["lv"] = {
  "http.413.title": "Pārāk daudz datu",
  "http.413.body": "Veidlapa nosūtīja vairāk datu, nekā šī lapa pieņem. Saīsiniet tekstu un mēģiniet vēlreiz.",
  "http.415.title": "Veidlapa netika pieņemta",
  "http.415.body": "Šī adrese pieņem tikai veidlapas, kas nosūtītas no šīs vietnes lapām.",
  "http.badForm": "Veidlapas datus neizdevās nolasīt. Pārlādējiet lapu un mēģiniet vēlreiz.",
  "http.badUrl": "Adrese ir bojāta. Pārbaudiet saiti un mēģiniet vēlreiz.",
  "http.csrfDetail": "Veidlapa tika nosūtīta no {origin}, bet šīs vietnes adrese ir {appOrigin}.",
  "http.csrfNoOrigin": "Pārlūks nenorādīja, no kuras vietnes veidlapa tika nosūtīta.",
  "http.503.title": "Īslaicīgi nav pieejams",
  "http.503.body": "Pakalpojums šobrīd nevar sasniegt savu datubāzi. Lūdzu, mēģiniet vēlreiz pēc minūtes; ja kaut ko saglabājāt, pēc tam pārbaudiet, vai tas ir saglabāts.",
};

export { lv };
