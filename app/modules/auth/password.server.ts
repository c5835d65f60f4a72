import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { fold } from "~/modules/text";

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;
/** zxcvbn score a new password must reach (3: "safely unguessable", about 10^8 guesses or more). */
const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem =
  | "auth.error.passwordShort"
  | "auth.error.passwordLong"
  | "auth.error.passwordCommon"
  | "auth.error.passwordPersonal"
  | "auth.error.passwordPattern"
  | "auth.error.passwordDates"
  | "auth.error.passwordWeak";

/** What the person typed elsewhere on the form or is known by: a password built from these is easy to guess. */
export interface PasswordContext {
  name?: string | null;
  email?: string | null;
  organisation?: string | null;
}

// Words anyone would try first against this platform (a dictionary of its own, not the person's details).
const SITE_WORDS = ["klasteris", "klastera", "klasteri", "cluster", "dzivibas", "zinatnu", "lifescience", "latvija", "latvia", "riga", "parole"];

let estimator: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use (~0.1 s, dictionaries bundled in the packages, nothing fetched), not at import.
  estimator ??= new ZxcvbnFactory({
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, site: SITE_WORDS },
    // Bounds the CPU time of one check (the estimator runs on the event loop): the first 64 characters are judged,
    // and l33t variants are capped; a pathological 128-character input then costs tens of milliseconds, not seconds.
    maxLength: 64,
    l33tMaxSubstitutions: 16,
  });
  return estimator;
}

function userInputs(c: PasswordContext): string[] {
  const out = new Set<string>();
  const add = (s: string | null | undefined) => {
    const v = (s ?? "").trim().toLowerCase();
    if (v.length < 3) return;
    out.add(v);
    out.add(fold(v));
  };
  for (const s of [c.name, c.organisation]) {
    add(s);
    for (const w of (s ?? "").split(/[\s"'.,;:()\-–—/&]+/)) add(w);
  }
  if (c.email) {
    const [local, domain = ""] = c.email.trim().toLowerCase().split("@");
    add(c.email);
    add(local);
    for (const w of local.split(/[._+-]+/)) add(w);
    for (const w of domain.split(/[.-]+/).slice(0, -1)) add(w);
  }
  return [...out];
}

const WARNING_MESSAGE: Record<string, PasswordProblem> = {
  topTen: "auth.error.passwordCommon",
  topHundred: "auth.error.passwordCommon",
  common: "auth.error.passwordCommon",
  similarToCommon: "auth.error.passwordCommon",
  pwned: "auth.error.passwordCommon",
  userInputs: "auth.error.passwordPersonal",
  straightRow: "auth.error.passwordPattern",
  keyPattern: "auth.error.passwordPattern",
  simpleRepeat: "auth.error.passwordPattern",
  extendedRepeat: "auth.error.passwordPattern",
  sequences: "auth.error.passwordPattern",
  recentYears: "auth.error.passwordDates",
  dates: "auth.error.passwordDates",
};

/**
 * The rule for every password a person sets (sign-up, reset, change, the first-admin command), OWASP ASVS 2.1:
 * 12 to 128 characters (runs of spaces count once, code points, never truncated, any Unicode), no composition rules,
 * and a zxcvbn strength score of at least 3, judged offline against common-password and English dictionaries plus the
 * person's own name, email and organisation. Returns a message key (LV/EN in app/i18n/messages/auth.ts) or null.
 * Cheap checks first: the length rule never runs the estimator.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): PasswordProblem | null {
  const length = [...password.replace(/ {2,}/g, " ")].length;
  if (length < PASSWORD_MIN) return "auth.error.passwordShort";
  if ([...password].length > PASSWORD_MAX) return "auth.error.passwordLong";
  const candidate = password.normalize("NFC");
  const result = zxcvbn().check(candidate, userInputs(context));
  // The person's own details count as known to an attacker: mostly made of them is too weak whatever the score.
  const personal = result.sequence.filter((m) => m.pattern === "dictionary" && m.dictionaryName === "userInputs").reduce((n, m) => n + [...m.token].length, 0);
  if (personal * 2 >= [...candidate].length) return "auth.error.passwordPersonal";
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  if (personal > 0) return "auth.error.passwordPersonal";
  return WARNING_MESSAGE[result.feedback.warning ?? ""] ?? "auth.error.passwordWeak";
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
