import { eq, sql, type SQL } from "drizzle-orm";
import { notificationPreferences, notifications, users, type NotificationType } from "../../db/schema";
import type { Deps } from "../deps";
import type { NotificationRow } from "./hub";
import { isVisible } from "./visibility";

export interface NewNotification {
  userId: number;
  message: string;
  type: NotificationType;
  page?: string | null;
  pageItemId?: number | null;
}

/**
 * The insert of one notification. A trigger puts it in the same batch as the write it
 * reports, so the record cannot be lost once that write has happened; only the live
 * push (`deliverRecorded`) waits until after the response.
 */
export function insertNotification(deps: Deps, n: NewNotification) {
  return deps.db
    .insert(notifications)
    .values({
      userId: n.userId,
      message: n.message,
      notificationType: n.type,
      page: n.page ?? null,
      pageItemId: n.pageItemId ?? null,
      createdAt: deps.clock.now(),
    })
    .returning();
}

/**
 * The same insert for the user `where` picks when the batch runs: a user the batch
 * itself creates, or a guard (no block, not yet following) that must hold at that
 * instant. Inserts nothing when no user matches.
 */
export function insertNotificationWhere(deps: Deps, n: Omit<NewNotification, "userId">, where: SQL | undefined) {
  return deps.db
    .insert(notifications)
    .select(
      deps.db
        .select({
          // drizzle wants every column, in table order; a NULL id lets SQLite assign it.
          id: sql`NULL`.as("id"),
          userId: users.id,
          message: sql`${n.message}`.as("message"),
          notificationType: sql`${n.type}`.as("notification_type"),
          page: sql`${n.page ?? null}`.as("page"),
          pageItemId: sql`${n.pageItemId ?? null}`.as("page_item_id"),
          isRead: sql`0`.as("is_read"),
          createdAt: sql`${deps.clock.now().getTime()}`.as("created_at"),
        })
        .from(users)
        .where(where),
    )
    .returning();
}

/** Records one notification in D1 (the record of truth) without live delivery, and returns it. */
export async function recordNotification(deps: Deps, n: NewNotification) {
  return insertNotification(deps, n).get();
}

/** Pushes an already recorded notification to the user's devices, after the response, unless their preferences hide its type. */
export function deliverRecorded(deps: Deps, row: NotificationRow | undefined) {
  if (row) deps.defer(pushRecorded(deps, row));
}

async function pushRecorded(deps: Deps, row: NotificationRow) {
  const prefs = await deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, row.userId)).get();
  if (isVisible(row.notificationType, prefs)) await deps.hub.notification(row);
}

/**
 * Records, then pushes to the user's live devices unless their preferences hide the
 * type (a hidden one is still recorded, as the list filters at read time too). The
 * insert and the preferences read share one round trip.
 */
export async function deliverNotification(deps: Deps, n: NewNotification) {
  const [[row], [prefs]] = await deps.db.batch([
    insertNotification(deps, n),
    deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, n.userId)),
  ]);
  if (row && isVisible(row.notificationType, prefs)) await deps.hub.notification(row);
  return row;
}

/**
 * Notifies a user when there is no write of the caller's own to batch the record with.
 * All of it runs after the response (`deps.defer`), so a failure here never fails the
 * request that caused it; triggers that do write use `insertNotification` in their
 * batch and `deliverRecorded` instead.
 */
export function notify(deps: Deps, n: NewNotification): void {
  deps.defer(deliverNotification(deps, n));
}
