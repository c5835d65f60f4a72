import crypto from "node:crypto";

/**
 * Secret-URL tokens for guest RSVP pages and calendar feeds (docs/requirements.md CAL-16, F10).
 *
 * token = base64url(HMAC-SHA256(server secret, purpose:id:salt)): 256 bits, looks random, and can be shown again (a
 * settings page, the next mail to a guest) without being stored: the database keeps only the random salt and
 * sha256(token), which is what requests are looked up by. A database dump alone therefore yields no working URL.
 * Regenerating = a new salt (the old URL stops at once); revoking = deleting the row. After a secret rotation the
 * stored hash still matches the token made with the older secret, so existing URLs keep working.
 */

export type TokenPurpose = "guest" | "feed";

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSalt(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function deriveToken(secret: string, purpose: TokenPurpose, id: string, salt: string): string {
  return crypto.createHmac("sha256", secret).update(`${purpose}:${id}:${salt}`).digest("base64url");
}

export function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** The token whose hash is stored, trying each secret newest first; null if none matches (e.g. secret replaced). */
export function currentToken(secrets: string[], purpose: TokenPurpose, id: string, salt: string, storedHash: string): string | null {
  for (const secret of secrets) {
    const t = deriveToken(secret, purpose, id, salt);
    if (crypto.timingSafeEqual(Buffer.from(tokenHash(t)), Buffer.from(storedHash.padEnd(64, "0").slice(0, 64)))) return t;
  }
  return null;
}

/** A fresh token for a row: the salt and hash to store and the token to hand out. */
export function issueToken(secrets: string[], purpose: TokenPurpose, id: string): { salt: string; hash: string; token: string } {
  const salt = newSalt();
  const token = deriveToken(secrets[0], purpose, id, salt);
  return { salt, hash: tokenHash(token), token };
}
