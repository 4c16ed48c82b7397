import { and, eq, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { chatJoinRequests, chatMembers } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import {
  MANAGING,
  MAX_GROUP_MEMBERS,
  chatAccess,
  holdsRole,
  memberRole,
  requireGroup,
  requireRole,
} from "./access";
import { publishToChat } from "./publish";

/**
 * An owner or manager lets a requested user in. One batch: the member row goes in only while
 * the request is there and the caller still manages the chat, and the request goes with it,
 * so two acceptances at once add the member once.
 */
export async function acceptJoinRequest(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), MANAGING);
  const pending = and(eq(chatJoinRequests.chatId, chatId), eq(chatJoinRequests.userId, userId));
  const request = await deps.db
    .select({ id: chatJoinRequests.id })
    .from(chatJoinRequests)
    .where(pending)
    .get();
  if (!request) throw new DomainError("NOT_FOUND", "join_request");
  if (await memberRole(deps, chatId, userId)) {
    await deps.db.delete(chatJoinRequests).where(pending);
    throw new DomainError("CONFLICT", "already_in_chat");
  }
  // A group holds at most MAX_GROUP_MEMBERS (as at creation): checked here for the answer, and again in the insert's guard for a race.
  const hasRoom = sql`(SELECT count(*) FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${chatId}) < ${MAX_GROUP_MEMBERS}`;
  const room = await deps.db
    .select({ ok: sql<number>`${hasRoom}` })
    .from(sql`(SELECT 1)`)
    .get();
  if (!room?.ok) throw new DomainError("BAD_REQUEST", "group_too_large");
  const [added] = await deps.db.batch([
    guardedInsert(
      deps.db,
      chatMembers,
      { chatId, userId, joinedAt: deps.clock.now() },
      { from: chatJoinRequests, where: and(pending, holdsRole(chatId, me, MANAGING), hasRoom)! },
    )
      .onConflictDoNothing()
      .returning({ userId: chatMembers.userId }),
    // Only once the member is in: a request the cap refused stays.
    deps.db
      .delete(chatJoinRequests)
      .where(
        and(
          pending,
          sql`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${userId})`,
        ),
      ),
  ]);
  if (!added.length) throw new DomainError("NOT_FOUND", "join_request");
  publishToChat(deps, chatId, { kind: "members", chatId, change: "joined", userId });
}
