import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { loginThrottles, users } from "../../db/schema";
import { kvKeys } from "../../infra/kv-keys";
import { sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";
import { DomainError, rateLimited } from "../errors";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/**
 * How long a guess may hold its in-flight slot. A hash takes well under a second; a request
 * that died mid-guess (an evicted isolate) leaves its slot counted until then, never longer.
 */
export const GUESS_SLOT_MS = 30 * 1000;
/** What a guess refused for want of a free slot is told: one hash from now, a slot is free again. */
export const BUSY_RETRY_SECONDS = 1;

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

/** The columns a lockout counter lives in: on `users` for accounts, on `login_throttles` for unknown names. */
interface Counter {
  failedLogins: SQLiteColumn;
  lockedUntil: SQLiteColumn;
  guessesInFlight: SQLiteColumn;
  guessesInFlightUntil: SQLiteColumn;
}

const lockActive = (t: Counter, now: number) =>
  sql`(${t.lockedUntil} IS NOT NULL AND ${t.lockedUntil} > ${now})`;
const lockExpired = (t: Counter, now: number) =>
  sql`(${t.lockedUntil} IS NOT NULL AND ${t.lockedUntil} <= ${now})`;
/** Failures that still count: an expired lock starts the count afresh. */
const failures = (t: Counter, now: number) =>
  sql`(CASE WHEN ${lockExpired(t, now)} THEN 0 ELSE ${t.failedLogins} END)`;
/** Guesses still being tested: slots past their time belong to requests that died. */
const inFlight = (t: Counter, now: number) =>
  sql`(CASE WHEN ${t.guessesInFlightUntil} IS NOT NULL AND ${t.guessesInFlightUntil} > ${now} THEN ${t.guessesInFlight} ELSE 0 END)`;

/**
 * A guess takes a slot before it is tested, by one guarded UPDATE: refused while the account
 * is locked or while failures plus guesses in flight already make five. So however many
 * requests race, at most five wrong guesses are ever tested per lockout window, and nobody is
 * told "locked" before five guesses have really failed: a guess refused only for want of a
 * slot is told to come back (429), and the outcome is recorded, with the slot given back, in
 * one statement when the test is done (`settleGuess`).
 */
function reservation(t: Counter, now: number) {
  return {
    set: {
      failedLogins: failures(t, now),
      lockedUntil: sql`CASE WHEN ${lockExpired(t, now)} THEN NULL ELSE ${t.lockedUntil} END`,
      guessesInFlight: sql`${inFlight(t, now)} + 1`,
      guessesInFlightUntil: new Date(now + GUESS_SLOT_MS),
    },
    where: sql`NOT ${lockActive(t, now)} AND ${failures(t, now)} + ${inFlight(t, now)} < ${MAX_FAILED_LOGINS}`,
  };
}

/** A guess holding its in-flight slot, until `settleGuess` records how it went. */
export type Guess = ({ counter: "user"; userId: number } | { counter: "name"; rowKey: string }) & {
  loginKey: string;
  settled: boolean;
};

/** Takes a slot to test a guess at the account's password (or a 2FA code); throws LOCKED or RATE_LIMITED. */
export async function reserveGuess(deps: Deps, user: { id: number; usernameKey: string }): Promise<Guess> {
  const now = deps.clock.now().getTime();
  const { set, where } = reservation(users, now);
  const row = await deps.db
    .update(users)
    .set(set as never)
    .where(and(eq(users.id, user.id), where))
    .returning({ id: users.id })
    .get();
  if (!row) return refuse(deps, user.usernameKey, users, eq(users.id, user.id));
  return { counter: "user", userId: user.id, loginKey: user.usernameKey, settled: false };
}

/**
 * A login name with no account gets the same counter in `login_throttles`, so its tries
 * answer exactly as an account's would.
 */
export async function reserveUnknownGuess(deps: Deps, loginKey: string): Promise<Guess> {
  const now = deps.clock.now().getTime();
  // Stored by digest: the client picks the name, and must not pick how much a row holds.
  const rowKey = await sha256Hex(loginKey);
  const { set, where } = reservation(loginThrottles, now);
  const [rows] = await deps.db.batch([
    deps.db
      .insert(loginThrottles)
      .values({
        loginKey: rowKey,
        failedLogins: 0,
        lockedUntil: null,
        guessesInFlight: 1,
        guessesInFlightUntil: new Date(now + GUESS_SLOT_MS),
        updatedAt: new Date(now),
      })
      .onConflictDoUpdate({
        target: loginThrottles.loginKey,
        set: { ...(set as object), updatedAt: new Date(now) },
        setWhere: where,
      })
      .returning({ loginKey: loginThrottles.loginKey }),
    // Names whose window is long over have nothing left to count.
    deps.db.delete(loginThrottles).where(lt(loginThrottles.updatedAt, new Date(now - 2 * LOCKOUT_MS))),
  ]);
  if (!rows[0]) return refuse(deps, loginKey, loginThrottles, eq(loginThrottles.loginKey, rowKey));
  return { counter: "name", rowKey, loginKey, settled: false };
}

/**
 * How a tested guess went. `right` starts the count afresh if the password is still
 * `passwordHash` (the one checked); `released` gives the slot back and records nothing
 * (a right password that does not log in yet: a 2FA code is due, so knowing the password
 * buys no fresh tries).
 */
export type Outcome = { wrong: true } | { right: true; passwordHash: string } | { released: true };

/**
 * Records a guess's outcome and gives its slot back, in one statement. A wrong guess that
 * makes the fifth failure locks the account and throws LOCKED.
 */
export async function settleGuess(deps: Deps, guess: Guess, outcome: Outcome): Promise<void> {
  if (guess.settled) return;
  guess.settled = true;
  const now = deps.clock.now().getTime();
  const t: Counter = guess.counter === "user" ? users : loginThrottles;
  const which =
    guess.counter === "user" ? eq(users.id, guess.userId) : eq(loginThrottles.loginKey, guess.rowKey);
  const slot = { guessesInFlight: sql`MAX(${inFlight(t, now)} - 1, 0)` };
  let set: Record<string, unknown> = slot;
  if ("wrong" in outcome) {
    const next = sql`${failures(t, now)} + 1`;
    set = {
      ...slot,
      failedLogins: next,
      lockedUntil: sql`CASE WHEN ${next} >= ${MAX_FAILED_LOGINS} THEN ${now + LOCKOUT_MS} WHEN ${lockExpired(t, now)} THEN NULL ELSE ${t.lockedUntil} END`,
    };
  } else if ("right" in outcome && guess.counter === "user") {
    const unchanged = sql`${users.passwordHash} = ${outcome.passwordHash}`;
    set = {
      ...slot,
      failedLogins: sql`CASE WHEN ${unchanged} THEN 0 ELSE ${users.failedLogins} END`,
      lockedUntil: sql`CASE WHEN ${unchanged} THEN NULL ELSE ${users.lockedUntil} END`,
    };
  }
  const table = guess.counter === "user" ? users : loginThrottles;
  const row = await deps.db
    .update(table)
    .set(set as never)
    .where(which)
    .returning({ lockedUntil: t.lockedUntil })
    .get();
  if (!("wrong" in outcome)) return;
  const until = (row?.lockedUntil as Date | null | undefined)?.getTime();
  if (until && until > now) {
    cacheLock(deps, guess.loginKey, until);
    throw new DomainError("LOCKED");
  }
}

/** Runs `test` holding the guess's slot; if it throws, the slot is given back and nothing recorded. */
export async function whileHeld<T>(deps: Deps, guess: Guess, test: () => Promise<T>): Promise<T> {
  try {
    return await test();
  } catch (err) {
    await settleGuess(deps, guess, { released: true });
    throw err;
  }
}

/**
 * A refused reservation: LOCKED if a lock holds (cached so the next try is refused before
 * D1), else every slot is taken by guesses in flight and this one may come back in a moment.
 */
async function refuse(
  deps: Deps,
  loginKey: string,
  table: typeof users | typeof loginThrottles,
  which: SQL,
): Promise<never> {
  const row = await deps.db.select({ lockedUntil: table.lockedUntil }).from(table).where(which).get();
  const until = row?.lockedUntil?.getTime();
  if (until && until > deps.clock.now().getTime()) {
    cacheLock(deps, loginKey, until);
    throw new DomainError("LOCKED");
  }
  throw rateLimited("guesses_in_flight", BUSY_RETRY_SECONDS);
}

export function assertNotLocked(deps: Deps, user: { lockedUntil: Date | null }) {
  if (user.lockedUntil && user.lockedUntil.getTime() > deps.clock.now().getTime())
    throw new DomainError("LOCKED");
}
