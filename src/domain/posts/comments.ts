import { and, desc, eq, getTableColumns } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { comments, posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { addFieldError, DomainError, validationError, type FieldErrors } from "../errors";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { userCardColumns, type UserCardRow } from "../users/public-projection";
import { postVisibleTo, visiblePostRow } from "./queries";

/** Issue 11 §7: a comment is at most this long (the original's TextField had no limit). */
export const COMMENT_MAX = 2000;

export type CommentRow = typeof comments.$inferSelect;

export interface CommentItem {
  comment: CommentRow;
  author: UserCardRow;
}

const authorCard = userCardColumns();

/** DRF's CharField: surrounding blanks trimmed, then required non-blank and bounded. */
function checkedText(text: string): string {
  const trimmed = text.trim();
  const fields: FieldErrors = {};
  if (!trimmed) addFieldError(fields, "comment", "blank", "This field may not be blank.");
  else if (trimmed.length > COMMENT_MAX)
    addFieldError(
      fields,
      "comment",
      "max_length",
      `Ensure this value has at most ${COMMENT_MAX} characters (it has ${trimmed.length}).`,
      { max: COMMENT_MAX },
    );
  if (Object.keys(fields).length) throw validationError(fields);
  return trimmed;
}

/** A post's comments by visible accounts, newest first, each with its author: one batch for the count and the page, after the post. */
export async function listComments(
  ctx: Ctx,
  input: { postId: number; page: PageRequest },
): Promise<Page<CommentItem>> {
  const post = await visiblePostRow(ctx, input.postId);
  const { db } = ctx.deps;
  // A hidden account's comments leave the list (and its count) until the account comes back.
  const onPost = and(eq(comments.postId, post.id), eq(comments.authorVisible, 1));
  const page = await readPage(db, input.page, {
    // Kept on the post by triggers on comments (migrations/0021).
    count: db.select({ count: posts.commentCount }).from(posts).where(eq(posts.id, post.id)),
    rows: ({ limit, offset }) =>
      db
        // Flat and with distinct names: D1's batch answers rows keyed by column name, so a second `id` would overwrite the first.
        .select({
          ...getTableColumns(comments),
          username: authorCard.username,
          avatarKey: authorCard.avatarKey,
        })
        .from(comments)
        .innerJoin(users, eq(users.id, comments.userId))
        .where(onPost)
        .orderBy(desc(comments.id))
        .limit(limit)
        .offset(offset),
  });
  return mapPage(pageOrThrow(page), ({ username, avatarKey, ...comment }) => ({
    comment,
    author: { id: comment.userId, username, avatarKey },
  }));
}

/**
 * Comments on a post and notifies its author (not on the caller's own post), in one batch,
 * both guarded by the post still being there with no block between the two.
 */
export async function addComment(ctx: Ctx, input: { postId: number; text: string }): Promise<CommentItem> {
  const viewer = requireUser(ctx);
  const me = viewer.user.id;
  const text = checkedText(input.text);
  const post = await visiblePostRow(ctx, input.postId);
  const { db, clock } = ctx.deps;
  const guard = postVisibleTo(me, post.id);
  const insert = guardedInsert(
    db,
    comments,
    { postId: posts.id, userId: me, comment: text, createdAt: clock.now() },
    { from: posts, where: and(eq(posts.id, post.id), guard) },
  ).returning();
  let inserted: CommentRow[];
  if (post.createdBy === me) {
    inserted = await insert;
  } else {
    const notify = notification(ctx.deps, and(eq(users.id, post.createdBy), guard)!, {
      type: "comment",
      actorId: me,
      username: viewer.user.username,
      postId: post.id,
      postType: post.postType,
    });
    const [recorded, rows] = await db.batch([notify.statement, insert]);
    inserted = rows;
    if (rows.length) notify.afterCommit(recorded);
  }
  const [row] = inserted;
  if (!row) throw new DomainError("NOT_FOUND", "post");
  return {
    comment: row,
    author: { id: me, username: viewer.user.username, avatarKey: viewer.user.avatarKey },
  };
}

/**
 * Deletes the caller's own comment on the post, and no one else's: the original filters on
 * `created_by=request.user`, so neither the post's author nor an admin removes others' comments here.
 */
export async function deleteComment(
  ctx: Ctx,
  input: { postId: number; commentId: number | undefined },
): Promise<void> {
  const viewer = requireUser(ctx);
  const post = await visiblePostRow(ctx, input.postId);
  const { commentId } = input;
  if (commentId === undefined || !Number.isSafeInteger(commentId))
    throw new DomainError("NOT_FOUND", "comment_not_found");
  const deleted = await ctx.deps.db
    .delete(comments)
    .where(and(eq(comments.id, commentId), eq(comments.postId, post.id), eq(comments.userId, viewer.user.id)))
    .returning({ id: comments.id });
  if (!deleted.length) throw new DomainError("NOT_FOUND", "comment_not_found");
}
