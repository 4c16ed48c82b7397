import { and, desc, eq, gt, sql } from "drizzle-orm";
import { chatMembers, messages } from "../../db/schema";
import type { Ctx } from "../context";
import type { MessageRow } from "./queries";
import { messageColumns } from "./queries";

/** The most messages one reconnect replays (the newest of those missed); a client further behind reads get_messages. */
export const CHAT_REPLAY_LIMIT = 100;
/**
 * How far back a replay looks, in message ids service-wide: bounds the candidates a reconnect
 * sorts whatever `since` says. A device away longer reads get_messages per chat, as on first start.
 */
export const CHAT_REPLAY_SCAN = 10_000;

/** Messages of my chats after `since`, oldest first, each with whether I muted its chat. System-only (the hub's replay). */
export async function missedMessages(ctx: Ctx, { userId, since }: { userId: number; since: number }): Promise<(MessageRow & { chatId: number; muted: boolean })[]> {
  const { db } = ctx.deps;
  const floor = sql`MAX(${since}, COALESCE((SELECT MAX(${messages.id}) FROM ${messages}), 0) - ${CHAT_REPLAY_SCAN})`;
  const rows = await db
    .select({ ...messageColumns, chatId: messages.chatId, muted: chatMembers.muted })
    .from(chatMembers)
    .innerJoin(messages, and(eq(messages.chatId, chatMembers.chatId), gt(messages.id, floor)))
    .where(and(eq(chatMembers.userId, userId), eq(chatMembers.isDeleted, false)))
    .orderBy(desc(messages.id))
    .limit(CHAT_REPLAY_LIMIT)
    .all();
  return rows.reverse();
}
