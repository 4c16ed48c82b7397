import { and, eq, inArray } from "drizzle-orm";
import { chatMembers, type ChatRole } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, holdsRole, memberRole, requireGroup, requireRole } from "./access";
import { publishToChat } from "./publish";

/** Whom each role may remove: the owner anyone but themself, a manager only plain members. */
const REMOVABLE: Record<ChatRole, ChatRole[]> = {
  owner: ["manager", "member"],
  manager: ["member"],
  member: [],
};

/** An owner or manager removes a member from a group chat; the removed user hears it too. */
export async function removeMember(ctx: Ctx, { chatId, userId }: { chatId: number; userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  const access = requireGroup(await chatAccess(deps, chatId, me));
  requireRole(access, MANAGING);
  const target = await memberRole(deps, chatId, userId);
  if (!target) throw new DomainError("NOT_FOUND", "chat_user");
  if (target.role === "owner") throw new DomainError("CONFLICT", "remove_owner");
  if (!REMOVABLE[access.role].includes(target.role)) throw new DomainError("FORBIDDEN", "chat_role");
  const [removed] = await deps.db
    .delete(chatMembers)
    .where(
      and(
        eq(chatMembers.chatId, chatId),
        eq(chatMembers.userId, userId),
        inArray(chatMembers.role, REMOVABLE[access.role]),
        holdsRole(chatId, me, [access.role]),
      ),
    )
    .returning({ userId: chatMembers.userId, muted: chatMembers.muted });
  if (!removed) throw new DomainError("NOT_FOUND", "chat_user");
  publishToChat(deps, chatId, { kind: "members", chatId, change: "removed", userId }, [removed]);
}
