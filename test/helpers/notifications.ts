import { desc, eq } from "drizzle-orm";
import { notifications, type NotificationType } from "../../src/db/schema";
import { notificationOf } from "../../src/domain/notifications/events";
import { toTwimbolNotification } from "../../src/surfaces/twimbol/notifications/serializers";
import { notifyLater, testDeps, type TextNotification } from "./factories";

/** Notifies through the domain verb, as a trigger would, and waits for the deferred delivery. */
export async function notifyNow(userId: number, overrides: Partial<TextNotification> = {}) {
  const deps = testDeps();
  const type: NotificationType = overrides.type ?? "general";
  notifyLater(deps, { userId, message: `${type} for ${userId}`, type, ...overrides });
  await deps.settle();
  return (await deps.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .get())!;
}

/** Every stored notification of a user, hidden ones too, newest first, as the Twimbol list words it. */
export async function storedNotifications(userId: number) {
  const rows = await testDeps()
    .db.select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id));
  return rows.map((row) => toTwimbolNotification(notificationOf(row)));
}
