import type { notifications } from "../../db/schema";

export type NotificationRow = typeof notifications.$inferSelect;

/**
 * The live side of notifications: every connected device of a user. D1 stays the
 * record, so each call is best effort and callers run it through `deps.defer`.
 * Frames are built by the adapter; the domain hands over rows and numbers.
 */
export interface LiveHub {
  /** Pushes one recorded (and visible) notification to the user's live sockets. */
  notification(row: NotificationRow): Promise<void>;
  /** Tells every device of the user how many visible notifications are unread. */
  unread(userId: number, count: number): Promise<void>;
  /** Re-checks the user's sockets against D1 and closes those whose session has ended. */
  closeEndedSessions(userId: number): Promise<void>;
}
