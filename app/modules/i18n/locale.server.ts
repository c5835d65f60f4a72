import { createCookie } from "@remix-run/node";
import { isLocale, type Locale } from "~/i18n";
import type { Viewer } from "~/modules/policy/facts";

export const langCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

/** The person's setting, else the cookie, else Accept-Language, else Latvian. */
export async function resolveLocale(request: Request, viewer: Viewer | null): Promise<Locale> {
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const fromCookie = await langCookie.parse(request.headers.get("cookie")).catch(() => null);
  if (isLocale(fromCookie)) return fromCookie;
  return fromAcceptLanguage(request.headers.get("accept-language"));
}

export function fromAcceptLanguage(header: string | null): Locale {
  if (!header) return "lv";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("lv")) return "lv";
    if (tag.startsWith("en")) return "en";
  }
  return "lv";
}
