import { and, eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { guessPassword } from "../auth/authenticate";
import { assertNotLocked } from "../auth/lockout";
import type { Ctx } from "../context";
import { DomainError, addFieldError, validationError, type FieldErrors } from "../errors";
import { mails } from "../mail/messages";
import { requireUser } from "../policy/ownership";
import { MSG, checkEmail, checkPassword } from "./account-rules";
import { setPassword } from "./change-password";
import { emailColumns, verifyChangedEmail } from "./email-verification";
import { checkAvailable } from "./register-user";
import { isUniqueViolation } from "./unique-violation";
import { PROFILE_FIELDS } from "./update-profile";

export interface SensitiveEdit {
  currentPassword: string | undefined;
  password?: string;
  email?: string | null;
  phone?: string;
}

/**
 * Changes password, email and phone after checking the current password, which is a guess
 * under the shared login lockout. Each new value is checked as at registration. A new
 * password ends every other session and token of the user and keeps the caller's (Django's
 * `update_session_auth_hash`, as on every API); the email and phone go in the same batch.
 */
export async function updateSensitive(ctx: Ctx, edit: SensitiveEdit): Promise<UserRow> {
  const viewer = requireUser(ctx);
  const { user } = viewer;
  const { deps } = ctx;
  if (!edit.currentPassword) throw new DomainError("BAD_REQUEST", "current_password_required");
  assertNotLocked(deps, user);
  const { ok } = await guessPassword(deps, user, edit.currentPassword);
  if (!ok) throw new DomainError("INVALID_CREDENTIALS", "current_password");

  const fields: FieldErrors = {};
  const patch: Partial<typeof users.$inferInsert> = {};
  if (edit.email !== undefined) {
    const email = edit.email?.trim() || null;
    if (email) checkEmail(fields, "email", email);
    Object.assign(patch, emailColumns(user, email));
  }
  if (edit.phone !== undefined) {
    if (edit.phone.length > PROFILE_FIELDS.phone)
      addFieldError(fields, "phone_number", "max_length", MSG.maxLength(PROFILE_FIELDS.phone, edit.phone.length), { max: PROFILE_FIELDS.phone });
    patch.phone = edit.phone;
  }
  if (edit.password !== undefined) checkPassword(fields, "password", edit.password, { username: user.username, email: patch.email ?? user.email });
  await checkAvailable(deps, fields, { email: patch.email }, user.id);
  if (Object.keys(fields).length) {
    throw validationError(fields);
  }
  const unchanged = and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash));
  try {
    if (edit.password !== undefined) {
      const contact = Object.keys(patch).length ? [deps.db.update(users).set(patch).where(eq(users.id, user.id))] : [];
      const changed = await setPassword(deps, user, edit.password, { guard: eq(users.passwordHash, user.passwordHash), alsoInBatch: contact, keepSession: viewer.sessionId });
      if (!changed) throw new DomainError("INVALID_CREDENTIALS", "current_password");
      if (user.email) deps.defer(deps.mailer.send(mails.passwordChanged(user.email, user.username)));
      const after = { ...user, ...patch };
      await verifyChangedEmail(deps, user, after);
      return after;
    }
    const updated = await deps.db
      .update(users)
      .set({ ...patch, failedLogins: 0, lockedUntil: null })
      .where(unchanged)
      .returning()
      .get();
    if (!updated) throw new DomainError("INVALID_CREDENTIALS", "current_password");
    await verifyChangedEmail(deps, user, updated);
    return updated;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw validationError({ email: [{ code: "unique", message: MSG.emailTaken }] });
  }
}
