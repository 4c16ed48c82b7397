import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { postLikes, posts, users } from "../../db/schema";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { mayManageAccount, requireSelf, requireUser } from "../policy/ownership";
import { usernameKey } from "./username";
import { isVisibleAccount } from "./visible-account";

/** The account a route names, which must be the caller's; none: the caller's own. */
export interface OwnAccount {
  userId?: number;
}

/**
 * Django's `is_active = False` (the game's `{"deactivate": true}`): the data stays
 * (Django's recommendation), every credential ends at once, and no login succeeds until
 * an admin reactivates the account.
 */
export async function deactivateUser(ctx: Ctx, { userId }: OwnAccount = {}) {
  const { user } = requireSelf(ctx, userId);
  const { deps } = ctx;
  await deps.db.batch([deps.db.update(users).set({ isActive: false }).where(eq(users.id, user.id)), ...revokeAllStatements(deps, user.id)]);
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
  await deps.db.batch([deps.db.update(users).set({ userStatus: false }).where(eq(users.id, user.id)), ...revokeAllStatements(deps, user.id)]);
  closeEndedSockets(deps, user.id);
}

/** Deletion removes the account and, by cascade, everything that hangs off it; media go after the response. */
export async function deleteUser(ctx: Ctx, { userId }: OwnAccount = {}) {
  const { user } = requireSelf(ctx, userId);
  await eraseAccount(ctx.deps, user.id);
}

/**
 * MediaCMS's `DELETE /api/v1/users/{username}`: the user themself, a manager or an admin.
 * An account others may not see is unknown to everyone but those who may delete it.
 */
export async function deleteAccountByUsername(ctx: Ctx, { username }: { username: string }) {
  const viewer = requireUser(ctx);
  const target = await ctx.deps.db
    .select({ id: users.id, isActive: users.isActive, userStatus: users.userStatus, isBanned: users.isBanned })
    .from(users)
    .where(eq(users.usernameKey, usernameKey(username)))
    .get();
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const mayDelete = mayManageAccount(viewer, target.id);
  if (!mayDelete && !isVisibleAccount(target)) throw new DomainError("NOT_FOUND", "user");
  if (!mayDelete) throw new DomainError("FORBIDDEN", "not_owner");
  await eraseAccount(ctx.deps, target.id);
}

/**
 * One batch: the R2 keys of the account and its posts are read, the likes it gave are taken
 * off other users' posts (their rows go by cascade, the counters would not), and the user row
 * is deleted; the foreign keys cascade to sessions, posts, likes, hides, reports, comments,
 * follows, blocks, notifications, codes and contact mails. Sockets and R2 objects go after.
 */
async function eraseAccount(deps: Deps, userId: number) {
  const [postKeys, , deleted] = await deps.db.batch([
    deps.db.select({ bannerKey: posts.bannerKey, videoKey: posts.videoKey, thumbnailKey: posts.thumbnailKey }).from(posts).where(eq(posts.createdBy, userId)),
    deps.db
      .update(posts)
      .set({ likeCount: sql`max(${posts.likeCount} - 1, 0)` })
      .where(and(inArray(posts.id, deps.db.select({ id: postLikes.postId }).from(postLikes).where(eq(postLikes.userId, userId))), ne(posts.createdBy, userId))),
    deps.db.delete(users).where(eq(users.id, userId)).returning({ avatarKey: users.avatarKey, bannerKey: users.bannerKey }),
  ]);
  closeEndedSockets(deps, userId);
  const keys = [...deleted.flatMap((u) => [u.avatarKey, u.bannerKey]), ...postKeys.flatMap((p) => [p.bannerKey, p.videoKey, p.thumbnailKey])];
  for (const key of keys) if (key) deps.defer(deps.media.delete(key));
}
