import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { MESSAGE_TYPES, messages, type MessageType } from "../../db/schema";
import type { Ctx } from "../context";
import { containsText } from "../lists/search";
import { requireUser } from "../policy/ownership";
import { chatAccess, requireMember } from "./access";
import { messageColumns } from "./queries";

/**
 * How far back one filter looks: the newest FILTER_WINDOW messages of the chat (before
 * `beforeId` when given), so a filter's cost follows this number, not the chat's history.
 * A client pages further back with `beforeId`.
 */
export const FILTER_WINDOW = 1000;
export const FILTER_MAX_RESULTS = 100;

export interface MessageFilter {
  chatId: number;
  senderId?: number;
  /** A type no message can have matches nothing. */
  messageType?: string;
  /** Case-insensitive substring of the content. */
  content?: string;
  start?: Date;
  end?: Date;
  beforeId?: number;
}

/** The matching messages among the window, oldest first, at most FILTER_MAX_RESULTS (the newest of them). */
export async function filterMessages(ctx: Ctx, filter: MessageFilter) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireMember(await chatAccess(deps, filter.chatId, me));
  if (filter.messageType !== undefined && !(MESSAGE_TYPES as readonly string[]).includes(filter.messageType))
    return [];
  const window = deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.chatId, filter.chatId),
        filter.beforeId !== undefined ? sql`${messages.id} < ${filter.beforeId}` : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(FILTER_WINDOW);
  const rows = await deps.db
    .select(messageColumns)
    .from(messages)
    .where(
      and(
        inArray(messages.id, window),
        filter.senderId !== undefined ? eq(messages.senderId, filter.senderId) : undefined,
        filter.messageType ? eq(messages.messageType, filter.messageType as MessageType) : undefined,
        filter.content ? containsText(messages.content, filter.content) : undefined,
        filter.start ? gte(messages.timestamp, filter.start) : undefined,
        filter.end ? lte(messages.timestamp, filter.end) : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(FILTER_MAX_RESULTS)
    .all();
  return rows.reverse();
}
