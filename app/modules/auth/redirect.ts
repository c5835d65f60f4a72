/** Only a same-origin relative path is accepted as a redirect target (SEC-7); anything else becomes "/". */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  for (const s of [to, decoded]) {
    if (!s.startsWith("/") || s.startsWith("//") || s.startsWith("/\\")) return fallback;
    if (/[\u0000-\u001f\u007f\\]/.test(s)) return fallback;
  }
  try {
    // Check the normalised result, not only the input: dot segments collapse, so "/.//evil.example",
    // "/%2e//evil.example" or "/x/..//evil.example" become "//evil.example", which a browser reads as another host.
    const base = "http://app.invalid";
    const u = new URL(to, base);
    if (u.origin !== base) return fallback;
    const out = u.pathname + u.search + u.hash;
    if (!out.startsWith("/") || out.startsWith("//") || out.startsWith("/\\")) return fallback;
    const again = new URL(out, base);
    if (again.origin !== base || again.pathname + again.search + again.hash !== out) return fallback;
    return out;
  } catch {
    return fallback;
  }
}

/** Why the login page was shown: one reason per top-level area of the site (issue 12, item 13). */
const LOGIN_REASONS = {
  groups: "auth.login.reason.groups",
  events: "auth.login.reason.events",
  campaigns: "auth.login.reason.campaigns",
  logistics: "auth.login.reason.logistics",
  directory: "auth.login.reason.directory",
  notifications: "auth.login.reason.notifications",
  settings: "auth.login.reason.settings",
  admin: "auth.login.reason.admin",
  approvals: "auth.login.reason.approvals",
  organisation: "auth.login.reason.organisation",
  posts: "auth.login.reason.discussion",
  threads: "auth.login.reason.discussion",
  pending: "auth.login.reason.pending",
} as const;

export type LoginReason = (typeof LOGIN_REASONS)[keyof typeof LOGIN_REASONS] | "auth.login.reason.generic";

/**
 * The notice for a login page reached by the logged-out redirect, looked up from the (already safeRedirect-checked)
 * path the person tried to reach: nothing but that path travels in the URL. Null when there is no such path ("/").
 */
export function loginReason(redirectTo: string): LoginReason | null {
  const path = redirectTo.split(/[?#]/, 1)[0];
  if (path === "/" || path === "") return null;
  const area = path.split("/")[1] ?? "";
  return Object.hasOwn(LOGIN_REASONS, area) ? LOGIN_REASONS[area as keyof typeof LOGIN_REASONS] : "auth.login.reason.generic";
}
