import { sql, type SQL } from "drizzle-orm";
import { notificationPreferences, notifications, type NotificationType } from "../../db/schema";

export type NotificationPreferences = typeof notificationPreferences.$inferSelect;
export type PreferenceFlag = Exclude<keyof NotificationPreferences, "userId">;

/** Which switch hides which type (seed 004 §9); `general` answers only to `allNotifications`. */
const FLAG_OF_TYPE: Partial<Record<NotificationType, PreferenceFlag>> = {
  follow: "followNotifications",
  like: "likesNotifications",
  comment: "commentsNotifications",
  new_event: "newEventsNotifications",
  event_reminder: "eventRemindersNotifications",
};

/** The rule in code, for delivery. A user without a preferences row has every default (all on). */
export function isVisible(type: NotificationType, prefs: NotificationPreferences | undefined): boolean {
  if (!prefs) return true;
  if (!prefs.allNotifications) return false;
  const flag = FLAG_OF_TYPE[type];
  return flag ? prefs[flag] : true;
}

/**
 * The same rule in SQL, for queries over `notifications` that left-join the owner's
 * preferences row, so listing and counting stay one query and cannot disagree with delivery.
 */
export function visibleSql(): SQL {
  const p = notificationPreferences;
  const cases = Object.entries(FLAG_OF_TYPE).map(([type, flag]) => sql`WHEN ${type} THEN ${p[flag]}`);
  return sql`(${p.userId} IS NULL OR (${p.allNotifications} = 1 AND CASE ${notifications.notificationType} ${sql.join(cases, sql` `)} ELSE 1 END = 1))`;
}
