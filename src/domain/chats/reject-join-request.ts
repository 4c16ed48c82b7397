import { and, eq } from "drizzle-orm";
import { chatJoinRequests } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, holdsRole, requireGroup, requireRole } from "./access";

/** An owner or manager turns a join request down; it is gone, and the user may be proposed again. */
export async function rejectJoinRequest(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), MANAGING);
  const [gone] = await deps.db
    .delete(chatJoinRequests)
    .where(
      and(
        eq(chatJoinRequests.chatId, chatId),
        eq(chatJoinRequests.userId, userId),
        holdsRole(chatId, me, MANAGING),
      ),
    )
    .returning({ id: chatJoinRequests.id });
  if (!gone) throw new DomainError("NOT_FOUND", "join_request");
}
