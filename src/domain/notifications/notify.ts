import { eq, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { notificationPreferences, notifications, posts, users } from "../../db/schema";
import type { Deps } from "../deps";
import {
  eventColumns,
  notificationOf,
  type Notification,
  type NotificationEvent,
  type NotificationRow,
} from "./events";
import { isVisible } from "./visibility";

/**
 * The one way to notify. `statement` goes into the batch of the write it reports, so the
 * record cannot be lost once that write has happened; once the batch has committed,
 * `afterCommit(result)` pushes what was recorded to the user's live devices after the
 * response (`deps.defer`), so a failed push never fails the request.
 *
 * `to` is the recipient's id, or a condition on `users` that picks the recipient when
 * the batch runs: a user the batch itself creates, or a guard (no block, not yet
 * following) that must hold at that instant. Nothing is recorded when no user matches.
 */
export function notification(deps: Deps, to: number | SQL, event: NotificationEvent) {
  const statement = guardedInsert(
    deps.db,
    notifications,
    { ...eventColumns(event), userId: users.id, isRead: false, createdAt: deps.clock.now() },
    { from: users, where: typeof to === "number" ? eq(users.id, to) : to },
  ).returning();
  return {
    statement,
    afterCommit(recorded: NotificationRow[]) {
      for (const row of recorded) deps.defer(push(deps, notificationOf(row)));
    },
  };
}

/**
 * A notification about the post the same batch inserted just before it: its id is not known
 * when the batch is built, so the record reads it (the newest post id) as the batch runs.
 * Only for a batch whose post insert cannot insert nothing, or the record would name another post.
 */
export function notificationOfNewPost(deps: Deps, to: number, type: "reel_uploaded" | "video_uploaded") {
  const statement = guardedInsert(
    deps.db,
    notifications,
    {
      ...eventColumns({ type, postId: 0 }),
      objectId: sql`(SELECT max(${posts.id}) FROM ${posts})`,
      userId: users.id,
      isRead: false,
      createdAt: deps.clock.now(),
    },
    { from: users, where: eq(users.id, to) },
  ).returning();
  return {
    statement,
    afterCommit(recorded: NotificationRow[]) {
      for (const row of recorded) deps.defer(push(deps, notificationOf(row)));
    },
  };
}

/** A hidden type is still recorded (the list filters at read time too), but not pushed. */
async function push(deps: Deps, n: Notification) {
  const prefs = await deps.db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, n.userId))
    .get();
  if (isVisible(n.category, prefs)) await deps.hub.notification(n);
}
