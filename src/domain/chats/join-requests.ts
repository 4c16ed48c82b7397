import { desc, eq } from "drizzle-orm";
import { chatJoinRequests, users } from "../../db/schema";
import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, requireGroup, requireRole } from "./access";

/** The most join requests one answer lists, newest first. */
export const JOIN_REQUESTS_MAX = 200;

/** A group chat's pending join requests, for its owner and managers. */
export async function listJoinRequests(ctx: Ctx, { chatId }: { chatId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), MANAGING);
  return deps.db
    .select({
      id: chatJoinRequests.id,
      userId: users.id,
      username: users.username,
      avatarKey: users.avatarKey,
      createdAt: chatJoinRequests.createdAt,
    })
    .from(chatJoinRequests)
    .innerJoin(users, eq(users.id, chatJoinRequests.userId))
    .where(eq(chatJoinRequests.chatId, chatId))
    .orderBy(desc(chatJoinRequests.id))
    .limit(JOIN_REQUESTS_MAX)
    .all();
}
