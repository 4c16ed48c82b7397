import { and, eq, ne } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { chatAccess, requireGroup } from "./access";
import { publishToChat } from "./publish";

/** A member leaves a group chat; the owner must hand it over first (the delete skips an owner, so a racing transfer cannot strand the chat). */
export async function leaveChat(ctx: Ctx, { chatId }: { chatId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  const access = requireGroup(await chatAccess(deps, chatId, me));
  if (access.role === "owner") throw new DomainError("CONFLICT", "owner_leaving");
  const [left] = await deps.db
    .delete(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, me), ne(chatMembers.role, "owner")))
    .returning({ userId: chatMembers.userId, muted: chatMembers.muted });
  if (!left) throw new DomainError("CONFLICT", "owner_leaving");
  publishToChat(deps, chatId, { kind: "members", chatId, change: "left", userId: me }, [left]);
}
