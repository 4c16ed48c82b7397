import { and, eq } from "drizzle-orm";
import { chatAnnouncements } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { MANAGING, chatAccess, holdsRole, requireGroup, requireRole } from "./access";

/** An owner or manager removes an announcement of a group chat; the answer is the removed one. */
export async function deleteAnnouncement(
  ctx: Ctx,
  { chatId, announcementId }: { chatId: number; announcementId: number },
) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  requireRole(requireGroup(await chatAccess(deps, chatId, me)), MANAGING);
  const [row] = await deps.db
    .delete(chatAnnouncements)
    .where(
      and(
        eq(chatAnnouncements.id, announcementId),
        eq(chatAnnouncements.chatId, chatId),
        holdsRole(chatId, me, MANAGING),
      ),
    )
    .returning();
  if (!row) throw new DomainError("NOT_FOUND", "announcement");
  return row;
}
