import { hash, verify } from "@node-rs/argon2";

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export function passwordProblem(password: string): "auth.error.passwordShort" | "auth.error.passwordLong" | null {
  // Runs of spaces count once (ASVS 2.1.1); length is counted in code points, never truncated.
  const length = [...password.replace(/ {2,}/g, " ")].length;
  if (length < PASSWORD_MIN) return "auth.error.passwordShort";
  if ([...password].length > PASSWORD_MAX) return "auth.error.passwordLong";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize("NFC"));
  } catch {
    return false;
  }
}

/** True when a stored hash uses weaker parameters than the policy: rehash on the next login. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < OPTIONS.memoryCost || Number(m[2]) < OPTIONS.timeCost;
}

let dummyHash: Promise<string> | null = null;
/** Verifies against a throw-away hash so unknown emails cost the same time as known ones. */
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy-password-for-timing-only");
  await verifyPassword(await dummyHash, password);
}
