import { and, asc, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { chatMembers, chats, messages } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MESSAGES_MAX, messageColumns, type MessagesInput } from "./queries";

/**
 * Up to `count` messages of a chat I am in, oldest first: the newest ones, or those just
 * after or before `messageId`; and the chat counts as read by me from now (unread back to 0,
 * last access now). The chat, my membership, the page and the mark are one round trip.
 */
export async function readMessages(ctx: Ctx, input: MessagesInput) {
  const me = requireUser(ctx).user.id;
  const { db, clock } = ctx.deps;
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MESSAGES_MAX)
    throw new DomainError("BAD_REQUEST", "message_count");
  const member = sql`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${input.chatId} AND ${chatMembers.userId} = ${me} AND ${chatMembers.isDeleted} = 0)`;
  const newest = input.messageId < 0;
  const position = newest
    ? undefined
    : input.after
      ? gt(messages.id, input.messageId)
      : lt(messages.id, input.messageId);
  const ascending = !newest && input.after;
  const [chat, page] = await db.batch([
    db
      .select({ id: chats.id, member: sql<number>`${member}` })
      .from(chats)
      .where(and(eq(chats.id, input.chatId), isNull(chats.deletedAt))),
    db
      .select(messageColumns)
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), member, position))
      .orderBy(ascending ? asc(messages.id) : desc(messages.id))
      .limit(input.count),
    db
      .update(chatMembers)
      .set({ unreadCount: 0, lastAccessAt: clock.now() })
      .where(
        and(
          eq(chatMembers.chatId, input.chatId),
          eq(chatMembers.userId, me),
          eq(chatMembers.isDeleted, false),
        ),
      ),
  ]);
  if (!chat[0]) throw new DomainError("NOT_FOUND", "chat");
  if (!chat[0].member) throw new DomainError("FORBIDDEN", "not_chat_member");
  return ascending ? page : page.reverse();
}
