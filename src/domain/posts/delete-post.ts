import { and, eq } from "drizzle-orm";
import { comments, notifications, postHides, postLikes, postReports, posts, type PostRow } from "../../db/schema";
import { auditStatement } from "../admin/audit";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { requirePostEditor } from "./editor";

/**
 * A post's deletion with everything that hangs on it, as statements for one batch (the foreign
 * keys cascade too; the batch does not depend on it; notifications about it keep their text and
 * lose their link), and what to do once it has committed:
 * its banner, video and thumbnail leave R2 after the response. Shared by the author's delete and an admin's removal.
 */
export function postDeletion(deps: Deps, post: PostRow) {
  const { db } = deps;
  const statements = [
    db.delete(postLikes).where(eq(postLikes.postId, post.id)),
    db.delete(postHides).where(eq(postHides.postId, post.id)),
    db.delete(postReports).where(eq(postReports.postId, post.id)),
    db.delete(comments).where(eq(comments.postId, post.id)),
    db
      .update(notifications)
      .set({ objectId: null, legacyPageItemId: null })
      .where(and(eq(notifications.objectKind, "post"), eq(notifications.objectId, post.id))),
    db.delete(posts).where(eq(posts.id, post.id)),
  ] as const;
  const afterCommit = () => {
    for (const key of [post.bannerKey, post.videoKey, post.thumbnailKey]) if (key) deps.defer(deps.media.delete(key));
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
        onlyIf: { from: posts, where: eq(posts.id, post.id) },
      }),
      ...deletion.statements,
    ]);
  }
  deletion.afterCommit();
}
