import { users } from "../../db/schema";
import type { Ctx } from "../context";
import { addFieldError, DomainError, validationError, type FieldErrors } from "../errors";
import { mails } from "../mail/messages";
import { requireAdmin } from "../policy/ownership";
import { checkPassword, MSG } from "../users/account-rules";
import { setPassword } from "../users/change-password";
import { standingAccount } from "../users/erase-account";
import { auditStatement, type AdminOrigin } from "./audit";

/** Hashing is the costly step: a longer value is refused before it is hashed. */
export const ADMIN_PASSWORD_MAX = 1024;

/**
 * An admin gives another account a new password (Django admin's "change password" form): the
 * registration rules apply, the hash is stored as any other, and every session and token of the
 * account ends (credentials_version bumps), so whoever held it is out at their next request. The
 * audit row is in the same batch. Not on the admin's own account: that would end the very panel
 * session it came through, and an admin changes their own password knowing the old one, as anyone.
 * Field key: `password`.
 */
export async function adminSetPassword(
  ctx: Ctx,
  { userId, password, origin }: { userId: number; password: string; origin?: AdminOrigin },
) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  if (admin.user.id === userId) throw new DomainError("FORBIDDEN", "admin_self");
  const target = Number.isSafeInteger(userId)
    ? await deps.db.select().from(users).where(standingAccount(userId)).get()
    : undefined;
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const fields: FieldErrors = {};
  if (password.length > ADMIN_PASSWORD_MAX)
    addFieldError(fields, "password", "max_length", MSG.maxLength(ADMIN_PASSWORD_MAX, password.length), {
      max: ADMIN_PASSWORD_MAX,
    });
  else checkPassword(fields, "password", password, target);
  if (Object.keys(fields).length) throw validationError(fields);
  const changed = await setPassword(deps, target, password, {
    guard: standingAccount(userId),
    alsoInBatch: [
      auditStatement(deps, admin, origin, {
        action: "user.set_password",
        objectType: "user",
        objectId: userId,
        onlyIf: { from: users, where: standingAccount(userId) },
      }),
    ],
  });
  // Deleted between the read and the batch.
  if (!changed) throw new DomainError("NOT_FOUND", "user");
  if (target.email) deps.defer(deps.mailer.send(mails.passwordChanged(target.email, target.username)));
}
