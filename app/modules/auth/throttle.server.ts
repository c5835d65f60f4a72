import type { AppContext, Executor } from "~/context";
import type { Locale } from "~/i18n";
import { audit } from "~/modules/audit/audit.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import { claimSlot, clear, clientKey, giveBack, hit, take, type RateResult } from "./rate-limit.server";

/**
 * Login throttling (docs/decisions/0004-sessions.md). Every attempt is counted in PostgreSQL before the password is
 * verified, so parallel requests cannot overshoot a limit, and the counters are shared by every instance.
 * - one account from one client (IP address, IPv6 /64): 10 attempts per 15 minutes, then 429 until the window ends;
 *   an attacker elsewhere therefore never locks the owner out;
 * - one client, all accounts: 50 per 15 minutes, then 429;
 * - one account from all clients: 20 per hour at full speed; beyond that the account is slowed, not locked: one
 *   attempt per 2, 4, 8 … at most 60 seconds, the others get 429 with the seconds until the next free moment
 *   (about 80 verified guesses per hour at most, ASVS 2.2.1 allows 100);
 * - after 10 failures within the hour the owner is told by mail (once per hour window, through the outbox).
 * Attempts refused by a limit give their units back; a successful login gives its units back and clears its
 * account + client counter. Unknown addresses are counted exactly like known ones.
 */
const LOGIN_LIMITS = {
  accountClient: { limit: 10, windowSeconds: 15 * 60 },
  client: { limit: 50, windowSeconds: 15 * 60 },
  account: { fullSpeed: 20, windowSeconds: 3600, firstDelaySeconds: 2, maxDelaySeconds: 60 },
  notifyOwnerAfter: 10,
};

/** Seconds the account stays closed after the n-th attempt beyond the full-speed allowance (n ≥ 1). */
function slowDownSeconds(n: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = LOGIN_LIMITS.account;
  return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** Math.min(n - 1, 16));
}

export type LoginGate =
  | { ok: false; retryAfterSeconds: number }
  | {
      ok: true;
      /** Failures of this account from all clients in the current window, this one included. */
      accountFailures: number;
      windowEndsAt: Date;
      succeeded(): Promise<void>;
    };

/** Counts one login attempt before verification; refuses it (nothing counted) when a limit says so. */
export async function openLoginAttempt(db: Executor, email: string, ip: string): Promise<LoginGate> {
  const L = LOGIN_LIMITS;
  const client = clientKey(ip);
  const keys = {
    client: `login:client:${client}`,
    accountClient: `login:acct-client:${email}|${client}`,
    account: `login:acct:${email}`,
    slot: `login:acct-slow:${email}`,
  };
  const c = await take(db, keys.client, L.client.limit, L.client.windowSeconds);
  if (!c.ok) return refused(c);
  const ac = await take(db, keys.accountClient, L.accountClient.limit, L.accountClient.windowSeconds);
  if (!ac.ok) {
    await giveBack(db, keys.client);
    return refused(ac);
  }
  const a = await hit(db, keys.account, L.account.fullSpeed, L.account.windowSeconds);
  if (a.count > L.account.fullSpeed) {
    const slot = await claimSlot(db, keys.slot, slowDownSeconds(a.count - L.account.fullSpeed));
    if (!slot.ok) {
      for (const k of [keys.account, keys.accountClient, keys.client]) await giveBack(db, k);
      return refused(slot);
    }
  }
  return {
    ok: true,
    accountFailures: a.count,
    windowEndsAt: a.resetAt,
    async succeeded() {
      await clear(db, keys.accountClient);
      await giveBack(db, keys.client);
      await giveBack(db, keys.account);
    },
  };
}

const refused = (r: RateResult) => ({ ok: false as const, retryAfterSeconds: r.retryAfterSeconds });

/** After repeated failures the owner hears of it: one mail per person and window (the outbox's idempotency key). */
export async function noteLoginFailure(
  ctx: Pick<AppContext, "db" | "mail" | "config">,
  person: { id: string; email: string; name: string; locale: Locale },
  gate: Extract<LoginGate, { ok: true }>,
  ip: string,
): Promise<void> {
  if (gate.accountFailures < LOGIN_LIMITS.notifyOwnerAfter) return;
  await ctx.db.transaction().execute(async (trx) => {
    const created = await enqueueMail(trx, ctx, [
      {
        idempotencyKey: `login-failures:${person.id}:${gate.windowEndsAt.getTime()}`,
        to: person.email,
        toName: person.name,
        locale: person.locale,
        template: "login_failures",
        params: { count: gate.accountFailures },
      },
    ]);
    if (created.length > 0) {
      await audit(trx, {
        actorId: null,
        action: "login.failures",
        targetType: "person",
        targetId: person.id,
        details: { failures: gate.accountFailures, lastIp: ip },
      });
    }
  });
}

/**
 * Sign-up limits, counted before the password is hashed and any mail is queued: 10 per hour from one client and
 * 200 per hour for the whole platform (which bounds the argon2 work and the mail to administrators).
 */
const SIGNUP_LIMITS = {
  client: { limit: 10, windowSeconds: 3600 },
  all: { limit: 200, windowSeconds: 3600 },
};

export async function takeSignupAttempt(db: Executor, ip: string): Promise<RateResult> {
  const clientKeyName = `signup:client:${clientKey(ip)}`;
  const c = await take(db, clientKeyName, SIGNUP_LIMITS.client.limit, SIGNUP_LIMITS.client.windowSeconds);
  if (!c.ok) return c;
  const all = await take(db, "signup:all", SIGNUP_LIMITS.all.limit, SIGNUP_LIMITS.all.windowSeconds);
  if (!all.ok) {
    await giveBack(db, clientKeyName);
    return all;
  }
  return { ok: true, retryAfterSeconds: 0 };
}
