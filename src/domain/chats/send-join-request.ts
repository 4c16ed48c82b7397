import { and, eq, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { chatJoinRequests, chatMembers, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { visibleAccount } from "../users/visible-account";
import { chatAccess, friendsWith, holdsRole, requireGroup } from "./access";

/**
 * A member proposes a friend for a group chat; an owner or manager then accepts or rejects.
 * One request per chat and user: asking again is not an error and changes nothing.
 */
export async function sendJoinRequest(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireGroup(await chatAccess(deps, chatId, me));
  const target = await deps.db
    .select({
      id: users.id,
      friend: sql<number>`${friendsWith(me, users.id)}`,
      member: sql<number>`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${users.id})`,
    })
    .from(users)
    .where(and(eq(users.id, userId), visibleAccount()))
    .get();
  if (!target) throw new DomainError("NOT_FOUND", "chat_user");
  if (target.member) throw new DomainError("CONFLICT", "already_in_chat");
  if (!target.friend || userId === me) throw new DomainError("FORBIDDEN", "not_friends_with_member");
  await guardedInsert(
    deps.db,
    chatJoinRequests,
    { chatId, userId: users.id, inviterId: me, createdAt: deps.clock.now() },
    { from: users, where: and(eq(users.id, userId), friendsWith(me, users.id), holdsRole(chatId, me))! },
  ).onConflictDoNothing();
}
