import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { chatMembers, chats, messages, users } from "../../db/schema";
import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";

/**
 * My chats with their latest message, my unread count and, for a private chat, the other
 * member as its name and picture: one query, pinned first, then by latest activity.
 */
export async function listChats(ctx: Ctx) {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  const latest = alias(messages, "latest");
  const sender = alias(users, "sender");
  const other = alias(users, "other");
  const otherMember = alias(chatMembers, "other_member");
  const rows = await db
    .select({
      id: chats.id,
      name: chats.name,
      isPrivate: chats.isPrivate,
      pictureKey: chats.pictureKey,
      createdAt: chats.createdAt,
      muted: chatMembers.muted,
      pinned: chatMembers.pinned,
      unread: chatMembers.unreadCount,
      latestType: latest.messageType,
      latestContent: latest.content,
      latestAt: latest.timestamp,
      latestUsername: sender.username,
      otherUsername: other.username,
      otherAvatarKey: other.avatarKey,
    })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .leftJoin(
      latest,
      eq(
        latest.id,
        sql`(SELECT MAX(${messages.id}) FROM ${messages} WHERE ${messages.chatId} = ${chats.id})`,
      ),
    )
    .leftJoin(sender, eq(sender.id, latest.senderId))
    .leftJoin(
      otherMember,
      and(eq(otherMember.chatId, chats.id), sql`${otherMember.userId} != ${me}`, eq(chats.isPrivate, true)),
    )
    .leftJoin(other, eq(other.id, otherMember.userId))
    .where(and(eq(chatMembers.userId, me), eq(chatMembers.isDeleted, false)))
    .orderBy(
      desc(chatMembers.pinned),
      sql`COALESCE(${latest.timestamp}, ${chats.createdAt}) DESC`,
      desc(chats.id),
    )
    .all();
  return rows;
}

export type ChatListRow = Awaited<ReturnType<typeof listChats>>[number];

export const MESSAGES_MAX = 100;

/** A message as every chat answer shows it. */
export const messageColumns = {
  id: messages.id,
  senderId: messages.senderId,
  replyId: messages.replyId,
  replyCount: messages.replyCount,
  content: messages.content,
  messageType: messages.messageType,
  timestamp: messages.timestamp,
  fileUrl: messages.fileUrl,
};

export interface MessagesInput {
  chatId: number;
  /** -1: from the newest. */
  messageId: number;
  after: boolean;
  count: number;
}

export interface MessageRow {
  id: number;
  senderId: number | null;
  replyId: number | null;
  replyCount: number;
  content: string;
  messageType: string;
  timestamp: Date;
  fileUrl: string | null;
}
