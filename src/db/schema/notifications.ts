import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const NOTIFICATION_TYPES = ["general", "follow", "like", "comment", "new_event", "event_reminder"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** D1 is the record of every notification; the user's hub only fans them out live. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    notificationType: text("notification_type", { enum: NOTIFICATION_TYPES }).notNull().default("general"),
    page: text("page"),
    pageItemId: integer("page_item_id"),
    isRead: integer("is_read", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, sql`${t.id} DESC`)],
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
  eventRemindersNotifications: integer("event_reminders_notifications", { mode: "boolean" }).notNull().default(true),
});
