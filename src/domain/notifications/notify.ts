import { notifications, type NotificationType } from "../../db/schema";
import type { Deps } from "../deps";

export interface NewNotification {
  userId: number;
  message: string;
  type: NotificationType;
  page?: string | null;
  pageItemId?: number | null;
}

/** Records one notification in D1 (the record of truth) and returns it. */
export async function recordNotification(deps: Deps, n: NewNotification) {
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
    .returning()
    .get();
}

/**
 * The one way a trigger (welcome, follow, approval, like, comment, upload) notifies a
 * user. It runs after the response, so a failure here never fails the request that
 * caused it.
 */
export function notify(deps: Deps, n: NewNotification) {
  deps.defer(recordNotification(deps, n));
}
