import { and, eq } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { chatAccess, holdsRole, memberRole, requireGroup, requireRole } from "./access";
import { publishToChat } from "./publish";

/**
 * The owner hands the chat to another member and becomes a manager. One batch: the target
 * is promoted only while the caller still owns the chat, and the caller steps down only once
 * the target owns it, so two transfers at once leave exactly one owner.
 */
export async function transferOwnership(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), ["owner"]);
  if (userId === me) throw new DomainError("CONFLICT", "already_owner");
  const target = await memberRole(deps, chatId, userId);
  if (!target || target.isDeleted) throw new DomainError("NOT_FOUND", "chat_user");
  const [promoted] = await deps.db.batch([
    deps.db
      .update(chatMembers)
      .set({ role: "owner" })
      .where(
        and(
          eq(chatMembers.chatId, chatId),
          eq(chatMembers.userId, userId),
          eq(chatMembers.isDeleted, false),
          holdsRole(chatId, me, ["owner"]),
        ),
      )
      .returning({ userId: chatMembers.userId }),
    deps.db
      .update(chatMembers)
      .set({ role: "manager" })
      .where(
        and(
          eq(chatMembers.chatId, chatId),
          eq(chatMembers.userId, me),
          eq(chatMembers.role, "owner"),
          holdsRole(chatId, userId, ["owner"]),
        ),
      ),
  ]);
  if (!promoted.length) throw new DomainError("FORBIDDEN", "chat_role");
  publishToChat(deps, chatId, { kind: "members", chatId, change: "owner_changed", userId });
}
