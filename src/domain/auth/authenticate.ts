import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../infra/password-hash";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { usernameKey } from "../users/account-rules";
import { cacheLock, cachedLockUntil, clearCachedLock, countFailedPassword, userNotLocked } from "./lockout";

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Checks a username and password, shared by every login route of every API so they
 * share one lockout counter. Throws INVALID_CREDENTIALS with reason `unknown_user`,
 * `bad_password` or `inactive`, or LOCKED.
 */
export async function authenticate(deps: Deps, { username, password }: Credentials): Promise<UserRow> {
  const loginKey = usernameKey(username);
  if (await cachedLockUntil(deps, loginKey)) throw new DomainError("LOCKED");

  const user = await deps.db.select().from(users).where(eq(users.usernameKey, loginKey)).get();
  if (!user) {
    await burnPasswordCheck(password, deps.hashParams);
    throw new DomainError("INVALID_CREDENTIALS", "unknown_user");
  }
  const now = deps.clock.now().getTime();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    cacheLock(deps, loginKey, user.lockedUntil.getTime());
    throw new DomainError("LOCKED");
  }

  const { ok, needsRehash } = await verifyPassword(password, user.passwordHash, deps.hashParams);
  if (!ok) {
    await countFailedPassword(deps, user);
    throw new DomainError("INVALID_CREDENTIALS", "bad_password");
  }
  if (!user.isActive || user.isBanned) throw new DomainError("INVALID_CREDENTIALS", "inactive");

  const passwordHash = needsRehash ? await hashPassword(password, deps.hashParams) : user.passwordHash;
  const updated = await deps.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLogin: new Date(now), passwordHash })
    .where(userNotLocked(user.id, now))
    .returning()
    .get();
  if (!updated) throw new DomainError("LOCKED");
  if (user.failedLogins > 0) clearCachedLock(deps, loginKey);
  return updated;
}
