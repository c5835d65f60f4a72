import { z } from "zod";
import type { AppContext, Executor } from "~/context";
import { isLocale, type Locale } from "~/i18n";
import { audit } from "~/modules/audit/audit.server";
import { SESSION_IDLE_MS } from "~/modules/auth/session.server";
import { clear, take } from "~/modules/auth/rate-limit.server";
import { EMAIL_PATTERN, searchKey } from "~/modules/text";
import { passwordProblem, type PasswordContext } from "~/modules/auth/password.server";
import { newTermLabel, termKeysField } from "~/modules/vocabulary/fields";
import type { Term } from "~/modules/vocabulary/terms";
import { resolveTermChoice, termsByKey, asTerms } from "~/modules/vocabulary/vocabulary.server";
import { JOB_TITLE_MAX, NAME_MAX, PROFILE_LANGUAGES, TAGS_MAX, type ProfileLanguage } from "./constants";

type Ctx = Pick<AppContext, "db" | "realtime">;

// ---------------------------------------------------------------------------------------------------------------
// Profile

export interface OwnProfile {
  id: string;
  email: string;
  name: string;
  jobTitle: string;
  /** The job title in English (optional; English readers see it instead of jobTitle). */
  jobTitleEn: string;
  languages: string[];
  expertiseTags: Term[];
  showEmail: boolean;
  phone: string | null;
  notifyEmail: boolean;
  locale: Locale;
}

export async function getOwnProfile(db: Executor, personId: string): Promise<OwnProfile> {
  const p = await db
    .selectFrom("person")
    .select(["id", "email", "name", "job_title", "job_title_en", "languages", "expertise_tags", "show_email", "phone", "notify_email", "locale"])
    .where("id", "=", personId)
    .executeTakeFirstOrThrow();
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    jobTitle: p.job_title,
    jobTitleEn: p.job_title_en,
    languages: p.languages,
    expertiseTags: asTerms(p.expertise_tags, await termsByKey(db, "expertise", p.expertise_tags)),
    showEmail: p.show_email,
    phone: p.phone,
    notifyEmail: p.notify_email,
    locale: p.locale,
  };
}

const oneLine = /^[^\u0000-\u001f\u007f<>]*$/; // no CR/LF (mail headers, SEC-6), no control characters, no angle brackets

/** Digits, spaces, hyphens, parentheses, an optional leading "+"; 7 to 15 digits (E.164). Stored with single spaces. */
function normalisePhone(input: string): string | null | "invalid" {
  const s = input.trim().replace(/\s+/g, " ");
  if (!s) return null;
  if (s.length > 30 || !/^\+?[0-9][0-9 ()-]*$/.test(s)) return "invalid";
  const digits = s.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15 ? s : "invalid";
}

const collapse = (s: string) => s.replace(/ {2,}/g, " ");

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.includes("1") : v === "1"));

const localeField = z
  .string({ message: "auth.error.fieldInvalid" })
  .refine((v) => isLocale(v), "auth.error.fieldInvalid")
  .transform((v) => v as Locale);

/** Language + notification preferences: every signed-in person (also one still waiting for approval). */
export const PreferencesSchema = z.object({
  locale: localeField,
  notifyEmail: checkbox,
});

const jobTitle = z
  .string({ message: "auth.error.fieldInvalid" })
  .trim()
  .max(JOB_TITLE_MAX, "settings.error.jobTitleLong")
  .regex(oneLine, "auth.error.fieldInvalid")
  .optional()
  .transform((s) => collapse(s ?? ""));

/**
 * The whole settings form of an active member. Form fields: name, jobTitle, jobTitleEn, languages (repeated),
 * expertise (repeated term keys), expertiseNewLv, expertiseNewEn, phone, showEmail, notifyEmail, locale.
 */
export const ProfileSchema = z.object({
  name: z
    .string({ message: "auth.error.nameRequired" })
    .trim()
    .min(2, "auth.error.nameRequired")
    .max(NAME_MAX, "auth.error.nameRequired")
    .regex(oneLine, "auth.error.fieldInvalid")
    .transform(collapse),
  jobTitle,
  jobTitleEn: jobTitle,
  languages: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .refine((v) => v.length <= PROFILE_LANGUAGES.length && v.every((x) => (PROFILE_LANGUAGES as readonly string[]).includes(x)), "settings.error.languageUnknown")
    .transform((v) => PROFILE_LANGUAGES.filter((code) => v.includes(code)) as ProfileLanguage[]),
  expertise: termKeysField(TAGS_MAX, "settings.error.tooManyTags", "vocabulary.error.invalid"),
  expertiseNewLv: newTermLabel,
  expertiseNewEn: newTermLabel,
  phone: z
    .string({ message: "settings.error.phoneInvalid" })
    .optional()
    .transform((s, ctx) => {
      const p = normalisePhone(s ?? "");
      if (p === "invalid") {
        ctx.addIssue({ code: "custom", message: "settings.error.phoneInvalid" });
        return z.NEVER;
      }
      return p;
    }),
  showEmail: checkbox,
  notifyEmail: checkbox,
  locale: localeField,
});

export type ProfileInput = z.output<typeof ProfileSchema>;
export type PreferencesInput = z.output<typeof PreferencesSchema>;

/**
 * Saves the member's own profile and preferences in one transaction (a new expertise term is added with it); the
 * directory search key follows the name. Refuses unknown terms and more than TAGS_MAX with an ActionError.
 */
export async function updateProfile(ctx: Pick<AppContext, "db">, personId: string, input: ProfileInput): Promise<void> {
  await ctx.db.transaction().execute(async (db) => {
    const p = await db.selectFrom("person").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
    const expertise = await resolveTermChoice(
      db,
      "expertise",
      personId,
      { keys: input.expertise, newLv: input.expertiseNewLv, newEn: input.expertiseNewEn },
      { field: "expertise", max: TAGS_MAX, tooMany: "settings.error.tooManyTags" },
    );
    await db
      .updateTable("person")
      .set({
        name: input.name,
        job_title: input.jobTitle,
        job_title_en: input.jobTitleEn,
        languages: input.languages,
        expertise_tags: expertise,
        show_email: input.showEmail,
        phone: input.phone,
        notify_email: input.notifyEmail,
        locale: input.locale,
        search_key: searchKey(input.name, p.email),
        updated_at: new Date(),
      })
      .where("id", "=", personId)
      .execute();
  });
}

export async function updatePreferences(db: Executor, personId: string, input: PreferencesInput): Promise<void> {
  await db.updateTable("person").set({ locale: input.locale, notify_email: input.notifyEmail, updated_at: new Date() }).where("id", "=", personId).execute();
}

/** The language switch in the header: remembered on the account too. */
export async function setLocale(db: Executor, personId: string, locale: Locale): Promise<void> {
  await db.updateTable("person").set({ locale }).where("id", "=", personId).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

export interface SessionInfo {
  idHash: string;
  device: { browser: string; os: string } | null;
  userAgent: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

const SESSIONS_SHOWN = 50;

/** The person's live sessions, most recently used first. */
export async function listSessions(db: Executor, personId: string, currentHash: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom("session")
    .select(["id_hash", "user_agent", "ip", "created_at", "last_seen_at"])
    .where("person_id", "=", personId)
    .where("expires_at", ">", new Date())
    .where("last_seen_at", ">", new Date(Date.now() - SESSION_IDLE_MS))
    .orderBy("last_seen_at", "desc")
    .orderBy("id_hash")
    .limit(SESSIONS_SHOWN)
    .execute();
  return rows.map((r) => ({
    idHash: r.id_hash,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent.length > 60 ? `${r.user_agent.slice(0, 60)}…` : r.user_agent,
    ip: r.ip,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    current: r.id_hash === currentHash,
  }));
}

/** Ends one of the person's own sessions. False when there is no such session of theirs (someone else's id: no effect). */
export async function revokeSession(ctx: Ctx, personId: string, idHash: string): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(idHash)) return false;
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.deleteFrom("session").where("person_id", "=", personId).where("id_hash", "=", idHash).returning("id_hash").execute();
    if (rows.length === 0) return [];
    await audit(trx, {
      actorId: personId,
      action: "sessions.revoked",
      targetType: "person",
      targetId: personId,
      details: { count: rows.length, scope: "one" },
    });
    return rows.map((r) => r.id_hash);
  });
  if (ended.length === 0) return false;
  ctx.realtime.disconnectSessions(ended);
  return true;
}

/** "Mozilla/5.0 (X11; Linux x86_64) … Firefox/128.0" → { browser: "Firefox", os: "Linux" }; null when unrecognised. */
function describeUserAgent(ua: string): { browser: string; os: string } | null {
  const browser = /Edg(A|iOS)?\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Version\/[\d.]+.*Safari\//.test(ua)
            ? "Safari"
            : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad|iPod/.test(ua)
        ? "iOS"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  if (!browser && !os) return null;
  return { browser: browser ?? "?", os: os ?? "?" };
}

// ---------------------------------------------------------------------------------------------------------------
// Re-entering the current password (password and email changes): a stolen session must not brute-force it.

const REAUTH_LIMIT = { limit: 10, windowSeconds: 15 * 60 };

/** Counts one re-entry before the password is verified, so parallel guesses cannot overshoot the limit. */
export async function reauthAttempt(db: Executor, personId: string): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  return take(db, `reauth:${personId}`, REAUTH_LIMIT.limit, REAUTH_LIMIT.windowSeconds);
}

export async function reauthSucceeded(db: Executor, personId: string): Promise<void> {
  await clear(db, `reauth:${personId}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Security forms

/** The change-password form; the new password is judged against the person's own name, email and organisation. */
export const passwordChangeSchema = (person: PasswordContext) =>
  z
    .object({
      current: z.string({ message: "auth.error.currentPassword" }).min(1, "auth.error.currentPassword").max(1024, "auth.error.currentPassword"),
      next: z.string({ message: "auth.error.passwordShort" }).max(4096, "auth.error.passwordLong"),
      repeat: z.string({ message: "auth.error.passwordMismatch" }).max(4096, "auth.error.passwordMismatch"),
    })
    .superRefine((v, ctx) => {
      const problem = passwordProblem(v.next, person);
      if (problem) ctx.addIssue({ code: "custom", path: ["next"], message: problem });
      else if (v.next !== v.repeat) ctx.addIssue({ code: "custom", path: ["repeat"], message: "auth.error.passwordMismatch" });
    });

export const EmailChangeSchema = z.object({
  newEmail: z.string({ message: "auth.error.emailInvalid" }).trim().max(254, "auth.error.emailInvalid").regex(EMAIL_PATTERN, "auth.error.emailInvalid"),
  password: z.string({ message: "auth.error.currentPassword" }).min(1, "auth.error.currentPassword").max(1024, "auth.error.currentPassword"),
});
