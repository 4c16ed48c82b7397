import { and, eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { eraseKeepingAnAdmin, isLastAdminRefusal, keepsAnAdmin, notInAdminGroup } from "../admin/admin-group";
import { auditStatement, type AdminOrigin } from "../admin/audit";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { hasRole, mayManageAccount, requireSelf, requireUser } from "../policy/ownership";
import { standingAccount } from "./erase-account";
import { usernameKey } from "./username";
import { isVisibleAccount } from "./visible-account";

/** The account a route names, which must be the caller's; none: the caller's own. */
export interface OwnAccount {
  userId?: number;
}

/**
 * Django's `is_active = False` (the game's `{"deactivate": true}`): the data stays
 * (Django's recommendation), every credential ends at once, and no login succeeds until
 * an admin reactivates the account. The last active admin cannot (409 last_admin): no admin would be left to.
 */
export async function deactivateUser(ctx: Ctx, { userId }: OwnAccount = {}) {
  const { user } = requireSelf(ctx, userId);
  const { deps } = ctx;
  await deps.db
    .batch([
      deps.db.update(users).set({ isActive: false }).where(eq(users.id, user.id)),
      ...revokeAllStatements(deps, user.id),
      keepsAnAdmin(deps, user.id),
    ])
    .catch((err: unknown) => {
      if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
      throw err;
    });
  closeEndedSockets(deps, user.id);
}

/**
 * Twimbol's deactivation: `user_status` off hides the account from everyone else and
 * every credential ends at once, but the account stays able to log in, and the next
 * successful login (through any API) switches it back on, as the Twimbol clients promise.
 */
export async function deactivateProfile(ctx: Ctx, { userId }: OwnAccount = {}) {
  const { user } = requireSelf(ctx, userId);
  const { deps } = ctx;
  await deps.db.batch([
    deps.db.update(users).set({ userStatus: false }).where(eq(users.id, user.id)),
    ...revokeAllStatements(deps, user.id),
  ]);
  closeEndedSockets(deps, user.id);
}

/** Deletion removes the account and, by cascade, everything that hangs off it; media go after the response. */
export async function deleteUser(ctx: Ctx, { userId }: OwnAccount = {}) {
  const { user } = requireSelf(ctx, userId);
  await eraseKeepingAnAdmin(ctx.deps, user.id);
}

/**
 * MediaCMS's `DELETE /api/v1/users/{username}`: the user themself, a manager or an admin,
 * but an account in the `admin` group only by an admin. Someone else's deletion is audited.
 * An account others may not see is unknown to everyone but those who may delete it.
 */
export async function deleteAccountByUsername(
  ctx: Ctx,
  { username, origin }: { username: string; origin?: AdminOrigin },
) {
  const viewer = requireUser(ctx);
  const target = await ctx.deps.db
    .select({
      id: users.id,
      username: users.username,
      isActive: users.isActive,
      userStatus: users.userStatus,
      isBanned: users.isBanned,
    })
    .from(users)
    .where(eq(users.usernameKey, usernameKey(username)))
    .get();
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const mayDelete = mayManageAccount(viewer, target.id);
  if (!mayDelete && !isVisibleAccount(target)) throw new DomainError("NOT_FOUND", "user");
  if (!mayDelete) throw new DomainError("FORBIDDEN", "not_owner");
  if (viewer.user.id === target.id) {
    await eraseKeepingAnAdmin(ctx.deps, target.id);
    return;
  }
  // Only an admin may delete an admin: a manager's erase and its audit row are both guarded on it, in one batch.
  const allowed = hasRole(viewer, "admin") ? undefined : notInAdminGroup(ctx.deps, target.id);
  const deleted = await eraseKeepingAnAdmin(ctx.deps, target.id, {
    onlyIf: allowed,
    first: auditStatement(ctx.deps, viewer, origin, {
      action: "user.delete",
      objectType: "user",
      objectId: target.id,
      detail: { username: target.username, via: "mediacms" },
      onlyIf: { from: users, where: and(standingAccount(target.id), allowed)! },
    }),
  });
  if (!deleted) throw new DomainError("FORBIDDEN", "not_owner");
}
