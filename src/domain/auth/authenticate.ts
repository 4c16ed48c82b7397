import { and, eq, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { users, type UserRow } from "../../db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../infra/password-hash";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { usernameKey } from "../users/account-rules";
import { signInAllowed } from "../users/visible-account";
import {
  cacheLock,
  cachedLockUntil,
  clearCachedLock,
  reserveGuess,
  reserveUnknownGuess,
  settleGuess,
  whileHeld,
} from "./lockout";
import { issueMfaTicket, twoFactorOn, type LoginRoute } from "./two-factor/tickets";
import {
  answersJwt,
  sessionInsert,
  tokenPair,
  trimKeySessions,
  type ClientInfo,
  type JwtSessionKind,
  type SessionKind,
  type StartedSession,
  type TokenPair,
} from "./sessions";

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
 * password-change route of every API counts here). Throws LOCKED, RATE_LIMITED (five
 * guesses in flight), or answers whether the password is right, its outcome recorded:
 * a wrong one counted, a right one starting the count afresh, or with `release` (a 2FA
 * code is still due) recording nothing.
 */
export async function guessPassword(deps: Deps, user: UserRow, password: string, { release = false } = {}) {
  const guess = await reserveGuess(deps, user);
  const { ok, needsRehash } = await whileHeld(deps, guess, () =>
    verifyPassword(password, user.passwordHash, deps.hashParams),
  );
  await settleGuess(
    deps,
    guess,
    !ok ? { wrong: true } : release ? { released: true } : { right: true, passwordHash: user.passwordHash },
  );
  return { ok, needsRehash };
}

export interface LoggedIn<K extends SessionKind> {
  user: UserRow;
  session: K extends JwtSessionKind ? TokenPair : StartedSession;
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
export async function logIn<K extends SessionKind>(
  { deps }: Ctx,
  { route, client, ...credentials }: LogInInput<K>,
): Promise<LoggedIn<K>> {
  const loginKey = usernameKey(credentials.username);
  if (await cachedLockUntil(deps, loginKey)) throw new DomainError("LOCKED");

  const found = await deps.db
    .select({ user: users, twoFactor: twoFactorOn })
    .from(users)
    .where(eq(users.usernameKey, loginKey))
    .get();
  const user = found?.user;
  if (!user) {
    const guess = await reserveUnknownGuess(deps, loginKey);
    await whileHeld(deps, guess, () => burnPasswordCheck(credentials.password, deps.hashParams));
    await settleGuess(deps, guess, { wrong: true });
    throw new DomainError("INVALID_CREDENTIALS", "unknown_user");
  }
  const now = deps.clock.now().getTime();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    cacheLock(deps, loginKey, user.lockedUntil.getTime());
    throw new DomainError("LOCKED");
  }

  // With 2FA the password alone proves nothing yet: its guess records nothing, and the codes
  // that follow count against the same five (so knowing it buys no fresh tries).
  const { ok, needsRehash } = await guessPassword(deps, user, credentials.password, {
    release: Boolean(found.twoFactor),
  });
  if (!ok) throw new DomainError("INVALID_CREDENTIALS", "bad_password");
  if (!user.isActive || user.isBanned) throw new DomainError("INVALID_CREDENTIALS", "inactive");

  if (found.twoFactor) {
    throw new DomainError("MFA_REQUIRED", "two_factor_required", {
      mfaToken: await issueMfaTicket(deps, user, route),
    });
  }

  const passwordHash = needsRehash
    ? await hashPassword(credentials.password, deps.hashParams)
    : user.passwordHash;
  const updated = await recordLogin(deps, user, passwordHash, route.kind, client);
  if (user.failedLogins > 0 || user.lockedUntil !== null) clearCachedLock(deps, loginKey);
  return {
    user: updated.user,
    session: (await sessionOf(deps, route.kind, updated)) as LoggedIn<K>["session"],
  };
}

export const sessionOf = async (
  deps: Deps,
  kind: SessionKind,
  updated: { user: UserRow; session: StartedSession },
) => (answersJwt(kind) ? tokenPair(deps, updated.user, updated.session) : updated.session);

/** What else a login's success batch waits on and does (a 2FA ticket that must still exist, and its deletion). */
export interface LoginExtra {
  guard: SQL;
  statements: BatchItem<"sqlite">[];
}

/**
 * The success write of a login: `user` holds the hash and credentials version the password
 * was checked against, and nothing happens unless the row still holds them.
 */
export async function recordLogin(
  deps: Deps,
  user: UserRow,
  passwordHash: string,
  kind: SessionKind,
  client: ClientInfo,
  extra?: LoginExtra,
) {
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
  if (kind === "key") await trimKeySessions(deps, user.id);
  return { user: rows[0]!, session: started(inserted[0]!.id) };
}
