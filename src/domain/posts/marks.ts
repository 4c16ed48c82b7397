// Likes, hides and reports: one per user and post (the unique index), written only while the
// post exists and no block separates the two, that condition repeated inside the write itself.
import { and, desc, eq, exists, notExists, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import {
  postHides,
  postLikes,
  postReports,
  posts,
  users,
  type PostRow,
  type ReportReason,
} from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { isUniqueViolation } from "../users/unique-violation";
import { postVisibleTo, visiblePostQuery, visiblePostRow } from "./queries";

/** One user's like or hide of a post. */
export interface Mark {
  id: number;
  userId: number;
  postId: number;
  createdAt: Date;
}

export interface Report extends Mark {
  reason: ReportReason;
  description: string;
}

const likedBy = (userId: number, postId: number) =>
  and(eq(postLikes.userId, userId), eq(postLikes.postId, postId));
const hiddenBy = (userId: number, postId: number) =>
  and(eq(postHides.userId, userId), eq(postHides.postId, postId));
const reportedBy = (userId: number, postId: number) =>
  and(eq(postReports.userId, userId), eq(postReports.postId, postId));

/** After a write that changed nothing: the post went (or a block came) meanwhile, else the mark was already there. */
async function refusal(
  ctx: Ctx,
  postId: number,
  already: "already_liked" | "already_hidden" | "already_reported",
): Promise<never> {
  await visiblePostRow(ctx, postId);
  throw new DomainError("BAD_REQUEST", already);
}

/**
 * Likes a post and notifies its author (not when it is the caller's own). The count goes up
 * in the same batch as the insert and under the same condition (visible and not yet liked), so
 * it moves exactly when a row went in, whatever else runs at the same time.
 */
export async function likePost(ctx: Ctx, { postId }: { postId: number }): Promise<Mark> {
  const viewer = requireUser(ctx);
  const { db, clock } = ctx.deps;
  const me = viewer.user.id;
  const post = await visiblePostRow(ctx, postId);
  const guard = and(
    postVisibleTo(me, post.id),
    notExists(
      db
        .select({ one: sql`1` })
        .from(postLikes)
        .where(likedBy(me, post.id)),
    ),
  )!;
  const bump = db
    .update(posts)
    .set({ likeCount: sql`${posts.likeCount} + 1` })
    .where(and(eq(posts.id, post.id), guard));
  const insert = guardedInsert(
    db,
    postLikes,
    { userId: me, postId: posts.id, createdAt: clock.now() },
    { from: posts, where: and(eq(posts.id, post.id), guard) },
  ).returning();
  const notify =
    post.createdBy === me
      ? null
      : notification(ctx.deps, and(eq(users.id, post.createdBy), guard)!, {
          type: "like",
          actorId: me,
          username: viewer.user.username,
          postId: post.id,
          postType: post.postType,
        });
  let inserted: Mark[];
  try {
    if (notify) {
      const [, recorded, rows] = await db.batch([bump, notify.statement, insert]);
      inserted = rows;
      if (rows.length) notify.afterCommit(recorded);
    } else {
      [, inserted] = await db.batch([bump, insert]);
    }
  } catch (err) {
    // The unique index is the last word; its refusal rolled the whole batch back, count included.
    if (isUniqueViolation(err)) return refusal(ctx, post.id, "already_liked");
    throw err;
  }
  return inserted[0] ?? refusal(ctx, post.id, "already_liked");
}

/** Removes the caller's like; the count goes down in the same batch, only if there was one. */
export async function unlikePost(ctx: Ctx, { postId }: { postId: number }): Promise<void> {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  const post = await visiblePostRow(ctx, postId);
  const [, deleted] = await db.batch([
    db
      .update(posts)
      .set({ likeCount: sql`${posts.likeCount} - 1` })
      .where(
        and(
          eq(posts.id, post.id),
          exists(
            db
              .select({ one: sql`1` })
              .from(postLikes)
              .where(likedBy(me, post.id)),
          ),
        ),
      ),
    db.delete(postLikes).where(likedBy(me, post.id)).returning({ id: postLikes.id }),
  ]);
  if (!deleted.length) throw new DomainError("NOT_FOUND", "like_not_found");
}

/** Hides a post from the caller's feeds. */
export async function hidePost(ctx: Ctx, { postId }: { postId: number }): Promise<Mark> {
  const me = requireUser(ctx).user.id;
  const { db, clock } = ctx.deps;
  const post = await visiblePostRow(ctx, postId);
  const [row] = await guardedInsert(
    db,
    postHides,
    { userId: me, postId: posts.id, createdAt: clock.now() },
    { from: posts, where: and(eq(posts.id, post.id), postVisibleTo(me, post.id)) },
  )
    .onConflictDoNothing()
    .returning();
  return row ?? refusal(ctx, post.id, "already_hidden");
}

export async function unhidePost(ctx: Ctx, { postId }: { postId: number }): Promise<void> {
  const me = requireUser(ctx).user.id;
  const post = await visiblePostRow(ctx, postId);
  const deleted = await ctx.deps.db
    .delete(postHides)
    .where(hiddenBy(me, post.id))
    .returning({ id: postHides.id });
  if (!deleted.length) throw new DomainError("NOT_FOUND", "hide_not_found");
}

/** Reports a post to the admins (seed 004 §6: `reason` defaults to `other`). */
export async function reportPost(
  ctx: Ctx,
  input: { postId: number; reason?: ReportReason; description?: string },
): Promise<Report> {
  const me = requireUser(ctx).user.id;
  const { db, clock } = ctx.deps;
  const post = await visiblePostRow(ctx, input.postId);
  const [row] = await guardedInsert(
    db,
    postReports,
    {
      userId: me,
      postId: posts.id,
      reason: input.reason ?? "other",
      description: input.description ?? "",
      createdAt: clock.now(),
      dismissedAt: null,
    },
    { from: posts, where: and(eq(posts.id, post.id), postVisibleTo(me, post.id)) },
  )
    .onConflictDoNothing()
    .returning();
  return row ?? refusal(ctx, post.id, "already_reported");
}

/** Withdraws the caller's report, dismissed or not. */
export async function unreportPost(ctx: Ctx, { postId }: { postId: number }): Promise<void> {
  const me = requireUser(ctx).user.id;
  const post = await visiblePostRow(ctx, postId);
  const deleted = await ctx.deps.db
    .delete(postReports)
    .where(reportedBy(me, post.id))
    .returning({ id: postReports.id });
  if (!deleted.length) throw new DomainError("NOT_FOUND", "report_not_found");
}

/**
 * The most likes the list holds: it is not paginated (seed 004 §6: "a list"), and an uncapped one
 * reads every like of a popular post on every view. The count a client shows is the post's `like_count`.
 */
export const LIKES_LIST_LIMIT = 100;

/**
 * A post's newest likes (LIKES_LIST_LIMIT), newest first as the original's queryset, public as
 * seed 004 §6 documents them. The post and the rows are one batch: two statements. Not
 * paginated, as the original's viewsets had no pagination class.
 */
export async function listLikes(ctx: Ctx, { postId }: { postId: number }): Promise<Mark[]> {
  const { db } = ctx.deps;
  // By id, the order they were made in: post_likes_post_idx hands them over newest first and the limit stops it.
  const newest = db
    .select()
    .from(postLikes)
    .where(eq(postLikes.postId, postId))
    .orderBy(desc(postLikes.id))
    .limit(LIKES_LIST_LIMIT);
  return listed(await db.batch([visiblePostQuery(ctx, postId), newest]));
}

/**
 * The caller's own hide of a post, as a list of at most one: who hid or reported what is the
 * caller's business and the moderators' (who read reports through the admin API), no one else's.
 */
export async function listHides(ctx: Ctx, { postId }: { postId: number }): Promise<Mark[]> {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  return listed(
    await db.batch([visiblePostQuery(ctx, postId), db.select().from(postHides).where(hiddenBy(me, postId))]),
  );
}

/** The caller's own report of a post, as a list of at most one, as listHides. */
export async function listReports(ctx: Ctx, { postId }: { postId: number }): Promise<Report[]> {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  return listed(
    await db.batch([
      visiblePostQuery(ctx, postId),
      db.select().from(postReports).where(reportedBy(me, postId)),
    ]),
  );
}

function listed<T>([post, rows]: [PostRow[], T[]]): T[] {
  if (!post.length) throw new DomainError("NOT_FOUND", "post");
  return rows;
}
