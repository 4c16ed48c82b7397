import { and, asc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { chatAnnouncements, chatFeed, chats, messages } from "../../db/schema";
import { CHAT_FEED_RETENTION_MS } from "../chats/feed";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { Budget, deleteChunk, type ChunkLimits } from "./chunks";
import { PURGE_LIMITS } from "./purge-deleted";

export interface ChatPurgeReport {
  /** Deleted chats whose last row this run removed. */
  chats: number;
  /** Rows removed: messages, announcements and chat frames past their replay window. */
  rows: number;
  more: boolean;
}

/**
 * The cron's chat maintenance, with its own budget (the same limits as purgeDeleted's): deleted
 * chats' messages and files, then chat frames no reconnect can replay any longer.
 */
export async function purgeChats(
  ctx: Ctx,
  { now, limits = PURGE_LIMITS }: { now: Date; limits?: ChunkLimits },
): Promise<ChatPurgeReport> {
  if (ctx.actor.kind !== "system") throw new DomainError("FORBIDDEN", "not_admin");
  const budget = new Budget(limits);
  const deleted = await purgeDeletedChats(ctx.deps, budget);
  const pruned =
    deleted.done && (await pruneChatFeed(ctx.deps, budget, new Date(now.getTime() - CHAT_FEED_RETENTION_MS)));
  return { chats: deleted.chats, rows: budget.rows, more: !pruned };
}

/**
 * Internal to the cron: what a deleted (tombstoned) group chat left, oldest deletion first: its
 * messages a chunk per statement, each chunk's files let go from R2 in one call, then its
 * announcements, then the chat. Nothing new hangs on it meanwhile: its members went with the
 * tombstone, and every chat write is guarded on membership. Whether none is left (else the
 * run's statements ran out, and the next run goes on).
 */
export async function purgeDeletedChats(
  deps: Deps,
  budget: Budget,
): Promise<{ chats: number; done: boolean }> {
  const { db } = deps;
  const { chunk } = budget.limits;
  let purged = 0;
  while (budget.left > 0) {
    const chat = await db
      .select({ id: chats.id })
      .from(chats)
      .where(isNotNull(chats.deletedAt))
      .orderBy(asc(chats.deletedAt), asc(chats.id))
      .limit(1)
      .get();
    if (!chat) return { chats: purged, done: true };
    const steps = [
      async () => {
        const gone = await db
          .delete(messages)
          .where(
            inArray(
              messages.id,
              db
                .select({ id: messages.id })
                .from(messages)
                .where(eq(messages.chatId, chat.id))
                .orderBy(asc(messages.id))
                .limit(chunk),
            ),
          )
          .returning({ key: messages.attachmentKey });
        const keys = gone.flatMap((m) => (m.key ? [m.key] : []));
        // A chunk is at most R2's 1000 keys a call; the media route stopped serving them at the tombstone.
        if (keys.length) await deps.media.delete(keys);
        return gone.length;
      },
      async () => deleteChunk(db, chatAnnouncements, eq(chatAnnouncements.chatId, chat.id), chunk),
    ];
    for (const step of steps) if (!(await budget.drain(step))) return { chats: purged, done: false };
    if (!budget.spend()) return { chats: purged, done: false };
    await db.delete(chats).where(and(eq(chats.id, chat.id), isNotNull(chats.deletedAt)));
    purged += 1;
  }
  return { chats: purged, done: false };
}

/** Internal to the cron: chat frames older than their replay window go, a chunk per statement. */
export async function pruneChatFeed(deps: Deps, budget: Budget, before: Date): Promise<boolean> {
  const { db } = deps;
  return budget.drain(
    async () =>
      (
        await db
          .delete(chatFeed)
          .where(
            inArray(
              chatFeed.id,
              db
                .select({ id: chatFeed.id })
                .from(chatFeed)
                .where(lt(chatFeed.createdAt, before))
                .orderBy(asc(chatFeed.createdAt))
                .limit(budget.limits.chunk),
            ),
          )
          .returning({ id: chatFeed.id })
      ).length,
  );
}
