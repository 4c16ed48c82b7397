import { and, eq, or } from "drizzle-orm";
import {
  chatJoinRequests,
  chatMembers,
  friendRequests,
  friendships,
  oneTimeCodes,
  parentLinks,
  parentOtpRequests,
  users,
} from "../../db/schema";
import { randomDigits } from "../../infra/secrets";
import { isLastAdminRefusal, keepsAnAdmin } from "../admin/admin-group";
import { ownershipPassedOn } from "../chats/pass-ownership";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { forgetActorStatements } from "../notifications/forget-actor";
import { requireUser } from "../policy/ownership";
import { usernameKey } from "./account-rules";
import { NO_PERSONAL_DATA } from "./personal-data";

/**
 * Cocotree's account deletion: the row stays (messages keep their sender) but is
 * deactivated and anonymized: a placeholder name no one can have registered (it holds
 * a random part), every personal field cleared. Other users' notifications about it carry
 * the placeholder instead of the old name (which anyone may register again); its own
 * notifications, parental links and codes go; its friendships and pending requests go, it
 * stays in its chats as a deleted member (Cocotree's `is_deleted`), and every session ends,
 * all in one batch (refused while it is the last active admin); its pictures leave R2 after the
 * response. Its posts and comments stay stored but no one else is served them (it is inactive).
 */
export async function anonymizeAccount(ctx: Ctx) {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const placeholder = `deleted_${user.id}_${randomDigits(8)}`;
  await deps.db
    .batch([
      deps.db
        .update(users)
        .set({
          isActive: false,
          username: placeholder,
          usernameKey: usernameKey(placeholder),
          ...NO_PERSONAL_DATA,
        })
        .where(eq(users.id, user.id)),
      ...forgetActorStatements(deps, user.id, placeholder),
      deps.db.delete(parentLinks).where(eq(parentLinks.childId, user.id)),
      deps.db.delete(parentOtpRequests).where(eq(parentOtpRequests.childId, user.id)),
      deps.db.delete(oneTimeCodes).where(eq(oneTimeCodes.userId, user.id)),
      ...revokeAllStatements(deps, user.id),
      deps.db
        .delete(friendships)
        .where(or(eq(friendships.userId, user.id), eq(friendships.friendId, user.id))),
      // Two statements, not one with OR: SQLite's planner fails on that OR next to the partial pending index.
      deps.db
        .delete(friendRequests)
        .where(and(eq(friendRequests.fromUserId, user.id), eq(friendRequests.status, "pending"))),
      deps.db
        .delete(friendRequests)
        .where(and(eq(friendRequests.toUserId, user.id), eq(friendRequests.status, "pending"))),
      ownershipPassedOn(deps, user.id),
      deps.db
        .update(chatMembers)
        .set({ isDeleted: true, unreadCount: 0, role: "member" })
        .where(eq(chatMembers.userId, user.id)),
      deps.db.delete(chatJoinRequests).where(eq(chatJoinRequests.userId, user.id)),
      // The last active admin cannot leave by this door either (409 last_admin): no admin would be left.
      keepsAnAdmin(deps, user.id),
    ])
    .catch((err: unknown) => {
      if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
      throw err;
    });
  closeEndedSockets(deps, user.id);
  for (const key of [user.avatarKey, user.bannerKey]) if (key) deps.defer(deps.media.delete(key));
}
