import { and, eq, or } from "drizzle-orm";
import { chatJoinRequests, chatMembers, friendRequests, friendships, users } from "../../db/schema";
import { randomDigits } from "../../infra/secrets";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { usernameKey } from "./account-rules";

/**
 * Cocotree's account deletion: the row stays (messages keep their sender) but is
 * deactivated and anonymized: a placeholder name no one can have registered (it holds
 * a random part), contact and profile cleared. Its friendships and pending requests go, it
 * stays in its chats as a deleted member (Cocotree's `is_deleted`), and every session ends, all in one batch; its pictures leave R2 after the
 * response.
 */
export async function anonymizeAccount(ctx: Ctx) {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const placeholder = `deleted_${user.id}_${randomDigits(8)}`;
  await deps.db.batch([
    deps.db
      .update(users)
      .set({
        isActive: false,
        username: placeholder,
        usernameKey: usernameKey(placeholder),
        email: null,
        emailKey: null,
        phone: "",
        bio: "",
        avatarKey: null,
        bannerKey: null,
      })
      .where(eq(users.id, user.id)),
    ...revokeAllStatements(deps, user.id),
    deps.db.delete(friendships).where(or(eq(friendships.userId, user.id), eq(friendships.friendId, user.id))),
    // Two statements, not one with OR: SQLite's planner fails on that OR next to the partial pending index.
    deps.db.delete(friendRequests).where(and(eq(friendRequests.fromUserId, user.id), eq(friendRequests.status, "pending"))),
    deps.db.delete(friendRequests).where(and(eq(friendRequests.toUserId, user.id), eq(friendRequests.status, "pending"))),
    deps.db.update(chatMembers).set({ isDeleted: true, unreadCount: 0 }).where(eq(chatMembers.userId, user.id)),
    deps.db.delete(chatJoinRequests).where(eq(chatJoinRequests.userId, user.id)),
  ]);
  closeEndedSockets(deps, user.id);
  for (const key of [user.avatarKey, user.bannerKey]) if (key) deps.defer(deps.media.delete(key));
}
