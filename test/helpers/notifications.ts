import { desc, eq } from "drizzle-orm";
import { notifications, type NotificationType } from "../../src/db/schema";
import type { Deps } from "../../src/domain/deps";
import { notificationOf } from "../../src/domain/notifications/events";
import { notification } from "../../src/domain/notifications/notify";
import { toTwimbolNotification } from "../../src/surfaces/twimbol/notification-serializers";
import { testDeps } from "./factories";

/**
 * A notification with its text given (a `legacy` event): the categories no verb emits
 * yet (like, comment, events) and arbitrary texts, as the tests need them.
 */
export interface TextNotification {
  userId: number;
  message: string;
  type: NotificationType;
  page?: string | null;
  pageItemId?: number | null;
}

/** Notifies through the domain verb with no write of the caller's own: record and push both run deferred. */
export function notifyLater(deps: Deps, n: TextNotification) {
  const made = notification(deps, n.userId, { type: "legacy", category: n.type, message: n.message, page: n.page ?? null, pageItemId: n.pageItemId ?? null });
  deps.defer((async () => made.afterCommit(await made.statement))());
}

/** Notifies through the domain verb, as a trigger would, and waits for the deferred delivery. */
export async function notifyNow(userId: number, overrides: Partial<TextNotification> = {}) {
  const deps = testDeps();
  const type: NotificationType = overrides.type ?? "general";
  notifyLater(deps, { userId, message: `${type} for ${userId}`, type, ...overrides });
  await deps.settle();
  return (await deps.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).get())!;
}

/** Every stored notification of a user, hidden ones too, newest first, as the Twimbol list words it. */
export async function storedNotifications(userId: number) {
  const rows = await testDeps().db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id));
  return rows.map((row) => toTwimbolNotification(notificationOf(row)));
}
