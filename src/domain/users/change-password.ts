import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { hashPassword, verifyPassword } from "../../infra/password-hash";
import { assertNotLocked, clearCachedLock, countFailedPassword } from "../auth/lockout";
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
 */
export async function changePassword(deps: Deps, user: UserRow, change: PasswordChange) {
  const fields: FieldErrors = {};
  assertNotLocked(deps, user);
  const { ok } = await verifyPassword(change.oldPassword, user.passwordHash, deps.hashParams);
  if (!ok) {
    await countFailedPassword(deps, user);
    addFieldError(fields, "old_password", "password_incorrect", WRONG_OLD_PASSWORD);
  }
  if (change.newPasswordConfirm !== undefined && change.newPasswordConfirm !== change.newPassword) {
    addFieldError(fields, "new_password_confirm", "password_mismatch", MSG.passwordMismatch);
  } else {
    checkPassword(fields, "new_password", change.newPassword, user);
  }
  if (Object.keys(fields).length) throw validationError(fields);
  await setPassword(deps, user, change.newPassword);
  if (user.email) deps.defer(deps.mailer.send(mails.passwordChanged(user.email, user.username)));
}

/**
 * Stores a new password hash, lifts any lockout (D1 and its KV cache) and revokes every
 * credential, with `alsoInBatch` (e.g. spent reset codes) in the same atomic batch.
 */
export async function setPassword(deps: Deps, user: { id: number; usernameKey: string }, password: string, alsoInBatch: BatchItem<"sqlite">[] = []) {
  const passwordHash = await hashPassword(password, deps.hashParams);
  await deps.db.batch([
    deps.db.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)),
    ...revokeAllStatements(deps, user.id),
    ...alsoInBatch,
  ]);
  clearCachedLock(deps, user.usernameKey);
  closeEndedSockets(deps, user.id);
}
