import { and, eq, sql, type SQL } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { hashPassword } from "../../infra/password-hash";
import { guessPassword } from "../auth/authenticate";
import { assertNotLocked, clearCachedLock, settleRightGuess } from "../auth/lockout";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Deps } from "../deps";
import { mails } from "../mail/messages";
import { MSG, checkPassword } from "./account-rules";
import { addFieldError, validationError, type FieldErrors } from "../errors";

export const WRONG_OLD_PASSWORD = "Your old password was entered incorrectly. Please enter it again.";

export interface PasswordChange {
  oldPassword: string;
  newPassword: string;
  /** When given, must equal `newPassword`. */
  newPasswordConfirm?: string;
}

/**
 * Replaces the password after checking the old one. Field keys: `old_password`,
 * `new_password`, `new_password_confirm`. Every session and token of the user ends.
 * The old password is a guess under the login lockout (counted before it is tested);
 * the new hash is written only if the hash it was checked against is still stored.
 */
export async function changePassword(deps: Deps, user: UserRow, change: PasswordChange) {
  const fields: FieldErrors = {};
  assertNotLocked(deps, user);
  const { ok } = await guessPassword(deps, user, change.oldPassword);
  if (!ok) addFieldError(fields, "old_password", "password_incorrect", WRONG_OLD_PASSWORD);
  if (change.newPasswordConfirm !== undefined && change.newPasswordConfirm !== change.newPassword) {
    addFieldError(fields, "new_password_confirm", "password_mismatch", MSG.passwordMismatch);
  } else {
    checkPassword(fields, "new_password", change.newPassword, user);
  }
  if (Object.keys(fields).length) {
    if (ok) await settleRightGuess(deps, user);
    throw validationError(fields);
  }
  const changed = await setPassword(deps, user, change.newPassword, [], eq(users.passwordHash, user.passwordHash));
  if (!changed) throw validationError({ old_password: [{ code: "password_incorrect", message: WRONG_OLD_PASSWORD }] });
  if (user.email) deps.defer(deps.mailer.send(mails.passwordChanged(user.email, user.username)));
}

/**
 * Stores a new password hash, lifts any lockout (D1 and its KV cache) and revokes every
 * credential, with `alsoInBatch` (e.g. spent reset codes) in the same atomic batch.
 * With `guard`, all of it happens only if the user's row meets it at that instant;
 * answers whether it happened.
 */
export async function setPassword(
  deps: Deps,
  user: { id: number; usernameKey: string },
  password: string,
  alsoInBatch: BatchItem<"sqlite">[] = [],
  guard?: SQL,
): Promise<boolean> {
  const passwordHash = await hashPassword(password, deps.hashParams);
  // The fresh hash (its salt is random) marks the row as changed by this very call.
  const applied = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${user.id} AND ${users.passwordHash} = ${passwordHash})`;
  const [updated] = await deps.db.batch([
    deps.db
      .update(users)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(guard ? and(eq(users.id, user.id), guard) : eq(users.id, user.id))
      .returning({ id: users.id }),
    ...revokeAllStatements(deps, user.id, applied),
    ...alsoInBatch,
  ]);
  if (!updated.length) return false;
  clearCachedLock(deps, user.usernameKey);
  closeEndedSockets(deps, user.id);
  return true;
}
