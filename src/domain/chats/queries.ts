import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { chatMembers, chats, messages, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
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
      unread: sql<number>`(SELECT COUNT(*) FROM ${messages} WHERE ${messages.chatId} = ${chats.id} AND ${messages.id} > COALESCE(${chatMembers.lastReadMessageId}, 0) AND (${messages.senderId} IS NULL OR ${messages.senderId} != ${me}))`,
      latestType: latest.messageType,
      latestContent: latest.content,
      latestAt: latest.timestamp,
      latestUsername: sender.username,
      otherUsername: other.username,
      otherAvatarKey: other.avatarKey,
    })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .leftJoin(latest, eq(latest.id, sql`(SELECT MAX(${messages.id}) FROM ${messages} WHERE ${messages.chatId} = ${chats.id})`))
    .leftJoin(sender, eq(sender.id, latest.senderId))
    .leftJoin(
      otherMember,
      and(eq(otherMember.chatId, chats.id), sql`${otherMember.userId} != ${me}`, eq(chats.isPrivate, true)),
    )
    .leftJoin(other, eq(other.id, otherMember.userId))
    .where(eq(chatMembers.userId, me))
    .orderBy(desc(chatMembers.pinned), sql`COALESCE(${latest.timestamp}, ${chats.createdAt}) DESC`, desc(chats.id))
    .all();
  return rows;
}

export type ChatListRow = Awaited<ReturnType<typeof listChats>>[number];

export const MESSAGES_MAX = 100;

export interface MessagesInput {
  chatId: number;
  /** -1: from the newest. */
  messageId: number;
  after: boolean;
  count: number;
}

/**
 * Up to `count` messages of a chat I am in, oldest first: the newest ones, or those just
 * after or before `messageId`. The chat, my membership and the page are one round trip.
 */
export async function listMessages(ctx: Ctx, input: MessagesInput) {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MESSAGES_MAX) throw new DomainError("BAD_REQUEST", "message_count");
  const member = sql`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${input.chatId} AND ${chatMembers.userId} = ${me})`;
  const newest = input.messageId < 0;
  const position = newest ? undefined : input.after ? gt(messages.id, input.messageId) : lt(messages.id, input.messageId);
  const ascending = !newest && input.after;
  const [chat, page] = await db.batch([
    db.select({ id: chats.id, member: sql<number>`${member}` }).from(chats).where(eq(chats.id, input.chatId)),
    db
      .select({
        id: messages.id,
        senderId: messages.senderId,
        replyId: messages.replyId,
        replyCount: sql<number>`(SELECT COUNT(*) FROM ${messages} AS "replies" WHERE "replies"."reply_id" = ${messages.id})`,
        content: messages.content,
        messageType: messages.messageType,
        timestamp: messages.timestamp,
        fileUrl: messages.fileUrl,
      })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), member, position))
      .orderBy(ascending ? asc(messages.id) : desc(messages.id))
      .limit(input.count),
  ]);
  if (!chat[0]) throw new DomainError("NOT_FOUND", "chat");
  if (!chat[0].member) throw new DomainError("FORBIDDEN", "not_chat_member");
  return ascending ? page : page.reverse();
}

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];
