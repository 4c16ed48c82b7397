import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { dropLikesOf } from "../posts/marks";
import { requireSelf } from "../policy/ownership";

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
  const { deps } = ctx;
  await deps.db.batch([dropLikesOf(deps.db, user.id), deps.db.delete(users).where(eq(users.id, user.id))]);
  closeEndedSockets(deps, user.id);
  for (const key of [user.avatarKey, user.bannerKey]) if (key) deps.defer(deps.media.delete(key));
}
