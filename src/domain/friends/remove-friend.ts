import { and, eq, or, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { chatMembers, chats, friendships, messages, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { visibleAccount } from "../users/visible-account";
import { pairKey } from "./friendship";

/** What the system message in the pair's chat says, in the domain's (surface-neutral) data. */
export const removalMessage = (username: string) => `${username} removed you as a friend`;

/**
 * Ends a friendship: both directed rows go, and the pair's private chat gets a system
 * message. The message and the notification come first in the batch, guarded on the
 * friendship still being there, so a removal repeated at once posts them once.
 */
export async function removeFriend(ctx: Ctx, { friendId }: { friendId: number }) {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const me = viewer.user.id;
  const row = await deps.db
    .select({
      id: users.id,
      sides: sql<number>`(SELECT COUNT(*) FROM ${friendships} WHERE (${friendships.userId} = ${me} AND ${friendships.friendId} = ${users.id}) OR (${friendships.userId} = ${users.id} AND ${friendships.friendId} = ${me}))`,
    })
    .from(users)
    .where(and(eq(users.id, friendId), visibleAccount()))
    .get();
  if (!row || friendId === me) throw new DomainError("NOT_FOUND", "user_lookup");
  if (row.sides !== 2) throw new DomainError("NOT_FOUND", "friendship_pair");

  const now = deps.clock.now();
  const stillFriends = sql`EXISTS (SELECT 1 FROM ${friendships} WHERE ${friendships.userId} = ${me} AND ${friendships.friendId} = ${friendId})`;
  const told = notification(deps, and(eq(users.id, friendId), stillFriends)!, {
    type: "friend_removed",
    actorId: me,
    username: viewer.user.username,
  });
  const [recorded, , , removed] = await deps.db.batch([
    told.statement,
    guardedInsert(
      deps.db,
      messages,
      {
        chatId: chats.id,
        senderId: null,
        replyId: null,
        messageType: "system",
        content: removalMessage(viewer.user.username),
        fileUrl: null,
        timestamp: now,
      },
      { from: chats, where: and(eq(chats.pairKey, pairKey(me, friendId)), stillFriends)! },
    ),
    deps.db
      .update(chatMembers)
      .set({ unreadCount: sql`${chatMembers.unreadCount} + 1` })
      .where(
        and(
          sql`${chatMembers.chatId} = (SELECT ${chats.id} FROM ${chats} WHERE ${chats.pairKey} = ${pairKey(me, friendId)})`,
          stillFriends,
        ),
      ),
    deps.db
      .delete(friendships)
      .where(
        or(
          and(eq(friendships.userId, me), eq(friendships.friendId, friendId)),
          and(eq(friendships.userId, friendId), eq(friendships.friendId, me)),
        ),
      )
      .returning({ userId: friendships.userId }),
  ]);
  if (!removed.length) throw new DomainError("NOT_FOUND", "friendship_pair");
  told.afterCommit(recorded);
}
