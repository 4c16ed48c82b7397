import { and, eq, ne, or } from "drizzle-orm";
import { messages } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, holdsRole, requireMember } from "./access";
import { publishToChat } from "./publish";
import { messageColumns } from "./queries";

/** What a recalled message says instead, in the domain's (surface-neutral) data, as Cocotree stored it. */
export const recalledText = (username: string) => `[message recalled by ${username}]`;

/**
 * Recalls a message: its content becomes a system line naming who recalled it and its
 * attachment goes. Its sender may recall it, and so may a group chat's owner and managers.
 */
export async function recallMessage(ctx: Ctx, { chatId, messageId }: { chatId: number; messageId: number }) {
  const viewer = requireUser(ctx);
  const me = viewer.user.id;
  const { deps } = ctx;
  const access = requireMember(await chatAccess(deps, chatId, me));
  const target = await deps.db
    .select({ senderId: messages.senderId, type: messages.messageType, key: messages.attachmentKey })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)))
    .get();
  if (!target || target.type === "system") throw new DomainError("NOT_FOUND", "message");
  const moderator = !access.isPrivate && MANAGING.includes(access.role);
  if (target.senderId !== me && !moderator) throw new DomainError("FORBIDDEN", "chat_role");
  const [recalled] = await deps.db
    .update(messages)
    .set({
      content: recalledText(viewer.user.username),
      messageType: "system",
      fileUrl: null,
      attachmentKey: null,
    })
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.chatId, chatId),
        ne(messages.messageType, "system"),
        or(and(eq(messages.senderId, me), holdsRole(chatId, me)), holdsRole(chatId, me, MANAGING)),
      ),
    )
    .returning(messageColumns);
  if (!recalled) throw new DomainError("NOT_FOUND", "message");
  if (target.key) deps.defer(deps.media.delete(target.key));
  publishToChat(deps, chatId, { kind: "recall", chatId, message: recalled });
  return recalled;
}
