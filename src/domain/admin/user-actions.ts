import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { clearCachedLock } from "../auth/lockout";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";
import { standingAccount } from "../users/erase-account";
import { eraseKeepingAnAdmin } from "./admin-group";
import { auditStatement, type AdminOrigin } from "./audit";

interface UserAction {
  userId: number;
  origin?: AdminOrigin;
}

/** A deleted account is gone for admins too, while the cron purges what hung on it. */
async function targetOf(ctx: Ctx, userId: number) {
  const user = Number.isSafeInteger(userId)
    ? await ctx.deps.db.select().from(users).where(standingAccount(userId)).get()
    : undefined;
  if (!user) throw new DomainError("NOT_FOUND", "user");
  return user;
}

/** Clears the shared login lockout (D1's counter and KV's cached lock) so the user may try again now. */
export async function adminUnlockUser(ctx: Ctx, { userId, origin }: UserAction) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const target = await targetOf(ctx, userId);
  await deps.db.batch([
    deps.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId)),
    auditStatement(deps, admin, origin, {
      action: "user.unlock",
      objectType: "user",
      objectId: userId,
      detail: { failedLogins: target.failedLogins },
    }),
  ]);
  clearCachedLock(deps, target.usernameKey);
}

/** Ends every session and token of the user (cookies, the panel's own, refresh tokens) at once. */
export async function adminEndSessions(ctx: Ctx, { userId, origin }: UserAction) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  await targetOf(ctx, userId);
  await deps.db.batch([
    ...revokeAllStatements(deps, userId),
    auditStatement(deps, admin, origin, {
      action: "user.end_sessions",
      objectType: "user",
      objectId: userId,
    }),
  ]);
  closeEndedSockets(deps, userId);
}

/**
 * The same erase as every other deletion (media, uploads, counters), with the audit row in its
 * batch. An admin never deletes themself, and the batch fails if it would leave no active admin.
 */
export async function adminDeleteUser(ctx: Ctx, { userId, origin }: UserAction) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  if (admin.user.id === userId) throw new DomainError("FORBIDDEN", "admin_self");
  const target = await targetOf(ctx, userId);
  // Logged first, while the account still stands, so a raced second deletion logs nothing.
  const deleted = await eraseKeepingAnAdmin(deps, userId, {
    first: auditStatement(deps, admin, origin, {
      action: "user.delete",
      objectType: "user",
      objectId: userId,
      detail: { username: target.username },
      onlyIf: { from: users, where: standingAccount(userId) },
    }),
  });
  if (!deleted) throw new DomainError("NOT_FOUND", "user");
}
