import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chatMembers, notifications, users, videoUploads } from "../../db/schema";
import { randomDigits } from "../../infra/secrets";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import { ownershipPassedOn } from "../chats/pass-ownership";
import { actorRenamed } from "../notifications/forget-actor";
import { usernameKey } from "./account-rules";
import { NO_PERSONAL_DATA } from "./personal-data";
import type { Deps } from "../deps";

export interface EraseOptions {
  /**
   * Written first in the erase's own batch (an audit row guarded on the account still
   * standing), so the record and the deletion happen together or not at all.
   */
  first?: BatchItem<"sqlite">;
  /** Written last in the erase's batch: a statement that fails it (and so undoes it) when a rule no longer holds. */
  last?: BatchItem<"sqlite">;
  /** The erase happens only if this holds when the batch runs (e.g. "not an admin" for a manager). */
  onlyIf?: SQL;
}

/** Notifications naming the account renamed in its deletion's own batch; the rest go by the cron's chunks. */
export const RENAMED_AT_ONCE = 500;

/** The `users` row in scope is this account, not deleted: what a deletion, its audit row and an admin's edit look for. */
export const standingAccount = (userId: number) => and(eq(users.id, userId), isNull(users.deletedAt))!;

/** The same, as a condition any statement of the batch can carry. */
const stillStanding = (userId: number) =>
  sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.deletedAt} IS NULL)`;

/**
 * Internal to the domain: every deletion of an account (self-service, MediaCMS, the admin API
 * and panel) goes through here. One batch of short statements: the account is marked deleted,
 * deactivated (so it, its posts and its comments leave every API and counter at once, through
 * the visibility triggers of migrations/0021) and anonymised (its name and email are free to
 * register again), its sessions end, its group chats pass on, and its unfinished uploads are
 * read. What hangs on it (likes, comments, follows, posts with their own likes…) can be
 * 100,000 rows: the cron removes those in bounded chunks, keeping every counter exact, and
 * the row last (src/domain/maintenance/purge-deleted.ts). Sockets, pictures and uploads go
 * after the commit; its posts' files go as the cron removes each post. Answers whether this
 * call deleted it.
 */
export async function eraseAccount(
  deps: Deps,
  userId: number,
  { first, last, onlyIf }: EraseOptions = {},
): Promise<boolean> {
  const { db, clock } = deps;
  const guard = and(stillStanding(userId), onlyIf)!;
  const placeholder = `deleted_${userId}_${randomDigits(8)}`;
  const statements = [
    // Read before the update below clears them.
    db
      .select({ avatarKey: users.avatarKey, bannerKey: users.bannerKey })
      .from(users)
      .where(and(eq(users.id, userId), guard)),
    db
      .select({
        objectKey: videoUploads.objectKey,
        r2UploadId: videoUploads.r2UploadId,
        completedAt: videoUploads.completedAt,
      })
      .from(videoUploads)
      .where(eq(videoUploads.userId, userId)),
    ownershipPassedOn(deps, userId, guard),
    // Its seats leave its chats at once (a member list shows no deleted account); one per chat it is in.
    db.delete(chatMembers).where(and(eq(chatMembers.userId, userId), guard)),
    // Other users' notifications about what it did stop naming it, as its name is free to
    // register again: the first chunk here, any more (an account that acted 100,000 times) by the cron.
    actorRenamed(
      deps,
      userId,
      placeholder,
      and(
        guard,
        inArray(
          notifications.id,
          db
            .select({ id: notifications.id })
            .from(notifications)
            .where(eq(notifications.actorId, userId))
            .orderBy(asc(notifications.id))
            .limit(RENAMED_AT_ONCE),
        ),
      ),
    ),
    ...revokeAllStatements(deps, userId, guard),
    db
      .update(users)
      .set({
        deletedAt: clock.now(),
        isActive: false,
        username: placeholder,
        usernameKey: usernameKey(placeholder),
        ...NO_PERSONAL_DATA,
      })
      .where(and(eq(users.id, userId), guard))
      .returning({ id: users.id }),
  ] as const;
  const batch = [...(first ? [first] : []), ...statements, ...(last ? [last] : [])] as [
    BatchItem<"sqlite">,
    ...BatchItem<"sqlite">[],
  ];
  const results = (await db.batch(batch)).slice(first ? 1 : 0);
  const [keys, uploads, , , , , , deleted] = results as [
    { avatarKey: string | null; bannerKey: string | null }[],
    { objectKey: string; r2UploadId: string; completedAt: Date | null }[],
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    { id: number }[],
  ];
  if (!deleted.length) return false;
  closeEndedSockets(deps, userId);
  for (const key of keys.flatMap((u) => [u.avatarKey, u.bannerKey]))
    if (key) deps.defer(deps.media.delete(key));
  for (const u of uploads) {
    deps.defer(
      u.completedAt
        ? deps.media.delete(u.objectKey)
        : deps.media.abortMultipart({ key: u.objectKey, uploadId: u.r2UploadId }),
    );
  }
  return true;
}
