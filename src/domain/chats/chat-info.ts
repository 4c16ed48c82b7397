import { and, desc, eq, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { chatAnnouncements, chatMembers, chats, users } from "../../db/schema";
import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { MAX_GROUP_MEMBERS, chatAccess, requireMember } from "./access";

/** The newest announcements a chat's info shows. */
export const INFO_ANNOUNCEMENTS = 50;

/**
 * A chat I am in: its members (deleted accounts included, marked so; at most a group's size)
 * and its newest announcements. A private chat is named and pictured for the other member.
 */
export async function chatInfo(ctx: Ctx, { chatId }: { chatId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireMember(await chatAccess(deps, chatId, me));
  const other = alias(users, "other");
  const otherMember = alias(chatMembers, "other_member");
  const [chat, members, announcements] = await deps.db.batch([
    deps.db
      .select({
        id: chats.id,
        name: chats.name,
        isPrivate: chats.isPrivate,
        pictureKey: chats.pictureKey,
        otherUsername: other.username,
        otherAvatarKey: other.avatarKey,
      })
      .from(chats)
      .leftJoin(
        otherMember,
        and(eq(otherMember.chatId, chats.id), ne(otherMember.userId, me), eq(chats.isPrivate, true)),
      )
      .leftJoin(other, eq(other.id, otherMember.userId))
      .where(eq(chats.id, chatId))
      .limit(1),
    deps.db
      .select({
        id: users.id,
        username: users.username,
        avatarKey: users.avatarKey,
        lastAccessAt: chatMembers.lastAccessAt,
        role: chatMembers.role,
        isDeleted: chatMembers.isDeleted,
      })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(eq(chatMembers.chatId, chatId))
      .orderBy(chatMembers.joinedAt, chatMembers.userId)
      .limit(MAX_GROUP_MEMBERS),
    deps.db
      .select()
      .from(chatAnnouncements)
      .where(eq(chatAnnouncements.chatId, chatId))
      .orderBy(desc(chatAnnouncements.id))
      .limit(INFO_ANNOUNCEMENTS),
  ]);
  return { chat: chat[0]!, members, announcements };
}
