import { eq } from "drizzle-orm";
import { comments, postHides, postLikes, postReports, posts } from "../../db/schema";
import type { Ctx } from "../context";
import { requirePostEditor } from "./editor";

/**
 * Deletes a post with everything that hangs on it, in one batch (the foreign keys cascade
 * too; the batch does not depend on it). Its banner, video and thumbnail leave R2
 * after the response.
 */
export async function deletePost(ctx: Ctx, input: { postId: number }): Promise<void> {
  const { post } = await requirePostEditor(ctx, input.postId);
  const { db } = ctx.deps;
  await db.batch([
    db.delete(postLikes).where(eq(postLikes.postId, post.id)),
    db.delete(postHides).where(eq(postHides.postId, post.id)),
    db.delete(postReports).where(eq(postReports.postId, post.id)),
    db.delete(comments).where(eq(comments.postId, post.id)),
    db.delete(posts).where(eq(posts.id, post.id)),
  ]);
  for (const key of [post.bannerKey, post.videoKey, post.thumbnailKey]) if (key) ctx.deps.defer(ctx.deps.media.delete(key));
}
