import { desc, eq } from "drizzle-orm";
import { notifications, type NotificationType } from "../../src/db/schema";
import { notify, type NewNotification } from "../../src/domain/notifications/notify";
import { testDeps } from "./factories";

/** Notifies through the domain verb, as a trigger would, and waits for the deferred delivery. */
export async function notifyNow(userId: number, overrides: Partial<NewNotification> = {}) {
  const deps = testDeps();
  const type: NotificationType = overrides.type ?? "general";
  notify(deps, { userId, message: `${type} for ${userId}`, type, ...overrides });
  await deps.settle();
  return (await deps.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).get())!;
}

/** Polls `probe` until it returns something (bounded), for effects that land after the response. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
