import type { Role, Viewer } from "../auth/viewer";
import type { Ctx } from "../context";
import { DomainError } from "../errors";

export const hasRole = (viewer: Viewer, role: Role) => viewer.groups.includes(role);

/** The signed-in user a verb acts as; system work and anonymous callers have none. */
export function requireUser(ctx: Ctx): Viewer {
  if (ctx.actor.kind !== "user") throw new DomainError("UNAUTHENTICATED");
  return ctx.actor.viewer;
}

export function requireAdmin(ctx: Ctx): Viewer {
  const viewer = requireUser(ctx);
  if (!hasRole(viewer, "admin")) throw new DomainError("FORBIDDEN", "not_admin");
  return viewer;
}

/**
 * Users may act only on their own account through the self-service verbs. `undefined`: the
 * route names no account, so it is the caller's own (Twimbol's `/user/delete/`).
 */
export function requireSelf(ctx: Ctx, userId: number | undefined): Viewer {
  const viewer = requireUser(ctx);
  if (userId !== undefined && viewer.user.id !== userId) throw new DomainError("FORBIDDEN", "not_owner");
  return viewer;
}

/** The user themself, or an admin looking at someone else (who then hears not_admin). */
export function requireSelfOrAdmin(ctx: Ctx, userId: number): Viewer {
  const viewer = requireUser(ctx);
  return viewer.user.id === userId ? viewer : requireAdmin(ctx);
}

/** MediaCMS's "is the user or a manager" (IsUserOrManager), which admins pass too. */
export const mayManageAccount = (viewer: Viewer, userId: number) =>
  viewer.user.id === userId || viewer.user.isManager || hasRole(viewer, "admin");

/**
 * The account a per-user read is for: the caller's own (which `userId`, when given, must be),
 * or, for system work such as the live stream's replay, the one it names.
 */
export function accountFor(ctx: Ctx, userId?: number): number {
  if (ctx.actor.kind === "system") {
    if (userId === undefined) throw new Error("system work must name the account it acts for");
    return userId;
  }
  return requireSelf(ctx, userId).user.id;
}
