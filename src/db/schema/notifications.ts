import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { PostType } from "./posts";
import { users } from "./users";

export const NOTIFICATION_TYPES = [
  "general",
  "follow",
  "like",
  "comment",
  "new_event",
  "event_reminder",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** What happened. `legacy` is a row stored as text before events (kept verbatim). */
export const NOTIFICATION_EVENTS = [
  "welcome",
  "follow",
  "creator_application_approved",
  "like",
  "comment",
  "reel_uploaded",
  "video_uploaded",
  "friend_request",
  "friend_accepted",
  "friend_removed",
  "legacy",
] as const;
export const NOTIFICATION_OBJECTS = ["creator_application", "post"] as const;

/** Facts a surface words a notification with that cannot be read back later (a name as it was then). */
export interface NotificationData {
  username?: string;
  /** A like's or comment's post type then, which picks the client screen its link opens. */
  postType?: PostType;
}

/**
 * D1 is the record of every notification, stored as a typed event that each surface
 * words at read time; the user's hub only fans them out live. `notification_type` is
 * the category the preference switches filter on.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Rows written by older code (and any the backfill could not match) have the default, `legacy`. */
    event: text("event", { enum: NOTIFICATION_EVENTS }).notNull().default("legacy"),
    /** Who acted, if a user did. No foreign key: the record outlives the account, as its text used to. */
    actorId: integer("actor_id"),
    objectKind: text("object_kind", { enum: NOTIFICATION_OBJECTS }),
    objectId: integer("object_id"),
    data: text("data", { mode: "json" }).$type<NotificationData>(),
    notificationType: text("notification_type", { enum: NOTIFICATION_TYPES }).notNull().default("general"),
    // A legacy row's text and link, shown verbatim. New events leave them empty (`message`
    // keeps its NOT NULL: SQLite cannot relax it without rebuilding the table); rows the
    // backfill converted keep their old text, so a Worker on the code before events, during
    // a deploy or after a rollback, still shows them. A later release can drop the three.
    legacyMessage: text("message").notNull(),
    legacyPage: text("page"),
    legacyPageItemId: integer("page_item_id"),
    isRead: integer("is_read", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, sql`${t.id} DESC`),
    // A deleted post (or application) finds the notifications that link to it.
    index("notifications_object_idx").on(t.objectKind, t.objectId),
    // An anonymised account finds the notifications that name it.
    index("notifications_actor_idx").on(t.actorId),
    // The cron asks "are there N newer of this user's notifications of this type?" in N index steps.
    index("notifications_user_type_idx").on(t.userId, t.notificationType, t.id),
  ],
);

/** Twimbol's per-user switches; a missing row means every default. */
export const notificationPreferences = sqliteTable("notification_preferences", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  allNotifications: integer("all_notifications", { mode: "boolean" }).notNull().default(true),
  emailNotifications: integer("email_notifications", { mode: "boolean" }).notNull().default(true),
  pushNotifications: integer("push_notifications", { mode: "boolean" }).notNull().default(true),
  followNotifications: integer("follow_notifications", { mode: "boolean" }).notNull().default(true),
  likesNotifications: integer("likes_notifications", { mode: "boolean" }).notNull().default(true),
  commentsNotifications: integer("comments_notifications", { mode: "boolean" }).notNull().default(true),
  newEventsNotifications: integer("new_events_notifications", { mode: "boolean" }).notNull().default(true),
  eventRemindersNotifications: integer("event_reminders_notifications", { mode: "boolean" })
    .notNull()
    .default(true),
});
