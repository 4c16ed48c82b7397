import { and, eq } from "drizzle-orm";
import { chatMembers, type ChatRole } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { chatAccess, holdsRole, memberRole, requireGroup, requireRole } from "./access";
import type { MembershipChange } from "./events";
import { publishToChat } from "./publish";

/**
 * The owner moves one member from role `from` to role `to`. The update is guarded on the
 * caller still owning the chat and the target still holding `from`, so racing changes apply once.
 */
export async function setRole(
  deps: Deps,
  input: {
    me: number;
    chatId: number;
    userId: number;
    from: ChatRole;
    to: ChatRole;
    change: MembershipChange;
  },
  refuse: (current: ChatRole) => DomainError,
) {
  requireRole(requireGroup(await chatAccess(deps, input.chatId, input.me)), ["owner"]);
  const target = await memberRole(deps, input.chatId, input.userId);
  if (!target || target.isDeleted) throw new DomainError("NOT_FOUND", "chat_user");
  if (target.role !== input.from) throw refuse(target.role);
  const [changed] = await deps.db
    .update(chatMembers)
    .set({ role: input.to })
    .where(
      and(
        eq(chatMembers.chatId, input.chatId),
        eq(chatMembers.userId, input.userId),
        eq(chatMembers.role, input.from),
        holdsRole(input.chatId, input.me, ["owner"]),
      ),
    )
    .returning({ userId: chatMembers.userId });
  if (!changed) throw new DomainError("CONFLICT", input.to === "manager" ? "already_manager" : "not_manager");
  publishToChat(deps, input.chatId, {
    kind: "members",
    chatId: input.chatId,
    change: input.change,
    userId: input.userId,
  });
}
