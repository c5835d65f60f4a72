// Diacritic-insensitive keys for search and sorting: "Rīgas" matches "rigas" (docs/domain.md "Text, names and search").
export function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function searchKey(...parts: (string | null | undefined)[]): string {
  return fold(parts.filter(Boolean).join(" ")).replace(/\s+/g, " ").trim();
}

/** URL slug with Latvian transliteration (ā→a, č→c, …). */
export function slugify(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** The email shape accepted at signup and on email change. */
export const EMAIL_PATTERN = /^[^\s@<>()"',;:\\]+@[^\s@<>()"',;:\\]+\.[^\s@<>()"',;:\\]{2,}$/;
