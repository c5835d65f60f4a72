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
