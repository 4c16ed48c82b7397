import { count, eq } from "drizzle-orm";
import { mfaTickets, recoveryCodes, totpSecrets, users, type UserRow } from "../../../db/schema";
import type { Ctx } from "../../context";
import type { Deps } from "../../deps";
import { auditStatement, type AdminOrigin } from "../../admin/audit";
import { DomainError } from "../../errors";
import { mails } from "../../mail/messages";
import { requireAdmin, requireUser } from "../../policy/ownership";
import { guessPassword } from "../authenticate";
import { closeEndedSockets, revokeAllStatements, revokeOtherSessionsStatement } from "../sessions";
import { guessCode, newRecoveryCodes, recoveryCodeRows, totpRowOf } from "./codes";

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(ctx: Ctx): Promise<TwoFactorStatus> {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const [secret, codes] = await deps.db.batch([
    deps.db
      .select({ confirmedAt: totpSecrets.confirmedAt })
      .from(totpSecrets)
      .where(eq(totpSecrets.userId, user.id)),
    deps.db.select({ n: count() }).from(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
  ]);
  const enabled = Boolean(secret[0]?.confirmedAt);
  return { enabled, recoveryCodesLeft: enabled ? (codes[0]?.n ?? 0) : 0 };
}

async function confirmedRow(deps: Deps, userId: number) {
  const row = await totpRowOf(deps, userId);
  if (!row?.confirmedAt) throw new DomainError("CONFLICT", "two_factor_off");
  return row;
}

/** Statements that take 2FA off a user entirely: secret, recovery codes and half-done logins. */
const removalStatements = (deps: Deps, userId: number) =>
  [
    deps.db.delete(totpSecrets).where(eq(totpSecrets.userId, userId)),
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    deps.db.delete(mfaTickets).where(eq(mfaTickets.userId, userId)),
  ] as const;

/**
 * Turns 2FA off, with the password and a current code (a recovery code does too: it is
 * what a user who lost the device holds). Every other session of the user ends, as after a
 * password change: whoever else held one may have been the reason.
 */
export async function turnOffTwoFactor(ctx: Ctx, { code, password }: { code: string; password: string }) {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const { user } = viewer;
  const row = await confirmedRow(deps, user.id);
  const { ok } = await guessPassword(deps, user, password, { release: true });
  if (!ok) throw new DomainError("BAD_REQUEST", "two_factor_password_invalid");
  await guessCode(deps, user, row, code);
  await deps.db.batch([
    ...removalStatements(deps, user.id),
    revokeOtherSessionsStatement(deps, user.id, viewer.sessionId),
  ]);
  closeEndedSockets(deps, user.id);
  mailOff(deps, user);
}

/** Ten new recovery codes for a current code; the old ones die in the same batch. */
export async function regenerateRecoveryCodes(
  ctx: Ctx,
  { code }: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const row = await confirmedRow(deps, user.id);
  await guessCode(deps, user, row, code, { recovery: false });
  const codes = newRecoveryCodes();
  await deps.db.batch([
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    deps.db.insert(recoveryCodes).values(await recoveryCodeRows(user.id, codes)),
  ]);
  return { recoveryCodes: codes };
}

/**
 * An admin takes 2FA off someone who lost their device (the admin panel's "reset 2FA"), and
 * every session of the user ends with it: whoever holds one may be why the device is "lost".
 */
export async function adminResetTwoFactor(
  ctx: Ctx,
  { userId, origin }: { userId: number; origin?: AdminOrigin },
) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const [, , target, removed] = await deps.db.batch([
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    deps.db.delete(mfaTickets).where(eq(mfaTickets.userId, userId)),
    deps.db.select().from(users).where(eq(users.id, userId)),
    deps.db
      .delete(totpSecrets)
      .where(eq(totpSecrets.userId, userId))
      .returning({ confirmedAt: totpSecrets.confirmedAt }),
    auditStatement(deps, admin, origin, {
      action: "user.reset_2fa",
      objectType: "user",
      objectId: userId,
      onlyIf: { from: users, where: eq(users.id, userId) },
    }),
    ...revokeAllStatements(deps, userId),
  ]);
  if (!target[0]) throw new DomainError("NOT_FOUND", "user");
  closeEndedSockets(deps, userId);
  if (removed[0]?.confirmedAt) mailOff(deps, target[0]);
}

function mailOff(deps: Deps, user: UserRow) {
  if (user.email) deps.defer(deps.mailer.send(mails.twoFactorDisabled(user.email, user.username)));
}
