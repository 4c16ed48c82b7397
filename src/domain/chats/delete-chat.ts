import { and, eq } from "drizzle-orm";
import { chats } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { chatAccess, holdsRole, requireGroup, requireRole } from "./access";
import { publish, recipientsQuery } from "./publish";

/** The owner deletes a group chat: its members, messages, requests and announcements go with it (foreign keys cascade). */
export async function deleteChat(ctx: Ctx, { chatId }: { chatId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), ["owner"]);
  const [members, deleted] = await deps.db.batch([
    recipientsQuery(deps, chatId),
    deps.db.delete(chats).where(and(eq(chats.id, chatId), holdsRole(chatId, me, ["owner"]))).returning({ id: chats.id }),
  ]);
  if (!deleted.length) throw new DomainError("FORBIDDEN", "chat_role");
  publish(deps, members, { kind: "deleted", chatId });
}
