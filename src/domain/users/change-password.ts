import { and, eq, sql, type SQL } from "drizzle-orm";
import { users } from "../../db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { hashPassword } from "../../infra/password-hash";
import { guessPassword } from "../auth/authenticate";
import { assertNotLocked, clearCachedLock } from "../auth/lockout";
import { closeEndedSockets, revokeAllStatements, revokeOtherSessionsStatement } from "../auth/sessions";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { mails } from "../mail/messages";
import { MSG, checkPassword } from "./account-rules";
import { addFieldError, validationError, type FieldErrors } from "../errors";
import { requireSelf } from "../policy/ownership";

export const WRONG_OLD_PASSWORD = "Your old password was entered incorrectly. Please enter it again.";
const SAME_PASSWORD = "The new password is the same as the old one.";

export interface PasswordChange {
  /** The account the route names, which must be the caller's; none: the caller's own. */
  userId?: number;
  oldPassword: string;
  newPassword: string;
  /** When given, must equal `newPassword`. */
  newPasswordConfirm?: string;
  /** The game's rule: the new password must differ from the old one (Django itself allows it). */
  mustDiffer?: boolean;
}

/**
 * Replaces the viewer's password after checking the old one. Field keys: `old_password`,
 * `new_password`, `new_password_confirm`. Every other session and token of the user
 * ends; the one the change came through keeps working (Django's `update_session_auth_hash`),
 * so a client is not logged out by its own change.
 * The old password is a guess under the login lockout (it holds a slot while tested);
 * the new hash is written only if the hash it was checked against is still stored.
 */
export async function changePassword(ctx: Ctx, change: PasswordChange) {
  const viewer = requireSelf(ctx, change.userId);
  const { deps } = ctx;
  const { user } = viewer;
  const fields: FieldErrors = {};
  assertNotLocked(deps, user);
  const { ok } = await guessPassword(deps, user, change.oldPassword);
  if (!ok) addFieldError(fields, "old_password", "password_incorrect", WRONG_OLD_PASSWORD);
  if (ok && change.mustDiffer && change.newPassword === change.oldPassword) {
    addFieldError(fields, "new_password", "password_unchanged", SAME_PASSWORD);
  } else if (change.newPasswordConfirm !== undefined && change.newPasswordConfirm !== change.newPassword) {
    addFieldError(fields, "new_password_confirm", "password_mismatch", MSG.passwordMismatch);
  } else {
    checkPassword(fields, "new_password", change.newPassword, user);
  }
  if (Object.keys(fields).length) {
    throw validationError(fields);
  }
  const changed = await setPassword(deps, user, change.newPassword, {
    guard: eq(users.passwordHash, user.passwordHash),
    keepSession: viewer.sessionId,
  });
  if (!changed)
    throw validationError({ old_password: [{ code: "password_incorrect", message: WRONG_OLD_PASSWORD }] });
  if (user.email) deps.defer(deps.mailer.send(mails.passwordChanged(user.email, user.username)));
}

export interface SetPasswordOptions {
  /**
   * Written in the same atomic batch (e.g. spent reset codes). As a function it is given the
   * condition "this call's hash landed", for writes that must not outlive a refused guard.
   */
  alsoInBatch?: BatchItem<"sqlite">[] | ((applied: SQL) => BatchItem<"sqlite">[]);
  /** All of it happens only if the user's row meets this at that instant. */
  guard?: SQL;
  /** The session that survives (a change by the user); without it every credential ends (a reset). */
  keepSession?: number;
}

/**
 * Stores a new password hash, lifts any lockout (D1 and its KV cache) and revokes the
 * user's credentials (all of them, or all but `keepSession`), atomically with
 * `alsoInBatch`. Answers whether it happened (false when `guard` failed).
 */
export async function setPassword(
  deps: Deps,
  user: { id: number; usernameKey: string },
  password: string,
  { alsoInBatch = [], guard, keepSession }: SetPasswordOptions = {},
): Promise<boolean> {
  const passwordHash = await hashPassword(password, deps.hashParams);
  // The fresh hash (its salt is random) marks the row as changed by this very call.
  const applied = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${user.id} AND ${users.passwordHash} = ${passwordHash})`;
  const revoke =
    keepSession === undefined
      ? revokeAllStatements(deps, user.id, applied)
      : [revokeOtherSessionsStatement(deps, user.id, keepSession, applied)];
  const [updated] = await deps.db.batch([
    deps.db
      .update(users)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(guard ? and(eq(users.id, user.id), guard) : eq(users.id, user.id))
      .returning({ id: users.id }),
    ...revoke,
    ...(typeof alsoInBatch === "function" ? alsoInBatch(applied) : alsoInBatch),
  ]);
  if (!updated.length) return false;
  clearCachedLock(deps, user.usernameKey);
  closeEndedSockets(deps, user.id);
  return true;
}
