import type { NOTIFICATION_EVENTS, NotificationType, notifications, PostType } from "../../db/schema";

/**
 * What a notification reports. Each surface words it (text, link) when it shows it;
 * a stored name is the one the user had then, as the text used to freeze it.
 */
export type NotificationEvent =
  /** A new account; `username` is the one it was created with. */
  | { type: "welcome"; username: string }
  | { type: "follow"; actorId: number; username: string }
  /** `actorId` is the reviewing admin (unknown for approvals recorded before events). */
  | { type: "creator_application_approved"; actorId: number | null; applicationId: number }
  /** Someone liked, or commented on, the recipient's post; `postType` is the post's then. */
  // `postId` is null once the post is deleted: the notification stays, its link goes.
  | { type: "like"; actorId: number; username: string; postId: number | null; postType: PostType }
  | { type: "comment"; actorId: number; username: string; postId: number | null; postType: PostType }
  /** The uploader's own reel (or video, a YouTube one included) is published. */
  | { type: "reel_uploaded"; postId: number | null }
  | { type: "video_uploaded"; postId: number | null }
  /** Cocotree's friends: `actorId` sent, accepted or ended the friendship; `username` is its name then. */
  | { type: "friend_request"; actorId: number; username: string }
  | { type: "friend_accepted"; actorId: number; username: string }
  | { type: "friend_removed"; actorId: number; username: string }
  /**
   * A row stored as text before events, that the backfill could not match, shown
   * verbatim. Also what tests write for categories no verb emits yet (like, comment, events).
   */
  | {
      type: "legacy";
      category: NotificationType;
      message: string;
      page: string | null;
      pageItemId: number | null;
    };

export type NotificationEventType = NotificationEvent["type"];

// The stored enum and the union are one list: a type added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameEventTypes: Same<NotificationEventType, (typeof NOTIFICATION_EVENTS)[number]> = true;
void sameEventTypes;

export type NotificationRow = typeof notifications.$inferSelect;

/** One recorded notification, as verbs and surfaces see it. `category` is what the preference switches filter on. */
export interface Notification {
  id: number;
  userId: number;
  category: NotificationType;
  isRead: boolean;
  createdAt: Date;
  event: NotificationEvent;
}

const CATEGORY = {
  welcome: "general",
  follow: "follow",
  creator_application_approved: "general",
  like: "like",
  comment: "comment",
  reel_uploaded: "general",
  video_uploaded: "general",
  friend_request: "general",
  friend_accepted: "general",
  friend_removed: "general",
} as const satisfies Record<Exclude<NotificationEventType, "legacy">, NotificationType>;

/** The columns an event is stored in (all but the recipient, the read flag and the time). */
export function eventColumns(event: NotificationEvent) {
  const none = {
    actorId: null,
    objectKind: null,
    objectId: null,
    data: null,
    legacyMessage: "",
    legacyPage: null,
    legacyPageItemId: null,
  };
  switch (event.type) {
    case "welcome":
      return {
        ...none,
        event: event.type,
        notificationType: CATEGORY[event.type],
        data: { username: event.username },
      };
    case "follow":
    case "friend_request":
    case "friend_accepted":
    case "friend_removed":
      return {
        ...none,
        event: event.type,
        notificationType: CATEGORY[event.type],
        actorId: event.actorId,
        data: { username: event.username },
      };
    case "creator_application_approved":
      return {
        ...none,
        event: event.type,
        notificationType: CATEGORY[event.type],
        actorId: event.actorId,
        objectKind: "creator_application" as const,
        objectId: event.applicationId,
      };
    case "like":
    case "comment":
      return {
        ...none,
        event: event.type,
        notificationType: CATEGORY[event.type],
        actorId: event.actorId,
        objectKind: "post" as const,
        objectId: event.postId,
        data: { username: event.username, postType: event.postType },
      };
    case "reel_uploaded":
    case "video_uploaded":
      return {
        ...none,
        event: event.type,
        notificationType: CATEGORY[event.type],
        objectKind: "post" as const,
        objectId: event.postId,
      };
    case "legacy":
      return {
        ...none,
        event: event.type,
        notificationType: event.category,
        legacyMessage: event.message,
        legacyPage: event.page,
        legacyPageItemId: event.pageItemId,
      };
  }
}

/** Reads a stored row back into its event. */
export function notificationOf(row: NotificationRow): Notification {
  return {
    id: row.id,
    userId: row.userId,
    category: row.notificationType,
    isRead: row.isRead,
    createdAt: row.createdAt,
    event: eventOf(row),
  };
}

function eventOf(row: NotificationRow): NotificationEvent {
  const username = row.data?.username ?? "";
  switch (row.event) {
    case "welcome":
      return { type: "welcome", username };
    case "follow":
    case "friend_request":
    case "friend_accepted":
    case "friend_removed":
      return { type: row.event, actorId: row.actorId ?? 0, username };
    case "creator_application_approved":
      return { type: "creator_application_approved", actorId: row.actorId, applicationId: row.objectId ?? 0 };
    case "like":
    case "comment":
      return {
        type: row.event,
        actorId: row.actorId ?? 0,
        username,
        postId: row.objectId,
        postType: row.data?.postType ?? "post",
      };
    case "reel_uploaded":
    case "video_uploaded":
      return { type: row.event, postId: row.objectId };
    case "legacy":
    default:
      // Also a type this code does not know (a row from a later version, kept after a rollback): its stored text.
      return {
        type: "legacy",
        category: row.notificationType,
        message: row.legacyMessage,
        page: row.legacyPage,
        pageItemId: row.legacyPageItemId,
      };
  }
}
