// seed 004 §9: the notification and preferences objects, field for field.
import type {
  Notification,
  NotificationEvent,
  NotificationEventType,
} from "../../../domain/notifications/events";
import type { NotificationPreferences } from "../../../domain/notifications/visibility";
import type { PostType } from "../../../domain/posts/post-rules";
import type { LiveWords } from "../../../realtime/frames";

interface Worded {
  message: string;
  /** The client screen the notification opens, and the item on it. */
  page: string | null;
  pageItemId: number | null;
}

/** The client screen that shows a post of each type (the original links reels to `reel`, videos to `video`). */
const POST_PAGE: Record<PostType, string> = {
  post: "post",
  reel: "reel",
  youtube_reel: "reel",
  video: "video",
  youtube_video: "video",
};

/**
 * Twimbol's words and link for each event, as the original stored them (the welcome text
 * and page are DESIGN.md's). A new event type fails to compile here until it is worded.
 */
const WORDING: { [T in NotificationEventType]: (e: Extract<NotificationEvent, { type: T }>) => Worded } = {
  welcome: (e) => ({
    message: `Welcome ${e.username}! Your account has been successfully created.`,
    page: "profile",
    pageItemId: null,
  }),
  follow: (e) => ({
    message: `${e.username} started following you.`,
    page: "profile",
    pageItemId: e.actorId,
  }),
  friend_request: (e) => ({
    message: `${e.username} sent you a friend request.`,
    page: "profile",
    pageItemId: e.actorId,
  }),
  friend_accepted: (e) => ({
    message: `${e.username} accepted your friend request.`,
    page: "profile",
    pageItemId: e.actorId,
  }),
  friend_removed: (e) => ({
    message: `${e.username} removed you as a friend.`,
    page: "profile",
    pageItemId: e.actorId,
  }),
  creator_application_approved: (e) => ({
    message: "Congratulations! Your creator application has been approved.",
    page: "creator",
    pageItemId: e.applicationId,
  }),
  // The original had the types but never sent these two: the words are ours, in the follow's style.
  like: (e) => ({
    message: `${e.username} liked your post.`,
    page: POST_PAGE[e.postType],
    pageItemId: e.postId,
  }),
  comment: (e) => ({
    message: `${e.username} commented on your post.`,
    page: POST_PAGE[e.postType],
    pageItemId: e.postId,
  }),
  reel_uploaded: (e) => ({ message: "Reel uploaded!", page: "reel", pageItemId: e.postId }),
  video_uploaded: (e) => ({ message: "Video uploaded!", page: "reel", pageItemId: e.postId }),
  legacy: (e) => ({ message: e.message, page: e.page, pageItemId: e.pageItemId }),
};

// TypeScript cannot correlate `WORDING[e.type]` with `e`; the mapped type above already checks each entry.
const worded = (e: NotificationEvent) => (WORDING[e.type] as (e: NotificationEvent) => Worded)(e);

/** One notification as the list shows it; the live stream sends the same object as its payload. */
export const toTwimbolNotification = (n: Notification) => {
  const { message, page, pageItemId } = worded(n.event);
  return {
    id: n.id,
    message,
    created_at: n.createdAt.toISOString(),
    is_read: n.isRead,
    page,
    page_item_id: pageItemId,
    notification_type: n.category,
  };
};

/** The frames of GET /api/notifications/stream: notifications and the unread count; `since` counts notification ids. */
export const twimbolLive: LiveWords = {
  api: "twimbol",
  frame(e) {
    switch (e.kind) {
      case "notification":
        return JSON.stringify({ event: "notification", payload: toTwimbolNotification(e.notification) });
      case "unread":
        return JSON.stringify({ event: "unread", count: e.count });
      case "chat":
      case "chat_resync":
        // Twimbol has no chats.
        return undefined;
    }
  },
  ready: JSON.stringify({ event: "ready" }),
  replays: "notifications",
};

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
