import { eq, sql } from "drizzle-orm";
import { notifications } from "../../db/schema";
import type { Deps } from "../deps";

/**
 * An anonymised account's trace in notifications, as statements for its batch: its own
 * notifications go, and other users' notifications about what it did carry `placeholder`
 * instead of the name it had (stored events and the text kept beside converted rows alike),
 * so a name someone may register again names no one. Found by `notifications_actor_idx`.
 */
export function forgetActorStatements(deps: Deps, userId: number, placeholder: string) {
  const { db } = deps;
  return [
    db.delete(notifications).where(eq(notifications.userId, userId)),
    db
      .update(notifications)
      .set({
        data: sql`CASE WHEN json_extract(${notifications.data}, '$.username') IS NULL THEN ${notifications.data} ELSE json_set(${notifications.data}, '$.username', ${placeholder}) END`,
        legacyMessage: sql`CASE WHEN json_extract(${notifications.data}, '$.username') IS NULL THEN ${notifications.legacyMessage} ELSE replace(${notifications.legacyMessage}, json_extract(${notifications.data}, '$.username'), ${placeholder}) END`,
      })
      .where(eq(notifications.actorId, userId)),
  ] as const;
}
