import { desc, sql } from "drizzle-orm";
import { comments, posts, reelKindFilter, type PostRow, type ReelKind } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { mapPage, type Page, type PageRequest } from "../lists/page";
import { readFeedPage, viewerIdOf, withFlagsAndAuthors, type PostBase } from "./queries";

/** A reel or a video as its page, the search and the dashboard show it. */
export interface ReelItem extends PostBase {
  commentCount: number;
}

export type { ReelKind };

/**
 * One kind's page, newest first, for the viewer (their hidden and reported items and
 * anyone across a block left out): the count and page in one batch (over the kind's
 * partial index), then flags, authors and comment counts, one statement each.
 */
export async function listReels(ctx: Ctx, kind: ReelKind, page: PageRequest): Promise<Page<ReelItem>> {
  const rows = await readFeedPage(ctx, { filter: reelKindFilter(kind), order: [desc(posts.createdAt), desc(posts.id)], page });
  const items = await reelItemsOf(ctx.deps, viewerIdOf(ctx), rows.rows);
  return mapPage(rows, (_, i) => items[i]!);
}

/** Flags, authors and comment counts for reel rows already read: three statements whatever their number. */
export function reelItemsOf(deps: Deps, viewerId: number | null, rows: PostRow[]): Promise<ReelItem[]> {
  return withFlagsAndAuthors(deps, viewerId, rows, (postIds) => loadCommentCounts(deps, postIds), (base, counts) => ({
    ...base,
    commentCount: counts.get(base.post.id) ?? 0,
  }));
}

/** Every post's comment count in one grouped statement, over the comments' post index. */
async function loadCommentCounts(deps: Deps, postIds: number[]): Promise<Map<number, number>> {
  const rows = await deps.db.all<{ post_id: number; n: number }>(sql`
    SELECT ${comments.postId} AS post_id, count(*) AS n FROM ${comments}
    WHERE ${comments.postId} IN (SELECT value FROM json_each(${JSON.stringify(postIds)}))
    GROUP BY ${comments.postId}`);
  return new Map(rows.map((r) => [Number(r.post_id), Number(r.n)]));
}
