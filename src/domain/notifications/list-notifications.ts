import { and, count, desc, eq, getTableColumns, gt } from "drizzle-orm";
import { notificationPreferences, notifications } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { accountFor } from "../policy/ownership";
import { notificationOf, type Notification } from "./events";
import { visibleSql } from "./visibility";

/**
 * The list is capped at the newest this many: the documented answer is a plain array,
 * and an unbounded one would grow with every follow and like a user ever received.
 */
export const NOTIFICATION_LIST_LIMIT = 100;

/**
 * A user's visible notifications, newest first, in one query; `afterId` keeps only newer ones (replay).
 * The caller's own, or for system work (the stream's replay) the `userId` it names.
 */
export async function listNotifications(
  ctx: Ctx,
  options: { userId?: number; afterId?: number } = {},
): Promise<Notification[]> {
  const userId = accountFor(ctx, options.userId);
  const { deps } = ctx;
  const rows = await deps.db
    .select(getTableColumns(notifications))
    .from(notifications)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
    .where(
      and(
        eq(notifications.userId, userId),
        options.afterId === undefined ? undefined : gt(notifications.id, options.afterId),
        visibleSql(),
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATION_LIST_LIMIT);
  return rows.map(notificationOf);
}

/**
 * Unread notifications among those the list shows (the newest NOTIFICATION_LIST_LIMIT visible):
 * the number every device's badge shows, read from that window only, so a user with years of
 * unread notifications costs what a new one does.
 */
export function unreadCountQuery(deps: Deps, userId: number) {
  const shown = deps.db
    .select({ isRead: notifications.isRead })
    .from(notifications)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
    .where(and(eq(notifications.userId, userId), visibleSql()))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATION_LIST_LIMIT)
    .as("shown");
  return deps.db.select({ count: count() }).from(shown).where(eq(shown.isRead, false));
}
