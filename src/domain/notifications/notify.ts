import { eq } from "drizzle-orm";
import { notificationPreferences, notifications, type NotificationType } from "../../db/schema";
import type { Deps } from "../deps";
import { isVisible } from "./visibility";

export interface NewNotification {
  userId: number;
  message: string;
  type: NotificationType;
  page?: string | null;
  pageItemId?: number | null;
}

function insertNotification(deps: Deps, n: NewNotification) {
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

/** Records one notification in D1 (the record of truth) without live delivery, and returns it. */
export async function recordNotification(deps: Deps, n: NewNotification) {
  return insertNotification(deps, n).get();
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
 * The one way a trigger (welcome, follow, approval, like, comment, upload) notifies a
 * user. The work is handed to `deps.defer` (waitUntil), so the response never waits
 * for it and a failure here never fails the request that caused it. Call it after the
 * write it reports has committed.
 */
export function notify(deps: Deps, n: NewNotification): void {
  deps.defer(deliverNotification(deps, n));
}
