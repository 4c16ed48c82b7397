// seed 004 §5 (issue 11): the creator dashboard, the caller's own posts, reels and videos.
import { and, desc, eq, isNull } from "drizzle-orm";
import { posts, users, type PostRow } from "../../db/schema";
import type { Ctx } from "../context";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { requireCreator } from "./uploader";

export interface DashboardItem {
  post: PostRow;
  commentCount: number;
}

/**
 * One batch: the count (the caller's media count, kept on the user row) and the page, each row
 * with its comment count kept on it (migrations/0021).
 */
export async function listDashboard(ctx: Ctx, request: PageRequest): Promise<Page<DashboardItem>> {
  const viewer = requireCreator(ctx, "creator_only");
  const { db } = ctx.deps;
  const page = pageOrThrow(
    await readPage(db, request, {
      count: db.select({ count: users.mediaCount }).from(users).where(eq(users.id, viewer.user.id)),
      rows: ({ limit, offset }) =>
        db
          .select()
          .from(posts)
          .where(and(eq(posts.createdBy, viewer.user.id), isNull(posts.deletedAt)))
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(limit)
          .offset(offset),
    }),
  );
  return mapPage(page, (post) => ({ post, commentCount: post.commentCount }));
}
export type { PostRow } from "../../db/schema";
