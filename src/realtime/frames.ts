// The text frames of GET /api/notifications/stream. The payload is Twimbol's list item
// (seed 004 §9), so a client can merge a live frame into the list it fetched.
import type { NotificationRow } from "../domain/notifications/hub";
import { toTwimbolNotification } from "../surfaces/twimbol/notification-serializers";

export const notificationFrame = (row: NotificationRow) => JSON.stringify({ event: "notification", payload: toTwimbolNotification(row) });
export const unreadFrame = (count: number) => JSON.stringify({ event: "unread", count });
/** Sent once a socket is caught up (after any `since` replay): from here on, frames are live. */
export const READY_FRAME = JSON.stringify({ event: "ready" });
