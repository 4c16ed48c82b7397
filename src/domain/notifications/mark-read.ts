import { and, eq } from "drizzle-orm";
import { notifications } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { unreadCountQuery } from "./list-notifications";

/**
 * Marks one of the user's notifications read. Someone else's or an unknown id is a
 * NOT_FOUND (no existence oracle). Every device then learns the new unread count.
 */
export async function markNotificationRead(ctx: Ctx, { id }: { id: number }) {
  const userId = requireUser(ctx).user.id;
  const { deps } = ctx;
  if (!Number.isSafeInteger(id)) throw new DomainError("NOT_FOUND", "notification");
  const [updated, [unread]] = await deps.db.batch([
    deps.db
      .update(notifications)
      .set({ isRead: true })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning({ id: notifications.id }),
    unreadCountQuery(deps, userId),
  ]);
  if (!updated.length) throw new DomainError("NOT_FOUND", "notification");
  deps.defer(deps.hub.unread(userId, unread?.count ?? 0));
}

/**
 * Marks every unread notification of the user read, hidden types included (the
 * original marks the user's whole queryset), and returns how many there were.
 */
export async function markAllNotificationsRead(ctx: Ctx): Promise<number> {
  const userId = requireUser(ctx).user.id;
  const { deps } = ctx;
  const [result, [unread]] = await deps.db.batch([
    deps.db
      .update(notifications)
      .set({ isRead: true })
      .where(and(eq(notifications.userId, userId), eq(notifications.isRead, false))),
    unreadCountQuery(deps, userId),
  ]);
  deps.defer(deps.hub.unread(userId, unread?.count ?? 0));
  return result.meta.changes;
}
