import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { comments, notifications, postHides, postLikes, postReports, posts } from "../../db/schema";
import type { Deps } from "../deps";
import { deleteChunk, type Budget } from "./chunks";

/**
 * Internal to the cron: removes what hangs on one tombstoned post, a chunk per statement, and
 * then the post. Nothing new can hang on it meanwhile: every like, hide, report and comment is
 * written only while its post is listed (`author_visible`), which a tombstone never is again.
 * Whether the post is gone (else the run's statements ran out, and the next run goes on).
 */
export async function purgePost(deps: Deps, postId: number, budget: Budget): Promise<boolean> {
  const { db } = deps;
  const { chunk } = budget.limits;
  const ids = (rows: { id: number }[]) => rows.length;
  // Each like taken off the post takes one off its count in the same batch: the two statements
  // pick the same rows (nothing runs between them), so the count stays the number of likes left.
  const likes = db
    .select({ id: postLikes.id })
    .from(postLikes)
    .where(eq(postLikes.postId, postId))
    .orderBy(asc(postLikes.id))
    .limit(chunk);
  const steps = [
    async () => deleteChunk(db, postReports, eq(postReports.postId, postId), chunk),
    async () => deleteChunk(db, postHides, eq(postHides.postId, postId), chunk),
    async () => {
      const [, deleted] = await db.batch([
        db
          .update(posts)
          .set({ likeCount: sql`${posts.likeCount} - (SELECT count(*) FROM (${likes}))` })
          .where(eq(posts.id, postId)),
        db.delete(postLikes).where(inArray(postLikes.id, likes)).returning({ id: postLikes.id }),
      ]);
      return deleted.length;
    },
    // Their trigger keeps the post's comment count (migrations/0021, 0026).
    async () =>
      ids(
        await db
          .delete(comments)
          .where(
            inArray(
              comments.id,
              db
                .select({ id: comments.id })
                .from(comments)
                .where(eq(comments.postId, postId))
                .orderBy(desc(comments.id))
                .limit(chunk),
            ),
          )
          .returning({ id: comments.id }),
      ),
    // Notifications about it keep their text and lose their link.
    async () =>
      ids(
        await db
          .update(notifications)
          .set({ objectId: null, legacyPageItemId: null })
          .where(
            inArray(
              notifications.id,
              db
                .select({ id: notifications.id })
                .from(notifications)
                .where(and(eq(notifications.objectKind, "post"), eq(notifications.objectId, postId)))
                .limit(chunk),
            ),
          )
          .returning({ id: notifications.id }),
      ),
  ];
  for (const step of steps) if (!(await budget.drain(step))) return false;
  if (!budget.spend()) return false;
  const [gone] = await db
    .delete(posts)
    .where(and(eq(posts.id, postId), isNotNull(posts.deletedAt)))
    .returning({ bannerKey: posts.bannerKey, videoKey: posts.videoKey, thumbnailKey: posts.thumbnailKey });
  // The deletion verb let the files go already; a post of a deleted account lets them go here.
  for (const key of gone ? [gone.bannerKey, gone.videoKey, gone.thumbnailKey] : [])
    if (key) deps.defer(deps.media.delete(key));
  return true;
}
