import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { loginThrottles, users } from "../../db/schema";
import { kvKeys } from "../../infra/kv-keys";
import { sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";
import { DomainError } from "../errors";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const lockKey = kvKeys.lock;

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

/** The two columns a lockout counter lives in: on `users` for accounts, on `login_throttles` for unknown names. */
interface Counter {
  failedLogins: SQLiteColumn;
  lockedUntil: SQLiteColumn;
}

const lockActive = (t: Counter, now: number) => sql`(${t.lockedUntil} IS NOT NULL AND ${t.lockedUntil} > ${now})`;
const lockExpired = (t: Counter, now: number) => sql`(${t.lockedUntil} IS NOT NULL AND ${t.lockedUntil} <= ${now})`;

/**
 * A password guess is counted before it is tested. The reservation is one atomic
 * UPDATE that refuses while the account is locked, and the guess that reaches the
 * limit locks the account as it is counted; so however many requests race, at most
 * five guesses are ever checked against the hash, and a guess that dies half-way
 * (or a right password on an inactive account) can never leave a lock without an end.
 * An expired lock starts the count afresh.
 */
function reservation(t: Counter, now: number) {
  const nextCount = sql`CASE WHEN ${lockExpired(t, now)} THEN 1 ELSE ${t.failedLogins} + 1 END`;
  return {
    set: {
      failedLogins: nextCount,
      lockedUntil: sql`CASE WHEN ${nextCount} >= ${MAX_FAILED_LOGINS} THEN ${now + LOCKOUT_MS} ELSE NULL END`,
    },
    where: sql`NOT ${lockActive(t, now)}`,
  };
}

/** A counted guess. `lockedUntil` is set when this guess was the last allowed: it locked the account, unless it proves right. */
export interface Guess {
  lockedUntil: number | null;
}

const toGuess = (row: { lockedUntil: Date | null }): Guess => ({ lockedUntil: row.lockedUntil?.getTime() ?? null });

/** Counts a guess at the account's password, or throws LOCKED if no guess may be tested now. */
export async function reserveGuess(deps: Deps, user: { id: number; usernameKey: string }): Promise<Guess> {
  const now = deps.clock.now().getTime();
  const { set, where } = reservation(users, now);
  const row = await deps.db
    .update(users)
    .set(set)
    .where(and(eq(users.id, user.id), where))
    .returning({ lockedUntil: users.lockedUntil })
    .get();
  if (!row) return refuseLocked(deps, user.usernameKey, users, eq(users.id, user.id));
  return toGuess(row);
}

/**
 * A login name with no account gets the same counter in `login_throttles`, so its sixth
 * try answers "locked" exactly as an account's would.
 */
export async function reserveUnknownGuess(deps: Deps, loginKey: string): Promise<Guess> {
  const now = deps.clock.now().getTime();
  // Stored by digest: the client picks the name, and must not pick how much a row holds.
  const rowKey = await sha256Hex(loginKey);
  const { set, where } = reservation(loginThrottles, now);
  const [rows] = await deps.db.batch([
    deps.db
      .insert(loginThrottles)
      .values({ loginKey: rowKey, failedLogins: 1, lockedUntil: null, updatedAt: new Date(now) })
      .onConflictDoUpdate({ target: loginThrottles.loginKey, set: { ...set, updatedAt: new Date(now) }, setWhere: where })
      .returning({ lockedUntil: loginThrottles.lockedUntil }),
    // Names whose window is long over have nothing left to count.
    deps.db.delete(loginThrottles).where(lt(loginThrottles.updatedAt, new Date(now - 2 * LOCKOUT_MS))),
  ]);
  if (!rows[0]) return refuseLocked(deps, loginKey, loginThrottles, eq(loginThrottles.loginKey, rowKey));
  return toGuess(rows[0]);
}

/** A wrong guess: LOCKED if it was the last one allowed. */
export function settleWrongGuess(deps: Deps, loginKey: string, guess: Guess) {
  if (guess.lockedUntil === null) return;
  cacheLock(deps, loginKey, guess.lockedUntil);
  throw new DomainError("LOCKED");
}

/**
 * A right guess that changes nothing else (the account is inactive, the new password
 * is refused): the count starts again. A right guess may land while a lock holds: the
 * lock was set by the last guess its streak allowed, and this one was allowed too, as
 * any of five sequential tries may be the right one.
 */
export async function settleRightGuess(deps: Deps, user: { id: number; passwordHash: string }) {
  await deps.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
}

/**
 * A right password that does not log in yet (a 2FA code is due) gives its counted guess
 * back, and the lock with it if that guess set it; the code is then counted on its own.
 */
export async function releaseGuess(deps: Deps, user: { id: number; passwordHash: string }, guess: Guess) {
  await deps.db
    .update(users)
    .set({
      failedLogins: sql`MAX(${users.failedLogins} - 1, 0)`,
      ...(guess.lockedUntil !== null ? { lockedUntil: null } : {}),
    })
    .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
}

/** A refused reservation means a live lock: cache it so the next try is refused before D1. */
async function refuseLocked(deps: Deps, loginKey: string, table: typeof users | typeof loginThrottles, which: SQL): Promise<never> {
  const row = await deps.db.select({ lockedUntil: table.lockedUntil }).from(table).where(which).get();
  const until = row?.lockedUntil?.getTime();
  if (until && until > deps.clock.now().getTime()) cacheLock(deps, loginKey, until);
  throw new DomainError("LOCKED");
}

export function assertNotLocked(deps: Deps, user: { lockedUntil: Date | null }) {
  if (user.lockedUntil && user.lockedUntil.getTime() > deps.clock.now().getTime()) throw new DomainError("LOCKED");
}

