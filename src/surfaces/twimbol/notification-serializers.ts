// seed 004 §9: the notification and preferences objects, field for field.
import type { NotificationRow } from "../../domain/notifications/hub";
import type { NotificationPreferences } from "../../domain/notifications/visibility";

/** One notification as the list shows it; the live stream sends the same object as its payload. */
export const toTwimbolNotification = (n: NotificationRow) => ({
  id: n.id,
  message: n.message,
  created_at: n.createdAt.toISOString(),
  is_read: n.isRead,
  page: n.page,
  page_item_id: n.pageItemId,
  notification_type: n.notificationType,
});

export const toTwimbolPreferences = (p: NotificationPreferences) => ({
  user: p.userId,
  all_notifications: p.allNotifications,
  email_notifications: p.emailNotifications,
  push_notifications: p.pushNotifications,
  follow_notifications: p.followNotifications,
  likes_notifications: p.likesNotifications,
  comments_notifications: p.commentsNotifications,
  new_events_notifications: p.newEventsNotifications,
  event_reminders_notifications: p.eventRemindersNotifications,
});
