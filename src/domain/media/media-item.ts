// MediaCMS's media detail (GET /api/v1/media/<friendly_token>): one post, reel or video with its author's public card.
import { eq } from "drizzle-orm";
import { users, type PostRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { visiblePostRow } from "../posts/queries";
import { publicUserColumns, type PublicUserRow } from "../users/public-projection";

/** The cut of the public projection a media item shows of its author. */
export const mediaAuthorColumns = () => {
  const { id, username, displayName, firstName, lastName, avatarKey, isFeatured } = publicUserColumns();
  return { id, username, displayName, firstName, lastName, avatarKey, isFeatured };
};

export type MediaPostRow = PostRow;
export type MediaAuthorRow = Pick<PublicUserRow, keyof ReturnType<typeof mediaAuthorColumns>>;

export const withName = <A extends MediaAuthorRow>(author: A) => ({
  ...author,
  name: author.displayName || `${author.firstName} ${author.lastName}`.trim(),
});

/** The item if the viewer may see it (a hidden author or a block either way hides it, as on every post route). */
export async function getMediaItem(ctx: Ctx, postId: number) {
  const post = await visiblePostRow(ctx, postId);
  const author = await ctx.deps.db
    .select(mediaAuthorColumns())
    .from(users)
    .where(eq(users.id, post.createdBy))
    .get();
  if (!author) throw new DomainError("NOT_FOUND", "post");
  return { post, author: withName(author) };
}
