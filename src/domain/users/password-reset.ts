import { and, eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { consumeCode, deleteCodesStatement, issueCode } from "../codes/one-time-code";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError, validationError, type FieldErrors } from "../errors";
import { mails, sendOrFail } from "../mail/messages";
import { checkPassword, emailKey } from "./account-rules";
import { setPassword } from "./change-password";
import { mayMailResetCode } from "./email-verification";
import { signInAllowed } from "./visible-account";

/** A Twimbol-deactivated owner may reset a forgotten password: the login that follows brings the profile back. */
const activeByEmail = (deps: Deps, email: string) =>
  deps.db
    .select()
    .from(users)
    .where(and(eq(users.emailKey, emailKey(email)), signInAllowed()))
    .get();

/** Mails a 6-digit reset code valid for 10 minutes (to an unverified address only as RESET_TO_UNVERIFIED_EMAIL allows). */
export async function requestPasswordReset({ deps }: Ctx, { email }: { email: string }) {
  const user = await activeByEmail(deps, email);
  if (!user || !user.email) throw new DomainError("NOT_FOUND", "email_unknown");
  if (!mayMailResetCode(deps, user)) throw new DomainError("BAD_REQUEST", "reset_email_unverified");
  const code = await issueCode(deps, { purpose: "password_reset", userId: user.id });
  await sendOrFail((m) => deps.mailer.send(m), mails.passwordResetCode(user.email, code));
}

/**
 * Sets a new password with a mailed code. The new password is checked before the code
 * is spent, so a weak password does not burn it. Success deletes every reset code and
 * ends every session and token of the user.
 */
export async function confirmPasswordReset(
  { deps }: Ctx,
  input: { email: string; code: string; newPassword: string },
): Promise<UserRow> {
  const user = await activeByEmail(deps, input.email);
  if (!user) throw new DomainError("BAD_REQUEST", "reset_invalid");
  const fields: FieldErrors = {};
  checkPassword(fields, "new_password", input.newPassword, user);
  if (Object.keys(fields).length) throw validationError(fields);

  const check = await consumeCode(deps, { purpose: "password_reset", userId: user.id }, input.code);
  if (check === "expired") throw new DomainError("BAD_REQUEST", "reset_expired");
  if (check !== "ok") throw new DomainError("BAD_REQUEST", "reset_invalid");

  await setPassword(deps, user, input.newPassword, {
    alsoInBatch: [deleteCodesStatement(deps, user.id, ["password_reset"])],
  });
  return user;
}
