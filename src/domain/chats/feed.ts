import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { chatFeed, messages } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import type { ChatDelivery, ChatEvent, ChatRecipient, MembershipChange } from "./events";
import { messageColumns } from "./queries";

/** The most frames one reconnect replays; a device further behind is told to resync (and reads its lists again). */
export const CHAT_REPLAY_LIMIT = 100;
/** How long a frame can be replayed; the cron prunes older rows (maintenance/prune-chat-feed.ts). */
export const CHAT_FEED_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Records one event for each recipient (one statement, whatever the group's size: the recipients
 * travel as one JSON parameter, D1 allowing 100 a statement) and answers each row's id, the
 * cursor its frame carries.
 */
export async function recordChatEvent(
  deps: Deps,
  recipients: ChatRecipient[],
  event: ChatEvent,
): Promise<ChatDelivery[]> {
  if (!recipients.length) return [];
  const messageId = event.kind === "message" || event.kind === "recall" ? event.message.id : null;
  const [change, subjectId] = event.kind === "members" ? [event.change, event.userId] : [null, null];
  const list = JSON.stringify(recipients.map((r) => ({ u: r.userId, m: r.muted ? 1 : 0 })));
  const rows = await deps.db.all<{ id: number; user_id: number; muted: number }>(sql`
    INSERT INTO ${chatFeed} (user_id, chat_id, kind, message_id, change, subject_id, muted, created_at)
    SELECT json_extract(value, '$.u'), ${event.chatId}, ${event.kind}, ${messageId}, ${change}, ${subjectId}, json_extract(value, '$.m'), ${deps.clock.now().getTime()}
    FROM json_each(${list})
    RETURNING id, user_id, muted`);
  return rows.map((r) => ({ id: r.id, userId: r.user_id, muted: !!r.muted }));
}

export type MissedChatEvents =
  | { resync: false; events: { id: number; event: ChatEvent; muted: boolean }[] }
  /** Too far behind (more than CHAT_REPLAY_LIMIT frames, or some already pruned): `id` is the cursor to go on from. */
  | { resync: true; id: number };

/**
 * What a device of mine missed after `since`, oldest first: at most CHAT_REPLAY_LIMIT + 1 frame
 * rows read by my index, each message read by its id; or a resync when it missed more than that or
 * frames it missed were pruned (its cursor is older than the oldest row kept). System-only (the hub's replay).
 */
export async function missedChatEvents(
  ctx: Ctx,
  { userId, since }: { userId: number; since: number },
): Promise<MissedChatEvents> {
  const { db } = ctx.deps;
  // Two statements, not one batch: a batch answers rows as objects, which merge the two `id` columns.
  const [rows, oldest] = await Promise.all([
    db
      .select({
        id: chatFeed.id,
        chatId: chatFeed.chatId,
        kind: chatFeed.kind,
        change: chatFeed.change,
        subjectId: chatFeed.subjectId,
        muted: chatFeed.muted,
        message: messageColumns,
      })
      .from(chatFeed)
      .leftJoin(messages, eq(messages.id, chatFeed.messageId))
      .where(and(eq(chatFeed.userId, userId), gt(chatFeed.id, since)))
      .orderBy(asc(chatFeed.id))
      .limit(CHAT_REPLAY_LIMIT + 1)
      .all(),
    db.select({ id: chatFeed.id }).from(chatFeed).orderBy(asc(chatFeed.id)).limit(1).get(),
  ]);
  if (rows.length > CHAT_REPLAY_LIMIT || (oldest && since < oldest.id - 1)) {
    const newest = await db
      .select({ id: chatFeed.id })
      .from(chatFeed)
      .where(eq(chatFeed.userId, userId))
      .orderBy(desc(chatFeed.id))
      .limit(1)
      .get();
    return { resync: true, id: Math.max(since, newest?.id ?? 0) };
  }
  // A cursor past every frame is not one of ours (before frames had ids, `since` was a message
  // id): nothing to replay would silently lose what happened meanwhile, so the device resyncs.
  if (!rows.length && since > 0) {
    const last = await db
      .select({ id: chatFeed.id })
      .from(chatFeed)
      .orderBy(desc(chatFeed.id))
      .limit(1)
      .get();
    if (!last || since > last.id) return { resync: true, id: last?.id ?? 0 };
  }
  const events: { id: number; event: ChatEvent; muted: boolean }[] = [];
  for (const r of rows) {
    const event = toEvent(r);
    if (event) events.push({ id: r.id, event, muted: r.muted });
  }
  return { resync: false, events };
}

function toEvent(r: {
  chatId: number;
  kind: string;
  change: string | null;
  subjectId: number | null;
  message: ChatEventMessage | null;
}): ChatEvent | undefined {
  switch (r.kind) {
    case "message":
    case "recall":
      // A message gone with its purged chat has nothing left to show.
      return r.message?.id == null ? undefined : { kind: r.kind, chatId: r.chatId, message: r.message };
    case "members":
      return {
        kind: "members",
        chatId: r.chatId,
        change: r.change as MembershipChange,
        userId: r.subjectId ?? 0,
      };
    case "deleted":
      return { kind: "deleted", chatId: r.chatId };
  }
  return undefined;
}

type ChatEventMessage = Extract<ChatEvent, { kind: "message" }>["message"];
