import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { clearCachedLock } from "../auth/lockout";
import type { Ctx } from "../context";
import { validationError, type FieldErrors } from "../errors";
import { requireSelf } from "../policy/ownership";
import { checkEmail, checkName, checkUsername, normalizeUsername, usernameKey } from "./account-rules";
import { emailColumns, verifyChangedEmail } from "./email-verification";
import { checkAvailable } from "./register-user";
import { isUniqueViolation } from "./unique-violation";

export interface AccountChanges {
  username?: string;
  email?: string | null;
  firstName?: string;
  lastName?: string;
}

/** Edits the identity fields of an account (username, email, names) with the same rules as registration. */
export async function updateAccount(ctx: Ctx, { userId, changes }: { userId?: number; changes: AccountChanges }) {
  const { user } = requireSelf(ctx, userId);
  const { deps } = ctx;
  const fields: FieldErrors = {};
  const patch: Partial<typeof users.$inferInsert> = {};
  if (changes.username !== undefined) {
    const username = normalizeUsername(changes.username);
    checkUsername(fields, "username", username);
    Object.assign(patch, { username, usernameKey: usernameKey(username) });
  }
  if (changes.email !== undefined) {
    const email = changes.email?.trim() || null;
    if (email) checkEmail(fields, "email", email);
    Object.assign(patch, emailColumns(user, email));
  }
  if (changes.firstName !== undefined) {
    checkName(fields, "first_name", changes.firstName);
    patch.firstName = changes.firstName;
  }
  if (changes.lastName !== undefined) {
    checkName(fields, "last_name", changes.lastName);
    patch.lastName = changes.lastName;
  }
  await checkAvailable(deps, fields, { username: patch.username, email: patch.email }, user.id);
  if (Object.keys(fields).length) throw validationError(fields);
  if (Object.keys(patch).length === 0) return user;
  try {
    const updated = await deps.db.update(users).set(patch).where(eq(users.id, user.id)).returning().get();
    // A cached lock belongs to the old name; left behind it could refuse whoever takes that name next.
    if (patch.usernameKey && patch.usernameKey !== user.usernameKey) clearCachedLock(deps, user.usernameKey);
    if (updated) await verifyChangedEmail(deps, user, updated);
    return updated ?? user;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced: FieldErrors = {};
    await checkAvailable(deps, raced, { username: patch.username, email: patch.email }, user.id);
    throw validationError(raced);
  }
}
