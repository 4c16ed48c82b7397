import { and, eq, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { users, type UserRow } from "../../db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../infra/password-hash";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { usernameKey } from "../users/account-rules";
import { signInAllowed } from "../users/visible-account";
import { cacheLock, cachedLockUntil, clearCachedLock, releaseGuess, reserveGuess, reserveUnknownGuess, settleRightGuess, settleWrongGuess } from "./lockout";
import { issueMfaTicket, twoFactorOn, type LoginRoute } from "./two-factor/tickets";
import { sessionInsert, tokenPair, type ClientInfo, type SessionKind, type StartedSession, type TokenPair } from "./sessions";

export interface Credentials {
  username: string;
  password: string;
}

export interface LogInInput<K extends SessionKind> extends Credentials {
  /**
   * The login route asking, and the session it starts (a cookie, or an access and refresh
   * token pair). A user with 2FA gets a ticket bound to it instead of a session, which only
   * that route's answer completes (src/surfaces/login-routes.ts).
   */
  route: LoginRoute<K>;
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
export async function logIn<K extends SessionKind>({ deps }: Ctx, { route, client, ...credentials }: LogInInput<K>): Promise<LoggedIn<K>> {
  const loginKey = usernameKey(credentials.username);
  if (await cachedLockUntil(deps, loginKey)) throw new DomainError("LOCKED");

  const found = await deps.db.select({ user: users, twoFactor: twoFactorOn }).from(users).where(eq(users.usernameKey, loginKey)).get();
  const user = found?.user;
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

  if (found.twoFactor) {
    // The password alone proves nothing yet: its guess is handed back, and the codes that
    // follow count against the same five (so knowing it buys no fresh tries).
    await releaseGuess(deps, user, guess);
    throw new DomainError("MFA_REQUIRED", "two_factor_required", { mfaToken: await issueMfaTicket(deps, user, route) });
  }

  const passwordHash = needsRehash ? await hashPassword(credentials.password, deps.hashParams) : user.passwordHash;
  const updated = await recordLogin(deps, user, passwordHash, route.kind, client);
  if (user.failedLogins > 0 || guess.lockedUntil !== null) clearCachedLock(deps, loginKey);
  return { user: updated.user, session: (await sessionOf(deps, route.kind, updated)) as LoggedIn<K>["session"] };
}

export const sessionOf = async (deps: Deps, kind: SessionKind, updated: { user: UserRow; session: StartedSession }) =>
  kind === "token" ? tokenPair(deps, updated.user, updated.session) : updated.session;

/** What else a login's success batch waits on and does (a 2FA ticket that must still exist, and its deletion). */
export interface LoginExtra {
  guard: SQL;
  statements: BatchItem<"sqlite">[];
}

/**
 * The success write of a login: `user` holds the hash and credentials version the password
 * was checked against, and nothing happens unless the row still holds them.
 */
export async function recordLogin(deps: Deps, user: UserRow, passwordHash: string, kind: SessionKind, client: ClientInfo, extra?: LoginExtra) {
  const now = deps.clock.now().getTime();
  // The session's guard sees the row as the update left it: same conditions, new hash.
  const unchanged = (hash: string) =>
    and(
      eq(users.passwordHash, hash),
      eq(users.credentialsVersion, user.credentialsVersion),
      signInAllowed(),
      extra?.guard,
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
    ...(extra?.statements ?? []),
  ]);
  // The password or the account changed while the hash was checked: the guess proved nothing.
  if (!rows[0] || !inserted[0]) throw new DomainError("INVALID_CREDENTIALS", "bad_password");
  return { user: rows[0]!, session: started(inserted[0]!.id) };
}
