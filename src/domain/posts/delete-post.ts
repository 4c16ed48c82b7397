import { and, eq, inArray, isNull } from "drizzle-orm";
import { notifications, posts, type PostRow } from "../../db/schema";
import { auditStatement } from "../admin/audit";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { requirePostEditor } from "./editor";

/** The post exists and has not been deleted: what a deletion, its audit row and an edit are guarded on. */
export const standingPost = (postId: number) => and(eq(posts.id, postId), isNull(posts.deletedAt))!;

/** Notifications unlinked in the deletion's own batch; a post liked more often has the rest unlinked by the cron. */
export const UNLINKED_AT_ONCE = 500;

/**
 * A post's deletion, as short statements (a tombstone) for its batch, and what to do once it
 * has committed. The first marks the post deleted; its trigger (migrations/0026) takes it
 * out of every list, count and author's media in that same statement, and every read skips it
 * (it is no longer `author_visible`). Its likes, hides, reports and comments, which may be
 * 100,000 rows, then go in bounded chunks by the cron (src/domain/maintenance/purge-deleted.ts).
 * Its banner, video and thumbnail leave R2 after the response. Shared by the author's delete
 * and an admin's removal.
 */
export function postDeletion(deps: Deps, post: PostRow) {
  const { db } = deps;
  const statements = [
    db
      .update(posts)
      .set({ deletedAt: deps.clock.now() })
      .where(standingPost(post.id))
      .returning({ id: posts.id }),
    // Notifications about it keep their text and lose their link: the first chunk here, any more by the cron.
    db
      .update(notifications)
      .set({ objectId: null, legacyPageItemId: null })
      .where(
        inArray(
          notifications.id,
          db
            .select({ id: notifications.id })
            .from(notifications)
            .where(and(eq(notifications.objectKind, "post"), eq(notifications.objectId, post.id)))
            .limit(UNLINKED_AT_ONCE),
        ),
      ),
  ] as const;
  const afterCommit = () => {
    for (const key of [post.bannerKey, post.videoKey, post.thumbnailKey])
      if (key) deps.defer(deps.media.delete(key));
  };
  return { statements, afterCommit };
}

/** The author's delete, or an admin's through the same route: then audited in the deletion's batch. */
export async function deletePost(ctx: Ctx, input: { postId: number }): Promise<void> {
  const { post, viewer } = await requirePostEditor(ctx, input.postId);
  const { deps } = ctx;
  const deletion = postDeletion(deps, post);
  if (viewer.user.id === post.createdBy) {
    await deps.db.batch(deletion.statements);
  } else {
    // First, while the post still stands: of two racing deletions only the one that removed it is logged.
    await deps.db.batch([
      auditStatement(deps, viewer, undefined, {
        action: "post.remove",
        objectType: "post",
        objectId: post.id,
        detail: { title: post.title.slice(0, 200), type: post.postType, author: post.createdBy },
        onlyIf: { from: posts, where: standingPost(post.id) },
      }),
      ...deletion.statements,
    ]);
  }
  deletion.afterCommit();
}
