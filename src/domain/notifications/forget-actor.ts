import { and, eq, sql, type SQL } from "drizzle-orm";
import { notifications } from "../../db/schema";
import type { Deps } from "../deps";

/**
 * Other users' notifications about what `userId` did carry `placeholder` instead of the name it
 * had (stored events and the text kept beside converted rows alike), so a name someone may
 * register again names no one. Found by `notifications_actor_idx`; `onlyIf` holds the rewrite
 * to the guard of the change it goes with (an erase that may not happen).
 */
export function actorRenamed(deps: Deps, userId: number, placeholder: string, onlyIf?: SQL) {
  return deps.db
    .update(notifications)
    .set({
      data: sql`CASE WHEN json_extract(${notifications.data}, '$.username') IS NULL THEN ${notifications.data} ELSE json_set(${notifications.data}, '$.username', ${placeholder}) END`,
      // The kept text of a converted row starts with the actor's name (0007's backfill matched it
      // there); only that prefix changes, since a short name also occurs inside other words.
      legacyMessage: sql`CASE WHEN substr(${notifications.legacyMessage}, 1, length(json_extract(${notifications.data}, '$.username'))) = json_extract(${notifications.data}, '$.username') THEN ${placeholder} || substr(${notifications.legacyMessage}, length(json_extract(${notifications.data}, '$.username')) + 1) ELSE ${notifications.legacyMessage} END`,
    })
    .where(and(eq(notifications.actorId, userId), onlyIf));
}

/** An anonymised account's trace in notifications, as statements for its batch: its own go, others' are renamed. */
export function forgetActorStatements(deps: Deps, userId: number, placeholder: string) {
  return [
    deps.db.delete(notifications).where(eq(notifications.userId, userId)),
    actorRenamed(deps, userId, placeholder),
  ] as const;
}
