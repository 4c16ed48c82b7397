import { and, eq, isNull, sql } from "drizzle-orm";
import { chatJoinRequests, chatMembers, chats } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { chatAccess, holdsRole, requireGroup, requireRole } from "./access";
import { publish, recipientsQuery } from "./publish";

/**
 * The owner deletes a group chat. One short batch, whatever its size: the chat is tombstoned and
 * its members (at most a group's size) and join requests go, so no API reaches it and its files
 * stop being served at once; its messages, their files and its announcements go in bounded
 * chunks by the hourly purge (maintenance/purge-chat.ts).
 */
export async function deleteChat(ctx: Ctx, { chatId }: { chatId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), ["owner"]);
  const tombstoned = sql`EXISTS (SELECT 1 FROM ${chats} WHERE ${chats.id} = ${chatId} AND ${chats.deletedAt} IS NOT NULL)`;
  const [members, deleted] = await deps.db.batch([
    recipientsQuery(deps, chatId),
    deps.db
      .update(chats)
      .set({ deletedAt: deps.clock.now() })
      .where(and(eq(chats.id, chatId), isNull(chats.deletedAt), holdsRole(chatId, me, ["owner"])))
      .returning({ id: chats.id }),
    deps.db.delete(chatMembers).where(and(eq(chatMembers.chatId, chatId), tombstoned)),
    deps.db.delete(chatJoinRequests).where(and(eq(chatJoinRequests.chatId, chatId), tombstoned)),
  ]);
  if (!deleted.length) {
    // Lost a race: to a deletion (not found now) or to a transfer (no longer the owner).
    requireRole(requireGroup(await chatAccess(deps, chatId, me)), ["owner"]);
    throw new DomainError("FORBIDDEN", "chat_role");
  }
  publish(deps, members, { kind: "deleted", chatId });
}
