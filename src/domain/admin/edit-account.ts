import { users, type UserRow } from "../../db/schema";
import { clearCachedLock } from "../auth/lockout";
import type { Ctx } from "../context";
import { addFieldError, DomainError, validationError, type FieldErrors } from "../errors";
import { requireAdmin } from "../policy/ownership";
import { checkEmail, checkUsername, emailKey, MSG, normalizeUsername, usernameKey } from "../users/account-rules";
import { standingAccount } from "../users/erase-account";
import { checkAvailable } from "../users/register-user";
import { isUniqueViolation } from "../users/unique-violation";
import { PROFILE_FIELDS, type ProfileChanges } from "../users/update-profile";
import { auditStatement, type AdminOrigin } from "./audit";

export interface AdminAccountChanges extends ProfileChanges {
  username?: string;
  /** Empty or null: no address. */
  email?: string | null;
}

/**
 * An admin edits another account's identity and profile text with the rules the user meets
 * (registration's for username and email, the column limits for the rest); field keys are the
 * change's own keys. A new address is unverified until its owner proves it. The audit row (which
 * fields changed, and the username before and after) is in the write's batch, only if the write hit.
 */
export async function adminEditAccount(ctx: Ctx, { userId, changes, origin }: { userId: number; changes: AdminAccountChanges; origin?: AdminOrigin }): Promise<UserRow> {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const target = Number.isSafeInteger(userId) ? await deps.db.select().from(users).where(standingAccount(userId)).get() : undefined;
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const fields: FieldErrors = {};
  const patch: Partial<typeof users.$inferInsert> = {};
  const { username: rawUsername, email: rawEmail, ...profile } = changes;
  if (rawUsername !== undefined) {
    const username = normalizeUsername(rawUsername);
    if (username !== target.username) {
      checkUsername(fields, "username", username);
      Object.assign(patch, { username, usernameKey: usernameKey(username) });
    }
  }
  if (rawEmail !== undefined) {
    const email = rawEmail?.trim() || null;
    if (email !== target.email) {
      if (email) checkEmail(fields, "email", email);
      Object.assign(patch, { email, emailKey: email ? emailKey(email) : null, emailIsVerified: false });
    }
  }
  for (const [key, value] of Object.entries(profile) as [keyof typeof PROFILE_FIELDS, string | undefined][]) {
    if (value === undefined || value === target[key]) continue;
    const max = PROFILE_FIELDS[key];
    if (value.length > max) addFieldError(fields, key, "max_length", MSG.maxLength(max, value.length), { max });
    patch[key] = value;
  }
  await checkAvailable(deps, fields, { username: patch.username, email: patch.email }, userId);
  if (Object.keys(fields).length) throw validationError(fields);
  const changed = Object.keys(patch).filter((k) => k !== "usernameKey" && k !== "emailKey" && k !== "emailIsVerified");
  if (!changed.length) return target;
  const detail = { fields: changed, ...(patch.username ? { username: { from: target.username, to: patch.username } } : {}) };
  try {
    const [updated] = await deps.db.batch([
      deps.db.update(users).set(patch).where(standingAccount(userId)).returning(),
      auditStatement(deps, admin, origin, { action: "user.edit", objectType: "user", objectId: userId, detail, onlyIf: { from: users, where: standingAccount(userId) } }),
    ]);
    if (!updated[0]) throw new DomainError("NOT_FOUND", "user");
    // A cached lock belongs to the old name; left behind it could refuse whoever takes that name next.
    if (patch.usernameKey) clearCachedLock(deps, target.usernameKey);
    return updated[0];
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced: FieldErrors = {};
    await checkAvailable(deps, raced, { username: patch.username, email: patch.email }, userId);
    throw validationError(Object.keys(raced).length ? raced : { username: [{ code: "unique", message: MSG.usernameTaken }] });
  }
}
