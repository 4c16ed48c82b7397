import { posts, type PostRow } from "../../db/schema";
import type { Viewer } from "../auth/viewer";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireSelfOrAdmin, requireUser } from "../policy/ownership";
import { standingPost } from "./delete-post";

/**
 * The post, if the caller may change it: its author, or an admin. An absent post is NOT_FOUND
 * before anyone's rights are looked at, as DRF's get_object answers 404 before a permission's 403.
 */
export async function requirePostEditor(
  ctx: Ctx,
  postId: number,
): Promise<{ post: PostRow; viewer: Viewer }> {
  requireUser(ctx);
  const post =
    Number.isSafeInteger(postId) && postId > 0
      ? await ctx.deps.db.select().from(posts).where(standingPost(postId)).get()
      : undefined;
  if (!post) throw new DomainError("NOT_FOUND", "post");
  return { post, viewer: requireSelfOrAdmin(ctx, post.createdBy) };
}
