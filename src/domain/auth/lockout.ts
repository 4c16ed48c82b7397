import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const lockKey = (loginKey: string) => `lock:${loginKey}`;

/** KV only caches "locked until" so a locked account is refused before any hashing; D1 decides. */
export async function cachedLockUntil(deps: Deps, loginKey: string): Promise<number | null> {
  try {
    const value = await deps.kv.get(lockKey(loginKey));
    const until = value ? Number(value) : NaN;
    return Number.isFinite(until) && until > deps.clock.now().getTime() ? until : null;
  } catch {
    return null;
  }
}

export function cacheLock(deps: Deps, loginKey: string, until: number) {
  const ttl = Math.max(60, Math.ceil((until - deps.clock.now().getTime()) / 1000));
  deps.defer(deps.kv.put(lockKey(loginKey), String(until), { expirationTtl: ttl }).catch(() => undefined));
}

export function clearCachedLock(deps: Deps, loginKey: string) {
  deps.defer(deps.kv.delete(lockKey(loginKey)).catch(() => undefined));
}

/**
 * Counts one failed login in a single atomic UPDATE … RETURNING, so concurrent failures
 * can neither be lost nor slip past the limit. An expired lock starts the count afresh.
 * Returns the lock expiry if the account is (now) locked.
 */
export async function recordFailedLogin(deps: Deps, userId: number): Promise<number | null> {
  const now = deps.clock.now().getTime();
  const lockExpired = sql`(${users.lockedUntil} IS NOT NULL AND ${users.lockedUntil} <= ${now})`;
  const nextCount = sql`CASE WHEN ${lockExpired} THEN 1 ELSE ${users.failedLogins} + 1 END`;
  const row = await deps.db
    .update(users)
    .set({
      failedLogins: nextCount,
      lockedUntil: sql`CASE
        WHEN ${users.lockedUntil} > ${now} THEN ${users.lockedUntil}
        WHEN ${nextCount} >= ${MAX_FAILED_LOGINS} THEN ${now + LOCKOUT_MS}
        ELSE NULL END`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil })
    .get();
  const until = row?.lockedUntil?.getTime() ?? null;
  return until !== null && until > now ? until : null;
}

/**
 * Every place that checks a password counts a wrong one here, so guessing through a
 * password-change form is bounded by the same lockout as guessing at login.
 * Throws LOCKED when this failure (or an earlier one) locked the account.
 */
export async function countFailedPassword(deps: Deps, user: { id: number; usernameKey: string }) {
  const lockedUntil = await recordFailedLogin(deps, user.id);
  if (lockedUntil) {
    cacheLock(deps, user.usernameKey, lockedUntil);
    throw new DomainError("LOCKED");
  }
}

export function assertNotLocked(deps: Deps, user: { lockedUntil: Date | null }) {
  if (user.lockedUntil && user.lockedUntil.getTime() > deps.clock.now().getTime()) throw new DomainError("LOCKED");
}

/** The success path's reset, conditional on the account not being locked at that instant. */
export function notLockedAt(now: number) {
  return or(isNull(users.lockedUntil), lte(users.lockedUntil, new Date(now)));
}

export function userNotLocked(userId: number, now: number) {
  return and(eq(users.id, userId), notLockedAt(now));
}
