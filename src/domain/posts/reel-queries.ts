import { desc } from "drizzle-orm";
import { posts, REEL_KINDS, reelKindFilter, type PostRow, type ReelKind } from "../../db/schema";
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
 * partial index), then flags and authors, one statement each.
 */
export async function listReels(ctx: Ctx, kind: ReelKind, page: PageRequest): Promise<Page<ReelItem>> {
  const rows = await readFeedPage(ctx, {
    types: REEL_KINDS[kind],
    filter: reelKindFilter(kind),
    order: [desc(posts.createdAt), desc(posts.id)],
    page,
  });
  const items = await reelItemsOf(ctx.deps, viewerIdOf(ctx), rows.rows);
  return mapPage(rows, (_, i) => items[i]!);
}

/** Flags, authors and comment counts (kept on the row) for reel rows already read: two statements whatever their number. */
export function reelItemsOf(deps: Deps, viewerId: number | null, rows: PostRow[]): Promise<ReelItem[]> {
  return withFlagsAndAuthors(
    deps,
    viewerId,
    rows,
    () => Promise.resolve(null),
    (base) => ({ ...base, commentCount: base.post.commentCount }),
  );
}
