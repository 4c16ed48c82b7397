import { and, asc, eq, gt, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import {
  blocks,
  chatFeed,
  comments,
  follows,
  maintenanceCursors,
  notifications,
  postHides,
  postLikes,
  postReports,
  posts,
  users,
} from "../../db/schema";
import type { Deps } from "../deps";
import { actorRenamed } from "../notifications/forget-actor";
import { deleteChunk, type Budget } from "./chunks";

export type AccountPurge = "gone" | "posts_pending" | "out_of_statements";

/** Where the renaming of notifications naming the account has got to (ids go up). */
const actorWalk = (userId: number) => `erase-actor:${userId}`;

/**
 * Internal to the cron: removes what hangs on one deleted account, a chunk per statement, then
 * the account. Its posts are tombstoned here, oldest first, and purged as any deleted post
 * (purge-post.ts); the row goes once none is left. The account is hidden and has no session,
 * so nothing new hangs on it meanwhile. What is left to the row's own foreign keys is what an
 * account holds few of (sessions, codes, friendships, chat seats, uploads, preferences).
 */
export async function purgeAccount(
  deps: Deps,
  account: { id: number; username: string },
  budget: Budget,
): Promise<AccountPurge> {
  const { db, clock } = deps;
  const { chunk } = budget.limits;
  const userId = account.id;
  const taken = (rows: unknown[]) => rows.length;
  const byRowid = <T extends typeof follows | typeof blocks>(table: T, where: SQL) =>
    sql`rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${chunk})`;
  const likes = db
    .select({ id: postLikes.id })
    .from(postLikes)
    .where(eq(postLikes.userId, userId))
    .orderBy(asc(postLikes.postId))
    .limit(chunk);
  const cursor = await db
    .select({ position: maintenanceCursors.position })
    .from(maintenanceCursors)
    .where(eq(maintenanceCursors.name, actorWalk(userId)))
    .get();
  let renamedUpTo = cursor?.position ?? 0;
  const steps = [
    // Its posts leave every count in their tombstone's trigger, one chunk at a time; oldest first,
    // so each one's latest-media lookup stops at the first entry of the author's index.
    async () =>
      taken(
        await db
          .update(posts)
          .set({ deletedAt: clock.now() })
          .where(
            inArray(
              posts.id,
              db
                .select({ id: posts.id })
                .from(posts)
                .where(and(eq(posts.createdBy, userId), isNull(posts.deletedAt)))
                .orderBy(asc(posts.createdAt), asc(posts.id))
                .limit(chunk),
            ),
          )
          .returning({ id: posts.id }),
      ),
    // The likes it gave, each taken off its post's count in the same batch (both statements pick the same rows).
    async () => {
      const [, deleted] = await db.batch([
        db
          .update(posts)
          .set({ likeCount: sql`${posts.likeCount} - 1` })
          .where(
            inArray(
              posts.id,
              db
                .select({ postId: postLikes.postId })
                .from(postLikes)
                .where(eq(postLikes.userId, userId))
                .orderBy(asc(postLikes.postId))
                .limit(chunk),
            ),
          ),
        db.delete(postLikes).where(inArray(postLikes.id, likes)).returning({ id: postLikes.id }),
      ]);
      return deleted.length;
    },
    async () => deleteChunk(db, postHides, eq(postHides.userId, userId), chunk),
    async () => deleteChunk(db, postReports, eq(postReports.userId, userId), chunk),
    // Hidden since the deletion, so they count on no post; their trigger recomputes each post's newest ten.
    async () => deleteChunk(db, comments, eq(comments.userId, userId), chunk),
    async () =>
      taken(
        await db
          .delete(follows)
          .where(byRowid(follows, eq(follows.followerId, userId)))
          .returning({ id: follows.followeeId }),
      ),
    async () =>
      taken(
        await db
          .delete(follows)
          .where(byRowid(follows, eq(follows.followeeId, userId)))
          .returning({ id: follows.followerId }),
      ),
    async () =>
      taken(
        await db
          .delete(blocks)
          .where(byRowid(blocks, eq(blocks.blockerId, userId)))
          .returning({ id: blocks.blockedId }),
      ),
    async () =>
      taken(
        await db
          .delete(blocks)
          .where(byRowid(blocks, eq(blocks.blockedId, userId)))
          .returning({ id: blocks.blockerId }),
      ),
    async () => deleteChunk(db, notifications, eq(notifications.userId, userId), chunk),
    // Its chat frames (up to 7 days of every chat it was in): chunked, not left to the users row's cascade.
    async () => deleteChunk(db, chatFeed, eq(chatFeed.userId, userId), chunk),
    // Other users' notifications about what it did carry its placeholder name, as an anonymised
    // account's do (forget-actor.ts); the walk goes up the ids, so no chunk reads the last one's rows.
    async () => {
      const next = db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.actorId, userId), gt(notifications.id, renamedUpTo)))
        .orderBy(asc(notifications.id))
        .limit(chunk);
      const renamed = await actorRenamed(
        deps,
        userId,
        account.username,
        inArray(notifications.id, next),
      ).returning({ id: notifications.id });
      renamedUpTo = Math.max(renamedUpTo, ...renamed.map((r) => r.id));
      return renamed.length;
    },
  ];
  let drained = true;
  for (const step of steps)
    if (!(await budget.drain(step))) {
      drained = false;
      break;
    }
  if (renamedUpTo !== (cursor?.position ?? 0)) {
    await db
      .insert(maintenanceCursors)
      .values({ name: actorWalk(userId), position: renamedUpTo })
      .onConflictDoUpdate({ target: maintenanceCursors.name, set: { position: renamedUpTo } });
  }
  if (!drained) return "out_of_statements";
  if (
    await db
      .select({ one: sql`1` })
      .from(posts)
      .where(eq(posts.createdBy, userId))
      .limit(1)
      .get()
  )
    return "posts_pending";
  if (!budget.spend()) return "out_of_statements";
  await db.batch([
    db.delete(users).where(and(eq(users.id, userId), isNotNull(users.deletedAt))),
    db.delete(maintenanceCursors).where(eq(maintenanceCursors.name, actorWalk(userId))),
  ]);
  return "gone";
}
