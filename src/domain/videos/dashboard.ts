// seed 004 §5 (issue 11): the creator dashboard, the caller's own posts, reels and videos.
import { count, desc, eq, sql } from "drizzle-orm";
import { comments, posts, type PostRow } from "../../db/schema";
import type { Ctx } from "../context";
import { pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { requireCreator } from "./uploader";

export interface DashboardItem {
  post: PostRow;
  commentCount: number;
}

/** One batch: the count and the page, each row with its comment count from the comments index. */
export async function listDashboard(ctx: Ctx, request: PageRequest): Promise<Page<DashboardItem>> {
  const viewer = requireCreator(ctx, "creator_only");
  const { db } = ctx.deps;
  const mine = eq(posts.createdBy, viewer.user.id);
  // Qualified by hand: drizzle writes a column of the outer select unqualified, which inside the
  // subquery would name the comment's own id.
  const commentCount = sql<number>`(SELECT count(*) FROM ${comments} WHERE ${comments.postId} = "posts"."id")`.mapWith(Number);
  const page = pageOrThrow(
    await readPage(db, request, {
      count: db.select({ count: count() }).from(posts).where(mine),
      rows: ({ limit, offset }) =>
        db
          .select({ post: posts, commentCount })
          .from(posts)
          .where(mine)
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(limit)
          .offset(offset),
    }),
  );
  return page;
}
export type { PostRow } from "../../db/schema";
