import { and, eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../infra/password-hash";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { usernameKey } from "../users/account-rules";
import { signInAllowed } from "../users/visible-account";
import { cacheLock, cachedLockUntil, clearCachedLock, reserveGuess, reserveUnknownGuess, settleRightGuess, settleWrongGuess } from "./lockout";
import { sessionInsert, tokenPair, type ClientInfo, type SessionKind, type StartedSession, type TokenPair } from "./sessions";

export interface Credentials {
  username: string;
  password: string;
}

export interface LogInInput<K extends SessionKind> extends Credentials {
  /** A session cookie, or an access and refresh token pair. */
  kind: K;
  client: ClientInfo;
}

/**
 * Tests one guess at a user's password under the shared lockout (every login and
 * password-change route of every API counts here). Throws LOCKED, or answers whether
 * the password is right; a wrong one is already counted.
 */
export async function guessPassword(deps: Deps, user: UserRow, password: string) {
  const guess = await reserveGuess(deps, user);
  const { ok, needsRehash } = await verifyPassword(password, user.passwordHash, deps.hashParams);
  if (!ok) settleWrongGuess(deps, user.usernameKey, guess);
  return { ok, needsRehash, guess };
}

export interface LoggedIn<K extends SessionKind> {
  user: UserRow;
  session: K extends "token" ? TokenPair : StartedSession;
}

/**
 * Logs in with a username and password, shared by every login route of every API.
 * Throws INVALID_CREDENTIALS (`unknown_user`, `bad_password`, `inactive`) or LOCKED.
 * `inactive` is Django's `is_active = False` or a ban; a Twimbol-deactivated account
 * (`user_status` false) is not refused, and the success write switches it back on.
 *
 * The success write and the new session are one batch, both conditional on the hash
 * and credentials version the password was checked against: a password change or
 * reset that lands during the ~180 ms of hashing makes the login fail, instead of
 * leaving a session that outlives the change.
 */
export async function logIn<K extends SessionKind>({ deps }: Ctx, { kind, client, ...credentials }: LogInInput<K>): Promise<LoggedIn<K>> {
  const loginKey = usernameKey(credentials.username);
  if (await cachedLockUntil(deps, loginKey)) throw new DomainError("LOCKED");

  const user = await deps.db.select().from(users).where(eq(users.usernameKey, loginKey)).get();
  if (!user) {
    const guess = await reserveUnknownGuess(deps, loginKey);
    await burnPasswordCheck(credentials.password, deps.hashParams);
    settleWrongGuess(deps, loginKey, guess);
    throw new DomainError("INVALID_CREDENTIALS", "unknown_user");
  }
  const now = deps.clock.now().getTime();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    cacheLock(deps, loginKey, user.lockedUntil.getTime());
    throw new DomainError("LOCKED");
  }

  const { ok, needsRehash, guess } = await guessPassword(deps, user, credentials.password);
  if (!ok) throw new DomainError("INVALID_CREDENTIALS", "bad_password");
  if (!user.isActive || user.isBanned) {
    await settleRightGuess(deps, user);
    throw new DomainError("INVALID_CREDENTIALS", "inactive");
  }

  const passwordHash = needsRehash ? await hashPassword(credentials.password, deps.hashParams) : user.passwordHash;
  const updated = await recordLogin(deps, user, passwordHash, kind, client);
  if (user.failedLogins > 0 || guess.lockedUntil !== null) clearCachedLock(deps, loginKey);
  const session = kind === "token" ? await tokenPair(deps, updated.user, updated.session) : updated.session;
  return { user: updated.user, session: session as LoggedIn<K>["session"] };
}

async function recordLogin(deps: Deps, user: UserRow, passwordHash: string, kind: SessionKind, client: ClientInfo) {
  const now = deps.clock.now().getTime();
  // The session's guard sees the row as the update left it: same conditions, new hash.
  const unchanged = (hash: string) =>
    and(
      eq(users.passwordHash, hash),
      eq(users.credentialsVersion, user.credentialsVersion),
      signInAllowed(),
    );
  const { statement, started } = await sessionInsert(deps, user.id, kind, client, unchanged(passwordHash));
  const [rows, inserted] = await deps.db.batch([
    deps.db
      .update(users)
      // A login is what undoes a Twimbol deactivation, through whichever API it comes.
      .set({ failedLogins: 0, lockedUntil: null, lastLogin: new Date(now), passwordHash, userStatus: true })
      .where(and(eq(users.id, user.id), unchanged(user.passwordHash)))
      .returning(),
    statement,
  ]);
  // The password or the account changed while the hash was checked: the guess proved nothing.
  if (!rows[0] || !inserted[0]) throw new DomainError("INVALID_CREDENTIALS", "bad_password");
  return { user: rows[0]!, session: started(inserted[0]!.id) };
}
