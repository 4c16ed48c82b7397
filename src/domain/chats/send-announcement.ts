import { and, eq } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { chatAnnouncements, chats } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, holdsRole, requireGroup, requireRole } from "./access";

export const ANNOUNCEMENT_MAX_CHARS = 1000;

/** An owner or manager posts an announcement in a group chat. */
export async function sendAnnouncement(ctx: Ctx, { chatId, content }: { chatId: number; content: string }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), MANAGING);
  if (!content.trim() || content.length > ANNOUNCEMENT_MAX_CHARS)
    throw new DomainError("BAD_REQUEST", "announcement_content");
  const [row] = await guardedInsert(
    deps.db,
    chatAnnouncements,
    { chatId, content, createdAt: deps.clock.now() },
    { from: chats, where: and(eq(chats.id, chatId), holdsRole(chatId, me, MANAGING))! },
  ).returning();
  if (!row) throw new DomainError("FORBIDDEN", "chat_role");
  return row;
}
