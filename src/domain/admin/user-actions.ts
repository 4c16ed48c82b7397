import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { clearCachedLock } from "../auth/lockout";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";
import { auditStatement, type AdminOrigin } from "./audit";

interface UserAction {
  userId: number;
  origin?: AdminOrigin;
}

async function targetOf(ctx: Ctx, userId: number) {
  const user = Number.isSafeInteger(userId) ? await ctx.deps.db.select().from(users).where(eq(users.id, userId)).get() : undefined;
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
    auditStatement(deps, admin, origin, { action: "user.unlock", objectType: "user", objectId: userId, detail: { failedLogins: target.failedLogins } }),
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
    auditStatement(deps, admin, origin, { action: "user.end_sessions", objectType: "user", objectId: userId }),
  ]);
  closeEndedSockets(deps, userId);
}

/** Deletes the account and, by cascade, everything that hangs off it; its media leave R2 after the response. */
export async function adminDeleteUser(ctx: Ctx, { userId, origin }: UserAction) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const target = await targetOf(ctx, userId);
  // Logged first, while the account still stands, so a raced second deletion logs nothing.
  const [logged] = await deps.db.batch([
    auditStatement(deps, admin, origin, {
      action: "user.delete",
      objectType: "user",
      objectId: userId,
      detail: { username: target.username },
      onlyIf: { from: users, where: eq(users.id, userId) },
    }),
    deps.db.delete(users).where(eq(users.id, userId)),
  ]);
  if (!logged.length) throw new DomainError("NOT_FOUND", "user");
  closeEndedSockets(deps, userId);
  for (const key of [target.avatarKey, target.bannerKey]) if (key) deps.defer(deps.media.delete(key));
}
